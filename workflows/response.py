"""The response flow: one recipient's side of the remiss round trip (rules.md
c.2, R42–R44). Its steps are in ``workflows.steps.response``; what its
conditions read, in ``workflows.steps.reading``."""

import functools

from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow import flow, lock

from casework.meetings.models import AgendaItem
from casework.referrals.models import (
    OfficerReport,
    ReferralRecipient,
    ResponseProcess,
)
from permissions import codes
from workflows.nodes import HumanTask
from workflows.steps import branch
from workflows.steps.reading import (
    committee_is_done,
    current,
    latest_item,
    latest_report,
    record_decision_of,
)

State = ReferralRecipient.State


class ResponseFlow(flow.Flow):
    """Response to a referral

    Started for each recipient when the referral is sent: the recipient's
    registrar registers it under the recipient's own number, a case officer is
    assigned and drafts the officer report (or the recipient declines to
    answer), the heads approve it or send it back, the committee secretary puts
    it on a meeting's agenda; once the committee has decided and the minutes are
    approved, the extract is filed and the case officer sends the answer, and
    the referring board's branch for this recipient ends.

    Whether the committee has decided is checked by ``manage.py
    workflow_timers`` (run every minute from cron) on the meeting machinery's
    records: decided with approved minutes, tabled (back to the agenda) or
    referred back (back to the case officer).
    """

    process_class = ResponseProcess
    process_title = gettext_lazy("Response to a referral")
    lock_impl = lock.SelectForUpdateLock(nowait=False)

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=gettext_lazy("The referral arrives"))
        .Next(this.register)
    )

    # registrar
    register = (
        HumanTask()
        .Annotation(title=gettext_lazy("Register the referral"))
        .Permission(codes.REGISTER_REFERRAL)
        .Next(this.assign_officer)
    )
    assign_officer = (
        HumanTask()
        .Annotation(title=gettext_lazy("Assign a case officer"))
        .Permission(codes.ASSIGN_REFERRAL_OFFICER)
        .Next(this.draft_report)
    )

    # case officer
    draft_report = (
        HumanTask()
        .Annotation(title=gettext_lazy("Draft the officer report"))
        .Permission(codes.DRAFT_OFFICER_REPORT)
        .Assign(this.case_officer)
        .Next(this.route_draft)
    )
    route_draft = (
        flow.Switch()
        .Annotation(title=gettext_lazy("Declined, or to which head?"))
        .Case(this.report_to_board, this.declined)
        .Case(this.division_review, this.needs_division_review)
        .Default(this.department_review)
    )
    dispatch_response = (
        HumanTask()
        .Annotation(title=gettext_lazy("Send the answer"))
        .Permission(codes.DISPATCH_RESPONSE)
        .Assign(this.case_officer)
        .Next(this.report_to_board)
    )

    # heads
    division_review = (
        HumanTask()
        .Annotation(title=gettext_lazy("Approve the officer report (head of division)"))
        .Permission(codes.REVIEW_REPORT_AS_DIVISION_HEAD)
        .Next(this.check_division_review)
    )
    check_division_review = (
        flow.If(this.returned)
        .Annotation(title=gettext_lazy("Returned?"))
        .Then(this.draft_report)
        .Else(this.department_review)
    )
    department_review = (
        HumanTask()
        .Annotation(
            title=gettext_lazy("Approve the officer report (head of department)")
        )
        .Permission(codes.REVIEW_REPORT_AS_DEPARTMENT_HEAD)
        .Next(this.check_department_review)
    )
    check_department_review = (
        flow.If(this.returned)
        .Annotation(title=gettext_lazy("Returned?"))
        .Then(this.draft_report)
        .Else(this.put_on_agenda)
    )

    # secretary
    put_on_agenda = (
        HumanTask()
        .Annotation(title=gettext_lazy("Put the officer report on the agenda"))
        .Permission(codes.PUT_REPORT_ON_AGENDA)
        .Next(this.await_decision)
    )

    # committee
    await_decision = (
        flow.ConditionalCatch(this.item_handled)
        .Annotation(
            title=gettext_lazy("The committee decides; the minutes are approved")
        )
        .Next(this.route_decision)
    )
    route_decision = (
        flow.Switch()
        .Annotation(title=gettext_lazy("Decided, referred back or tabled?"))
        .Case(this.record_decision, this.item_decided)
        .Case(this.draft_report, this.item_referred_back)
        .Default(this.put_on_agenda)
    )
    record_decision = (
        flow.Function(this.record_decided)
        .Annotation(title=gettext_lazy("The decision and its extract are recorded"))
        .Next(this.dispatch_response)
    )

    # board
    report_to_board = (
        flow.Function(this.wake_board)
        .Annotation(title=gettext_lazy("The referring board's branch ends"))
        .Next(this.end)
    )

    end = flow.End().Annotation(title=gettext_lazy("Answered or declined"))

    def start_process(self, activation, recipient):
        activation.process.recipient = recipient
        return activation.process

    def case_officer(self, activation):
        return current(activation).committee_case.case_officer

    def declined(self, activation) -> bool:
        return current(activation).state == State.DECLINED

    def needs_division_review(self, activation) -> bool:
        return latest_report(current(activation)).needs_division_review

    def returned(self, activation) -> bool:
        report = latest_report(current(activation))
        return report.state == OfficerReport.State.DRAFT

    def item_handled(self, activation) -> bool:
        return committee_is_done(current(activation))

    def item_decided(self, activation) -> bool:
        return latest_item(current(activation)).is_decided

    def item_referred_back(self, activation) -> bool:
        item = latest_item(current(activation))
        return item.state == AgendaItem.State.REFERRED_BACK

    def record_decided(self, activation):
        actor = self._this_owner(self.put_on_agenda)(activation)
        record_decision_of(current(activation), actor=actor)

    def wake_board(self, activation):
        recipient_pk = activation.process.recipient_id
        lock.after_lock_released(functools.partial(branch.wake_board, recipient_pk))
