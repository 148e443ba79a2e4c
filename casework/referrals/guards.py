"""The deadline guard (R44): will the answer make it in time?"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casework import clock
from casework.meetings import deadlines
from casework.meetings.models import Meeting


@dataclass(frozen=True)
class DeadlineCheck:
    ok: bool
    message: str
    meeting: Meeting | None = None
    approval_by: object = None


def check_deadline(recipient) -> DeadlineCheck:
    """Warn when the next meeting of the recipient's committee cannot approve
    its minutes before the response deadline, so that the case officer can ask
    for an extension (R44)."""
    meeting = (
        Meeting.objects.filter(
            organisation=recipient.organisation, held_on__gte=clock.today()
        )
        .order_by("held_on")
        .first()
    )
    if meeting is None:
        return DeadlineCheck(
            ok=False,
            message=_("No meeting of the committee is planned before the deadline."),
        )
    approval_by = (
        meeting.approval_due_at.date()
        if meeting.approval_due_at
        else deadlines.minutes_approval_deadline(meeting.held_on)
    )
    if approval_by > recipient.deadline:
        return DeadlineCheck(
            ok=False,
            message=_(
                "The next meeting's minutes are approved after the deadline: "
                "ask for an extension."
            ),
            meeting=meeting,
            approval_by=approval_by,
        )
    return DeadlineCheck(
        ok=True,
        message=_("The next meeting can answer in time."),
        meeting=meeting,
        approval_by=approval_by,
    )
