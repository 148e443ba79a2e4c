"""The committee secretary's steps of the meeting flow (rules.md c.4): each runs
one meetings service as the actor and completes its task. A step already taken
on the meeting pages only completes the task; nothing is recorded again."""

from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from workflows import tasks
from workflows.meeting import MeetingFlow

State = Meeting.State
LIFE_CYCLE = list(State.values)  # rules.md c.4, in order

# The state each task brings the meeting to.
DONE_STATE = {
    MeetingFlow.send_notice: State.NOTICE_SENT,
    MeetingFlow.hold_meeting: State.CLOSED,
    MeetingFlow.draw_up_minutes: State.MINUTES_DRAFTED,
    MeetingFlow.post_notice: State.NOTICE_POSTED,
}


def reached(meeting: Meeting, state: str) -> bool:
    """Whether the meeting has come to ``state`` or beyond in its life cycle."""
    return LIFE_CYCLE.index(meeting.state) >= LIFE_CYCLE.index(state)


def done_elsewhere(task) -> bool:
    """Whether the meeting pages have already taken the task's step."""
    meeting = task.process.coerced.meeting
    return reached(meeting, DONE_STATE[task.flow_task])


def _step(task, node, actor, service):
    """Run ``service(meeting)`` under the flow's lock unless the meeting has
    already come that far, and complete the task."""

    def work(activation):
        meeting = Meeting.objects.select_for_update().get(
            pk=activation.process.meeting_id
        )
        if reached(meeting, DONE_STATE[node]):
            return meeting
        return service(meeting)

    return tasks.carry_out(task=task, node=node, actor=actor, work=work)


def send_notice(*, task, actor, reason: str = "notice of the meeting sent"):
    """Record that the members and substitutes were called (R10)."""

    def service(meeting):
        return meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=actor, reason=reason
        )

    return _step(task, MeetingFlow.send_notice, actor, service)


def hold_meeting(*, task, actor, reason: str = "meeting closed"):
    """The meeting is held on the meeting pages; the task ends when the chair has
    declared it closed, after which no reservation can be announced (R15)."""

    def service(meeting):
        return meeting_services.close_meeting(
            meeting=meeting, actor=actor, reason=reason
        )

    return _step(task, MeetingFlow.hold_meeting, actor, service)


def draw_up_minutes(*, task, actor, reason: str = "minutes drawn up"):
    """Draw up the minutes of the closed meeting (c.4)."""

    def service(meeting):
        return minutes_services.draw_up_minutes(
            meeting=meeting, actor=actor, reason=reason
        )

    return _step(task, MeetingFlow.draw_up_minutes, actor, service)


def post_notice(
    *,
    task,
    actor,
    minutes_kept_at: str = "",
    reason: str = "notice posted",
):
    """Post the notice of approval, at the latest the second day after approval
    (R28, KL 8:12); dated the day it is posted."""

    def service(meeting):
        return minutes_services.post_notice(
            minutes=meeting.minutes,
            minutes_kept_at=minutes_kept_at,
            actor=actor,
            reason=reason,
        )

    return _step(task, MeetingFlow.post_notice, actor, service)
