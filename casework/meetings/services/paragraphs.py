"""One paragraph after its decision: approval at the meeting with its own notice
(sv. omedelbar justering, R25) and execution before it is final (R33)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings import rendering
from casework.meetings.models import (
    AgendaItem,
    ApprovalMethod,
    ItemExecution,
    Meeting,
    Notice,
    ParagraphApproval,
    Statement,
)
from casework.meetings.services.common import (
    approval_evidence,
    require_meeting_state,
    require_posting_day,
)
from casework.meetings.services.minutes import approvers, paragraph_text
from permissions import meeting_acts


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _require_approvable(item: AgendaItem) -> set[int]:
    """The paragraph is decided, not yet approved, and the chair and at least
    one minutes checker are there to approve it; returns who signs."""
    meeting = item.meeting
    require_meeting_state(meeting, Meeting.State.IN_PROGRESS)
    if not item.is_decided:
        _refuse(_("The item has not been decided yet."), "item_not_decided")
    if hasattr(item, "immediate_approval"):
        _refuse(_("The paragraph is already approved."), "already_approved")
    signers = approvers(meeting)
    if not meeting.chair_id or len(signers) < 2:
        _refuse(
            _("The chair and the minutes checkers approve the paragraph."),
            "no_approvers",
        )
    return signers


@transaction.atomic
def approve_paragraph_at_meeting(
    *,
    item: AgendaItem,
    digest: str,
    actor,
    reason: str,
    method: str = ApprovalMethod.IN_SYSTEM,
    validation_data: str = "",
) -> ParagraphApproval:
    """Approve one paragraph at the meeting (sv. omedelbar justering, KL 5:69,
    R25): the chair and the checkers approve the text read out in writing,
    identified by ``digest``; its statements are final with it (R16, R26)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    signers = _require_approvable(item)
    text = paragraph_text(item)
    if digest != rendering.digest(text):
        _refuse(
            _("The paragraph changed after it was read out; read it again."),
            "paragraph_changed",
        )
    evidence = approval_evidence(
        method=method, validation_data=validation_data, digest=digest
    )
    approval = ParagraphApproval(item=item, content=text, digest=digest, **evidence)
    save_tracked(approval, actor=actor, reason=reason)
    approval.signatories.set(signers)
    for statement in item.statements.exclude(state=Statement.State.IN_MINUTES):
        statement.state = Statement.State.IN_MINUTES
        save_tracked(statement, actor=actor, reason=reason)
    return approval


@transaction.atomic
def post_paragraph_notice(
    *,
    approval: ParagraphApproval,
    minutes_kept_at: str,
    actor,
    reason: str,
) -> Notice:
    """Post the notice of a paragraph approved at the meeting; its appeal window
    runs from this posting, not from that of the minutes (R25, R28, R30). Dated
    by the clock, the day it goes up (R28)."""
    meeting_acts.require_minutes_keeper(actor, approval.item.meeting)
    approval = ParagraphApproval.objects.select_for_update().get(pk=approval.pk)
    if hasattr(approval, "notice"):
        _refuse(_("The notice is already posted."), "already_posted")
    posted_on = clock.today()
    require_posting_day(posted_on, timezone.localtime(approval.approved_at).date())
    notice = Notice(
        kind=Notice.Kind.PARAGRAPH,
        paragraph_approval=approval,
        posted_on=posted_on,
        minutes_kept_at=minutes_kept_at,
    )
    return save_tracked(notice, actor=actor, reason=reason)


def execution_warning(item: AgendaItem, on: datetime.date) -> str:
    """A warning when a decision is carried out while it can still be appealed
    (KL 13:14, R33); empty when it is final or cannot be appealed."""
    status, last_day = item.finality(today=on)
    if status == "appealable":
        return _(
            "The decision is not final: it can be appealed until %(date)s. If an "
            "appeal is upheld, what was done must be undone (KL 13 kap. 14 §)."
        ) % {"date": last_day}
    if status == "pending" and item.appealable:
        return _(
            "The decision is not final: the notice of approval is not posted yet, so "
            "the appeal window has not even begun (KL 13 kap. 14 §)."
        )
    return ""


@transaction.atomic
def record_execution(
    *,
    item: AgendaItem,
    executed_on: datetime.date,
    description: str,
    actor,
    reason: str,
) -> ItemExecution:
    """Record that a decision was carried out (sv. verkställighet). Execution may
    start before the decision is final; the record keeps whether it did, and
    ``execution.warning`` says so (KL 13:14, R33)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    if not item.is_decided:
        _refuse(_("The item has not been decided yet."), "item_not_decided")
    if executed_on > clock.today():
        _refuse(_("The date cannot be in the future."), "executed_in_future")
    warning = execution_warning(item, executed_on)
    _status, last_day = item.finality(today=executed_on)
    execution = ItemExecution(
        item=item,
        executed_on=executed_on,
        description=description,
        before_final=bool(warning),
        appeal_last_day=last_day,
    )
    save_tracked(execution, actor=actor, reason=reason)
    execution.warning = warning
    return execution
