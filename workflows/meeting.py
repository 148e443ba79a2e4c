"""The meeting flow: notice, meeting, minutes, approval, notice board and appeal
window of one meeting (rules.md c.4, R24–R32).

The committee secretary's steps are human tasks on the task desk
(``workflows.desk``); each runs one meetings service (``workflows.steps.meeting``).
The same steps can also be taken on the meeting pages: the task then completes
with one confirmation and runs nothing again. Approval is not a task of one
person: the chair and every minutes checker sign on the meeting pages, and the
flow goes on once the minutes are approved. The two windows are timers in the
database, fired by ``manage.py workflow_timers`` (run it every minute), which
also checks whether the minutes were approved.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from casework.meetings.models import Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services.common import require_meeting_state
from permissions import codes, rules
from workflows.models import MeetingProcess
from workflows.nodes import HumanTask

AUTOMATIC = "appeal window passed (automatic step of the meeting flow)"


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class MeetingFlow(flow.Flow):
    """Meeting

    From the notice to the members to the end of the appeal window
    (rules.md c.4, R24–R32).
    """

    process_class = MeetingProcess
    process_title = _("Meeting")
    lock_impl = lock.SelectForUpdateLock(nowait=False)

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("The meeting flow starts"))
        .Next(this.send_notice)
    )

    # secretary
    send_notice = (
        HumanTask()
        .Annotation(title=_("Send the notice of the meeting"))
        .Permission(codes.KEEP_MINUTES)
        .Next(this.hold_meeting)
    )
    hold_meeting = (
        HumanTask()
        .Annotation(title=_("Hold the meeting"))
        .Permission(codes.KEEP_MINUTES)
        .Next(this.draw_up_minutes)
    )
    draw_up_minutes = (
        HumanTask()
        .Annotation(title=_("Draw up the minutes"))
        .Permission(codes.KEEP_MINUTES)
        .Next(this.statements_window)
    )
    post_notice = (
        HumanTask()
        .Annotation(title=_("Post the notice of approval"))
        .Permission(codes.KEEP_MINUTES)
        .Next(this.appeal_window)
    )

    # signers
    approve_minutes = (
        flow.ConditionalCatch(this.minutes_are_approved)
        .Annotation(title=_("The chair and the minutes checkers approve the minutes"))
        .Next(this.post_notice)
    )

    # clock
    statements_window = (
        flow.Timer(this.approval_due_at)
        .Annotation(title=_("Written statements until the time set for approval"))
        .Next(this.approve_minutes)
    )
    appeal_window = (
        flow.Timer(this.appeal_window_ends_at)
        .Annotation(title=_("Appeal window"))
        .Next(this.end_appeal_window)
    )
    end_appeal_window = (
        flow.Function(this.record_appeal_window_passed)
        .Annotation(title=_("The appeal window has passed"))
        .Next(this.final)
    )

    final = flow.End().Annotation(title=_("Final"))

    def start_process(self, activation, meeting, actor):
        activation.process.meeting = meeting
        activation.process.started_by = actor
        activation.task.owner = actor
        return activation.process

    def approval_due_at(self, activation):
        return activation.process.meeting.approval_due_at

    def minutes_are_approved(self, activation):
        return activation.process.meeting.minutes.is_approved

    def appeal_window_ends_at(self, activation):
        """Midnight after the last day of appeal (R30)."""
        notice = activation.process.meeting.minutes.notice
        return _start_of(notice.appeal_last_day + datetime.timedelta(days=1))

    def record_appeal_window_passed(self, activation):
        process = activation.process
        minutes_services.end_appeal_window(
            meeting=process.meeting, actor=process.started_by, reason=AUTOMATIC
        )


@transaction.atomic
def start_meeting_flow(meeting: Meeting, actor) -> MeetingProcess:
    """Start the flow of a planned meeting, once; the committee secretary starts
    it, e.g. right after ``services.meetings.plan_meeting`` (c.4)."""
    if not rules.can_keep_minutes(actor, meeting):
        raise PermissionDenied(_("Only the committee secretary starts the flow."))
    require_meeting_state(meeting, Meeting.State.PLANNED)
    if MeetingProcess.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("The meeting flow has already started."), code="flow_already_started"
        )
    return MeetingFlow.start.run(meeting=meeting, actor=actor)


@transaction.atomic
def plan_meeting_and_start_flow(*, actor, reason: str, **fields) -> Meeting:
    """Plan a meeting and start its flow in one step (the planning page)."""
    meeting = meeting_services.plan_meeting(actor=actor, reason=reason, **fields)
    start_meeting_flow(meeting, actor)
    return meeting
