"""Who prepares, answers and reads referrals and officer reports."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from casework.meetings.models import Meeting
from casework.referrals.models import OfficerReport, Referral, ReferralRecipient
from casework.registry.models import Case
from permissions import codes
from permissions.rules.access import Role, access_for, anonymous
from permissions.rules.cases import cases_visible_to, sees_cases_of
from permissions.rules.meetings import meetings_visible_to
from permissions.rules.tasks import holds_task_permission


def can_draft_officer_report(user, case: Case) -> bool:
    """The staff handling the case at its department draft its officer report."""
    if anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return case.organisation_id in access_for(user).organisations(
        Role.CASE_OFFICER, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )


def can_review_officer_report(user, report, *, division: bool) -> bool:
    """The head of division, then the head of department, of the report's
    department approve it or send it back."""
    if anonymous(user):
        return False
    role = Role.HEAD_OF_DIVISION if division else Role.HEAD_OF_DEPARTMENT
    return any(
        r == role and org == report.department_id
        for r, org, _serves in access_for(user).roles
    )


# --- referral and officer report pages ----------------------------------------

REPORT_WRITING_ROLES = (
    Role.CASE_OFFICER,
    Role.HEAD_OF_DIVISION,
    Role.HEAD_OF_DEPARTMENT,
)


def referrals_visible_to(user) -> QuerySet:
    """The referrals a user may read: those of the cases the user may see, and,
    once sent, those asked of an organisation the user works for (the letter is
    official when it is dispatched, R59a)."""
    if anonymous(user):
        return Referral.objects.none()
    asked = ReferralRecipient.objects.filter(
        referral=OuterRef("pk"),
        organisation_id__in=access_for(user).organisations(),
    )
    sent_to_own = ~Q(state=Referral.State.DRAFT) & Q(Exists(asked))
    return Referral.objects.filter(Q(case__in=cases_visible_to(user)) | sent_to_own)


def get_referral_for_user_or_404(user, pk):
    try:
        return (
            referrals_visible_to(user)
            .select_related("case__organisation", "letter__case", "prepared_by")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _writes_reports_of(user, report) -> bool:
    """The report's author, and the case officers and heads of its department
    itself: neither its registrars nor the committee's staff (rules.md (d),
    TU_UTKAST: reviewers on a need-to-know basis)."""
    if report.case_officer_id == user.pk:
        return True
    return any(
        role in REPORT_WRITING_ROLES and org == report.department_id
        for role, org, _serves in access_for(user).roles
    )


def _answer_sent_with(report):
    """The referral answer the report went with, once it is sent to the
    referring body (sv. expedierat); None before that or without a referral."""
    recipient = getattr(report.case, "referral_recipient", None)
    if recipient is None or recipient.state != ReferralRecipient.State.ANSWERED:
        return None
    return recipient


def _receives_meeting_papers(user) -> bool:
    """Whether the user sits in a body or is a party secretary: those to whom
    a meeting's papers are sent, told from the roles already read."""
    access = access_for(user)
    return bool(access.seat_organisations) or any(
        role == Role.PARTY_SECRETARY for role, _org, _serves in access.roles
    )


def _sent_with_a_notice(user, report) -> bool:
    """The report's proposal is on the agenda of a meeting whose notice has
    been sent, and the user receives that meeting's papers: its body's
    members and substitutes, the party secretaries (rules.md (d), V3)."""
    if report.proposal_id is None or not _receives_meeting_papers(user):
        return False
    meetings = meetings_visible_to(user).filter(items__proposal_id=report.proposal_id)
    return meetings.exclude(state=Meeting.State.PLANNED).exists()


def can_view_officer_report(user, report) -> bool:
    """rules.md (d): a draft, also while with the heads, only to its author and
    its department's case officers and heads (TU_UTKAST); the approved report
    also to the members and staff of the committee it is addressed to
    (TU_FASTSTÄLLD, R61a) and, once sent with the notice of a meeting, to all
    who receive that meeting's papers; once the committee's answer is sent, to
    everyone who may see the committee's case or the referring case."""
    if anonymous(user):
        return False
    if _writes_reports_of(user, report):
        return True
    if report.state != OfficerReport.State.APPROVED:
        return False
    access = access_for(user)
    if report.addressed_to_id in access.organisations() | access.seat_organisations:
        return True
    if _sent_with_a_notice(user, report):
        return True
    recipient = _answer_sent_with(report)
    return recipient is not None and (
        sees_cases_of(user, report.case.organisation_id)
        or sees_cases_of(user, recipient.referral.case.organisation_id)
    )


def can_view_review_comments(user, report) -> bool:
    """The heads' comments on returning a report are the department's own
    working material (TF 2:12)."""
    return not anonymous(user) and _writes_reports_of(user, report)


def get_officer_report_for_user_or_404(user, pk):
    """An officer report the user may read; any other answers 404."""
    try:
        report = OfficerReport.objects.select_related(
            "case__organisation",
            "case__referral_recipient__referral__case",
            "department",
            "addressed_to",
            "case_officer",
            "division_head",
            "department_head",
        ).get(pk=pk)
    except (OfficerReport.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_officer_report(user, report):
        raise Http404
    return report


def can_prepare_referral(user, case: Case) -> bool:
    """The referring office's case officers and heads prepare and send a
    referral in a case of their organisation (R39)."""
    if anonymous(user) or case.status == Case.Status.CLOSED:
        return False
    return holds_task_permission(user, codes.DISPATCH_REFERRAL, case.organisation_id)


def can_handle_referral(user, referral) -> bool:
    """The referring office's case officers and heads decide on requests for an
    extension and compile the answers (R43, R45)."""
    return holds_task_permission(
        user, codes.DECIDE_EXTENSION, referral.case.organisation_id
    )


def can_answer_referral(user, recipient) -> bool:
    """The recipient's registrars, case officers and heads ask for an extension,
    decline to answer and send the answer (R42–R44)."""
    return any(
        holds_task_permission(user, permission, recipient.organisation_id)
        for permission in (codes.DISPATCH_RESPONSE, codes.DRAFT_OFFICER_REPORT)
    )
