"""The referral flow: the executive board's side of the remiss round trip
(rules.md c.1, R39–R45), and the steps its human tasks run."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework import clock
from casework.referrals import memoranda, services
from casework.referrals.models import (
    Extension,
    Referral,
    ReferralProcess,
    ReferralRecipient,
)
from permissions import codes, rules
from workflows import tasks
from workflows.nodes import DynamicSplit, HumanTask, branch_key
from workflows.response import ResponseFlow

AUTOMATIC = "automatic step of the referral flow"
CLOSED_AFTER_DECISION = (
    "decision approved, case closed (automatic step of the referral flow)"
)


class ReferralFlow(flow.Flow):
    """Referral

    A referral for comment (sv. remiss) from the executive board: the case
    officer at the board's office sends it; one branch per recipient starts
    that recipient's response flow and waits for its answer or its refusal to
    answer. A branch also ends when the recipient's deadline passes (the timer
    is re-checked when it fires, so a granted extension re-arms it with the new
    deadline); a request for an extension stops the wait for the case officer's
    decision. When every branch has ended, the case officer compiles the
    answers.

    The rapporteur commissioner's memorandum, the preparatory body and the
    board (and the council) are then items of their meetings and run on the
    meeting machinery. The flow waits for the decision on the memorandum: once
    the board has decided it (or the council, when the board proposes the
    decision to it) and the minutes are approved, the case is closed and the
    flow ends. Tabling or referral back keeps it waiting for the next item; a
    case the registrar closes by hand ends the flow as well.

    Timers are rows in the database fired by ``manage.py workflow_timers``, run
    every minute from cron, which also checks whether the decision is
    approved; reminders are sent by ``manage.py send_referral_reminders``, run
    daily.
    """

    process_class = ReferralProcess
    process_title = gettext_lazy("Referral")
    lock_impl = lock.SelectForUpdateLock(nowait=False)

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=gettext_lazy("The referral is prepared"))
        .Next(this.dispatch)
    )

    # case officer
    dispatch = (
        HumanTask()
        .Annotation(title=gettext_lazy("Send the referral"))
        .Permission(codes.DISPATCH_REFERRAL)
        .Assign(this.preparer)
        .Next(this.split_to_recipients)
    )
    decide_extension = (
        HumanTask()
        .Annotation(title=gettext_lazy("Decide on the request for an extension"))
        .Permission(codes.DECIDE_EXTENSION)
        .Assign(this.preparer)
        .Next(this.route_branch)
    )
    compile_answers = (
        HumanTask()
        .Annotation(title=gettext_lazy("Compile the answers"))
        .Permission(codes.COMPILE_ANSWERS)
        .Assign(this.preparer)
        .Next(this.await_decision)
    )

    # recipients
    split_to_recipients = (
        DynamicSplit(this.recipient_keys)
        .Annotation(title=gettext_lazy("One branch per recipient"))
        .Next(this.start_response)
    )
    start_response = (
        flow.Function(this.send_to_recipient)
        .Annotation(title=gettext_lazy("The recipient's response flow starts"))
        .Next(this.wait_for_answer)
    )
    wait_for_answer = (
        flow.Handle()
        .Annotation(title=gettext_lazy("Waiting for the answer"))
        .OnTimeout(
            this.day_after_deadline,
            this.route_branch,
            title=gettext_lazy("The deadline passes"),
        )
        .Next(this.route_branch)
    )
    route_branch = (
        flow.Switch()
        .Annotation(title=gettext_lazy("Answered, extension asked for, or overdue?"))
        .Case(this.join_answers, this.branch_closed)
        .Case(this.decide_extension, this.extension_requested)
        .Case(this.mark_overdue, this.deadline_passed)
        .Default(this.wait_for_answer)
    )
    join_answers = flow.Join().Next(this.compile_answers)

    # clock
    mark_overdue = (
        flow.Function(this.record_overdue)
        .Annotation(title=gettext_lazy("The recipient is overdue"))
        .Next(this.join_answers)
    )

    # board
    await_decision = (
        flow.ConditionalCatch(this.case_concluded)
        .Annotation(
            title=gettext_lazy(
                "The board (or the council) decides; the minutes are approved"
            )
        )
        .Next(this.close_case)
    )
    close_case = (
        flow.Function(this.close_after_decision)
        .Annotation(title=gettext_lazy("The case is closed"))
        .Next(this.end)
    )

    end = flow.End().Annotation(title=gettext_lazy("Case closed"))

    def start_process(self, activation, referral, actor):
        activation.process.referral = referral
        activation.task.owner = actor
        return activation.process

    def preparer(self, activation):
        return activation.process.referral.prepared_by

    def recipient_keys(self, activation):
        return activation.process.referral.recipients.values_list("pk", flat=True)

    def recipient_of(self, activation) -> ReferralRecipient:
        """The recipient of the branch ``activation`` belongs to."""
        if getattr(activation, "recipient", None) is None:
            activation.recipient = ReferralRecipient.objects.get(
                pk=branch_key(activation.task),
                referral_id=activation.process.referral_id,
            )
        return activation.recipient

    def send_to_recipient(self, activation):
        ResponseFlow.start.run(recipient=self.recipient_of(activation))

    def day_after_deadline(self, activation) -> datetime.datetime:
        day = self.recipient_of(activation).deadline + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def branch_closed(self, activation) -> bool:
        return not self.recipient_of(activation).is_open

    def extension_requested(self, activation) -> bool:
        extensions = self.recipient_of(activation).extensions
        return extensions.filter(state=Extension.State.REQUESTED).exists()

    def deadline_passed(self, activation) -> bool:
        return self.recipient_of(activation).deadline < clock.today()

    def case_concluded(self, activation) -> bool:
        return memoranda.case_concluded(activation.process.referral)

    def close_after_decision(self, activation):
        memoranda.close_after_decision(
            referral=activation.process.referral,
            actor=self.preparer(activation),
            reason=CLOSED_AFTER_DECISION,
        )

    def record_overdue(self, activation):
        # mark_overdue marks every recipient past its deadline; the lock keeps
        # this one from being saved over by its response flow meanwhile.
        _locked_recipient(self.recipient_of(activation).pk)
        services.mark_overdue(actor=self.preparer(activation), reason=AUTOMATIC)


# --- the steps ----------------------------------------------------------------


def _locked_recipient(pk) -> ReferralRecipient:
    """The recipient, read afresh and locked until the transaction ends, so that
    the two flows never save it over each other."""
    return ReferralRecipient.objects.select_for_update().get(pk=pk)


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
        recipient = _locked_recipient(branch_key(task))
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
    recipient = _locked_recipient(recipient.pk)
    if recipient.is_open:
        services.give_up_waiting(recipient=recipient, actor=actor, reason=reason)


# --- the branches, woken by the response flow ----------------------------------


def _waiting_task(process, recipient_id):
    waiting = Task.objects.filter(
        process=process, flow_task=ReferralFlow.wait_for_answer, status=STATUS.NEW
    )
    return next((task for task in waiting if branch_key(task) == recipient_id), None)


def _process_of(recipient) -> ReferralProcess:
    return ReferralProcess.objects.get(referral_id=recipient.referral_id)


def wake_branch(recipient) -> bool:
    """Let the branch waiting for ``recipient`` look at it again: it answered,
    declined, or asks for more time. False when the branch waits no longer
    (its deadline passed and the join went on without it)."""
    process = _process_of(recipient)
    with ReferralFlow.lock(process.pk):
        task = _waiting_task(process, recipient.pk)
        if task is None:
            return False
        ReferralFlow.wait_for_answer.run(task)
        return True


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
    process = _process_of(recipient)
    with ReferralFlow.lock(process.pk):
        extension = services.request_extension(
            recipient=_locked_recipient(recipient.pk),
            requested_until=requested_until,
            reason_given=reason_given,
            actor=actor,
            reason=reason,
        )
        if not wake_branch(recipient):
            raise ValidationError(
                _("The referring office no longer waits for this answer."),
                code="branch_not_waiting",
            )
    return extension
