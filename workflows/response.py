"""The response flow: one recipient's side of the remiss round trip (rules.md
c.2, R42–R44), and the steps its human tasks run."""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this
from viewflow.workflow import flow, lock

from casework.history import field_error
from casework.meetings.models import AgendaItem, Minutes, ParagraphApproval
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.referrals import reports, services
from casework.referrals.models import (
    OfficerReport,
    ReferralRecipient,
    ResponseProcess,
)
from casework.registry import services as registry
from casework.registry.models import Document
from permissions import codes, rules
from workflows import tasks
from workflows.nodes import HumanTask
from workflows.steps import branch

AUTOMATIC = "automatic step of the response flow"
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
        return _current(activation).committee_case.case_officer

    def declined(self, activation) -> bool:
        return _current(activation).state == State.DECLINED

    def needs_division_review(self, activation) -> bool:
        return latest_report(_current(activation)).needs_division_review

    def returned(self, activation) -> bool:
        report = latest_report(_current(activation))
        return report.state == OfficerReport.State.DRAFT

    def item_handled(self, activation) -> bool:
        return committee_is_done(_current(activation))

    def item_decided(self, activation) -> bool:
        return latest_item(_current(activation)).is_decided

    def item_referred_back(self, activation) -> bool:
        item = latest_item(_current(activation))
        return item.state == AgendaItem.State.REFERRED_BACK

    def record_decided(self, activation):
        actor = self._this_owner(self.put_on_agenda)(activation)
        record_decision_of(_current(activation), actor=actor)

    def wake_board(self, activation):
        recipient_pk = activation.process.recipient_id
        lock.after_lock_released(functools.partial(branch.wake_board, recipient_pk))


# --- what the steps read --------------------------------------------------------


def _current(activation) -> ReferralRecipient:
    """The process's recipient as it is now: the steps save it through their
    own, locked copy, so the one cached on the process may be stale."""
    return ReferralRecipient.objects.select_related("committee_case").get(
        pk=activation.process.recipient_id
    )


def latest_report(recipient) -> OfficerReport | None:
    """The newest officer report in the recipient's own case."""
    if recipient.committee_case_id is None:
        return None
    return (
        OfficerReport.objects.filter(case_id=recipient.committee_case_id)
        .order_by("-id")
        .first()
    )


def latest_item(recipient) -> AgendaItem | None:
    """The newest agenda item on the recipient's own case."""
    if recipient.committee_case_id is None:
        return None
    return (
        AgendaItem.objects.filter(case_id=recipient.committee_case_id)
        .select_related("meeting")
        .order_by("-id")
        .first()
    )


def latest_extract(recipient) -> Document | None:
    return (
        Document.objects.filter(
            case_id=recipient.committee_case_id, kind=Document.Kind.MINUTES_EXTRACT
        )
        .order_by("-id")
        .first()
    )


def committee_is_done(recipient) -> bool:
    """The committee has handled the item: tabled it, referred it back, or
    decided it in a paragraph since approved, at the meeting (R25) or with the
    minutes (R24, R42)."""
    item = latest_item(recipient)
    if item is None or item.state in (AgendaItem.State.PENDING, AgendaItem.State.OPEN):
        return False
    if not item.is_decided:
        return True
    if ParagraphApproval.objects.filter(item=item).exists():
        return True
    return Minutes.objects.filter(
        meeting_id=item.meeting_id, state=Minutes.State.APPROVED
    ).exists()


def _locked(activation) -> ReferralRecipient:
    """The task's recipient, read afresh and locked until the transaction ends,
    so that the two flows never save it over each other."""
    pk = activation.process.recipient_id
    return ReferralRecipient.objects.select_for_update().get(pk=pk)


def record_decision_of(recipient, *, actor) -> Document:
    """The committee has decided and the paragraph is approved: the branch is
    "decided" and the extract is filed in the recipient's case (R42, c.2),
    unless the secretary has filed it already from the meeting's pages."""
    recipient = ReferralRecipient.objects.select_for_update().get(pk=recipient.pk)
    services.record_progress(
        recipient=recipient, state=State.DECIDED, actor=actor, reason=AUTOMATIC
    )
    item = latest_item(recipient)
    try:
        return minutes_services.file_extract(item=item, actor=actor, reason=AUTOMATIC)
    except ValidationError as error:
        if getattr(error, "code", None) != "extract_already_filed":
            raise
    return latest_extract(recipient)


# --- the steps ----------------------------------------------------------------


def register(
    *, task, actor, classification: str = "", reason: str = "referral registered"
):
    """The registrar registers the referral in the recipient's own register
    under its own number, linked to the board's case (R42, TF 2:9)."""

    def work(activation):
        return services.receive_referral(
            recipient=_locked(activation),
            classification=classification,
            actor=actor,
            reason=reason,
        )

    return tasks.carry_out(
        task=task, node=ResponseFlow.register, actor=actor, work=work
    )


