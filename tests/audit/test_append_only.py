"""On PostgreSQL the history tables, the chain's links and the chained logs
refuse UPDATE and DELETE by trigger (issue 10, point 3; R83)."""

import pytest
from django.db import DatabaseError, connection, transaction

from casework.audit.models import AccessGrant, HistoryLink, Snapshot
from casework.registry.models import Case
from tests.builders import make_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="triggers exist on PostgreSQL only"
    ),
]


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "never changed or removed" in str(error)
    return False


@pytest.fixture
def case(city, t_registrar):
    return make_case(city.t_register, t_registrar)


def test_history_rows_and_links_refuse_update_and_delete(case):
    """Issue 10 point 3: rows are only ever added."""
    history = Case.history.model._meta.db_table
    row = case.history.get()
    assert refused(f"UPDATE {history} SET title = 'x' WHERE history_id = %s", [row.pk])
    assert refused(f"DELETE FROM {history} WHERE history_id = %s", [row.pk])
    for table in (HistoryLink, Snapshot):
        name = table._meta.db_table
        assert refused(f"UPDATE {name} SET id = id")
        assert refused(f"DELETE FROM {name}")
    assert Case.history.filter(title=case.title).count() == 1


def test_every_history_and_log_table_has_the_trigger():
    """Issue 10 point 3: every simple-history table, its many-to-many tables,
    the links and the chained logs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'casework_append_only'"
        )
        guarded = {name for (name,) in cursor.fetchall()}
    expected = {
        Case.history.model._meta.db_table,
        "meetings_historicalmeeting_minutes_checkers",
        HistoryLink._meta.db_table,
        AccessGrant._meta.db_table,
        "audit_confidentialread",
        "audit_chaindecision",
    }
    assert expected <= guarded
    assert "audit_chainhead" not in guarded and "audit_pendinglink" not in guarded
