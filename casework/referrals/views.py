"""The read pages of the remiss round trip: the referrals a user may see, one
referral with its recipients, the answer dashboard, and the officer reports on
screen (R40–R45; printed in print_views.py). Nothing here writes: the steps that do
are the workflow's task pages, and the memorandum's two pages below."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from casework import clock
from casework.meetings.models import AgendaItem, Clause
from casework.referrals import forms, memoranda, summary
from casework.referrals.models import (
    Extension,
    OfficerReport,
    ReferralRecipient,
    Reminder,
)
from permissions import rules

REFERRALS_PER_PAGE = 25


# --- the referrals ------------------------------------------------------------


@login_required
@require_safe
def referral_list(request):
    answered = Q(recipients__state=ReferralRecipient.State.ANSWERED)
    referrals = (
        rules.referrals_visible_to(request.user)
        .select_related("case")
        .annotate(
            recipient_count=Count("recipients"),
            answered_count=Count("recipients", filter=answered),
        )
        .order_by("-response_deadline", "-id")
    )
    page = Paginator(referrals, REFERRALS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
    }
    return render(request, "referrals/referral_list.html", context)


def _recipients_of(referral):
    return list(referral.recipients.select_related("organisation", "committee_case"))


def _recipient_rows(user, referral, recipients) -> list[dict]:
    """Each recipient with its deadline marks and whether the user may open the
    recipient's own case."""
    ids = [r.committee_case_id for r in recipients if r.committee_case_id]
    visible = set(
        rules.cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
        if ids
        else ()
    )
    today = clock.today()
    return [
        {
            "recipient": recipient,
            "extended": recipient.deadline != referral.response_deadline,
            "overdue": recipient.state == ReferralRecipient.State.OVERDUE
            or recipient.is_overdue(today),
            "case_visible": recipient.committee_case_id in visible,
        }
        for recipient in recipients
    ]


def _documents_sent(user, referral, may_see_case: bool):
    """The documents that went with the referral and the user may open: in the
    referring case, or as its recipient's staff (access follows the referral)."""
    documents = referral.documents.select_related("case").order_by("sequence")
    if may_see_case:
        visible = rules.documents_visible_to(user, referral.case)
    else:
        visible = rules.enclosures_visible_to(user)
    return documents.filter(pk__in=visible.values("pk"))


def _reminder_rows(referral) -> list[dict]:
    reminders = Reminder.objects.filter(recipient__referral=referral).select_related(
        "recipient__organisation"
    )
    return [
        {"reminder": reminder, "when": _offset_label(reminder.offset_days)}
        for reminder in reminders.order_by("due_on", "recipient__organisation__name")
    ]


def _offset_label(offset: int) -> str:
    days = abs(offset)
    if offset < 0:
        text = ngettext(
            "%(days)s day before the deadline",
            "%(days)s days before the deadline",
            days,
        )
    elif offset > 0:
        text = ngettext(
            "%(days)s day after the deadline", "%(days)s days after the deadline", days
        )
    else:
        return _("On the deadline")
    return text % {"days": days}


@login_required
@require_safe
def referral_detail(request, pk):
    user = request.user
    referral = rules.get_referral_for_user_or_404(user, pk)
    may_see_case = rules.can_view_case(user, referral.case)
    extensions = Extension.objects.filter(recipient__referral=referral)
    context = {
        "referral": referral,
        "may_see_case": may_see_case,
        "recipients": _recipient_rows(user, referral, _recipients_of(referral)),
        "documents": _documents_sent(user, referral, may_see_case),
        "extensions": extensions.select_related(
            "recipient__organisation", "requested_by", "decided_by"
        ).order_by("requested_at", "pk"),
        "reminders": _reminder_rows(referral),
        "memoranda": rules.memoranda_visible_to(user, referral.case),
    }
    context["may_draw_up_memorandum"] = (
        referral.state == referral.State.COMPILED
        and not referral.case.memoranda.exists()
        and rules.can_handle_referral(user, referral)
    )
    return render(request, "referrals/referral_detail.html", context)


# --- the answers --------------------------------------------------------------


