import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.meetings.deadlines import (
    appeal_last_day,
    is_working_day,
    minutes_approval_deadline,
    next_working_day,
    notice_deadline,
    swedish_public_holidays,
)

date = datetime.date

DEADLINES = [
    (minutes_approval_deadline, datetime.timedelta(days=14)),
    (notice_deadline, datetime.timedelta(days=2)),
    (appeal_last_day, datetime.timedelta(weeks=3)),
]
DATE_FUNCTIONS = [is_working_day, next_working_day] + [f for f, _ in DEADLINES]

dates_1900_to_2200 = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def _day_named(year, name):
    (day,) = [d for d, names in swedish_public_holidays(year).items() if name in names]
    return day


# R24, justering deadline


def test_minutes_must_be_approved_within_fourteen_days_of_the_meeting():
    """R24: meeting Thu 2016-09-22 gives justering deadline Thu 2016-10-06."""
    assert minutes_approval_deadline(date(2016, 9, 22)) == date(2016, 10, 6)


def test_an_approval_deadline_on_nyarsafton_moves_past_nyarsdagen():
    """R24: day 14 on nyårsafton moves past nyårsdagen to Thu 2025-01-02."""
    assert minutes_approval_deadline(date(2024, 12, 17)) == date(2025, 1, 2)


def test_an_approval_deadline_on_trettondedag_jul_moves_to_the_next_day():
    """R24: day 14 on trettondedag jul (Tue 2026-01-06) moves to Wed 2026-01-07."""
    assert minutes_approval_deadline(date(2025, 12, 23)) == date(2026, 1, 7)


# R28, anslag deadline


def test_a_notice_deadline_on_a_saturday_moves_to_monday():
    """R28: justering Thu 2016-09-29 gives Sat 2016-10-01, moved to Mon 2016-10-03."""
    assert notice_deadline(date(2016, 9, 29)) == date(2016, 10, 3)


def test_a_notice_deadline_on_midsommardagen_moves_to_monday():
    """R28: justering Thu 2019-06-20 gives midsommardagen, moved to Mon 2019-06-24."""
    assert notice_deadline(date(2019, 6, 20)) == date(2019, 6, 24)


def test_a_notice_deadline_on_trettondedag_jul_moves_to_the_next_day():
    """R28: justering Sun 2026-01-04 gives trettondedag jul, moved to 2026-01-07."""
    assert notice_deadline(date(2026, 1, 4)) == date(2026, 1, 7)


def test_a_notice_deadline_on_a_working_day_stays():
    """R28: justering Mon 2016-10-03 gives Wed 2016-10-05 unchanged."""
    assert notice_deadline(date(2016, 10, 3)) == date(2016, 10, 5)


# R30, appeal window


def test_the_appeal_window_ends_on_the_same_weekday_three_weeks_later():
    """R30: anslag Fri 2016-10-21 gives last day for appeal Fri 2016-11-11."""
    assert appeal_last_day(date(2016, 10, 21)) == date(2016, 11, 11)


def test_an_appeal_window_ending_on_julafton_moves_past_christmas():
    """R30: anslag Tue 2019-12-03 gives julafton, moved past 25 and 26 to 12-27."""
    assert appeal_last_day(date(2019, 12, 3)) == date(2019, 12, 27)


def test_an_appeal_window_ending_on_nyarsafton_moves_past_nyarsdagen():
    """R30: anslag Tue 2024-12-10 gives nyårsafton, moved to Thu 2025-01-02."""
    assert appeal_last_day(date(2024, 12, 10)) == date(2025, 1, 2)


# Holiday calendar, lag (1989:253) and lag (1930:173) 2 §


@pytest.mark.parametrize(
    "easter",
    [date(2016, 3, 27), date(2019, 4, 21), date(2024, 3, 31), date(2025, 4, 20)]
    + [date(2038, 4, 25)],
)
def test_easter_day_falls_on_the_known_date(easter):
    assert swedish_public_holidays(easter.year)[easter] == "påskdagen"


@pytest.mark.parametrize(
    ("good_friday", "easter_monday"),
    [(date(2019, 4, 19), date(2019, 4, 22)), (date(2038, 4, 23), date(2038, 4, 26))],
)
def test_good_friday_and_easter_monday_are_holidays(good_friday, easter_monday):
    holidays = swedish_public_holidays(good_friday.year)
    assert holidays[good_friday] == "långfredagen"
    assert holidays[easter_monday] == "annandag påsk"


