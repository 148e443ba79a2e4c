"""The time the services act at.

Normally the present. Recording what happened earlier (importing a register,
loading historical minutes) runs inside ``acting_at(moment)`` so that dates the
law cares about — when a document became official, when a statement was handed
in — are the historical ones. History rows keep the real time of the entry.
"""

import contextvars
import datetime
from contextlib import contextmanager

from django.utils import timezone

_moment = contextvars.ContextVar("casework_clock_moment", default=None)


def now() -> datetime.datetime:
    return _moment.get() or timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


@contextmanager
def acting_at(moment: datetime.datetime):
    """Run the enclosed services as if at ``moment`` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("acting_at needs an aware datetime")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