def assign_officer(*, task, actor, officer, reason: str = "case officer assigned"):
    """The registrar or a head makes one of the department's case officers
    responsible; the officer report becomes that officer's task."""

    def work(activation):
        recipient = _current(activation)
        case = recipient.committee_case
        if not rules.can_assign_case_officer(actor, case):
            raise PermissionDenied(_("Only a registrar or a head assigns the case."))
        if not rules.holds_task_permission(
            officer, codes.DRAFT_OFFICER_REPORT, recipient.organisation_id
        ):
            raise field_error(
                "officer",
                _("This person does not write the department's reports."),
                code="officer_outside_organisation",
            )
        return registry.assign_case_officer(
            case=case, officer=officer, actor=actor, reason=reason
        )

    return tasks.carry_out(
        task=task, node=ResponseFlow.assign_officer, actor=actor, work=work
    )


def save_report(
    *,
    task,
    actor,
    clauses: list[str],
    submit: bool = False,
    reason: str = "officer report drafted",
    **sections,
) -> OfficerReport:
    """Write the officer report's sections and proposed clauses (R42, R78) and,
    with ``submit``, hand it to the heads; until then the task stays open. After
    a referral back by the committee a new report is drafted."""

    def work(activation):
        recipient = _current(activation)
        report = latest_report(recipient)
        if report is None or report.state != OfficerReport.State.DRAFT:
            report = reports.draft_officer_report(
                case=recipient.committee_case,
                addressed_to=recipient.organisation,
                clauses=clauses,
                actor=actor,
                reason=reason,
                **sections,
            )
        else:
            report = reports.revise_officer_report(
                report=report, clauses=clauses, actor=actor, reason=reason, **sections
            )
        if submit:
            reports.submit_for_review(report=report, actor=actor, reason=reason)
        return report

    return tasks.carry_out(
        task=task,
        node=ResponseFlow.draft_report,
        actor=actor,
        work=work,
        complete=submit,
    )


def decline(*, task, actor, reason_given: str, reason: str = "declined to answer"):
    """The recipient declines to answer, with a reason; the board's branch for
    it ends as declined (c.1 AVSTÅR)."""

    def work(activation):
        return services.decline_referral(
            recipient=_locked(activation),
            reason_given=reason_given,
            actor=actor,
            reason=reason,
        )

    return tasks.carry_out(
        task=task, node=ResponseFlow.draft_report, actor=actor, work=work
    )


def ask_for_extension(
    *,
    task,
    actor,
    requested_until: datetime.date,
    reason_given: str,
    reason: str = "extension requested",
):
    """From the officer report's task: ask the referring office for a later
    deadline (R44). The task stays open."""
    if task.flow_task is not ResponseFlow.draft_report:
        raise ValueError(f"{task} is not a draft_report task")
    task.refresh_from_db()
    if not rules.can_execute_task(actor, task):
        raise PermissionDenied(_("The task is not yours to carry out."))
    return branch.request_extension(
        recipient=task.process.coerced.recipient,
        requested_until=requested_until,
        reason_given=reason_given,
        actor=actor,
        reason=reason,
    )


def review(
    *,
    task,
    actor,
    approve: bool,
    comment: str = "",
    reason: str = "officer report reviewed",
) -> OfficerReport:
    """A head approves the report (the head of department's approval signs it)
    or returns it to the case officer with a comment (c.2 TU_GRANSKAD)."""
    if task.flow_task not in (
        ResponseFlow.division_review,
        ResponseFlow.department_review,
    ):
        raise ValueError(f"{task} is not a review task")

    def work(activation):
        report = latest_report(_current(activation))
        if approve:
            return reports.approve_report(report=report, actor=actor, reason=reason)
        return reports.return_report(
            report=report, comment=comment, actor=actor, reason=reason
        )

    return tasks.carry_out(task=task, node=task.flow_task, actor=actor, work=work)


def put_on_agenda(*, task, actor, meeting, reason: str = "put on the agenda"):
    """The committee secretary puts the approved report on a meeting of the
    recipient's committee, with its proposed clauses (c.2 TU_FASTSTÄLLD)."""

    def work(activation):
        recipient = _locked(activation)
        if meeting.organisation_id != recipient.organisation_id:
            raise field_error(
                "meeting",
                _("Choose a meeting of the committee that was asked."),
                code="meeting_of_another_body",
            )
        if not rules.can_keep_minutes(actor, meeting):
            raise PermissionDenied(_("Only the committee secretary sets the agenda."))
        report = latest_report(recipient)
        meeting_services.add_agenda_item(
            meeting=meeting,
            title=report.title,
            case=recipient.committee_case,
            proposal=report.proposal,
            actor=actor,
            reason=reason,
        )
        return services.record_progress(
            recipient=recipient, state=State.ON_AGENDA, actor=actor, reason=reason
        )

    return tasks.carry_out(
        task=task, node=ResponseFlow.put_on_agenda, actor=actor, work=work
    )


def send_answer(
    *, task, actor, stance: str, decision_text: str, reason: str = "answer sent"
) -> ReferralRecipient:
    """Send the extract and the officer report to the referring board: outgoing
    in the recipient's register, incoming in the board's case (R42)."""

    def work(activation):
        recipient = _locked(activation)
        report = latest_report(recipient)
        documents = [d for d in (latest_extract(recipient), report.document) if d]
        return services.dispatch_response(
            recipient=recipient,
            documents=documents,
            stance=stance,
            decision_text=decision_text,
            actor=actor,
            reason=reason,
        )

    return tasks.carry_out(
        task=task, node=ResponseFlow.dispatch_response, actor=actor, work=work
    )
