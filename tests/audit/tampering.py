"""Raw SQL as an attacker with the database owner's rights sends it.

On PostgreSQL the history tables refuse UPDATE and DELETE by trigger; an owner
can switch triggers off for a session (``session_replication_role``), which is
what these tests do to prove that the chain still names the change.
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def raw_sql():
    """A cursor whose statements bypass the append-only triggers."""
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute("SET session_replication_role = origin")


def run(sql: str, params=()) -> None:
    with raw_sql() as cursor:
        cursor.execute(sql, params)
