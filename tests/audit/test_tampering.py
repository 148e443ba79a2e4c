"""Every tampering of issue 10 is named at its exact row, on the demo's data:
direct edits of a case, a document, a version, a statement and the minutes; a
deleted read of a confidential document; a changed workflow task; an inserted
access grant; a user made superuser; a history row altered and then re-chained
(issue 10, point 3; R83)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from guardian.models import UserObjectPermission
from viewflow.workflow.models import Task

from casework.audit import chain
from casework.audit.models import ConfidentialRead, HistoryLink
from casework.audit.services import log_confidential_read
from casework.directory.models import User
from casework.meetings.models import Minutes, Statement
from casework.registry.models import Case, Document, DocumentVersion
from permissions import codes
from tests.audit.tampering import run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def edit(model, column: str, value, pk) -> tuple[str, int]:
    table, key = model._meta.db_table, model._meta.pk.column
    run(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [value, pk])
    return (model._meta.label_lower, pk)


def link_position(row) -> int:
    name = type(row)._meta.label_lower
    return HistoryLink.objects.get(model=name, history_id=row.pk).position


def _confidential_reads():
    marked = (
        Document.objects.filter(
            confidentiality_markings__isnull=False,
            confidentiality_markings__lifted_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    auditor = User.objects.get(username="revisor")
    return [
        log_confidential_read(document=marked, reader=auditor, what=what)
        for what in ("text", "version")
    ]


def _inserted_grant() -> tuple[str, int]:
    document = Document.objects.order_by("pk").first()
    permission = Permission.objects.get(
        codename=codes.codename(codes.VIEW_CONFIDENTIAL_DOCUMENT)
    )
    user = User.objects.get(username="registrator.tk")
    run(
        "INSERT INTO guardian_userobjectpermission "
        "(permission_id, content_type_id, object_pk, user_id) VALUES (%s, %s, %s, %s)",
        [
            permission.pk,
            ContentType.objects.get_for_model(Document).pk,
            str(document.pk),
            user.pk,
        ],
    )
    return ("guardian.userobjectpermission", UserObjectPermission.objects.get().pk)


def test_every_tampering_of_the_issue_is_named_at_its_exact_row(demo):
    """Issue 10 point 3: nine kinds of tampering at once, each named."""
    read, later_read = _confidential_reads()
    assert chain.verify() == []
    read_position = link_position(read)
    run("DELETE FROM audit_confidentialread WHERE id = %s", [read.pk])
    case, other_case = Case.objects.order_by("pk")[:2]
    expected = {
        edit(Case, "title", "Förfalskad", case.pk),
        edit(Document, "public_description", "x", Document.objects.first().pk),
        edit(DocumentVersion, "body", "Ny text", DocumentVersion.objects.first().pk),
        edit(Statement, "text", "Annan text", Statement.objects.first().pk),
        edit(Minutes, "state", "drawn_up", Minutes.objects.first().pk),
        edit(Task, "status", "DONE", Task.objects.exclude(status="DONE").first().pk),
        edit(
            User, "is_superuser", True, User.objects.get(username="registrator.tk").pk
        ),
        _inserted_grant(),
    }
    history_row = other_case.history.earliest("history_id")
    edit(Case.history.model, "title", "Omskriven", history_row.pk)
    with pytest.raises(CommandError):
        call_command("chain_history", stdout=StringIO(), stderr=StringIO())

    found = chain.verify()
    breaks = {(f.position, f.model, f.history_id) for f in found if f.position}
    assert breaks == {
        (read_position, "audit.confidentialread", read.pk),
        (link_position(history_row), "registry.historicalcase", history_row.pk),
    }
    assert {(f.model, f.history_id) for f in found if not f.position} == expected
    assert ConfidentialRead.objects.filter(pk=later_read.pk).exists()
