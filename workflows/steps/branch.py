"""A recipient's side wakes the referring board's branch for it: when its
response flow ends, and when it asks for more time. Only the board's process
and the branch's key are needed (``workflows.nodes.wake_branch``), so the
response flow never imports the referral flow."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.referrals import services
from casework.referrals.models import Extension, ReferralProcess, ReferralRecipient
from workflows import nodes


def locked_recipient(pk) -> ReferralRecipient:
    """The recipient, read afresh and locked until the transaction ends, so that
    the two flows never save it over each other."""
    return ReferralRecipient.objects.select_for_update().get(pk=pk)


def board_process(recipient) -> ReferralProcess:
    """The referring board's flow, whose branch for ``recipient`` waits."""
    return ReferralProcess.objects.get(referral_id=recipient.referral_id)


def wake_board(recipient_pk) -> bool:
    """Let the board's branch for the recipient look at it again. Called once
    the response flow's lock is released: nested, the two flows would lock in
    opposite orders and could deadlock."""
    recipient = ReferralRecipient.objects.get(pk=recipient_pk)
    return nodes.wake_branch(board_process(recipient), recipient.pk)


def request_extension(
    *,
    recipient,
    requested_until: datetime.date,
    reason_given: str,
    actor,
    reason: str = "extension requested",
) -> Extension:
    """Ask the referring office for a later deadline (sv. anstånd) while its
    branch still waits for this recipient; the request becomes a task of the
    referring case officer."""
    process = board_process(recipient)
    with process.flow_class.lock(process.pk):
        extension = services.request_extension(
            recipient=locked_recipient(recipient.pk),
            requested_until=requested_until,
            reason_given=reason_given,
            actor=actor,
            reason=reason,
        )
        if not nodes.wake_branch(process, recipient.pk):
            raise ValidationError(
                _("The referring office no longer waits for this answer."),
                code="branch_not_waiting",
            )
    return extension
