"""The baseline: what a developer would write with the libraries' defaults.

Access through django-guardian: a per-object ``view_case`` row for every case a
case officer may see, filtered with ``get_objects_for_user``, and a global
``view_case`` permission for the auditor. The detail page reads related rows the
default way, one query per document and per history row's user. Grants are made by
``grant`` inside the benchmark's transaction, which is rolled back.
"""

from guardian.shortcuts import assign_perm, get_objects_for_user

from casework.registry.models import Case, Document
from permissions import rules
from permissions.codes import VIEW_CASE


def grant(personas) -> int:
    """Per-case grants for the officer's visible cases, a global one for the
    auditor; returns the number of per-case rows."""
    visible = rules.cases_visible_to(personas.officer).order_by("pk")
    granted = assign_perm(VIEW_CASE, personas.officer, visible)
    assign_perm(VIEW_CASE, personas.auditor)
    return len(granted)


def case_list(user, *, filters: dict) -> tuple[int, list]:
    cases = get_objects_for_user(
        user,
        VIEW_CASE,
        klass=Case.objects.select_related("register", "organisation", "case_officer"),
    )
    if "status" in filters:
        cases = cases.filter(status=filters["status"])
    if "register" in filters:
        cases = cases.filter(register_id=filters["register"])
    cases = cases.order_by("-registered_on", "-id")
    return cases.count(), list(cases[:50])


def case_detail(user, pk: int, *, auditor: bool) -> tuple:
    case = Case.objects.get(pk=pk)
    if not (user.has_perm(VIEW_CASE) or user.has_perm(VIEW_CASE, case)):
        return None, [], []
    header = (case.register.name, case.organisation.name, str(case.case_officer))
    documents = case.documents.all()
    if auditor:
        documents = documents.filter(state=Document.State.OFFICIAL)
    rows = [_document_row(document) for document in documents]
    history = [_history_row(row) for row in case.history.all()]
    for document in documents:
        history += [_history_row(row) for row in document.history.all()]
    return header, rows, history


def _document_row(document: Document) -> tuple:
    version = document.versions.order_by("-number").first()
    confidential = document.confidentiality_markings.filter(
        lifted_on__isnull=True
    ).exists()
    return document.designation, version.title, confidential


def _history_row(row) -> tuple:
    return row.history_date, row.history_type, str(row.history_user)
