"""Shared checks for the meeting services."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    ApprovalMethod,
    Meeting,
    Minutes,
    ParagraphApproval,
)


def lock(record) -> None:
    """Read a meeting, an item or minutes again under a row lock: two changes at
    the same moment take turns, and the second checks what the first did."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())


def require_meeting_state(
    meeting: Meeting, *states, code="wrong_meeting_state"
) -> None:
    """The meeting, locked and read again, is in one of ``states``."""
    lock(meeting)
    if meeting.state not in states:
        raise ValidationError(
            _("Not possible while the meeting is “%(state)s”.")
            % {"state": meeting.get_state_display()},
            code=code,
        )


def require_open_item(item: AgendaItem) -> None:
    """The item, locked and read again, is being handled."""
    lock(item)
    if item.state != AgendaItem.State.OPEN:
        raise ValidationError(
            _("The item is not being handled right now."), code="item_not_open"
        )


def require_paragraph_not_approved(item: AgendaItem) -> None:
    """Nothing is added to a paragraph approved at the meeting (R25) or with the
    minutes (R26); a change goes only through a visible correction. The meeting
    is locked: both approvals lock it too, so they and this check take turns."""
    lock(item.meeting)
    if ParagraphApproval.objects.filter(item_id=item.pk).exists():
        raise ValidationError(
            _("The paragraph was approved at the meeting; nothing can be added."),
            code="paragraph_approved",
        )
    approved = Minutes.objects.filter(
        meeting_id=item.meeting_id, state=Minutes.State.APPROVED
    )
    if approved.exists():
        raise ValidationError(
            _(
                "The minutes are approved; the paragraph changes only through a "
                "visible correction of the minutes."
            ),
            code="paragraph_approved",
        )


def require_posting_day(posted_on: datetime.date, approved_on: datetime.date) -> None:
    """A notice is posted on or after the day of approval, never ahead (R28)."""
    if posted_on < approved_on:
        raise ValidationError(
            _("A notice cannot be posted before the minutes were approved."),
            code="posted_before_approval",
        )
    if posted_on > clock.today():
        raise ValidationError(
            _("A notice cannot be posted in the future."), code="posted_in_future"
        )


def approval_evidence(*, method: str, validation_data: str, digest: str) -> dict:
    """The approval method and the validation data as supplied (R27). An
    electronic signature must come with its validation data and name the digest
    of the text it signs; the data are kept unchanged with their own SHA-256."""
    if method not in ApprovalMethod.values:
        raise ValidationError(_("Unknown approval method."), code="unknown_method")
    if method == ApprovalMethod.ELECTRONIC_SIGNATURE:
        if not validation_data.strip():
            raise ValidationError(
                _("An electronic signature needs its validation data."),
                code="validation_data_required",
            )
        if not digest:
            raise ValidationError(
                _("An electronic signature must name the digest of the signed text."),
                code="digest_required",
            )
    fingerprint = (
        hashlib.sha256(validation_data.encode("utf-8")).hexdigest()
        if validation_data
        else ""
    )
    return {
        "method": method,
        "validation_data": validation_data,
        "validation_digest": fingerprint,
    }


def _record_outcome(
    item: AgendaItem, *, state, text, method, actor, reason
) -> AgendaItem:
    """The item's outcome: decided, tabled or referred back, with its text; the
    services of this package call it, it is not a service itself."""
    item.state = state
    item.decision_text = text
    item.decision_method = method
    item.decided_at = clock.now()
    return save_tracked(item, actor=actor, reason=reason)
