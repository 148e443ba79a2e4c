"""Pages of the register: the case list, case and document pages, and write pages
that each parse a form and call one service (URL → view → rules → service)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from casework.audit import services as audit
from casework.publicity.pages import document_publicity
from casework.registry import forms, services
from casework.registry.downloads import attachment_response
from casework.registry.filters import CaseFilter
from casework.registry.models import ConfidentialityMarking, Document, DocumentVersion
from permissions import register, rules
from permissions.delegation import can_record_council_motion

CASES_PER_PAGE = 50
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


# --- helpers ------------------------------------------------------------------


def _require(allowed: bool) -> None:
    """Refuse an action on an object the user may see: 403, where an object the
    user may not see has already answered 404."""
    if not allowed:
        raise PermissionDenied


def _posted(request) -> tuple:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _perform(request, form, service, message):
    """Run ``service`` on a valid posted form and return its result; None when
    nothing was posted or the form or the service refused (reasons on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service(actor=request.user, **form.service_arguments())
    except ValidationError as error:
        form.add_service_error(error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return result


def _form_page(request, form, service, *, message, template, context, done=None):
    """A write page: redirect after success, otherwise show the form."""
    result = _perform(request, form, service, message)
    if result is not None:
        return redirect(done or result)
    return render(request, template, {"form": form, **context})


def _field_label(row, name: str) -> str:
    return capfirst(row.instance_type._meta.get_field(name).verbose_name)


def _history(records) -> list[dict]:
    """History rows newest first, each with the fields changed since the row
    before it (R56, R83)."""
    rows = list(
        records.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    for previous, row in zip([None, *rows], rows, strict=False):
        changed = row.diff_against(previous).changed_fields if previous else []
        labels = [_field_label(row, name) for name in changed]
        entries.append({"row": row, "changed": labels})
    return entries[::-1]


# --- cases --------------------------------------------------------------------


@login_required
@require_safe
def case_list(request):
    cases = rules.cases_visible_to(request.user).select_related(
        "organisation", "case_officer", "council_motion"
    )
    filters = CaseFilter(request.GET or None, queryset=cases, request=request)
    page = Paginator(filters.qs, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "may_register": rules.registers_for_registrar(request.user).exists(),
    }
    return render(request, "registry/case_list.html", context)


def _documents_in(user, case):
    """The documents of ``case`` the user may see, with their current title, their
    number of versions and whether a confidentiality marking is active."""
    versions = DocumentVersion.objects.filter(document=OuterRef("pk"))
    markings = ConfidentialityMarking.objects.filter(
        document=OuterRef("pk"), lifted_on__isnull=True
    )
    return (
        rules.documents_visible_to(user, case)
        .select_related("case")
        .annotate(
            current_title=Subquery(versions.order_by("-number").values("title")[:1]),
            version_count=Count("versions", distinct=True),
            confidential=Exists(markings),
        )
        .order_by("sequence")
    )


def _links_of(user, case) -> list[dict]:
    """Linked cases in both directions; each says whether the user may open it."""
    linked = [
        ("out", link.get_kind_display(), link.to_case)
        for link in case.links_out.select_related("to_case")
    ] + [
        ("in", link.get_kind_display(), link.from_case)
        for link in case.links_in.select_related("from_case")
    ]
    ids = [other.pk for _way, _kind, other in linked]
    visible = set(
        rules.cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
        if ids
        else ()
    )
    return [
        {"way": way, "kind": kind, "case": other, "visible": other.pk in visible}
        for way, kind, other in linked
    ]


@login_required
@require_safe
def case_detail(request, pk):
    user = request.user
    case = rules.get_case_for_user_or_404(user, pk)
    documents = list(_documents_in(user, case))
    audit.log_protected_descriptions_read(documents=documents, reader=user)
    for document in documents:
        document.show_sender = register.can_see_sender(user, document)
    context = {
        "case": case,
        "documents": documents,
        "links": _links_of(user, case),
        "history": _history(case.history),
        "show_protected": rules.can_see_protected_description(user, case),
        "referrals": rules.referrals_visible_to(user).filter(case=case),
        # a memorandum is linked to those who see its document in the list
        "memoranda": rules.memoranda_visible_to(user, case)
        if any(d.kind == Document.Kind.MEMORANDUM for d in documents)
        else [],
        "may_audit": rules.can_audit(user),
        "may": {
            "register_document": rules.can_register_document(user, case),
            "assign": rules.can_assign_case_officer(user, case),
            "close": rules.can_close_case(user, case),
            "refer": rules.can_prepare_referral(user, case),
            "record_motion": can_record_council_motion(user, case),
        },
    }
    return render(request, "registry/case_detail.html", context)


@login_required
@require_get_or_post
def case_create(request):
    _require(rules.registers_for_registrar(request.user).exists())
    return _form_page(
        request,
        forms.CaseForm(*_posted(request), user=request.user),
        services.register_case,
        message=lambda case: (
            _("Case %(number)s was registered.") % {"number": case.registration_number}
        ),
        template="registry/case_form.html",
        context={},
    )


@login_required
@require_get_or_post
def case_assign(request, pk):
    case = rules.get_case_for_user_or_404(request.user, pk)
    _require(rules.can_assign_case_officer(request.user, case))
    initial = {"officer": case.case_officer_id}
    return _form_page(
        request,
        forms.AssignCaseOfficerForm(*_posted(request), case=case, initial=initial),
        partial(services.assign_case_officer, case=case),
        message=_("The case officer was assigned."),
        template="registry/case_assign.html",
        context={"case": case},
    )


@login_required
@require_get_or_post
def case_close(request, pk):
    case = rules.get_case_for_user_or_404(request.user, pk)
    _require(rules.can_close_case(request.user, case))
    drafts = case.documents.filter(state=Document.State.DRAFT).exclude(
        kind=Document.Kind.WORKING_NOTE
    )
    return _form_page(
        request,
        forms.CloseCaseForm(*_posted(request)),
        partial(services.close_case, case=case),
        message=_("The case was closed."),
        template="registry/case_close.html",
        context={"case": case, "draft_count": drafts.count()},
    )


# --- documents ----------------------------------------------------------------


@login_required
@require_get_or_post
def document_create(request, pk):
    case = rules.get_case_for_user_or_404(request.user, pk)
    _require(rules.can_register_document(request.user, case))
    return _form_page(
        request,
        forms.DocumentForm(*_posted(request)),
        partial(services.register_document, case=case),
        message=lambda document: (
            _("Document %(designation)s was registered.")
            % {"designation": document.designation}
        ),
        template="registry/document_form.html",
        context={"case": case},
    )


def _record_of(user, document) -> dict | None:
    """The officer report or memorandum the document is written through, with
    its own state, if the user may read it."""
    report = getattr(document, "officer_report", None)
    if report is not None and rules.can_view_officer_report(user, report):
        return {
            "kind": _("Officer report"),
            "title": report.title,
            "state": report.get_state_display(),
            "url": report.get_absolute_url(),
        }
    memorandum = getattr(document, "memorandum", None)
    if memorandum is not None and rules.can_view_memorandum(user, memorandum):
        return {
            "kind": _("Memorandum"),
            "title": memorandum.designation,
            "state": "",
            "url": reverse("referrals:memorandum_detail", args=[memorandum.pk]),
        }
    return None


def _document_context(user, document, number=None) -> dict:
    versions = list(
        document.versions.select_related("created_by").prefetch_related("attachments")
    )
    wanted = versions[-1].number if number is None else number
    shown = next((v for v in versions if v.number == wanted), None)
    if shown is None:
        raise Http404
    markings = document.confidentiality_markings.select_related("authority")
    return {
        "document": document,
        "case": document.case,
        "versions": versions,
        "shown": shown,
        "markings": markings,
        "history": _history(document.history),
        "show_protected": rules.can_see_protected_description(user, document.case),
        "show_sender": register.can_see_sender(user, document),
        "record": _record_of(user, document),
        "publicity": document_publicity(user, document, markings),
        # a referral's enclosure is read by its recipients, not its case
        "may_see_case": rules.can_view_case(user, document.case),
        "may": {
            "edit": rules.can_revise_document(user, document),
            "make_official": rules.can_make_document_official(user, document),
            "mark": rules.can_mark_confidential(user, document),
        },
    }


def _log_read(user, document, what: str) -> None:
    """A read of a confidential document is logged (V5); otherwise an auditor's
    read of its protected description (V6)."""
    if audit.log_confidential_read(document=document, reader=user, what=what) is None:
        audit.log_protected_descriptions_read(documents=[document], reader=user)


@login_required
@require_safe
def document_detail(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _log_read(request.user, document, "document")
    context = _document_context(request.user, document)
    return render(request, "registry/document_detail.html", context)


@login_required
@require_safe
def document_version(request, pk, number):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _log_read(request.user, document, f"version {number}")
    context = _document_context(request.user, document, number)
    return render(request, "registry/document_detail.html", context)


@login_required
@require_get_or_post
def document_revise(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _require(rules.can_revise_document(request.user, document))
    latest = services.current_version(document)
    initial = {"title": latest.title, "body": latest.body}
    return _form_page(
        request,
        forms.ReviseDocumentForm(*_posted(request), initial=initial),
        partial(services.revise_document, document=document),
        message=lambda version: (
            _("Version %(number)s was saved.") % {"number": version.number}
        ),
        template="registry/document_revise.html",
        context={"document": document, "latest": latest},
        done=document,
    )


@login_required
@require_get_or_post
def document_make_official(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _require(rules.can_make_document_official(request.user, document))
    return _form_page(
        request,
        forms.MakeOfficialForm(*_posted(request), document=document),
        partial(services.make_official, document=document),
        message=_("The document is now an official document."),
        template="registry/document_make_official.html",
        context={"document": document},
    )


@login_required
@require_get_or_post
def attachment_add(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _require(rules.can_revise_document(request.user, document))
    return _form_page(
        request,
        forms.AttachmentForm(*_posted(request)),
        partial(services.add_attachment, document=document),
        message=_("The file was attached."),
        template="registry/attachment_form.html",
        context={"document": document},
        done=document,
    )


@login_required
@require_safe
def attachment_download(request, pk):
    attachment = rules.get_attachment_for_user_or_404(request.user, pk)
    audit.log_confidential_read(
        document=attachment.version.document,
        reader=request.user,
        what=f"file {attachment.original_name}"[:100],
    )
    return attachment_response(attachment)


# --- confidentiality ----------------------------------------------------------


@login_required
@require_get_or_post
def document_mark_confidential(request, pk):
    document = rules.get_document_for_user_or_404(request.user, pk)
    _require(rules.can_mark_confidential(request.user, document))
    return _form_page(
        request,
        forms.MarkConfidentialForm(*_posted(request), document=document),
        partial(services.mark_confidential, document=document),
        message=_("The confidentiality marking was recorded."),
        template="registry/document_mark_confidential.html",
        context={"document": document},
        done=document,
    )


@login_required
@require_get_or_post
def marking_lift(request, pk):
    marking = rules.get_marking_for_user_or_404(request.user, pk)
    _require(rules.can_mark_confidential(request.user, marking.document))
    return _form_page(
        request,
        forms.LiftMarkingForm(*_posted(request)),
        partial(services.lift_confidentiality, marking=marking),
        message=_("The confidentiality marking was lifted."),
        template="registry/marking_lift.html",
        context={"marking": marking, "document": marking.document},
        done=marking.document,
    )
