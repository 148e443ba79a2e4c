"""Tamper evidence: the chain names the exact row altered, removed or reordered."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casework.audit import chain
from casework.audit.models import HistoryLink
from casework.registry import services
from casework.registry.models import Case
from tests.builders import make_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cases(city, t_registrar):
    made = [
        make_case(city.t_register, t_registrar, title=f"Ärende {n}") for n in range(3)
    ]
    for case in made:
        services.update_case(
            case=case,
            title=f"{case.title} (rättad)",
            actor=t_registrar,
            reason="rättelse",
        )
    return made


def link_of(history_row):
    return HistoryLink.objects.get(
        model="registry.historicalcase", history_id=history_row.history_id
    )


def table():
    return Case.history.model._meta.db_table


def test_every_history_row_is_chained_and_the_chain_verifies(cases):
    assert chain.verify() == []
    linked = HistoryLink.objects.filter(model="registry.historicalcase").count()
    assert linked == Case.history.count() == 6


def test_an_altered_row_is_found_at_its_exact_position(cases):
    target = Case.history.order_by("history_id")[3]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table()} SET title = %s WHERE history_id = %s",
            ["förfalskad", target.history_id],
        )
    (finding,) = chain.verify()
    assert finding.position == link_of(target).position
    assert "altered" in finding.problem


def test_a_removed_row_is_found_at_its_exact_position(cases):
    target = Case.history.order_by("history_id")[2]
    position = link_of(target).position
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table()} WHERE history_id = %s", [target.history_id]
        )
    (finding,) = chain.verify()
    assert (finding.position, finding.problem) == (position, "was removed")


def test_reordered_rows_are_found_at_the_first_moved_position(cases):
    first, second = Case.history.order_by("history_id")[1:3]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table()} SET history_date = %s WHERE history_id = %s",
            [second.history_date, first.history_id],
        )
        cursor.execute(
            f"UPDATE {table()} SET history_date = %s WHERE history_id = %s",
            [first.history_date, second.history_id],
        )
    (finding,) = chain.verify()
    assert finding.position == min(link_of(first).position, link_of(second).position)


def test_a_row_added_outside_the_services_is_reported(cases):
    row = Case.history.order_by("history_id").last()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table()} (id, registration_number, year, sequence, classification, title, "
            "status, registered_on, history_date, history_change_reason, history_type, register_id, "
            "organisation_id) SELECT id, registration_number, year, sequence, classification, 'inskjuten', "
            "status, registered_on, history_date, 'x', '~', register_id, organisation_id "
            f"FROM {table()} WHERE history_id = %s",
            [row.history_id],
        )
    findings = chain.verify()
    assert [f.problem for f in findings] == ["is not in the chain"]


def test_the_command_fails_and_names_the_row(cases):
    call_command("verify_history")
    target = Case.history.order_by("history_id")[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table()} SET title = 'x' WHERE history_id = %s",
            [target.history_id],
        )
    with pytest.raises(CommandError):
        call_command("verify_history")


def test_rows_written_in_bulk_can_be_chained_afterwards(cases):
    HistoryLink.objects.filter(model="registry.historicalcase").delete()
    from casework.audit.models import ChainHead

    ChainHead.objects.all().delete()
    HistoryLink.objects.all().delete()
    assert chain.verify()
    call_command("chain_history")
    assert chain.verify() == []
