"""Every record's history for auditors: who changed what, when and why, with
field-by-field differences, filterable and exportable (R83)."""

import csv
import datetime
import io
import json
from dataclasses import asdict, dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from casework.audit import display
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
    """One history row as the auditor reads it: the person by name, the reason
    and every changed value in Swedish, and what changed since the row before."""

    record: str
    record_id: int
    label: str
    when: datetime.datetime
    user: str
    reason: str
    kind: str
    changes: tuple[Change, ...]


KIND = {"+": "created", "~": "changed", "-": "deleted"}
KIND_LABELS = {
    "created": _("Created"),
    "changed": _("Changed"),
    "deleted": _("Removed"),
}


def _changes(row, previous, values) -> tuple[Change, ...]:
    if previous is None:
        return ()
    model = row.instance_type
    return tuple(
        Change(
            display.field_label(model, c.field),
            values.text(model, c.field, c.old),
            values.text(model, c.field, c.new),
        )
        for c in row.diff_against(previous).changes
    )


def _labels(record: str, ids) -> dict[int, str]:
    """What each record is called now (its designation), by id."""
    found = AUDITED[record]._default_manager.in_bulk(set(ids))
    return {pk: str(obj) for pk, obj in found.items()}


def versions(rows, record: str) -> list[Version]:
    """The versions of records, each compared with the record's row before it."""
    rows = list(rows)
    labels = _labels(record, [row.id for row in rows])
    values = display.Values()
    result, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        result.append(
            Version(
                record=record,
                record_id=row.id,
                label=labels.get(row.id, str(display.REMOVED)),
                when=row.history_date,
                user=display.person(row.history_user),
                reason=display.reason_text(row.history_change_reason),
                kind=KIND.get(row.history_type, row.history_type),
                changes=_changes(row, before, values),
            )
        )
        previous[row.id] = row
    return result


def protected_descriptions_in(items: list[Version]) -> set[int]:
    """The documents whose protected description (R54) the versions show, as
    a changed value."""
    label = display.field_label(Document, "protected_description")
    return {
        version.record_id
        for version in items
        if version.record == "document"
        and any(change.field == label for change in version.changes)
    }


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


def _headers() -> list[str]:
    return [
        pgettext("history column", "Record"),
        pgettext("history column", "No."),
        gettext("Designation"),
        pgettext("history column", "When"),
        gettext("Changed by"),
        gettext("Reason"),
        gettext("Event"),
        pgettext("history column", "Field"),
        pgettext("history column", "Before"),
        pgettext("history column", "After"),
    ]


def record_name(record: str) -> str:
    return str(capfirst(AUDITED[record]._meta.verbose_name))


def to_csv(items: list[Version]) -> str:
    """The rows as the auditor reads them, with Swedish headers and values."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    for v in items:
        when = timezone.localtime(v.when).isoformat()
        kind = str(KIND_LABELS.get(v.kind, v.kind))
        base = [record_name(v.record), v.record_id, v.label, when, v.user, v.reason]
        for change in v.changes or (Change("", "", ""),):
            row = [*base, kind, change.field, change.old, change.new]
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def to_json(items: list[Version]) -> str:
    """The same content as the CSV. The keys are stable English identifiers
    (``record``, ``record_id``, ``label``, ``when``, ``user``, ``reason``,
    ``kind``, ``changes`` with ``field``, ``old``, ``new``); ``record`` is the
    kind of record as in the page's address; every value is as shown."""
    data = [{**asdict(v), "kind": str(KIND_LABELS.get(v.kind, v.kind))} for v in items]
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
