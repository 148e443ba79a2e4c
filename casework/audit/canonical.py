"""The one text form of a row that the chain hashes (R83).

A value hashed right after it was written must read the same when it comes back
from the database, whatever time zone it was written in and whichever database
keeps it. So every value is brought to one form per field type first: times in
UTC with microseconds, dates and times of day in ISO form, decimals with the
field's places, JSON with sorted keys and numbers as their shortest exact
decimals, files by name; the row is JSON with sorted keys.
"""

import datetime
import decimal
import json

from django.db import models
from django.utils import timezone

UTC = datetime.UTC


def _datetime(value: datetime.datetime) -> str:
    if timezone.is_naive(value):
        # As Django stores a naive time: in the default time zone.
        value = timezone.make_aware(value, timezone.get_default_timezone())
    utc = value.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def _decimal(field, value: decimal.Decimal) -> str:
    places = field.decimal_places
    if places is None:
        return format(value.normalize(), "f")
    return format(value.quantize(decimal.Decimal(1).scaleb(-places)), "f")


_EXACT = decimal.Context(prec=1000)


def _number(value) -> str:
    """A JSON number as databases give it back: PostgreSQL's jsonb keeps
    neither the int/float distinction nor the float's spelling, so every
    number is written as its shortest exact decimal."""
    if value == 0:
        return "0"
    text = repr(value) if isinstance(value, float) else str(value)
    return format(_EXACT.create_decimal(text).normalize(_EXACT), "f")


def _json_text(value) -> str:
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        pairs = (f"{_json_text(k)}:{_json_text(v)}" for k, v in items)
        return "{" + ",".join(pairs) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return json.dumps(value, ensure_ascii=False)


def _json(field, value) -> str:
    return _json_text(json.loads(json.dumps(value, cls=field.encoder)))


def value_text(field, value):
    """One field's value in its canonical form (a JSON-ready scalar)."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return _json(field, value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if not type(field).__module__.startswith("django."):
        # A field of another library (viewflow's references to flows and
        # their nodes): its stored form is its text.
        value = field.get_prep_value(value)
        return None if value is None else str(value)
    value = field.to_python(value)
    if value is None:
        return None
    return _typed(field, value)


def _typed(field, value):
    if isinstance(value, datetime.datetime):
        return _datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.timedelta):
        return str(value // datetime.timedelta(microseconds=1))
    if isinstance(value, decimal.Decimal):
        return _decimal(field, value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def field_values(obj, fields) -> dict:
    """The canonical values of ``fields`` of ``obj``, by column name."""
    return {f.attname: value_text(f, getattr(obj, f.attname)) for f in fields}


def dumps(values) -> str:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def m2m_values(row) -> dict:
    """The many-to-many values a history row keeps (simple-history's
    ``m2m_fields``), as sorted lists of ids."""
    values = {}
    for field in getattr(row, "_history_m2m_fields", ()):
        through = getattr(row, field.name).model
        column = f"{field.m2m_reverse_field_name()}_id"
        rows = through._base_manager.filter(history_id=row.pk)
        values[field.name] = sorted(rows.values_list(column, flat=True))
    return values


def row_text(row) -> str:
    """The row's content in a form that survives a round trip to the database."""
    values = field_values(row, row._meta.concrete_fields)
    values.update(m2m_values(row))
    return dumps(values)
