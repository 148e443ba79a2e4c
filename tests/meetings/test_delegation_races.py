"""Races on the delegation order and on urgent decisions of the chair (R46,
R48): the loser gets a clear refusal and nothing is lost or written twice.
Threads with a barrier, on PostgreSQL (row locks)."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from casework.meetings.models import ChairDecision, DelegationOrder, Meeting
from casework.meetings.services import chair_decisions
from casework.meetings.services import delegation_order as orders
from casework.meetings.services import meetings as meeting_services
from tests.builders import error_codes
from tests.meetings.conftest import SET_UP

PARALLEL = 8
TRIALS = 10

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; CI runs the suite on PostgreSQL too",
    ),
    pytest.mark.django_db(transaction=True),
]


def in_parallel(*calls):
    """Run ``calls`` at once; each result, or the code of its refusal."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except ValidationError as error:
            return error_codes(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_eight_simultaneous_new_versions_make_one_draft(committee, secretary):
    """R46: one draft at a time; the others are told so."""
    start = lambda: orders.start_new_version(  # noqa: E731
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    results = in_parallel(*[start] * PARALLEL)
    drafts = [r for r in results if isinstance(r, DelegationOrder)]
    assert len(drafts) == 1
    assert results.count({"draft_exists"}) == PARALLEL - 1
    assert DelegationOrder.objects.count() == 1


def test_a_draft_adopted_twice_at_once_is_adopted_once(committee, secretary):
    """R46: the decision is recorded once; the second is refused."""
    draft = orders.start_new_version(
        organisation=committee.organisation, actor=secretary, reason=SET_UP
    )
    orders.save_point(
        order=draft,
        number="1.1",
        matter="Beslut",
        category="ordinary",
        delegate_kind="employee",
        delegate="trafikdirektör",
        actor=secretary,
        reason=SET_UP,
    )

    def adopt(paragraph):
        return lambda: orders.adopt_order(
            order=draft,
            adopted_on=timezone.localdate(),
            decision_paragraph=paragraph,
            actor=secretary,
            reason=SET_UP,
        )

    results = in_parallel(*[adopt(f"§ {n}") for n in range(PARALLEL)])
    assert sum(isinstance(r, DelegationOrder) for r in results) == 1
    assert results.count({"order_adopted"}) == PARALLEL - 1
    assert draft.history.filter(state="adopted").count() == 1


def test_a_decision_recorded_while_the_next_meeting_is_planned_is_never_lost(
    committee, secretary
):
    """R48: whichever comes first, the urgent decision ends on the agenda of
    the meeting planned at the same moment, exactly once."""
    lost = 0
    for trial in range(TRIALS):
        held_on = timezone.localdate() + datetime.timedelta(days=7 + trial)

        def plan(held_on=held_on):
            return meeting_services.plan_meeting(
                organisation=committee.organisation,
                held_on=held_on,
                actor=secretary,
                reason=SET_UP,
            )

        def record(trial=trial):
            return chair_decisions.record_chair_decision(
                organisation=committee.organisation,
                decided_by=committee.chair,
                decided_on=timezone.localdate(),
                registration_number=f"T2026-{trial:05}",
                text="Brådskande beslut.",
                urgency="Kunde inte vänta.",
                actor=secretary,
                reason=SET_UP,
            )

        meeting, decision = in_parallel(plan, record)
        decision = ChairDecision.objects.get(pk=decision.pk)
        lost += decision.report_item is None
        if decision.report_item is not None:
            assert meeting.items.filter(pk=decision.report_item_id).exists()
        # set-up for the next trial: this meeting is taken as held, so that the
        # next decision has only the next trial's meeting to go to
        Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.CLOSED)
    print(f"\nurgent decision vs planning: {TRIALS} trials, {lost} lost")
    assert lost == 0
