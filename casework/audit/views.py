"""The auditor's pages: decision timeline, record history and exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casework.audit import records
from casework.audit import services as audit
from casework.audit.forms import HistoryFilterForm
from casework.audit.timeline import timeline
from casework.registry.models import Document
from permissions import rules

PAGE_SIZE = 100


def _require_auditor(user) -> None:
    if not rules.can_audit(user):
        raise PermissionDenied


def _log_protected(user, items) -> None:
    """The protected descriptions the versions show are logged as read (V6)."""
    shown = records.protected_descriptions_in(items)
    if shown:
        documents = Document.objects.filter(pk__in=shown).order_by("pk")
        audit.log_protected_descriptions_shown(documents=documents, reader=user)


@login_required
@require_safe
def case_timeline(request, pk):
    _require_auditor(request.user)
    case = rules.get_case_for_user_or_404(request.user, pk)
    context = {"case": case, "events": timeline(case)}
    return render(request, "audit/timeline.html", context)


def _minutes_for_user_or_404(user, pk):
    minutes = records.AUDITED["minutes"].objects.filter(pk=pk).first()
    if minutes is None:
        raise Http404
    rules.get_meeting_for_user_or_404(user, minutes.meeting_id)
    return minutes


# A record's history only of a record the auditor may see (rules.md (d)): a
# party's draft statement answers 404 here as on its own page.
VISIBLE = {
    "case": rules.get_case_for_user_or_404,
    "document": rules.get_document_for_user_or_404,
    "statement": rules.get_statement_for_user_or_404,
    "decision": rules.get_item_for_user_or_404,
    "minutes": _minutes_for_user_or_404,
}


@login_required
@require_safe
def record_history(request, record, pk):
    _require_auditor(request.user)
    visible = VISIBLE.get(record)
    if visible is None:
        raise Http404
    instance = visible(request.user, pk)
    versions = records.record_history(instance)
    _log_protected(request.user, versions)
    context = {"record": record, "instance": instance, "versions": versions}
    return render(request, "audit/record_history.html", context)


def _filtered(form):
    data = form.cleaned_data
    rows = records.history_rows(
        data["record"],
        user=data.get("user"),
        organisation=data.get("organisation"),
        since=data.get("since"),
        until=data.get("until"),
        cases=data.get("case"),
    )
    return data["record"], rows


@login_required
@require_safe
def history(request):
    _require_auditor(request.user)
    form = HistoryFilterForm(request.GET or None)
    page = None
    if form.is_valid():
        record, rows = _filtered(form)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        page.versions = records.versions(page.object_list, record)
        _log_protected(request.user, page.versions)
    return render(request, "audit/history.html", {"form": form, "page": page})


@login_required
@require_safe
def history_export(request, fmt):
    _require_auditor(request.user)
    form = HistoryFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/history.html", {"form": form}, status=400)
    record, rows = _filtered(form)
    items = records.versions(rows, record)
    _log_protected(request.user, items)
    if fmt == "csv":
        response = HttpResponse(
            records.to_csv(items), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            records.to_json(items), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="historik-{record}.{fmt}"'
    return response