@pytest.mark.parametrize("year", [1913, 2008, 2016, 2019, 2024, 2025, 2038, 2160])
def test_ascension_day_is_thirty_nine_days_after_easter(year):
    easter = _day_named(year, "påskdagen")
    assert _day_named(year, "Kristi himmelsfärdsdag") == easter + datetime.timedelta(
        days=39
    )


def test_ascension_day_and_first_of_may_on_one_date_keep_both_names():
    assert swedish_public_holidays(2008)[date(2008, 5, 1)] == (
        "första maj, Kristi himmelsfärdsdag"
    )


@pytest.mark.parametrize(
    ("year", "eve", "midsummer_day"),
    [
        (2016, date(2016, 6, 24), date(2016, 6, 25)),
        (2019, date(2019, 6, 21), date(2019, 6, 22)),
        (2025, date(2025, 6, 20), date(2025, 6, 21)),
        (2027, date(2027, 6, 25), date(2027, 6, 26)),
    ],
)
def test_midsummer_is_the_saturday_between_20_and_26_june(year, eve, midsummer_day):
    holidays = swedish_public_holidays(year)
    assert holidays[eve] == "midsommarafton"
    assert holidays[midsummer_day] == "midsommardagen"


@pytest.mark.parametrize(
    "all_saints_day",
    [date(2016, 11, 5), date(2019, 11, 2), date(2025, 11, 1), date(2026, 10, 31)],
)
def test_all_saints_day_is_the_saturday_between_31_october_and_6_november(
    all_saints_day,
):
    assert swedish_public_holidays(all_saints_day.year)[all_saints_day] == (
        "alla helgons dag"
    )


def test_national_day_is_a_holiday_from_2005():
    assert swedish_public_holidays(2005)[date(2005, 6, 6)] == "nationaldagen"
    assert not is_working_day(date(2016, 6, 6))


def test_national_day_is_absent_before_2005():
    assert date(2004, 6, 6) not in swedish_public_holidays(2004)
    assert is_working_day(date(2003, 6, 6))


def test_whit_monday_is_a_holiday_only_before_2005():
    assert swedish_public_holidays(2004)[date(2004, 5, 31)] == "annandag pingst"
    assert is_working_day(date(2005, 5, 16))


def test_the_fixed_holidays_and_eves_are_in_every_year():
    holidays = swedish_public_holidays(2019)
    assert [holidays[date(2019, m, d)] for m, d in [(1, 1), (1, 6), (5, 1)]] == [
        "nyårsdagen",
        "trettondedag jul",
        "första maj",
    ]
    assert [holidays[date(2019, 12, d)] for d in (24, 25, 26, 31)] == [
        "julafton",
        "juldagen",
        "annandag jul",
        "nyårsafton",
    ]


def test_changing_the_returned_holidays_does_not_change_the_calendar():
    swedish_public_holidays(2019).pop(date(2019, 12, 24))
    assert not is_working_day(date(2019, 12, 24))


def test_weekends_are_not_working_days_and_ordinary_weekdays_are():
    assert not is_working_day(date(2016, 10, 1))
    assert not is_working_day(date(2016, 10, 2))
    assert is_working_day(date(2016, 10, 3))


def test_the_next_working_day_of_a_working_day_is_the_day_itself():
    assert next_working_day(date(2019, 12, 23)) == date(2019, 12, 23)


# Argument checking


@pytest.mark.parametrize("function", DATE_FUNCTIONS)
@pytest.mark.parametrize(
    "value", [datetime.datetime(2016, 9, 22, 18, 0), "2016-09-22", None]
)
def test_a_deadline_function_rejects_anything_but_a_date(function, value):
    with pytest.raises(TypeError, match="must be a datetime.date"):
        function(value)


@pytest.mark.parametrize("year", ["2019", 2019.0, True])
def test_the_holiday_calendar_rejects_a_year_that_is_not_an_int(year):
    with pytest.raises(TypeError, match="year must be an int"):
        swedish_public_holidays(year)


# Properties over 1900-2200


@given(dates_1900_to_2200)
def test_the_next_working_day_is_the_first_working_day_on_or_after_a_date(day):
    result = next_working_day(day)
    assert is_working_day(result)
    assert result >= day
    skipped = (result - day).days
    assert not any(
        is_working_day(day + datetime.timedelta(days=n)) for n in range(skipped)
    )


@pytest.mark.parametrize(("deadline", "period"), DEADLINES)
@given(day=dates_1900_to_2200)
def test_every_deadline_is_the_first_working_day_on_or_after_its_nominal_day(
    deadline, period, day
):
    nominal = day + period
    result = deadline(day)
    assert is_working_day(result)
    assert result >= nominal
    assert result - nominal < datetime.timedelta(days=7)
    assert result == next_working_day(nominal)
