"""Public access: what the public may see without logging in (V2, R64), and who
handles requests for official documents, masks documents and publishes them
(R63, R65–R67). The services ask these rules themselves; a view asks them too,
to answer 404 or 403.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from casework.directory.models import Organisation, StaffRole
from casework.publicity.models import Assessment, DocumentRequest
from casework.registry.models import (
    Attachment,
    ConfidentialityMarking,
    Document,
    Register,
)
from permissions import rules

Role = StaffRole.Role
# Those who mark a document confidential also judge what of it may be released
# and whether it is published (R65, R66).
DISCLOSING_ROLES = (Role.REGISTRAR, Role.HEAD_OF_DIVISION, Role.HEAD_OF_DEPARTMENT)


def _anonymous(user) -> bool:
    return not getattr(user, "is_authenticated", False) or not user.is_active


def _active_marking() -> Exists:
    return Exists(
        ConfidentialityMarking.objects.filter(
            document=OuterRef("pk"), lifted_on__isnull=True
        )
    )


# --- what the public sees (V2) ---------------------------------------------------


def public_condition() -> Q:
    """V2 as a filter: ``published OR (official AND NOT confidentiality-marked)``."""
    return Q(published=True) | (Q(state=Document.State.OFFICIAL) & ~_active_marking())


def is_public(document: Document, *, marked: bool | None = None) -> bool:
    """Whether anyone may read the document without logging in (V2, R64): it
    was published, or it is official and carries no active confidentiality
    marking. A marking is lifted by recording the day, so only markings
    without one count. ``marked`` spares the query when the caller has read
    the markings already."""
    if document.published:
        return True
    if document.state != Document.State.OFFICIAL:
        return False
    if marked is None:
        marked = document.confidentiality_markings.filter(
            lifted_on__isnull=True
        ).exists()
    return not marked


def public_documents() -> QuerySet:
    """Every document ``is_public`` answers yes for, in one query."""
    return Document.objects.filter(public_condition())


def get_public_document_or_404(pk) -> Document:
    try:
        return public_documents().select_related("case").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


# --- requests for official documents (R63) -----------------------------------------


def authorities_taking_requests() -> QuerySet:
    """The organisations a request can be addressed to: those keeping a register."""
    return Organisation.objects.filter(
        pk__in=Register.objects.values("organisation_id")
    ).order_by("name")


def handles_requests_of(user, organisation_id: int) -> bool:
    """The registrars of the organisation (and of the body it serves, or of
    the departments serving it) handle the requests made to it."""
    if _anonymous(user):
        return False
    return organisation_id in rules.access_for(user).organisations(Role.REGISTRAR)


def handles_any_requests(user) -> bool:
    """Whether the user is a registrar somewhere, and so handles requests."""
    if _anonymous(user):
        return False
    return bool(rules.access_for(user).organisations(Role.REGISTRAR))


def requests_visible_to(user) -> QuerySet:
    """The requests the user handles as a registrar; none for anyone else."""
    if _anonymous(user):
        return DocumentRequest.objects.none()
    scope = rules.access_for(user).organisations(Role.REGISTRAR)
    return DocumentRequest.objects.filter(organisation_id__in=scope)


def get_request_for_user_or_404(user, pk) -> DocumentRequest:
    try:
        return requests_visible_to(user).select_related("organisation").get(pk=pk)
    except (
        DocumentRequest.DoesNotExist,
        ValueError,
        TypeError,
        OverflowError,
    ) as error:
        raise Http404 from error


def get_request_by_reference_or_404(reference) -> DocumentRequest:
    """The requester's own view of a request: the receipt's reference opens it."""
    if not isinstance(reference, str) or len(reference) > 32:
        raise Http404
    try:
        return DocumentRequest.objects.select_related("organisation").get(
            reference=reference
        )
    except DocumentRequest.DoesNotExist as error:
        raise Http404 from error


def can_assess(user, request: DocumentRequest, document: Document) -> bool:
    """A registrar handling the request assesses documents of the cases of the
    organisations they register for, while the request is open."""
    if not request.is_open or not handles_requests_of(user, request.organisation_id):
        return False
    return handles_requests_of(user, document.case.organisation_id)


def can_answer(user, request: DocumentRequest) -> bool:
    return request.is_open and handles_requests_of(user, request.organisation_id)


def can_record_decision_asked(user, request: DocumentRequest) -> bool:
    """A registrar records that the requester asked for a decision (e.g. by
    telephone) once the request is answered with something withheld."""
    return (
        not request.is_open
        and request.decision_requested_at is None
        and request.assessments.exclude(outcome=Assessment.Outcome.RELEASED).exists()
        and handles_requests_of(user, request.organisation_id)
    )


def can_decide_refusal(user, request: DocumentRequest) -> bool:
    """Once the requester has asked for a decision and none has been made."""
    return (
        request.decision_requested_at is not None
        and not hasattr(request, "decision")
        and handles_requests_of(user, request.organisation_id)
    )


# --- masking and publication (R64, R66) ---------------------------------------------


def discloses_for(user, document: Document) -> bool:
    """Registrars and heads of the organisation handling the case decide what of
    its documents is released or published."""
    if _anonymous(user):
        return False
    return document.case.organisation_id in rules.access_for(user).organisations(
        *DISCLOSING_ROLES
    )


def can_mask(user, document: Document) -> bool:
    """Only an official document is masked: its content is frozen (R66)."""
    return document.is_official and discloses_for(user, document)


def can_publish(user, document: Document) -> bool:
    return discloses_for(user, document)


# --- the minutes (R67) ----------------------------------------------------------------


def can_mark_paragraph_secret(user, item) -> bool:
    """The committee's secretary, who keeps the minutes, marks a paragraph."""
    return rules.can_keep_minutes(user, item.meeting)


# --- the files of a public document (V2) ------------------------------------------


def public_attachments(document: Document) -> QuerySet:
    """The files of the version a public document shows: the current one."""
    return Attachment.objects.filter(
        version__document=document,
        version__number=document.versions.order_by("-number").values("number")[:1],
    )


def get_public_attachment_or_404(pk) -> Attachment:
    """A file anyone may download: one of the current version of a document
    that is public now (V2)."""
    try:
        attachment = Attachment.objects.select_related("version").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    document = get_public_document_or_404(attachment.version.document_id)
    if not public_attachments(document).filter(pk=attachment.pk).exists():
        raise Http404
    return attachment
