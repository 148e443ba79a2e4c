"""Saving and handing in a written statement at the same moment (issue 10,
point 2; R16): a handed-in statement never goes back to draft, a save that
comes after the hand-in is refused with a message, and one statement is handed
in once however many hand it in together."""

import pytest

from casework.meetings.models import Statement
from casework.meetings.services import statements as services
from tests.races.conftest import TRIALS, report

pytestmark = pytest.mark.django_db(transaction=True)

HANDED_IN = "handed in"
HAND_INS = 4
LOCKED = "statement_locked"


def drafted(item, member, party, actor, trial) -> Statement:
    statement = services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=party,
        signatories=[member],
        actor=actor,
        reason="protokollförs",
    )
    return services.write_statement(
        statement=statement, text=f"Utkast {trial}", actor=actor, reason="draft"
    )


def saving(pk, actor, text):
    def call(wait):
        statement = Statement.objects.get(pk=pk)
        wait()
        services.write_statement(
            statement=statement, text=text, actor=actor, reason="draft saved"
        )
        return text

    return call


def handing_in(pk, actor):
    def call(wait):
        statement = Statement.objects.get(pk=pk)
        wait()
        services.submit_statement(statement=statement, actor=actor, reason=HANDED_IN)
        return pk

    return call


def unexpected(outcomes, code) -> list[str]:
    return [
        o.error or o.code for o in outcomes if o.error or o.code not in (None, code)
    ]


def lost_in_save_vs_hand_in(statement, save, hand_in, text) -> list[str]:
    """What went wrong in one trial; empty when nothing was lost."""
    statement.refresh_from_db()
    problems = unexpected([save, hand_in], LOCKED)
    if not hand_in.ok:
        problems.append(f"the hand-in was refused: {hand_in}")
    if hand_in.ok and statement.state != Statement.State.SUBMITTED:
        problems.append(f"handed in, but the statement is {statement.state}")
    if save.ok and statement.text != text:
        problems.append("the saved text was lost")
    if save.refused and (statement.text == text or not save.message):
        problems.append(f"the refused save was applied or not explained: {save}")
    return problems


def test_a_save_racing_a_hand_in_never_puts_the_statement_back_to_draft(
    decided, committee, v_secretary, arena
):
    """Issue 10 point 2, R16: either the save lands before the hand-in (and the
    handed-in text is the saved one) or it is refused with a message; the
    handed-in statement stays handed in."""
    lost, failures = 0, []
    with arena:
        for trial in range(TRIALS):
            statement = drafted(
                decided, committee.v_member, committee.parties.v, v_secretary, trial
            )
            text = f"Ny lydelse {trial}"
            save, hand_in = arena.at_once(
                saving(statement.pk, v_secretary, text),
                handing_in(statement.pk, v_secretary),
            )
            problems = lost_in_save_vs_hand_in(statement, save, hand_in, text)
            if problems:
                lost += 1
                failures.append(problems)
    report("statement save vs hand-in", TRIALS, lost)
    assert lost == 0, failures[:3]


def test_one_statement_handed_in_several_times_at_once_is_handed_in_once(
    decided, committee, v_secretary, arena
):
    """Issue 10 point 2, R16: exactly one hand-in runs; the others are told
    the statement can no longer change."""
    lost, failures = 0, []
    with arena:
        for trial in range(TRIALS):
            statement = drafted(
                decided, committee.v_member, committee.parties.v, v_secretary, trial
            )
            outcomes = arena.at_once(
                *(handing_in(statement.pk, v_secretary) for _ in range(HAND_INS))
            )
            runs = statement.history.filter(history_change_reason=HANDED_IN).count()
            problems = unexpected(outcomes, LOCKED)
            if runs != 1 or sum(o.ok for o in outcomes) != 1:
                problems.append(f"{runs} hand-ins recorded: {outcomes}")
            if problems:
                lost += 1
                failures.append(problems)
    report(f"{HAND_INS} hand-ins of one statement", TRIALS, lost)
    assert lost == 0, failures[:3]
