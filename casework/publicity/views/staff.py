"""The registrars' pages: requests and their assessment (R63), masked copies
(R66), publication (R64) and the secretary's marking of a secret paragraph
(R67). Each write page parses a form and calls one service, which asks who
acts; the view's own check answers 404 or 403."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casework.meetings.views.common import (
    form_page,
    posted,
    require,
    require_get_or_post,
)
from casework.publicity import forms
from casework.publicity.models import DocumentRequest, MaskedRendition
from casework.publicity.services import disclosure
from casework.publicity.services import requests as services
from casework.registry.models import Document
from permissions import publicity as access
from permissions import rules

FORM_PAGE = "publicity/form_page.html"


def _page(request, form, service, *, message, done, heading, cancel_url, **extra):
    return form_page(
        request,
        form,
        service,
        message=message,
        done=done,
        template=FORM_PAGE,
        context={"heading": heading, "cancel_url": cancel_url, **extra},
    )


# --- requests (R63) ------------------------------------------------------------


@login_required
@require_safe
def request_list(request):
    """Open requests first, oldest first, then the answered with their
    response times."""
    require(access.handles_any_requests(request.user))
    visible = access.requests_visible_to(request.user).select_related("organisation")
    context = {
        "open_requests": visible.filter(state=DocumentRequest.State.OPEN).order_by(
            "received_at", "id"
        ),
        "answered": visible.filter(state=DocumentRequest.State.ANSWERED).order_by(
            "-answered_at", "-id"
        )[:100],
    }
    return render(request, "publicity/request_list.html", context)


def _named_documents(user, document_request) -> list[Document]:
    """The documents of the case the requester named, as the user sees them."""
    number = document_request.registration_number
    if not number:
        return []
    cases = rules.cases_visible_to(user).filter(registration_number=number)
    documents = []
    for case in cases[:3]:
        documents += list(rules.documents_visible_to(user, case).select_related("case"))
    return documents


@login_required
@require_safe
def request_detail(request, pk):
    user = request.user
    document_request = access.get_request_for_user_or_404(user, pk)
    context = {
        "document_request": document_request,
        "assessments": document_request.assessments.select_related(
            "document__case", "rendition", "assessed_by"
        ),
        "named_documents": _named_documents(user, document_request),
        "decision": getattr(document_request, "decision", None),
        "may": {
            "assess": access.can_answer(user, document_request),
            "decide": access.can_decide_refusal(user, document_request),
            "record_asked": access.can_record_decision_asked(user, document_request),
        },
    }
    return render(request, "publicity/request_detail.html", context)


def _handled_request(request, pk) -> DocumentRequest:
    return access.get_request_for_user_or_404(request.user, pk)


@login_required
@require_get_or_post
def request_assess(request, pk):
    document_request = _handled_request(request, pk)
    require(access.can_answer(request.user, document_request))
    return _page(
        request,
        forms.AssessForm(*posted(request), user=request.user),
        partial(services.assess_document, request=document_request),
        message=_("The assessment was recorded."),
        done=reverse("publicity:request_detail", args=[pk]),
        heading=_("Assess a document for the request"),
        cancel_url=reverse("publicity:request_detail", args=[pk]),
        notes=[
            _(
                "Every request needs its own assessment, whatever the document's "
                "marking says (OSL 5 kap. 5 §). What can be released is released; "
                "secret passages are masked in a copy (TF 2 kap. 15 §)."
            )
        ],
    )


@login_required
@require_get_or_post
def request_answer(request, pk):
    document_request = _handled_request(request, pk)
    require(access.can_answer(request.user, document_request))
    return _page(
        request,
        forms.RequestAnswerForm(*posted(request)),
        partial(services.answer_request, request=document_request),
        message=_("The request was answered; the response time is logged."),
        done=reverse("publicity:request_detail", args=[pk]),
        heading=_("Answer the request"),
        cancel_url=reverse("publicity:request_detail", args=[pk]),
        notes=[
            _(
                "A request is handled promptly (TF 2 kap. 15–16 §§): the time of "
                "the answer is logged and shown with the response time."
            )
        ],
    )


@login_required
@require_get_or_post
def request_decision_asked(request, pk):
    document_request = _handled_request(request, pk)
    require(access.can_record_decision_asked(request.user, document_request))
    return _page(
        request,
        forms.RecordDecisionAskedForm(*posted(request)),
        partial(services.ask_for_decision, request=document_request),
        message=_("Recorded: the requester asks for a decision."),
        done=reverse("publicity:request_detail", args=[pk]),
        heading=_("Record that the requester asks for a decision"),
        cancel_url=reverse("publicity:request_detail", args=[pk]),
    )


@login_required
@require_get_or_post
def request_decide(request, pk):
    document_request = _handled_request(request, pk)
    require(access.can_decide_refusal(request.user, document_request))
    return _page(
        request,
        forms.RefusalDecisionForm(*posted(request)),
        partial(services.decide_refusal, request=document_request),
        message=_("The decision was recorded with how to appeal it."),
        done=reverse("publicity:request_detail", args=[pk]),
        heading=_("Decide on the refusal"),
        cancel_url=reverse("publicity:request_detail", args=[pk]),
        notes=[
            _(
                "The decision states its grounds and the provisions applied, and "
                "says how to appeal to the administrative court of appeal "
                "(kammarrätten; OSL 6 kap. 7 §, FL 32–33 §§)."
            )
        ],
    )


# --- masked copies (R66) and publication (R64) ------------------------------------


@login_required
@require_get_or_post
def rendition_create(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    require(access.can_mask(request.user, document))
    version = document.versions.order_by("-number").first()
    return _page(
        request,
        forms.RenditionForm(*posted(request), initial={"marked_text": version.body}),
        partial(disclosure.create_masked_rendition, document=document),
        message=_("The masked copy was made; the original is unchanged."),
        done=lambda rendition: reverse(
            "publicity:rendition_detail", args=[rendition.pk]
        ),
        heading=_("Make a masked copy of %(designation)s")
        % {"designation": document.designation},
        cancel_url=document.get_absolute_url(),
        notes=[
            _(
                "Secrecy covers information, not whole documents: the rest is "
                "released (TF 2 kap. 15 §). The copy is linked to the original, "
                "which stays as it is."
            )
        ],
    )


@login_required
@require_safe
def rendition_detail(request, pk):
    try:
        rendition = MaskedRendition.objects.select_related("version", "created_by").get(
            pk=pk
        )
    except (MaskedRendition.DoesNotExist, ValueError, OverflowError) as error:
        raise Http404 from error
    document = rules.get_document_for_user_or_404(request.user, rendition.original_id)
    context = {"rendition": rendition, "document": document}
    return render(request, "publicity/rendition_detail.html", context)


def _publication_page(request, pk, *, service, heading, message):
    document = rules.get_document_for_user_or_404(request.user, pk)
    require(access.can_publish(request.user, document))
    return _page(
        request,
        forms.PublicationForm(*posted(request)),
        partial(service, document=document),
        message=message,
        done=document.get_absolute_url(),
        heading=heading % {"designation": document.designation},
        cancel_url=document.get_absolute_url(),
        notes=[
            _(
                "Publication is the authority's own choice and separate from the "
                "legal state: a draft may be published, e.g. as a meeting paper. "
                "A document marked confidential is never published."
            )
        ],
    )


@login_required
@require_get_or_post
def document_publish(request, pk):
    return _publication_page(
        request,
        pk,
        service=disclosure.publish_document,
        heading=_("Publish %(designation)s"),
        message=_("The document is published."),
    )


@login_required
@require_get_or_post
def document_withdraw(request, pk):
    return _publication_page(
        request,
        pk,
        service=disclosure.withdraw_publication,
        heading=_("Withdraw the publication of %(designation)s"),
        message=_("The publication was withdrawn."),
    )


# --- the minutes (R67) ------------------------------------------------------------


def _paragraph_page(request, pk, *, marked: bool, form_class, service, **texts):
    """The secretary's page marking a paragraph or lifting its marking: only
    one whose marking is in force (``marked``) or not, as the page needs."""
    item = rules.get_item_for_user_or_404(request.user, pk)
    require(access.can_mark_paragraph_secret(request.user, item))
    if marked != (hasattr(item, "secrecy") and item.secrecy.is_active):
        raise PermissionDenied
    return _page(
        request,
        form_class(*posted(request)),
        partial(service, item=item),
        done=item.get_absolute_url(),
        cancel_url=item.get_absolute_url(),
        item_title=str(item),
        **texts,
    )


@login_required
@require_get_or_post
def paragraph_secrecy(request, pk):
    return _paragraph_page(
        request,
        pk,
        marked=False,
        form_class=forms.ParagraphSecrecyForm,
        service=disclosure.mark_paragraph_secret,
        message=_("The paragraph is masked in the published minutes."),
        heading=_("Mark the paragraph as holding secret information"),
        notes=[
            _(
                "The published minutes show the paragraph's number and heading and "
                "mask the rest with the provision; the approved minutes are not "
                "changed (KL 6 kap. 25 §)."
            )
        ],
    )


@login_required
@require_get_or_post
def paragraph_unmark(request, pk):
    """Lift a paragraph's marking: the published minutes show it again (R67)."""
    return _paragraph_page(
        request,
        pk,
        marked=True,
        form_class=forms.UnmarkParagraphForm,
        service=disclosure.unmark_paragraph_secret,
        message=_("The paragraph is published in full again."),
        heading=_("Unmark the paragraph"),
        notes=[
            _(
                "The published minutes will show the whole paragraph again. Unmark "
                "only a paragraph that holds no information under secrecy."
            )
        ],
    )
