"""Who sees, revises and marks documents, their attachments and their
confidentiality markings, in a case or sent with a referral."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from casework.referrals.models import Referral, ReferralRecipient
from casework.registry.models import (
    Attachment,
    Case,
    ConfidentialityMarking,
    Document,
)
from permissions import codes
from permissions.rules.access import HANDLING_ROLES, Role, access_for, anonymous
from permissions.rules.cases import can_edit_case, sees_cases_of
from permissions.rules.memoranda import can_edit_memorandum, can_view_memorandum
from permissions.rules.referrals import can_view_officer_report


def _active_marking():
    return ConfidentialityMarking.objects.filter(
        document=OuterRef("pk"), lifted_on__isnull=True
    )


def documents_visible_to(user, case: Case) -> QuerySet:
    """The documents of a visible case a user may see: the filter form of
    ``can_view_document``.

    Drafts only to the staff handling the case, and a draft written through an
    officer report or a memorandum only to those its record admits (TU_UTKAST,
    PM_UTKAST); confidential documents only to its registrars, its case officer
    and its heads, and to auditors (logged later); official documents to
    everyone who may see the case.
    """
    documents = Document.objects.filter(case=case)
    if anonymous(user):
        return documents.none()
    access = access_for(user)
    handles = access.handles(case.organisation_id)
    if not handles:
        documents = documents.filter(state=Document.State.OFFICIAL)
    elif hidden := _record_drafts_hidden_from(user, case):
        documents = documents.exclude(pk__in=hidden)
    if not (handles or access.is_auditor):
        granted = _granted_document_ids(user, case)
        documents = documents.filter(~Exists(_active_marking()) | Q(pk__in=granted))
    return documents


def _record_drafts_hidden_from(user, case: Case) -> list[int]:
    """The drafts of ``case`` written through an officer report or a
    memorandum whose own page the user may not read: a department's registrar
    does not read a report still in its approval chain (issue 10 point 1)."""
    drafts = (
        Document.objects.filter(case=case, state=Document.State.DRAFT)
        .filter(Q(officer_report__isnull=False) | Q(memorandum__isnull=False))
        .select_related("officer_report__case", "memorandum__case")
    )
    return [d.pk for d in drafts if not _record_admits(user, d)]


def _record_admits(user, document: Document) -> bool:
    """Whether the record the document is written through, if any, may be read
    by the user on its own page."""
    report = getattr(document, "officer_report", None)
    if report is not None:
        return can_view_officer_report(user, report)
    memorandum = getattr(document, "memorandum", None)
    return memorandum is None or can_view_memorandum(user, memorandum)


def _granted_document_ids(user, case: Case) -> list[int]:
    return list(
        get_objects_for_user(
            user,
            codes.VIEW_CONFIDENTIAL_DOCUMENT,
            klass=Document.objects.filter(case=case),
            accept_global_perms=False,
        ).values_list("pk", flat=True)
    )


# The staff of a recipient who read what a referral sent it (R42): its
# registrars, case officers, heads and the committee's secretary.
RECIPIENT_STAFF_ROLES = (*HANDLING_ROLES, Role.COMMITTEE_SECRETARY)


def _sent_to(organisations) -> Exists:
    """The document went with a sent referral to one of ``organisations``."""
    return Exists(
        ReferralRecipient.objects.filter(
            referral__documents=OuterRef("pk"), organisation_id__in=organisations
        ).exclude(referral__state=Referral.State.DRAFT)
    )


def enclosures_visible_to(user) -> QuerySet:
    """The documents sent with a referral that the recipients' staff read:
    access follows the referral once it is sent, by the organisations the user
    works for (rules.md (d), R42). Only official documents travel; a
    confidential one only to those handling the referral at the recipient
    (registrars, case officers, heads), each read logged (V5)."""
    if anonymous(user):
        return Document.objects.none()
    access = access_for(user)
    staff = access.organisations(*RECIPIENT_STAFF_ROLES)
    if not staff:
        return Document.objects.none()
    handling = access.organisations(*HANDLING_ROLES)
    return Document.objects.filter(
        _sent_to(staff), state=Document.State.OFFICIAL
    ).filter(~Exists(_active_marking()) | _sent_to(handling))


def can_view_document(user, document: Document) -> bool:
    """The one rule asked by every page that shows, versions, downloads,
    revises or changes the state of a document, and by the services that
    change it: a document of a case the user sees, as ``documents_visible_to``
    lists it (this is its form for one document), or one a referral sent to
    the user's organisation."""
    if anonymous(user):
        return False
    case = document.case
    if sees_cases_of(user, case.organisation_id) and _sees_in_case(user, document):
        return True
    return enclosures_visible_to(user).filter(pk=document.pk).exists()


