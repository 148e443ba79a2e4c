"""The minutes and the extract printed: each as a page without the site's
chrome and as a PDF, for whoever may read them on screen (R24, R26, R59)."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from casework import printing
from casework.meetings.views.items import extract_context
from casework.meetings.views.minutes import minutes_context

MINUTES_TEMPLATE = "meetings/minutes_print.html"
EXTRACT_TEMPLATE = "meetings/extract_print.html"


def _version_query(context) -> str:
    shown = context.get("shown")
    if shown is None or len(context["versions"]) < 2:
        return ""
    return f"?version={shown.number}"


def _minutes_print_context(request, pk) -> dict:
    context = minutes_context(request.user, pk, request.GET.get("version"))
    query = _version_query(context)
    return {
        **context,
        "back_url": reverse("meetings:minutes_detail", args=[pk]) + query,
        "back_label": _("Back to the minutes"),
        "pdf_url": reverse("meetings:minutes_pdf", args=[pk]) + query,
    }


@login_required
@require_safe
def minutes_print(request, pk):
    """The minutes as a Stockholm protocol, to print."""
    context = _minutes_print_context(request, pk)
    return printing.print_page(request, MINUTES_TEMPLATE, context)


@login_required
@require_safe
def minutes_pdf(request, pk):
    """The minutes as "Protokoll Trafiknämnden 2016-10-20.pdf"."""
    context = _minutes_print_context(request, pk)
    meeting = context["meeting"]
    name = printing.file_name(
        _("Minutes"), meeting.organisation.name, f"{meeting.held_on:%Y-%m-%d}"
    )
    return printing.pdf_response(request, MINUTES_TEMPLATE, context, name=name)


def _extract_print_context(request, pk) -> dict:
    return {
        **extract_context(request.user, pk),
        "back_url": reverse("meetings:extract_detail", args=[pk]),
        "back_label": _("Back to the extract"),
        "pdf_url": reverse("meetings:extract_pdf", args=[pk]),
    }


@login_required
@require_safe
def extract_print(request, pk):
    """One paragraph as an extract of the minutes, to print."""
    context = _extract_print_context(request, pk)
    return printing.print_page(request, EXTRACT_TEMPLATE, context)


@login_required
@require_safe
def extract_pdf(request, pk):
    """The extract as "Protokollsutdrag § 4 TN 2016-1234.pdf"."""
    context = _extract_print_context(request, pk)
    item = context["item"]
    name = printing.file_name(
        _("Extract of the minutes"),
        f"§ {item.paragraph_number}",
        item.case.registration_number if item.case else item.meeting.organisation,
    )
    return printing.pdf_response(request, EXTRACT_TEMPLATE, context, name=name)
