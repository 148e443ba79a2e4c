"""Failures that reach the limit at the same moment make one lock and one
e-mail (issue 10, point 4; house rule: state changes are race-safe).

Threads need PostgreSQL: the SQLite test database is shared in-memory, whose
table locks refuse a second writer; on a SQLite file every transaction begins
IMMEDIATE, which already makes recording a lock one writer at a time.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections

from casework.signin.models import LoginLockout
from tests.builders import make_user
from tests.registry.test_concurrency import needs_postgres
from tests.signin.conftest import log_in

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
TRIALS = 50


def at_once(*actions):
    barrier = threading.Barrier(len(actions))

    def run(action):
        barrier.wait()
        try:
            return action().status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return sorted(pool.map(run, actions))


def test_two_failures_reaching_the_limit_at_once_make_one_lock_and_one_mail():
    """Issue 10.4: the progressive lock counts locks, so a lock recorded twice
    would double the next one; the holder would get two e-mails."""
    duplicates = 0
    for trial in range(TRIALS):
        username = f"karin{trial}"
        make_user(username)
        for n in range(4):
            log_in(username, "guess", address=f"10.{trial}.0.{n + 1}")
        mail.outbox = []
        outcomes = at_once(
            lambda u=username, t=trial: log_in(u, "guess", address=f"10.{t}.1.1"),
            lambda u=username, t=trial: log_in(u, "guess", address=f"10.{t}.1.2"),
        )
        assert outcomes == [200, 429] or outcomes == [429, 429], outcomes
        locks = LoginLockout.objects.filter(key=username).count()
        duplicates += locks - 1 + len(mail.outbox) - 1
    print(f"\nsimultaneous lock-outs: {TRIALS} trials, {duplicates} duplicate locks")
    assert duplicates == 0