def _sees_in_case(user, document: Document) -> bool:
    access = access_for(user)
    if access.handles(document.case.organisation_id):
        return document.is_official or _record_admits(user, document)
    if not document.is_official:
        return False
    if access.is_auditor or not _active_marking_on(document):
        return True
    return document.pk in _granted_document_ids(user, document.case)


def _active_marking_on(document: Document) -> bool:
    return ConfidentialityMarking.objects.filter(
        document=document, lifted_on__isnull=True
    ).exists()


def get_document_for_user_or_404(user, pk) -> Document:
    """A document the user may see (``can_view_document``); any other answers
    404."""
    try:
        document = Document.objects.select_related(
            "case", "officer_report", "memorandum"
        ).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can_view_document(user, document):
        raise Http404
    return document


def written_through_its_record(document: Document) -> bool:
    """An officer report's or a memorandum's document: its text follows the
    record and is changed on the record's own page, only while the record
    allows it (rules.md c.2 TU_UTKAST, c.1 PM_UTKAST)."""
    return any(
        getattr(document, record, None) is not None
        for record in ("officer_report", "memorandum")
    )


def _writes_record_text(user, document: Document) -> bool:
    """Who changes the text of a record's document: the report's own case
    officer while it is a draft; the referring office while the memorandum
    may be edited."""
    report = getattr(document, "officer_report", None)
    if report is not None:
        return report.state == report.State.DRAFT and report.case_officer_id == user.pk
    memorandum = getattr(document, "memorandum", None)
    return memorandum is not None and can_edit_memorandum(user, memorandum)


def can_revise_document(user, document: Document, *, through_record=False) -> bool:
    """Change a document's content or files: a draft in place, an official
    document by a new version (R57). The case's registrars and its own case
    officer, on a document they may see; a document written through an
    officer report or a memorandum only through its record
    (``through_record``), by who may edit the record."""
    if anonymous(user) or not can_view_document(user, document):
        return False
    if written_through_its_record(document):
        return through_record and _writes_record_text(user, document)
    return can_edit_case(user, document.case)


def can_make_document_official(user, document: Document) -> bool:
    """Make a draft official by an act (R59). An officer report only once it
    is approved, by the staff handling the case (it goes with the committee's
    answer, R61c); a memorandum only when its case is concluded (R61b), never
    by hand; any other draft by the case's registrars and its case officer."""
    if document.is_official or not can_view_document(user, document):
        return False
    report = getattr(document, "officer_report", None)
    if report is not None:
        return report.state == report.State.APPROVED and access_for(user).handles(
            document.case.organisation_id
        )
    if getattr(document, "memorandum", None) is not None:
        return False
    return can_edit_case(user, document.case)


def can_mark_confidential(user, document: Document) -> bool:
    """Registrars and heads of the handling organisation mark confidentiality
    on a document they may see."""
    if anonymous(user):
        return False
    marks = document.case.organisation_id in access_for(user).organisations(
        Role.REGISTRAR, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT
    )
    return marks and can_view_document(user, document)


def get_attachment_for_user_or_404(user, pk) -> Attachment:
    """An attachment, if the user may see the document it belongs to."""
    try:
        attachment = Attachment.objects.select_related("version").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    get_document_for_user_or_404(user, attachment.version.document_id)
    return attachment


def get_marking_for_user_or_404(user, pk) -> ConfidentialityMarking:
    """A confidentiality marking, if the user may see the document it is on."""
    try:
        marking = ConfidentialityMarking.objects.select_related("authority").get(pk=pk)
    except (ConfidentialityMarking.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    marking.document = get_document_for_user_or_404(user, marking.document_id)
    return marking
