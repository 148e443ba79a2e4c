"""Every record's history for auditors: who changed what, when and why, with
field-by-field differences, filterable and exportable (R83)."""

import csv
import datetime
import io
import json
from dataclasses import asdict, dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from casework.meetings.models import AgendaItem, Meeting, Minutes, Statement
from casework.registry.models import Case, Document

AUDITED = {
    "case": Case,
    "document": Document,
    "statement": Statement,
    "decision": AgendaItem,
    "minutes": Minutes,
}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Version:
    """One history row with what changed since the row before it."""

    record: str
    record_id: int
    when: datetime.datetime
    user: str
    reason: str
    kind: str
    changes: tuple[Change, ...]


KIND = {"+": "created", "~": "changed", "-": "deleted"}


def _text(value) -> str:
    return "" if value is None else str(value)


def _changes(row, previous) -> tuple[Change, ...]:
    if previous is None:
        return ()
    delta = row.diff_against(previous)
    labels = {f.name: str(f.verbose_name) for f in row.instance_type._meta.fields}
    return tuple(
        Change(labels.get(c.field, c.field), _text(c.old), _text(c.new))
        for c in delta.changes
    )


def versions(rows, record: str) -> list[Version]:
    """The versions of records, each compared with the record's row before it."""
    result, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        result.append(
            Version(
                record=record,
                record_id=row.id,
                when=row.history_date,
                user=_text(row.history_user),
                reason=row.history_change_reason or "",
                kind=KIND.get(row.history_type, row.history_type),
                changes=_changes(row, before),
            )
        )
        previous[row.id] = row
    return result


# A party's statement is its own until handed in (rules.md (d), V1, R62): the
# history shows it from then on.
PRIVATE_STATES = {"statement": ("announced", "draft")}


def _official(rows, record: str):
    private = PRIVATE_STATES.get(record)
    return rows.exclude(state__in=private) if private else rows


def record_history(instance) -> list[Version]:
    """The whole history of one record, oldest first."""
    record = type(instance)._meta.model_name
    rows = instance.history.select_related("history_user").order_by("history_id")
    key = next((k for k, m in AUDITED.items() if m is type(instance)), record)
    return versions(_official(rows, key), key)


def history_rows(
    record: str, *, user=None, organisation=None, since=None, until=None, cases=None
):
    """History rows of one kind of record, filtered by who, where and when, and
    to what belongs to ``cases`` (primary keys) when given."""
    model = AUDITED[record]
    rows = _official(
        model.history.select_related("history_user").order_by("id", "history_id"),
        record,
    )
    if user is not None:
        rows = rows.filter(history_user=user)
    if since is not None:
        rows = rows.filter(history_date__date__gte=since)
    if until is not None:
        rows = rows.filter(history_date__date__lte=until)
    if organisation is not None:
        rows = rows.filter(**_belongs_to(record, organisation))
    if cases is not None:
        rows = rows.filter(**_of_cases(record, cases))
    return rows


def _of_cases(record: str, cases) -> dict:
    """How a kind of record's history row reaches the cases it belongs to."""
    items = AgendaItem.objects.filter(case_id__in=cases)
    return {
        "case": {"id__in": cases},
        "document": {"case_id__in": cases},
        "statement": {"item_id__in": items.values("pk")},
        "decision": {"case_id__in": cases},
        "minutes": {"meeting_id__in": items.values("meeting_id")},
    }[record]


def _belongs_to(record: str, organisation) -> dict:
    """How a kind of record's history row reaches the organisation it belongs to."""
    meetings = Meeting.objects.filter(organisation=organisation).values("pk")
    return {
        "case": {"organisation_id": organisation.pk},
        "document": {
            "case_id__in": Case.objects.filter(organisation=organisation).values("pk")
        },
        "statement": {
            "item_id__in": AgendaItem.objects.filter(meeting__in=meetings).values("pk")
        },
        "decision": {"meeting_id__in": meetings},
        "minutes": {"meeting_id__in": meetings},
    }[record]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def to_csv(items: list[Version]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["record", "id", "when", "user", "reason", "kind", "field", "old", "new"]
    )
    for v in items:
        when = timezone.localtime(v.when).isoformat()
        base = [v.record, v.record_id, when, v.user, v.reason, v.kind]
        for change in v.changes or (Change("", "", ""),):
            row = [*base, change.field, change.old, change.new]
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def to_json(items: list[Version]) -> str:
    return json.dumps(
        [asdict(v) for v in items], cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
