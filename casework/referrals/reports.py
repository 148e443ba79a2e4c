"""The write path for officer reports (sv. tjänsteutlåtanden): draft, review by
the heads with a return loop, approval and signature (R42, R78, c.2)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.meetings.models import ProposedResolution
from casework.meetings.services import proceedings
from casework.referrals.models import OfficerReport, ReviewComment
from casework.registry import services as registry
from casework.registry.models import Case, Document
from permissions import rules

State = OfficerReport.State
TEXT_FIELDS = (
    "title",
    "summary",
    "background",
    "preparation",
    "opinions",
    "appendices",
)


def _refuse(message, code):
    raise ValidationError(message, code=code)


def body_text(report: OfficerReport) -> str:
    """The report as the document's text, section by section (R78)."""
    clauses = "\n".join(f"{c.number}. {c.text}" for c in report.proposal.clauses.all())
    sections = [
        (_("Proposed resolution"), clauses),
        (_("Summary"), report.summary),
        (_("Background"), report.background),
        (_("Preparation of the case"), report.preparation),
        (_("The department's views"), report.opinions),
        (_("Appendices"), report.appendices),
    ]
    return "\n\n".join(f"{heading}\n{text}" for heading, text in sections if text)


def department_of(case: Case) -> Organisation:
    """The department that prepares a case: the keeper of its register, or the
    department serving the case's organisation."""
    keeper = case.register.organisation
    if keeper.kind == Organisation.Kind.DEPARTMENT:
        return keeper
    return (
        Organisation.objects.filter(serves=case.organisation).order_by("id").first()
        or keeper
    )


@transaction.atomic
def draft_officer_report(
    *,
    case,
    addressed_to,
    title: str,
    clauses: list[str],
    actor,
    reason: str,
    meeting_date: datetime.date | None = None,
    phone: str = "",
    unit: str = "",
    summary: str = "",
    background: str = "",
    preparation: str = "",
    opinions: str = "",
    appendices: str = "",
    needs_division_review: bool = False,
) -> OfficerReport:
    """Start an officer report in the recipient's case; it is a draft and not
    official (TF 2:12)."""
    if not rules.can_draft_officer_report(actor, case):
        raise PermissionDenied(_("Only the case's own department drafts its report."))
    proposal = proceedings.propose_resolution(
        case=case,
        source=ProposedResolution.Source.OFFICER_REPORT,
        clauses=clauses,
        actor=actor,
        reason=reason,
    )
    document = registry._register_document(
        case=case,
        direction=Document.Direction.DRAWN_UP,
        kind=Document.Kind.OFFICER_REPORT,
        title=title,
        public_description=_("Officer report: %(title)s") % {"title": title},
        actor=actor,
        reason=reason,
    )
    report = OfficerReport(
        case=case,
        document=document,
        department=department_of(case),
        addressed_to=addressed_to,
        meeting_date=meeting_date,
        case_officer=actor,
        phone=phone,
        unit=unit,
        title=title,
        summary=summary,
        background=background,
        preparation=preparation,
        opinions=opinions,
        appendices=appendices,
        proposal=proposal,
        needs_division_review=needs_division_review,
    )
    proposal.document = document
    save_tracked(proposal, actor=actor, reason=reason)
    save_tracked(report, actor=actor, reason=reason)
    _sync_document(report, actor=actor, reason=reason)
    return report


def _sync_document(report: OfficerReport, *, actor, reason: str) -> None:
    registry.revise_document(
        document=report.document,
        title=report.title,
        body=body_text(report),
        actor=actor,
        reason=reason,
        through_record=True,
    )


def _require_draft(report: OfficerReport) -> None:
    if report.state != State.DRAFT:
        _refuse(
            _("The report is “%(state)s” and cannot be edited now.")
            % {"state": report.get_state_display()},
            "report_not_draft",
        )


@transaction.atomic
def revise_officer_report(
    *,
    report: OfficerReport,
    actor,
    reason: str,
    clauses: list[str] | None = None,
    **fields,
) -> OfficerReport:
    """Edit the draft's sections and clauses; only its case officer does."""
    if report.case_officer_id != actor.pk:
        raise PermissionDenied(_("Only the report's case officer edits it."))
    _require_draft(report)
    for name, value in fields.items():
        if name not in (
            *TEXT_FIELDS,
            "meeting_date",
            "phone",
            "unit",
            "needs_division_review",
        ):
            raise TypeError(f"unknown field {name}")
        setattr(report, name, value)
    save_tracked(report, actor=actor, reason=reason)
    if clauses is not None:
        _replace_clauses(report, clauses, actor=actor, reason=reason)
    _sync_document(report, actor=actor, reason=reason)
    return report


def _replace_clauses(report, clauses, *, actor, reason) -> None:
    texts = [text.strip() for text in clauses if text and text.strip()]
    if not texts:
        _refuse(_("A proposal needs at least one clause."), "no_clauses")
    existing = {clause.number: clause for clause in report.proposal.clauses.all()}
    for number, text in enumerate(texts, start=1):
        clause = existing.pop(number, None)
        if clause is None:
            clause = report.proposal.clauses.model(
                resolution=report.proposal, number=number
            )
        if clause.text != text:
            clause.text = text
            save_tracked(clause, actor=actor, reason=reason)
    for clause in existing.values():
        clause._history_user = actor
        clause._change_reason = reason
        clause.delete()


@transaction.atomic
def submit_for_review(*, report: OfficerReport, actor, reason: str) -> OfficerReport:
    """Send the draft to the head of division, or straight to the head of
    department where the department has no divisions."""
    if report.case_officer_id != actor.pk:
        raise PermissionDenied(_("Only the report's case officer submits it."))
    _require_draft(report)
    report.state = (
        State.DIVISION_REVIEW
        if report.needs_division_review
        else State.DEPARTMENT_REVIEW
    )
    return save_tracked(report, actor=actor, reason=reason)


@transaction.atomic
def approve_report(*, report: OfficerReport, actor, reason: str) -> OfficerReport:
    """A head approves: the head of division passes it on; the head of
    department's approval signs it by name and role."""
    if report.state == State.DIVISION_REVIEW:
        _require_head(actor, report, division=True)
        report.division_head = actor
        report.state = State.DEPARTMENT_REVIEW
    elif report.state == State.DEPARTMENT_REVIEW:
        _require_head(actor, report, division=False)
        report.department_head = actor
        report.state = State.APPROVED
        report.approved_at = clock.now()
    else:
        _refuse(_("The report is not waiting for approval."), "report_not_in_review")
    return save_tracked(report, actor=actor, reason=reason)


def _require_head(actor, report: OfficerReport, *, division: bool) -> None:
    if not rules.can_review_officer_report(actor, report, division=division):
        raise PermissionDenied(
            _("Only the department's head may approve at this step.")
        )


@transaction.atomic
def return_report(
    *, report: OfficerReport, comment: str, actor, reason: str
) -> OfficerReport:
    """A head returns the report to the case officer with a comment."""
    if report.state not in (State.DIVISION_REVIEW, State.DEPARTMENT_REVIEW):
        _refuse(_("The report is not waiting for approval."), "report_not_in_review")
    _require_head(actor, report, division=report.state == State.DIVISION_REVIEW)
    if not comment.strip():
        _refuse(_("Say what should change."), "comment_required")
    save_tracked(
        ReviewComment(report=report, author=actor, text=comment.strip()),
        actor=actor,
        reason=reason,
    )
    report.state = State.DRAFT
    return save_tracked(report, actor=actor, reason=reason)