def _reports_shown(user, recipients) -> dict:
    """For each recipient's case, the newest officer report the user may read;
    one query, the permission answered from what is already loaded."""
    by_case = {r.committee_case_id: r for r in recipients if r.committee_case_id}
    reports = OfficerReport.objects.filter(case_id__in=by_case).select_related(
        "department"
    )
    shown = {}
    for report in reports.order_by("-id"):
        if report.case_id in shown:
            continue
        report.case = by_case[report.case_id].committee_case
        if rules.can_view_officer_report(user, report):
            shown[report.case_id] = report
    return shown


def _answer(recipient, report) -> summary.Answer:
    quote = None
    if report is not None and report.state == OfficerReport.State.APPROVED:
        approved_on = report.approved_at and timezone.localdate(report.approved_at)
        quote = summary.Quote(
            department=report.department.name,
            dated=approved_on,
            text=report.summary or report.opinions,
        )
    return summary.Answer(
        organisation=recipient.organisation.name,
        state=recipient.state,
        stance=recipient.stance,
        quote=quote,
    )


@login_required
@require_safe
def dashboard(request, pk):
    user = request.user
    referral = rules.get_referral_for_user_or_404(user, pk)
    recipients = _recipients_of(referral)
    reports = _reports_shown(user, recipients)
    rows = [(r, reports.get(r.committee_case_id)) for r in recipients]
    context = {
        "referral": referral,
        "rows": rows,
        "draft": "",
        "memoranda": rules.memoranda_visible_to(user, referral.case),
    }
    # The compilation is the referring office's working material (c.1).
    context["may_see_case"] = rules.can_view_case(user, referral.case)
    if context["may_see_case"]:
        answers = [_answer(recipient, report) for recipient, report in rows]
        context["draft"] = summary.compile_summary(answers)
    return render(request, "referrals/dashboard.html", context)


# --- officer reports ----------------------------------------------------------


def _report_context(user, report) -> dict:
    recipient = getattr(report.case, "referral_recipient", None)
    referral_visible = (
        recipient is not None
        and rules.referrals_visible_to(user).filter(pk=recipient.referral_id).exists()
    )
    return {
        "report": report,
        "case": report.case,
        "clauses": list(Clause.objects.filter(resolution_id=report.proposal_id)),
        "approved": report.state == OfficerReport.State.APPROVED,
        "decision": _decision_on(report),
        "referral": recipient.referral if referral_visible else None,
        "may_see_case": rules.can_view_case(user, report.case),
    }


def _decision_on(report):
    """The agenda item where the committee decided the report's proposal."""
    items = AgendaItem.objects.filter(
        proposal_id=report.proposal_id, state=AgendaItem.State.DECIDED
    )
    return items.select_related("meeting__organisation").order_by("-pk").first()


@login_required
@require_safe
def report_detail(request, pk):
    user = request.user
    report = rules.get_officer_report_for_user_or_404(user, pk)
    context = {**_report_context(user, report), "comments": None}
    if rules.can_view_review_comments(user, report):
        context["comments"] = report.comments.select_related("author")
    return render(request, "referrals/report_detail.html", context)


# --- the memorandum -----------------------------------------------------------


def _form_page(request, form, service, *, done, context):
    """Run ``service`` with the form's arguments on a valid post and redirect
    (``done`` may name the page from the service's result); otherwise show the
    form with the service's reasons."""
    if request.method == "POST" and form.is_valid():
        try:
            result = service(actor=request.user, **form.service_arguments())
        except (ValidationError, PermissionDenied) as error:
            if not _exists(error):
                form.add_service_error(error)
            else:
                messages.error(request, " ".join(error.messages))
                existing = memoranda.memorandum_of(context["referral"].case)
                return redirect("referrals:memorandum_detail", pk=existing.pk)
        else:
            messages.success(request, context["message"])
            return redirect(done(result) if callable(done) else done)
    return render(request, "referrals/form_page.html", {"form": form, **context})


