"""Live records compared with what the chained logs say they are (R83).

The chain proves the history rows unchanged; these checks prove that the
records themselves still are what their history says. Each live row of every
model with simple-history is compared with its latest history row, each user,
group, workflow process and task with its latest snapshot, and each per-object
permission with the logged grants. A direct edit in the database is named.
"""

from django.apps import apps
from django.db.models import Max
from guardian.models import GroupObjectPermission, UserObjectPermission

from casework.audit import snapshots
from casework.audit.canonical import field_values, m2m_values
from casework.audit.findings import Finding
from casework.audit.models import AccessGrant, Snapshot

BATCH = 2000


def history_models():
    """Every history model whose rows carry a user and a date."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if {"history_id", "history_user", "history_date"} <= names:
            yield model


def findings() -> list[Finding]:
    found = []
    for history in history_models():
        found += tracked(history)
    for subject in snapshots.SUBJECTS:
        found += snapshotted(subject)
    return found + grants()


# --- records with simple-history ---------------------------------------------


def _compared_fields(history):
    base = history.instance_type
    kept = {f.attname for f in history._meta.concrete_fields}
    return [f for f in base._meta.concrete_fields if f.attname in kept]


def _live_m2m(obj, history) -> dict:
    return {
        field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
        for field in getattr(history, "_history_m2m_fields", ())
    }


def _differences(obj, last, fields, history) -> list[str]:
    live, kept = field_values(obj, fields), field_values(last, fields)
    names = [name for name in live if live[name] != kept[name]]
    if m2m_values(last) != _live_m2m(obj, history):
        names += list(m2m_values(last))
    return names


def _latest_rows(history, key, ids) -> dict:
    last = (
        history._base_manager.filter(**{f"{key}__in": ids})
        .values(key)
        .annotate(last=Max("history_id"))
        .values_list("last", flat=True)
    )
    rows = history._base_manager.filter(history_id__in=list(last))
    return {getattr(row, key): row for row in rows}


def tracked(history) -> list[Finding]:
    """Each live row against its latest history row; each removal without one."""
    base = history.instance_type
    key = base._meta.pk.attname
    name = base._meta.label_lower
    fields = _compared_fields(history)
    found = []
    objects = base._base_manager.order_by("pk")
    start = None
    while batch := list((objects.filter(pk__gt=start) if start else objects)[:BATCH]):
        start = batch[-1].pk
        last = _latest_rows(history, key, [o.pk for o in batch])
        for obj in batch:
            found += _compare(name, obj, last.get(obj.pk), fields, history)
    return found + _removed(history, base, key, name)


def _compare(name, obj, last, fields, history) -> list[Finding]:
    if last is None:
        return [Finding(None, name, obj.pk, "has no history row")]
    if last.history_type == "-":
        return [Finding(None, name, obj.pk, "exists although its history says removed")]
    changed = _differences(obj, last, fields, history)
    if changed:
        problem = f"differs from its latest history row ({', '.join(changed)})"
        return [Finding(None, name, obj.pk, problem)]
    return []


def _removed(history, base, key, name) -> list[Finding]:
    gone = history._base_manager.exclude(
        **{f"{key}__in": base._base_manager.values("pk")}
    )
    last = gone.values(key).annotate(last=Max("history_id")).values_list("last")
    rows = history._base_manager.filter(history_id__in=last).exclude(history_type="-")
    return [
        Finding(None, name, getattr(row, key), "was removed without a history row")
        for row in rows
    ]


# --- records with snapshots --------------------------------------------------


def _latest_snapshots(subject) -> dict[str, str]:
    last = (
        Snapshot.objects.filter(subject=subject)
        .values("object_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    rows = Snapshot.objects.filter(id__in=list(last))
    return {row.object_id: row.state for row in rows}


def snapshotted(subject) -> list[Finding]:
    """Each user, group, process and task against its last snapshot."""
    model, state = snapshots.SUBJECTS[subject]
    logged = _latest_snapshots(subject)
    found = []
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=BATCH):
        last = logged.pop(str(obj.pk), None)
        if last is None:
            found.append(Finding(None, subject, obj.pk, "has no snapshot"))
        elif last != state(obj):
            found.append(
                Finding(None, subject, obj.pk, "differs from its last snapshot")
            )
    found += [
        Finding(None, subject, object_id, "was removed without a snapshot")
        for object_id, last in logged.items()
        if last
    ]
    return found


# --- per-object permissions --------------------------------------------------


def _logged_grants() -> dict[tuple, int]:
    """The grants in force by the log: (user, permission, kind, record) → the
    id of the grant row."""
    held = {}
    for grant in AccessGrant.objects.order_by("id"):
        key = (grant.user_id, grant.permission, grant.content_type_id, grant.object_pk)
        if grant.action == AccessGrant.Action.GRANTED:
            held[key] = grant.pk
        else:
            held.pop(key, None)
    return held


def grants() -> list[Finding]:
    """Every per-object permission must have a logged grant, every logged grant
    still in force its permission."""
    held = _logged_grants()
    found = []
    for row in UserObjectPermission.objects.select_related("permission"):
        key = (row.user_id, row.permission.codename, row.content_type_id, row.object_pk)
        if held.pop(key, None) is None:
            found.append(
                Finding(
                    None, "guardian.userobjectpermission", row.pk, "has no logged grant"
                )
            )
    found += [
        Finding(None, "guardian.groupobjectpermission", pk, "has no logged grant")
        for pk in GroupObjectPermission.objects.values_list("pk", flat=True)
    ]
    found += [
        Finding(
            None, "audit.accessgrant", pk, "is in force but its permission was removed"
        )
        for pk in held.values()
    ]
    return found
