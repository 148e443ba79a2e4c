"""The calendar's sensible range: the days a form or a service takes.

Deadlines are counted in days and weeks from these days (R24, R28–R30, R40), so
the calendar must reach past them: nothing before 1900, no day further ahead
than a hundred years, and no deadline more than a few years ahead.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework import clock

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 100
DEADLINE_YEARS_AHEAD = 5


def last_day(years_ahead: int = YEARS_AHEAD) -> datetime.date:
    """The last day a date may be: 31 December, ``years_ahead`` years on."""
    return datetime.date(clock.today().year + years_ahead, 12, 31)


def out_of_range(
    day: datetime.date, years_ahead: int = YEARS_AHEAD
) -> ValidationError | None:
    """Why ``day`` is outside the sensible calendar, or None."""
    last = last_day(years_ahead)
    if EARLIEST <= day <= last:
        return None
    message = _("Choose a day between %(first)s and %(last)s.") % {
        "first": EARLIEST.isoformat(),
        "last": last.isoformat(),
    }
    return ValidationError(message, code="day_out_of_range")


def refuse_out_of_range(
    day: datetime.date, *, field: str, years_ahead: int = YEARS_AHEAD
) -> None:
    """Refuse ``day`` on ``field`` when it is outside the sensible calendar."""
    error = out_of_range(day, years_ahead)
    if error is not None:
        raise ValidationError({field: error})


def refuse_far_deadline(day: datetime.date, *, field: str) -> None:
    """A deadline lies at most ``DEADLINE_YEARS_AHEAD`` years ahead."""
    refuse_out_of_range(day, field=field, years_ahead=DEADLINE_YEARS_AHEAD)
