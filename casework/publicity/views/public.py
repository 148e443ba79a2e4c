"""The pages anyone reads without logging in: the request form and its receipt
(R63), a public document (V2, R64) and the published minutes (R67)."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings.views.common import require_get_or_post
from casework.publicity import forms, minutes
from casework.publicity.models import Assessment
from casework.publicity.services import requests as services
from casework.registry.downloads import attachment_response
from permissions import publicity as access

# At most this many requests from one address in the window: enough for a
# person, too few for a robot to flood the registrars' list.
REQUESTS_PER_WINDOW = 5
WINDOW_SECONDS = 600
PUBLISHED_SHOWN = 20


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_key(request) -> str:
    return f"publicity:requests-from:{_address(request)}"


def _over_limit(request) -> bool:
    return cache.get(_rate_key(request), 0) >= REQUESTS_PER_WINDOW


def _count(request) -> None:
    key = _rate_key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)


@require_get_or_post
def request_create(request):
    """Ask for official documents, anonymously if you like (TF 2:14–18, R63)."""
    form = forms.RequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _over_limit(request):
            form.add_error(
                None,
                ValidationError(
                    _(
                        "Too many requests from your connection just now. Wait ten "
                        "minutes, or call or write to the authority instead."
                    ),
                    code="rate_limited",
                ),
            )
            status = 429
        else:
            try:
                received = services.receive_request(**form.service_arguments())
            except ValidationError as error:
                form.add_service_error(error)
            else:
                _count(request)
                messages.success(
                    request,
                    _("Your request was received. Keep this page's address."),
                )
                return redirect("publicity:request_receipt", received.reference)
    context = {"form": form, "published": _recently_published()}
    return render(request, "publicity/request_form.html", context, status=status)


def _recently_published():
    """What the authorities chose to publish, newest first (R64): readable at
    once, without a request."""
    return (
        access.public_documents()
        .filter(published=True)
        .select_related("case")
        .order_by("-published_at", "-id")[:PUBLISHED_SHOWN]
    )


def _receipt_rows(document_request) -> list[dict]:
    """What the requester gets for each assessed document: the text, the masked
    text (R66) or the provision it was refused under."""
    rows = []
    for assessment in document_request.assessments.select_related(
        "document__case", "rendition"
    ):
        row = {"assessment": assessment, "text": ""}
        if assessment.outcome == Assessment.Outcome.RELEASED:
            version = assessment.document.versions.order_by("-number").first()
            row["text"] = version.body
        elif assessment.outcome == Assessment.Outcome.MASKED:
            row["text"] = assessment.rendition.body
        rows.append(row)
    return rows


@require_get_or_post
def request_receipt(request, reference):
    """The requester's own page: what was asked, when it was answered and the
    response time, the documents released, and a way to ask for an appealable
    decision on what was withheld (R63)."""
    document_request = access.get_request_by_reference_or_404(reference)
    form = forms.AskForDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_for_decision(
                request=document_request, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your request for a decision was received."))
            return redirect("publicity:request_receipt", reference)
    context = {
        "document_request": document_request,
        "rows": _receipt_rows(document_request),
        "withheld": services.withheld(document_request).exists(),
        "decision": getattr(document_request, "decision", None),
        "form": form,
    }
    return render(request, "publicity/request_receipt.html", context)


@require_safe
def public_document(request, pk):
    """A document anyone may read: published, or official and not marked (V2)."""
    document = access.get_public_document_or_404(pk)
    version = document.versions.order_by("-number").first()
    context = {
        "document": document,
        "version": version,
        "attachments": access.public_attachments(document),
    }
    return render(request, "publicity/public_document.html", context)


@require_safe
def public_attachment(request, pk):
    """A file of a public document, downloaded without logging in (V2)."""
    return attachment_response(access.get_public_attachment_or_404(pk))


@require_safe
def published_minutes(request, pk):
    """Approved minutes as published: secret paragraphs masked (R67)."""
    approved = minutes.approved_minutes_or_404(pk)
    context = {
        "minutes": approved,
        "meeting": approved.meeting,
        "document": minutes.published_minutes(approved.meeting_id),
        "notice": getattr(approved, "notice", None),
    }
    return render(request, "publicity/published_minutes.html", context)
