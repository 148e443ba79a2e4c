"""The steps of the referral flow's human tasks (rules.md c.1, R39–R45): the
case officer at the referring office prepares and sends the referral, decides
on requests for an extension and compiles the answers."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS

from casework.referrals import services
from casework.referrals.models import Extension, Referral, ReferralProcess
from permissions import rules
from workflows import nodes, tasks
from workflows.nodes import branch_key
from workflows.referral import ReferralFlow
from workflows.response import ResponseFlow
from workflows.steps import branch

# The recipient asks for a later deadline; the request wakes this flow's branch
# for it.
request_extension = branch.request_extension


@transaction.atomic
def start_referral(
    *,
    case,
    question: str,
    response_deadline: datetime.date | None,
    recipients: list,
    actor,
    reason: str = "referral prepared",
    documents=(),
    reminder_offsets: list[int] | None = None,
    confidential_confirmed: bool = False,
) -> ReferralProcess:
    """Prepare a referral (what it concerns, the deadline, the recipients and
    the documents; R40) and start its flow; the case officer then sends it from
    the dispatch task."""
    if not rules.can_prepare_referral(actor, case):
        raise PermissionDenied(_("Only the case's own office prepares a referral."))
    referral = services.prepare_referral(
        case=case,
        question=question,
        response_deadline=response_deadline,
        recipients=recipients,
        documents=documents,
        reminder_offsets=reminder_offsets,
        confidential_confirmed=confidential_confirmed,
        actor=actor,
        reason=reason,
    )
    return ReferralFlow.start.run(referral=referral, actor=actor)


def send(*, task, actor, reason: str = "referral sent") -> Referral:
    """Dispatch: the letter becomes an official outgoing document (R59a) and
    one response flow starts per recipient (R40: refused without a deadline)."""

    def work(activation):
        referral = activation.process.referral
        return services.dispatch_referral(referral=referral, actor=actor, reason=reason)

    return tasks.carry_out(
        task=task, node=ReferralFlow.dispatch, actor=actor, work=work
    )


def decide_extension(
    *, task, actor, grant: bool, note: str = "", reason: str = "extension decided"
) -> Extension:
    """Grant or refuse the recipient's request; a grant moves the deadline of
    that branch only, and its timer is armed again with it."""

    def work(activation):
        recipient = branch.locked_recipient(branch_key(task))
        extension = recipient.extensions.filter(state=Extension.State.REQUESTED).first()
        if extension is None:
            raise ValidationError(
                _("No request for an extension is waiting."), code="no_extension"
            )
        return services.decide_extension(
            extension=extension, grant=grant, note=note, actor=actor, reason=reason
        )

    return tasks.carry_out(
        task=task, node=ReferralFlow.decide_extension, actor=actor, work=work
    )


def compile_answers(
    *, task, actor, summary: str, reason: str = "answers compiled"
) -> Referral:
    """Record the compiled summary (c.1 SAMMANSTÄLLNING). A recipient that has
    still not answered is recorded as not heard from (UTEBLIVET) and its
    response flow is cancelled."""

    def work(activation):
        referral = activation.process.referral
        for recipient in referral.recipients.open():
            _give_up(recipient, actor=actor, reason=reason)
        return services.compile_answers(
            referral=referral, summary=summary, actor=actor, reason=reason
        )

    return tasks.carry_out(
        task=task, node=ReferralFlow.compile_answers, actor=actor, work=work
    )


def _give_up(recipient, *, actor, reason: str) -> None:
    """Stop the recipient's response flow, then close its branch as without an
    answer (the flow's lock first, then the recipient's row, as everywhere)."""
    process = getattr(recipient, "process", None)
    if process is not None and process.status not in (PROCESS.DONE, PROCESS.CANCELED):
        ResponseFlow.instance.cancel(process)
    recipient = branch.locked_recipient(recipient.pk)
    if recipient.is_open:
        services.give_up_waiting(recipient=recipient, actor=actor, reason=reason)


# --- the branches, woken by the response flow ----------------------------------


def wake_branch(recipient) -> bool:
    """Let the branch waiting for ``recipient`` look at it again: it answered,
    declined, or asks for more time. False when the branch waits no longer
    (its deadline passed and the join went on without it)."""
    process = ReferralProcess.objects.get(referral_id=recipient.referral_id)
    return nodes.wake_branch(process, recipient.pk)
