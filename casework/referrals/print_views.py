"""The officer report and the memorandum printed: each as a page without the
site's chrome and as a PDF, for whoever may read the record (R78, R76, R79)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from casework import printing
from casework.meetings.models import AgendaItem, Memorandum, Statement
from casework.meetings.rendering import render_statement
from casework.referrals import memoranda
from casework.referrals.views import _report_context
from permissions import rules

REPORT_TEMPLATE = "referrals/report_print.html"
MEMORANDUM_TEMPLATE = "referrals/memorandum_print.html"


# --- the officer report -------------------------------------------------------


def _report_print_context(request, pk) -> dict:
    report = rules.get_officer_report_for_user_or_404(request.user, pk)
    return {
        **_report_context(request.user, report),
        "back_url": report.get_absolute_url(),
        "back_label": _("Back to the officer report"),
        "pdf_url": reverse("referrals:report_pdf", args=[report.pk]),
    }


@login_required
@require_safe
def report_print(request, pk):
    """The officer report in the layout of the department's template (R78)."""
    context = _report_print_context(request, pk)
    return printing.print_page(request, REPORT_TEMPLATE, context)


@login_required
@require_safe
def report_pdf(request, pk):
    """The printed officer report as "Tjänsteutlåtande <Dnr>.pdf"."""
    context = _report_print_context(request, pk)
    name = printing.file_name(
        pgettext_lazy("officer report", "Officer report"),
        context["case"].registration_number,
    )
    return printing.pdf_response(request, REPORT_TEMPLATE, context, name=name)


# --- the memorandum -----------------------------------------------------------


def treatments(memorandum: Memorandum) -> list[dict]:
    """How the bodies treated the memorandum's proposal, as the printed
    memorandum follows it (seeds 000, 001): each body's decision and the
    reservations and special statements in its approved minutes."""
    items = (
        AgendaItem.objects.filter(
            proposal_id=memorandum.proposal_id, paragraph_number__isnull=False
        )
        .select_related("meeting__organisation", "meeting__minutes")
        .prefetch_related(
            "immediate_approval",
            _statements_prefetch(),
        )
        .order_by("meeting__held_on", "pk")
    )
    return [
        {
            "body": item.meeting.organisation.name,
            "decision": item.decision_text,
            "statements": [render_statement(s) for s in item.statements.all()],
        }
        for item in items
        if memoranda.approved_at(item) is not None
    ]


def _statements_prefetch() -> Prefetch:
    return Prefetch(
        "statements",
        queryset=Statement.objects.select_related(
            "party",
            "item__meeting__organisation",
            "refers_to__item__meeting__organisation",
        ).prefetch_related("signatories__person", "clauses"),
    )


def lower_first(text: str) -> str:
    """ "Borgarrådsberedningen föreslår …" as it reads inside a sentence, for the
    rapporteur's own proposal "Jag föreslår att borgarrådsberedningen föreslår
    …" (seed 000)."""
    return text[:1].lower() + text[1:]


def _memorandum_print_context(request, pk) -> dict:
    memorandum = rules.get_memorandum_for_user_or_404(request.user, pk)
    proposal = memorandum.proposal
    return {
        "memorandum": memorandum,
        "case": memorandum.case,
        "clauses": list(proposal.clauses.all()),
        "introduction": proposal.introduction,
        "proposing": lower_first(proposal.introduction),
        "treatments": treatments(memorandum),
        "back_url": memorandum.case.get_absolute_url(),
        "back_label": _("Back to the case"),
        "pdf_url": reverse("referrals:memorandum_pdf", args=[memorandum.pk]),
    }


@login_required
@require_safe
def memorandum_print(request, pk):
    """The rapporteur's memorandum as the city prints it (R76, R79)."""
    context = _memorandum_print_context(request, pk)
    return printing.print_page(request, MEMORANDUM_TEMPLATE, context)


@login_required
@require_safe
def memorandum_pdf(request, pk):
    """The printed memorandum as "Promemoria PM 2011:102 RI.pdf"."""
    context = _memorandum_print_context(request, pk)
    name = printing.file_name(_("Memorandum"), context["memorandum"].designation)
    return printing.pdf_response(request, MEMORANDUM_TEMPLATE, context, name=name)
