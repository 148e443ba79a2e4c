"""The referral flow: the executive board's side of the remiss round trip
(rules.md c.1, R39–R45). Its steps are in ``workflows.steps.referral``."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow import flow, lock

from casework import clock
from casework.referrals import memoranda, services
from casework.referrals.models import (
    Extension,
    ReferralProcess,
    ReferralRecipient,
)
from permissions import codes
from workflows.nodes import BranchWait, DynamicSplit, HumanTask, branch_key
from workflows.response import ResponseFlow
from workflows.steps import branch

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
        BranchWait()
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
    join_answers = (
        flow.Join()
        .Annotation(
            title=gettext_lazy("Every recipient has answered, declined or is overdue")
        )
        .Next(this.compile_answers)
    )

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
        branch.locked_recipient(self.recipient_of(activation).pk)
        services.mark_overdue(actor=self.preparer(activation), reason=AUTOMATIC)
