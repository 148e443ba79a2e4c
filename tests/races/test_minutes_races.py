"""Signing the minutes at the same moment (issue 10, point 2; R24, R26): the
chair and the minutes checker, each clicking twice, give two signatures; the
minutes are approved once, with one approved version."""

import pytest
from django.utils import timezone

from casework.meetings.models import Meeting, Minutes, MinutesVersion
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import signing
from tests.builders import make_case
from tests.meetings.conftest import draw_up
from tests.races.conftest import TRIALS, report

pytestmark = pytest.mark.django_db(transaction=True)

SET_UP = "test set-up"
TOLD = {"already_approved", "wrong_meeting_state"}


def drawn_up_minutes(board, case) -> Minutes:
    """A meeting of the board held, its one item decided and its minutes
    drawn up, the time set for approval reached."""
    meeting = meeting_services.plan_meeting(
        organisation=board.organisation,
        held_on=timezone.localdate(),
        chair=board.people[0],
        secretary=board.secretary,
        actor=board.secretary,
        reason=SET_UP,
    )
    for person in board.people:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=board.secretary, reason=SET_UP
        )
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[board.people[1]],
        approval_due_at=board.approval_due_at,
        actor=board.secretary,
        reason=SET_UP,
    )
    item = meeting_services.add_agenda_item(
        meeting=meeting,
        title=case.title,
        case=case,
        actor=board.secretary,
        reason=SET_UP,
    )
    return draw_up(meeting, item)


def signing_as(minutes_pk, user):
    def call(wait):
        minutes = Minutes.objects.get(pk=minutes_pk)
        wait()
        signing.sign_minutes(minutes=minutes, actor=user, reason="justerat")
        return user.pk

    return call


def lost_in_double_approval(minutes, outcomes) -> list[str]:
    problems = [o.error for o in outcomes if o.error]
    signed = [o.value for o in outcomes if o.ok]
    told = [o for o in outcomes if o.code in TOLD and o.message]
    if sorted(signed) != sorted(set(signed)) or len(signed) != 2:
        problems.append(f"signatures: {outcomes}")
    if len(told) != len(outcomes) - 2:
        problems.append(f"the second clicks were not told: {outcomes}")
    minutes.refresh_from_db()
    approvals = minutes.approvals.count()
    versions = MinutesVersion.objects.filter(minutes=minutes).count()
    meeting = Meeting.objects.get(pk=minutes.meeting_id)
    if approvals != 2 or versions != 1 or not minutes.is_approved:
        problems.append(f"{approvals} signatures, {versions} approved versions")
    if meeting.state != Meeting.State.MINUTES_APPROVED:
        problems.append(f"the meeting is {meeting.state}")
    return problems


def test_the_chair_and_the_checker_signing_twice_at_once_approve_the_minutes_once(
    city, t_registrar, board, arena
):
    """Issue 10 point 2, R24, R26: one signature each, one approval, one
    approved text; a second click is told it was already signed."""
    case = make_case(city.t_register, t_registrar)
    lost, failures = 0, []
    with arena:
        for _trial in range(TRIALS):
            minutes = drawn_up_minutes(board, case)
            outcomes = arena.at_once(
                signing_as(minutes.pk, board.chair),
                signing_as(minutes.pk, board.checker),
                signing_as(minutes.pk, board.chair),
                signing_as(minutes.pk, board.checker),
            )
            problems = lost_in_double_approval(minutes, outcomes)
            if problems:
                lost += 1
                failures.append(problems)
    report("double approval of the minutes", TRIALS, lost)
    assert lost == 0, failures[:3]
