"""Log-in helpers: a post to the log-in page from a given address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from casework.signin.models import LoginLockout
from tests.builders import make_user

PASSWORD = "correct-horse-battery"


def log_in(username: str, password: str, *, address: str, forwarded: str = ""):
    """One log-in attempt from a fresh browser at ``address``."""
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client(**extra)
    response = client.post(
        reverse("login"), {"username": username, "password": password}
    )
    response.signed_in = "_auth_user_id" in client.session
    return response


def wind_back(minutes: int) -> None:
    """Let ``minutes`` pass for the lock-out: every recorded failure and lock
    happened that much earlier."""
    delta = datetime.timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - delta
        )
    for lockout in LoginLockout.objects.all():
        LoginLockout.objects.filter(pk=lockout.pk).update(
            locked_at=lockout.locked_at - delta, ends_at=lockout.ends_at - delta
        )


@pytest.fixture
def karin(db):
    return make_user("karin.dhakal", first_name="Karin", last_name="Dhakal")
