"""The steps of the response flow's human tasks (rules.md c.2, R42–R44): each
runs the recipient's services as the actor and completes its task."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from casework.meetings.services import meetings as meeting_services
from casework.records import field_error
from casework.referrals import reports, services
from casework.referrals.models import OfficerReport, ReferralRecipient
from casework.registry import services as registry
from permissions import codes, rules
from workflows import tasks
from workflows.response import ResponseFlow
from workflows.steps import branch
from workflows.steps.reading import (
    current,
    latest_extract,
    latest_item,
    latest_report,
    locked,
)

__all__ = [
    "assign_officer",
    "ask_for_extension",
    "decline",
    "latest_extract",
    "latest_item",
    "latest_report",
    "put_on_agenda",
    "register",
    "review",
    "save_report",
    "send_answer",
]

State = ReferralRecipient.State


def register(
    *, task, actor, classification: str = "", reason: str = "referral registered"
):
    """The registrar registers the referral in the recipient's own register
    under its own number, linked to the board's case (R42, TF 2:9)."""

    def work(activation):
        return services.receive_referral(
            recipient=locked(activation),
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
        recipient = current(activation)
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
        recipient = current(activation)
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
            recipient=locked(activation),
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
        report = latest_report(current(activation))
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
        recipient = locked(activation)
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
        recipient = locked(activation)
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