def _exists(error) -> bool:
    return getattr(error, "code", None) == "memorandum_exists"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memorandum_create(request, pk):
    """The referring office drafts the rapporteur's memorandum, quoting the
    compiled answers in its preparation section (R79). A case has one: once
    drafted, this page leads to it."""
    referral = rules.get_referral_for_user_or_404(request.user, pk)
    if not rules.can_handle_referral(request.user, referral):
        raise PermissionDenied
    existing = memoranda.memorandum_of(referral.case)
    if existing is not None:
        messages.info(request, _("The memorandum has already been drafted."))
        return redirect("referrals:memorandum_detail", pk=existing.pk)
    form = forms.MemorandumForm(
        request.POST if request.method == "POST" else None,
        initial={"title": referral.case.title},
    )
    return _form_page(
        request,
        form,
        partial(memoranda.draw_up_memorandum, referral=referral),
        done=lambda memorandum: reverse(
            "referrals:memorandum_detail", args=[memorandum.pk]
        ),
        context={
            "heading": _("Draft the memorandum"),
            "referral": referral,
            "preparation": memoranda.preparation_text(referral),
            "submit_label": _("Draft the memorandum"),
            "message": _("The memorandum has been drafted."),
        },
    )


def _memorandum_referral(user, memorandum):
    """The referral whose answers the memorandum quotes, if the user sees it."""
    return (
        rules.referrals_visible_to(user)
        .filter(case_id=memorandum.case_id)
        .select_related("case")
        .order_by("-pk")
        .first()
    )


@login_required
@require_safe
def memorandum_detail(request, pk):
    """The rapporteur commissioner's memorandum as drafted: proposal, the
    matter, the preparation and the commissioner's views (R79)."""
    user = request.user
    memorandum = rules.get_memorandum_for_user_or_404(user, pk)
    items = memorandum.proposal.agenda_items.select_related("meeting__organisation")
    context = {
        "memorandum": memorandum,
        "clauses": memorandum.proposal.clauses.order_by("number"),
        "items": items.order_by("meeting__held_on", "pk"),
        "referral": _memorandum_referral(user, memorandum),
        "may_see_case": rules.can_view_case(user, memorandum.case),
        "may_edit": rules.can_edit_memorandum(user, memorandum),
        "may_put_on_agenda": memoranda.meetings_for_memorandum(user).exists(),
    }
    return render(request, "referrals/memorandum_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memorandum_edit(request, pk):
    """Edit the draft memorandum; a save over a colleague's newer one is
    refused with a message and changes nothing."""
    memorandum = rules.get_memorandum_for_user_or_404(request.user, pk)
    if not rules.can_edit_memorandum(request.user, memorandum):
        raise PermissionDenied
    initial = forms.MemorandumEditForm.initial_from(
        memorandum, memoranda.revision_of(memorandum)
    )
    posted = request.POST if request.method == "POST" else None
    form = forms.MemorandumEditForm(posted, initial=initial)
    return _form_page(
        request,
        form,
        partial(memoranda.revise_memorandum, memorandum=memorandum),
        done=reverse("referrals:memorandum_detail", args=[memorandum.pk]),
        context={
            "heading": _("Edit the memorandum"),
            "memorandum": memorandum,
            "submit_label": _("Save the memorandum"),
            "message": _("The memorandum has been saved."),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memorandum_agenda(request, pk):
    """The secretary of the preparatory body or the board puts the memorandum
    on a meeting's agenda."""
    memorandum = rules.get_memorandum_for_user_or_404(request.user, pk)
    meetings = memoranda.meetings_for_memorandum(request.user)
    if not meetings.exists():
        raise PermissionDenied
    form = forms.MemorandumAgendaForm(
        request.POST if request.method == "POST" else None, meetings=meetings
    )
    return _form_page(
        request,
        form,
        partial(memoranda.put_memorandum_on_agenda, memorandum=memorandum),
        done=reverse("referrals:memorandum_detail", args=[memorandum.pk]),
        context={
            "heading": _("Put the memorandum on the agenda"),
            "memorandum": memorandum,
            "submit_label": _("Put on the agenda"),
            "message": _("The memorandum is on the agenda."),
        },
    )
