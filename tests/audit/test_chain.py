"""Tamper evidence: the chain names every row altered, removed or reordered,
each at its exact position (issue 10, point 3; R83)."""

import pytest
from django.core.management import CommandError, call_command

from casework.audit import chain
from casework.audit.models import ChainHead, HistoryLink
from casework.registry import services
from casework.registry.models import Case
from tests.audit.tampering import run
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


def rows():
    return list(Case.history.order_by("history_id"))


def in_chain(findings):
    return [f for f in findings if f.position]


def test_every_history_row_is_chained_and_the_chain_verifies(cases):
    assert chain.verify() == []
    linked = HistoryLink.objects.filter(model="registry.historicalcase").count()
    assert linked == Case.history.count() == 6


def test_an_altered_row_is_found_at_its_exact_position(cases):
    """Issue 10 point 3: the altered history row, named at its position."""
    target = rows()[1]
    run(
        f"UPDATE {table()} SET title = %s WHERE history_id = %s",
        ["förfalskad", target.history_id],
    )
    (finding,) = chain.verify()
    assert finding.position == link_of(target).position
    assert "altered" in finding.problem


def test_a_removed_row_is_found_at_its_exact_position(cases):
    target = rows()[2]
    position = link_of(target).position
    run(f"DELETE FROM {table()} WHERE history_id = %s", [target.history_id])
    (finding,) = chain.verify()
    assert (finding.position, finding.problem) == (position, "was removed")


def test_reordered_rows_are_each_found_at_their_position(cases):
    """Issue 10 point 3: every break is reported, not only the first."""
    first, second = rows()[1:3]
    for row, other in ((first, second), (second, first)):
        run(
            f"UPDATE {table()} SET history_date = %s WHERE history_id = %s",
            [other.history_date, row.history_id],
        )
    found = chain.verify()
    assert [f.position for f in found] == [
        link_of(first).position,
        link_of(second).position,
    ]


def test_several_altered_rows_are_all_named_and_later_breaks_found_independently(
    cases,
):
    """Issue 10 point 3: after a break the walk goes on from the stored
    digests; each of three altered rows is named at its own position."""
    targets = rows()[0:6:2]
    for target in targets:
        run(
            f"UPDATE {table()} SET registration_number = %s WHERE history_id = %s",
            ["X-1", target.history_id],
        )
    found = in_chain(chain.verify())
    assert [(f.position, f.history_id) for f in found] == [
        (link_of(t).position, t.history_id) for t in targets
    ]


def test_a_removed_link_is_named_and_the_rows_after_it_still_verify(cases):
    """Issue 10 point 3: a link removed from the chain is named by position."""
    link = link_of(rows()[2])
    run("DELETE FROM audit_historylink WHERE id = %s", [link.id])
    found = chain.verify()
    assert [(f.position, f.model) for f in found[:1]] == [
        (link.position, "audit.historylink")
    ]
    assert {f.history_id for f in found if f.model == "registry.historicalcase"} == {
        rows()[2].history_id
    }


def test_a_row_added_outside_the_services_is_reported(cases):
    row = rows()[-1]
    run(
        f"INSERT INTO {table()} (id, registration_number, year, sequence, classification, title, "
        "status, registered_on, history_date, history_change_reason, history_type, register_id, "
        "organisation_id) SELECT id, registration_number, year, sequence, classification, 'inskjuten', "
        "status, registered_on, history_date, 'x', '~', register_id, organisation_id "
        f"FROM {table()} WHERE history_id = %s",
        [row.history_id],
    )
    found = chain.verify()
    assert ("registry.historicalcase", "is not in the chain") in {
        (f.model, f.problem) for f in found
    }


def test_the_command_fails_and_names_every_row(cases, capsys):
    call_command("verify_history")
    for target in rows()[:2]:
        run(
            f"UPDATE {table()} SET title = 'x' WHERE history_id = %s",
            [target.history_id],
        )
    with pytest.raises(CommandError):
        call_command("verify_history")
    err = capsys.readouterr().err
    for target in rows()[:2]:
        assert f"registry.historicalcase row {target.history_id} was altered" in err


def test_rows_written_in_bulk_can_be_chained_afterwards(cases):
    run("DELETE FROM audit_historylink")
    ChainHead.objects.all().delete()
    assert chain.verify()
    call_command("chain_history")
    assert chain.verify() == []


def test_a_removed_head_is_named_and_the_next_write_goes_on_from_the_last_link(
    cases, city, t_registrar
):
    """Issue 10 point 3: the chain's head removed is reported, and appending
    resumes after the last link instead of failing."""
    run("DELETE FROM audit_chainhead")
    assert [(f.model, f.problem) for f in chain.verify()] == [
        ("audit.chainhead", "was removed")
    ]
    make_case(city.t_register, t_registrar)
    assert chain.verify() == []
    linked = HistoryLink.objects.filter(model="registry.historicalcase")
    assert linked.count() == Case.history.count() == 7
