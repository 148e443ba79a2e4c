"""Two people carrying out one task of the desk at the same moment (issue 10,
point 2): one does it, the other is told the task is done; the step runs once."""

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from tests.builders import Role, make_staff
from tests.races.conftest import TRIALS, report
from workflows.meeting import MeetingFlow, start_meeting_flow
from workflows.steps import meeting as steps

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE_SENT = "notice of the meeting sent"
TOLD = {"task_done", "task_taken"}


def sending_notice(task_pk, actor):
    def call(wait):
        task = Task.objects.get(pk=task_pk)
        wait()
        steps.send_notice(task=task, actor=actor)
        return actor.pk

    return call


def lost_in_double_task(process, outcomes) -> list[str]:
    problems = [o.error for o in outcomes if o.error]
    winners = [o for o in outcomes if o.ok]
    told = [o for o in outcomes if o.code in TOLD]
    if len(winners) != 1 or len(told) != 1:
        problems.append(f"not one done and one told: {outcomes}")
    if any(o.refused and not o.message for o in outcomes):
        problems.append("a refusal without a message")
    meeting = Meeting.objects.get(pk=process.meeting_id)
    sent = meeting.history.filter(history_change_reason=NOTICE_SENT).count()
    following = Task.objects.filter(process=process, flow_task=MeetingFlow.hold_meeting)
    if sent != 1 or following.count() != 1:
        problems.append(f"notice recorded {sent} times, {following.count()} next tasks")
    return problems


def test_two_secretaries_carrying_out_one_task_at_once_do_it_once(
    city, committee, secretary, arena
):
    """Issue 10 point 2: one wins, the other gets TaskUnavailable, never an
    error; the step is recorded once and the flow goes on once."""
    colleague = make_staff("sekreterare2.trn", Role.COMMITTEE_SECRETARY, city.trn)
    lost, failures = 0, []
    with arena:
        for _trial in range(TRIALS):
            meeting = meeting_services.plan_meeting(
                organisation=committee.organisation,
                held_on=timezone.localdate(),
                chair=committee.chair,
                secretary=secretary,
                actor=secretary,
                reason="test set-up",
            )
            process = start_meeting_flow(meeting, secretary)
            task = Task.objects.get(process=process, flow_task=MeetingFlow.send_notice)
            outcomes = arena.at_once(
                sending_notice(task.pk, secretary), sending_notice(task.pk, colleague)
            )
            problems = lost_in_double_task(process, outcomes)
            if problems:
                lost += 1
                failures.append(problems)
    report("one desk task carried out twice", TRIALS, lost)
    assert lost == 0, failures[:3]
