"""Bulk writes that keep the history complete.

Rows are inserted with ``bulk_create_with_history``; a later change to a row (a case
closed, a draft made official) is first written as a history row through
simple_history's ``bulk_history_create`` and only then applied to the table. Every
history row names a user and a reason, and the newest history row of a record
always equals the record.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from simple_history.utils import bulk_create_with_history

BATCH_SIZE = 5000


@dataclass
class Change:
    """One recorded change of ``obj``: new field values, when, by whom and why."""

    obj: Model
    at: datetime.datetime
    by: Model
    reason: str
    values: dict = field(default_factory=dict)


def stamp(obj: Model, *, at: datetime.datetime, by: Model, reason: str) -> Model:
    """Set the date, user and reason that simple_history puts on obj's next row."""
    obj._history_date = at
    obj._history_user = by
    obj._change_reason = reason
    return obj


def create_with_history(objs: list, model, *, actor, reason: str) -> list:
    """Insert objs with one "+" history row each; stamps on objs win over the
    defaults."""
    return bulk_create_with_history(
        objs,
        model,
        batch_size=BATCH_SIZE,
        default_user=actor,
        default_change_reason=reason,
    )


def record_changes(model, changes: list[Change], *, actor, reason: str) -> None:
    """Write a "~" history row for each change, in order, then the final values.

    The table is written with one parameterised UPDATE per row rather than
    ``bulk_update``, which builds a CASE expression per row and field and costs
    about a millisecond a row; the history rows above already record each change.
    """
    for round_ in _rounds(changes):
        for change in round_:
            for name, value in change.values.items():
                setattr(change.obj, name, value)
            stamp(change.obj, at=change.at, by=change.by, reason=change.reason)
        model.history.bulk_history_create(
            [change.obj for change in round_],
            batch_size=BATCH_SIZE,
            update=True,
            default_user=actor,
            default_change_reason=reason,
        )
    _write_rows(model, changes)


def _rounds(changes: list[Change]) -> list[list[Change]]:
    """Group changes so that round k holds the k-th change of each object."""
    rounds: list[list[Change]] = []
    seen: dict[int, int] = {}
    for change in changes:
        index = seen.get(id(change.obj), 0)
        seen[id(change.obj)] = index + 1
        if index == len(rounds):
            rounds.append([])
        rounds[index].append(change)
    return rounds


def _write_rows(model, changes: list[Change]) -> None:
    names = sorted({name for change in changes for name in change.values})
    if not names:
        return
    fields = [model._meta.get_field(name) for name in names]
    objs = list({id(change.obj): change.obj for change in changes}.values())
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_update_sql(model, fields), rows)


def _update_sql(model, fields) -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    return f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
