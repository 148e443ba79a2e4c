"""Snapshots of records that have no history of their own (R83).

Users' rights (the active, staff and superuser flags, groups and permissions),
groups' permissions, and viewflow's processes and tasks are written by code
that does not go through ``save_tracked``: the administration, ``createsuperuser``,
the flows. After every change a ``Snapshot`` of the record's state is logged,
with the acting user where one is known, and chained; ``verify_history``
compares each live record with its last snapshot.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalRecords
from viewflow.workflow.models import Process, Task

from casework.audit.canonical import dumps, field_values
from casework.audit.models import Snapshot
from casework.directory.models import User

RIGHTS_CHANGED = "rights changed"
WORKFLOW_CHANGED = "workflow record changed"
REMOVED = "record removed"

RIGHTS_FLAGS = ("is_active", "is_staff", "is_superuser")


def _ids(manager) -> list[int]:
    return sorted(manager.values_list("pk", flat=True))


def user_state(user) -> str:
    values = {flag: getattr(user, flag) for flag in RIGHTS_FLAGS}
    values["groups"] = _ids(user.groups)
    values["permissions"] = _ids(user.user_permissions)
    return dumps(values)


def group_state(group) -> str:
    return dumps({"name": group.name, "permissions": _ids(group.permissions)})


def process_state(process) -> str:
    return dumps(field_values(process, Process._meta.concrete_fields))


def task_state(task) -> str:
    return dumps(field_values(task, Task._meta.concrete_fields))


# subject label → (base model, state of one record)
SUBJECTS = {
    "directory.user": (User, user_state),
    "auth.group": (Group, group_state),
    "viewflow.process": (Process, process_state),
    "viewflow.task": (Task, task_state),
}


def subject_of(instance) -> str | None:
    for name, (model, _state) in SUBJECTS.items():
        if isinstance(instance, model):
            return name
    return None


def _actor(instance):
    actor = getattr(instance, "_history_user", None)
    if actor is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return actor if actor is not None and actor.pk is not None else None


def latest(subject: str, object_id) -> Snapshot | None:
    found = Snapshot.objects.filter(subject=subject, object_id=str(object_id))
    return found.order_by("-id").first()


def record(
    instance, *, default_reason: str, removed: bool = False, always: bool = False
) -> None:
    """Log the state of ``instance`` unless it is the same as last logged
    (``always``: without looking, for records whose every save is a change)."""
    subject = subject_of(instance)
    state = "" if removed else SUBJECTS[subject][1](instance)
    if not always:
        last = latest(subject, instance.pk)
        if last is not None and last.state == state:
            return
    Snapshot.objects.create(
        subject=subject,
        object_id=str(instance.pk),
        state=state,
        actor=_actor(instance),
        reason=getattr(instance, "_change_reason", "") or default_reason,
    )


def _reason_for(instance) -> str:
    return WORKFLOW_CHANGED if isinstance(instance, Process | Task) else RIGHTS_CHANGED


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not subject_of(instance):
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login changes no right
    workflow = isinstance(instance, Process | Task)
    record(instance, default_reason=_reason_for(instance), always=workflow)


def _on_delete(sender, instance, **kwargs):
    if subject_of(instance):
        record(instance, default_reason=REMOVED, removed=True)


def _on_members(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Groups or permissions of a user, or permissions of a group, changed;
    from either side of the relation."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if subject_of(instance) in ("directory.user", "auth.group"):
            record(instance, default_reason=RIGHTS_CHANGED)
        return
    others = model._default_manager.all()
    for other in others.filter(pk__in=pk_set) if pk_set is not None else others:
        if subject_of(other) in ("directory.user", "auth.group"):
            record(other, default_reason=RIGHTS_CHANGED)


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="casework_audit_snapshot_save")
    post_delete.connect(_on_delete, dispatch_uid="casework_audit_snapshot_delete")
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            _on_members, sender=through, dispatch_uid=f"casework_audit_{through}"
        )
