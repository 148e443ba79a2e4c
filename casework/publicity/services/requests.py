"""Requests for official documents (sv. begäran om allmän handling, TF 2:15–19,
OSL 6 kap., R63): received from anyone, anonymously; each document assessed
afresh (R65); the answer logged with its time, so the response time shows; a
refusal made an appealable decision when the requester asks for one.

Every function is keyword-only and atomic, asks ``permissions.publicity``
whether the actor may act, and locks the request row before it changes its
state, so that of two racing acts one wins and the other is told why.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.history import save_tracked
from casework.publicity.masking import normalise_provision, valid_provision
from casework.publicity.models import (
    APPEAL_INSTRUCTIONS,
    Assessment,
    DocumentRequest,
    MaskedRendition,
    RefusalDecision,
)
from casework.records import field_error
from casework.registry.models import Document
from permissions import publicity as access

Outcome = Assessment.Outcome
RECEIVED = "request received"


@transaction.atomic
def receive_request(
    *,
    organisation,
    asked_for: str = "",
    registration_number: str = "",
    requester_name: str = "",
    requester_contact: str = "",
) -> DocumentRequest:
    """Register a request as it arrives, with the time received. Anyone may
    ask, without giving a name or a purpose (TF 2:18): no actor."""
    asked_for, number = asked_for.strip(), registration_number.strip()
    if not (asked_for or number):
        raise field_error(
            "asked_for",
            _("Say which document you want: a registration number or a description."),
            code="nothing_asked_for",
        )
    if not access.authorities_taking_requests().filter(pk=organisation.pk).exists():
        raise field_error(
            "organisation",
            _("Choose an authority that keeps a register."),
            code="not_an_authority",
        )
    request = DocumentRequest(
        organisation=organisation,
        asked_for=asked_for,
        registration_number=number,
        requester_name=requester_name.strip(),
        requester_contact=requester_contact.strip(),
    )
    return save_tracked(request, actor=None, reason=RECEIVED)


def _locked(request: DocumentRequest) -> DocumentRequest:
    """The request as it is now, locked until the transaction ends."""
    return DocumentRequest.objects.select_for_update().get(pk=request.pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not handle this request."))


def _require_open(request: DocumentRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("The request has already been answered."), code="request_answered"
        )


@transaction.atomic
def assess_document(
    *,
    request: DocumentRequest,
    document: Document,
    outcome: str,
    actor,
    reason: str,
    provision: str = "",
    rendition: MaskedRendition | None = None,
) -> Assessment:
    """Record the assessment of one document for the request (R65): released
    in full; released masked, which hands over a masked rendition of it (R66);
    or refused under a provision of OSL. Only an official document is asked
    for under TF; a published draft is public anyway (R64)."""
    request = _locked(request)
    _require_open(request)
    _require(access.can_assess(actor, request, document))
    if not document.is_official:
        raise field_error(
            "document",
            _(
                "A draft is not an official document and is not assessed "
                "(TF 2 kap. 12 §)."
            ),
            code="not_official",
        )
    if request.assessments.filter(document=document).exists():
        raise field_error(
            "document",
            _("This document has already been assessed for the request."),
            code="already_assessed",
        )
    assessment = Assessment(
        request=request,
        document=document,
        outcome=outcome,
        provision=_provision_for(outcome, provision),
        rendition=_rendition_for(outcome, rendition, document),
        assessed_by=actor,
    )
    return save_tracked(assessment, actor=actor, reason=reason)


def _provision_for(outcome: str, provision: str) -> str:
    if outcome == Outcome.RELEASED:
        return ""
    if not valid_provision(provision):
        raise field_error(
            "provision",
            _(
                "What is withheld is withheld under a provision: chapter and section "
                "of OSL, e.g. “OSL 21 kap. 1 §”."
            ),
            code="provision_required",
        )
    return normalise_provision(provision)


def _rendition_for(outcome: str, rendition, document: Document):
    if outcome != Outcome.MASKED:
        return None
    if rendition is None or rendition.original_id != document.pk:
        raise field_error(
            "rendition",
            _("Choose a masked copy of this document; make one first if none exists."),
            code="rendition_required",
        )
    return rendition


@transaction.atomic
def answer_request(
    *, request: DocumentRequest, answer: str, actor, reason: str
) -> DocumentRequest:
    """Answer the requester: the time is logged and the response time shows
    (TF 2:15–16 "skyndsamt", R63). An answer names its assessments or says why
    there is nothing to assess, e.g. that no such document exists."""
    request = _locked(request)
    _require_open(request)
    _require(access.can_answer(actor, request))
    answer = answer.strip()
    if not answer and not request.assessments.exists():
        raise field_error(
            "answer",
            _("Assess a document or write the answer to the requester."),
            code="empty_answer",
        )
    request.answer = answer
    request.state = DocumentRequest.State.ANSWERED
    request.answered_at = clock.now()
    request.answered_by = actor
    return save_tracked(request, actor=actor, reason=reason)


def withheld(request: DocumentRequest):
    """The assessments that withheld something: refused or masked."""
    return request.assessments.exclude(outcome=Outcome.RELEASED)


@transaction.atomic
def ask_for_decision(
    *, request: DocumentRequest, actor=None, note: str = ""
) -> DocumentRequest:
    """The requester asks for an appealable decision on what was withheld (OSL
    6:3 2 st.). Asked on the receipt's page, anonymously (no actor), or
    recorded by the registrar handling the request on the requester's behalf;
    ``note`` keeps what the requester added, or how they asked."""
    request = _locked(request)
    if actor is not None:
        _require(access.handles_requests_of(actor, request.organisation_id))
    if request.is_open or not withheld(request).exists():
        raise ValidationError(
            _("A decision can be asked for once something has been withheld."),
            code="nothing_withheld",
        )
    if request.decision_requested_at is not None:
        raise ValidationError(
            _("A decision has already been asked for."), code="decision_asked"
        )
    request.decision_requested_at = clock.now()
    request.decision_request_note = note.strip()
    return save_tracked(request, actor=actor, reason="decision requested")


@transaction.atomic
def decide_refusal(
    *, request: DocumentRequest, grounds: str, actor, reason: str
) -> RefusalDecision:
    """Make the refusal an appealable decision: the grounds, the provisions of
    the refused and masked documents and how to appeal to the administrative
    court of appeal (TF 2:19, OSL 6:7–6:8, FL 32–33 §§)."""
    request = _locked(request)
    _require(access.handles_requests_of(actor, request.organisation_id))
    if request.decision_requested_at is None:
        raise ValidationError(
            _("The requester has not asked for a decision."),
            code="decision_not_asked",
        )
    if RefusalDecision.objects.filter(request=request).exists():
        raise ValidationError(
            _("The decision has already been made."), code="already_decided"
        )
    if not grounds.strip():
        raise field_error(
            "grounds", _("State the grounds of the decision."), code="grounds_required"
        )
    provisions = dict.fromkeys(a.provision for a in withheld(request))
    decision = RefusalDecision(
        request=request,
        grounds=grounds.strip(),
        provisions="; ".join(provisions),
        appeal_instructions=APPEAL_INSTRUCTIONS.format(
            authority=request.organisation.name
        ),
        decided_by=actor,
    )
    return save_tracked(decision, actor=actor, reason=reason)
