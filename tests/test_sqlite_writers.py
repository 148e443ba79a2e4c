"""X2: eight concurrent writers on the project's SQLite settings never see
"database is locked"."""

import threading

import pytest
from django.db import connections, transaction

from casework.database_url import parse_database_url

WRITERS = 8
TRANSACTIONS = 50
ALIAS = "concurrent_writers"


@pytest.fixture
def writers_database(tmp_path, django_db_blocker):
    settings = parse_database_url(f"sqlite:///{tmp_path / 'w.sqlite3'}", tmp_path)
    for key, value in connections.settings["default"].items():
        settings.setdefault(key, value)
    settings["TEST"] = {}
    connections.settings[ALIAS] = settings
    with django_db_blocker.unblock():
        yield ALIAS
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def increment_many(alias, barrier, errors):
    barrier.wait()
    try:
        for _ in range(TRANSACTIONS):
            # Read, then write, in one transaction: the pattern that, with
            # deferred transactions, fails on the lock upgrade.
            with transaction.atomic(using=alias), connections[alias].cursor() as cur:
                cur.execute("SELECT value FROM counter WHERE id = 1")
                value = cur.fetchone()[0]
                cur.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        errors.append(repr(error))
    finally:
        connections[alias].close()


def test_eight_writers_on_the_sqlite_settings_never_hit_a_lock(writers_database):
    with connections[writers_database].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    errors = []
    barrier = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(
            target=increment_many, args=(writers_database, barrier, errors)
        )
        for _ in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections[writers_database].cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        value = cursor.fetchone()[0]
    assert errors == []
    assert value == WRITERS * TRANSACTIONS
