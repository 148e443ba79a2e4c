"""Statutory deadlines after a meeting, counted on the Swedish calendar.

Holidays follow lag (1989:253) om allmänna helgdagar; deadlines follow
kommunallagen (2017:725) and lag (1930:173) om beräkning av lagstadgad tid.
The rules in force today, with the 2005 swap of annandag pingst for
nationaldagen, are applied to every year; the pre-1953 fixed dates of
midsommardagen and alla helgons dag are not modelled.
"""

import datetime
import functools
from types import MappingProxyType

__all__ = [
    "appeal_last_day",
    "is_working_day",
    "minutes_approval_deadline",
    "next_working_day",
    "notice_deadline",
    "swedish_public_holidays",
]

_SATURDAY = 5
_NATIONAL_DAY_FROM_YEAR = 2005
_MINUTES_APPROVAL_DAYS = 14
_NOTICE_DAYS = 2
_APPEAL_WEEKS = 3


def swedish_public_holidays(year: int) -> dict[datetime.date, str]:
    """Return the year's non-Sunday holidays and holiday-like eves, named in Swedish.

    Allmänna helgdagar per lag (1989:253) 1 § plus midsommarafton, julafton
    and nyårsafton, which lag (1930:173) 2 § treats alike.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    return dict(_holidays(year))


def is_working_day(day: datetime.date) -> bool:
    """Return whether a deadline may end on the day (lag 1930:173 2 §)."""
    _require_date(day, "day")
    return day.weekday() < _SATURDAY and day not in _holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """Return the day itself if it is a working day, else the next working day.

    Lag (1930:173) 2 §.
    """
    _require_date(day, "day")
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def minutes_approval_deadline(meeting_date: datetime.date) -> datetime.date:
    """Return the last day for justering of the minutes of a meeting.

    KL 5 kap. 69 § (14 days after the meeting), lag (1930:173) 2 §.
    """
    _require_date(meeting_date, "meeting_date")
    nominal = meeting_date + datetime.timedelta(days=_MINUTES_APPROVAL_DAYS)
    return next_working_day(nominal)


def notice_deadline(approved_on: datetime.date) -> datetime.date:
    """Return the last day to post the justering on the anslagstavla.

    KL 8 kap. 12 § (the second day after justering), lag (1930:173) 2 §.
    """
    _require_date(approved_on, "approved_on")
    return next_working_day(approved_on + datetime.timedelta(days=_NOTICE_DAYS))


def appeal_last_day(posted_on: datetime.date) -> datetime.date:
    """Return the last day for an appeal to reach förvaltningsrätten.

    KL 13 kap. 5 § (three weeks from the anslag), lag (1930:173) 1 and 2 §§.
    """
    _require_date(posted_on, "posted_on")
    return next_working_day(posted_on + datetime.timedelta(weeks=_APPEAL_WEEKS))


def _require_date(value: object, name: str) -> None:
    # datetime is a subclass of date; a time of day has no meaning for a deadline.
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(
            f"{name} must be a datetime.date (not a datetime), "
            f"got {type(value).__name__}"
        )


@functools.lru_cache(maxsize=512)
def _holidays(year: int) -> MappingProxyType:
    # Read-only, because the cached mapping is shared by every caller.
    days: dict[datetime.date, str] = {}
    for day, name in _fixed_days(year) + _easter_days(year) + _floating_days(year):
        days[day] = f"{days[day]}, {name}" if day in days else name
    return MappingProxyType(dict(sorted(days.items())))


def _fixed_days(year: int) -> list[tuple[datetime.date, str]]:
    days = [
        (datetime.date(year, 1, 1), "nyårsdagen"),
        (datetime.date(year, 1, 6), "trettondedag jul"),
        (datetime.date(year, 5, 1), "första maj"),
        (datetime.date(year, 12, 24), "julafton"),
        (datetime.date(year, 12, 25), "juldagen"),
        (datetime.date(year, 12, 26), "annandag jul"),
        (datetime.date(year, 12, 31), "nyårsafton"),
    ]
    if year >= _NATIONAL_DAY_FROM_YEAR:
        days.append((datetime.date(year, 6, 6), "nationaldagen"))
    return days


def _easter_days(year: int) -> list[tuple[datetime.date, str]]:
    offsets = [
        (-2, "långfredagen"),
        (0, "påskdagen"),
        (1, "annandag påsk"),
        (39, "Kristi himmelsfärdsdag"),
        (49, "pingstdagen"),
    ]
    if year < _NATIONAL_DAY_FROM_YEAR:
        offsets.append(
            (50, "annandag pingst")
        )  # replaced by nationaldagen, SFS 2004:1321
    easter = _easter_sunday(year)
    return [(easter + datetime.timedelta(days=n), name) for n, name in offsets]


def _floating_days(year: int) -> list[tuple[datetime.date, str]]:
    midsummer_day = _saturday_on_or_after(datetime.date(year, 6, 20))
    return [
        (midsummer_day - datetime.timedelta(days=1), "midsommarafton"),
        (midsummer_day, "midsommardagen"),
        (_saturday_on_or_after(datetime.date(year, 10, 31)), "alla helgons dag"),
    ]


def _saturday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(_SATURDAY - day.weekday()) % 7)


def _easter_sunday(year: int) -> datetime.date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)
