"""The chain hashes one canonical text per value: a history row hashed when it is
written and hashed again when read back from the database gives the same
digest, whatever the time zone it was written in (issue 10, point 3; R83)."""

import datetime
import decimal
import zoneinfo

import pytest
from django.db import models
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casework.audit import canonical
from casework.referrals.models import Referral

pytestmark = pytest.mark.django_db

ZONES = [
    "Europe/Stockholm",
    "UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
]
UTC = datetime.UTC
# The Swedish summer-time switches of 2016 (27 March 02:00, 30 October 03:00).
DST_EDGES = [
    datetime.datetime(2016, 3, 27, 1, 59, 59, 999999),
    datetime.datetime(2016, 3, 27, 2, 30),
    datetime.datetime(2016, 3, 27, 3, 0),
    datetime.datetime(2016, 10, 30, 2, 30),
    datetime.datetime(2016, 10, 30, 2, 30, fold=1),
    datetime.datetime(2016, 10, 30, 3, 0),
]

moments = st.one_of(
    st.sampled_from(DST_EDGES),
    st.datetimes(
        min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2200, 1, 1)
    ),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], min_codepoint=1)),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=8).filter(lambda k: "\x00" not in k), inner, max_size=4
        )
    ),
    max_leaves=12,
)


def written_and_read_back(template, **values):
    """Write a history row like ``template`` with ``values``; its canonical text
    as the chain computes it right after the write, and as read back."""
    model = type(template)
    fields = {
        f.attname: getattr(template, f.attname) for f in model._meta.concrete_fields
    }
    fields.update(history_id=None, **values)
    row = model(**fields)
    row.save()
    return canonical.row_text(row), canonical.row_text(model.objects.get(pk=row.pk))


@pytest.fixture
def template(referral):
    return Referral.history.latest("history_id")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    zone=st.sampled_from(ZONES),
    written_in=st.sampled_from(ZONES),
    moment=moments,
    day=st.dates(min_value=datetime.date(1901, 1, 1)),
    offsets=json_values.filter(lambda v: v is not None),
)
@example(
    zone="Europe/Stockholm",
    written_in="Europe/Stockholm",
    moment=datetime.datetime(2011, 3, 29, 8, 0),
    day=datetime.date(2016, 10, 30),
    offsets=[-14, -3, 1],
)
@example(
    zone="UTC",
    written_in="Europe/Stockholm",
    moment=datetime.datetime(2016, 3, 27, 1, 59, 59, 999999),
    day=datetime.date(2000, 1, 1),
    offsets={"a": 2.434132454148233e16, "b": -0.0, "c": 1e-7, "d": 2**60 + 1},
)
def test_a_history_row_hashes_the_same_when_written_and_when_read_back_in_any_time_zone(
    template, zone, written_in, moment, day, offsets
):
    """Issue 10 point 3: aware times written in any zone, naive times under any
    TIME_ZONE, DST edges, dates and JSON survive the round trip (R83)."""
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(written_in))
    with override_settings(TIME_ZONE=zone), timezone.override(written_in):
        written, read = written_and_read_back(
            template,
            dispatched_at=aware,
            history_date=aware,
            response_deadline=day,
            reminder_offsets=offsets,
        )
    assert written == read


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ZONES), moments)
def test_one_instant_has_one_text_in_every_zone(zone, moment):
    """Issue 10 point 3: an aware time is hashed as UTC with microseconds."""
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    field = models.DateTimeField()
    text = canonical.value_text(field, aware)
    assert text == canonical.value_text(field, aware.astimezone(UTC))
    assert text.endswith("Z") and len(text.split(".")[-1]) == 7


@given(
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=2,
        min_value=-(10**6),
        max_value=10**6,
    )
)
def test_a_decimal_has_one_text_however_many_trailing_zeros_it_carries(number):
    """Issue 10 point 3: 1.5 and 1.50 in a field of two decimals read the same."""
    field = models.DecimalField(max_digits=10, decimal_places=2)
    texts = {
        canonical.value_text(field, value)
        for value in (number, number.quantize(decimal.Decimal("0.01")), str(number))
    }
    assert len(texts) == 1


def test_each_field_type_has_its_own_text_form():
    """Issue 10 point 3: dates, times, booleans, None and file names."""
    assert canonical.value_text(models.DateField(), "2016-08-17") == "2016-08-17"
    assert (
        canonical.value_text(models.DateField(), datetime.date(2016, 8, 17))
        == "2016-08-17"
    )
    assert (
        canonical.value_text(models.TimeField(), datetime.time(9, 30))
        == "09:30:00.000000"
    )
    assert canonical.value_text(models.BooleanField(), 1) is True
    assert canonical.value_text(models.CharField(), None) is None
    assert (
        canonical.value_text(models.JSONField(), {"b": 1.0, "a": [2]})
        == '{"a":[2],"b":1}'
    )
    assert canonical.value_text(models.JSONField(), ["1", 1, 1e16]) == (
        '["1",1,10000000000000000]'
    )
