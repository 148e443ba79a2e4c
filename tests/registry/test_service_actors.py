"""The registry's record-writing services ask who acts, whichever page or
flow calls them: an officer of another office is refused and nothing is
written. The referral flows file into another organisation's case through
the unchecked helpers, after checking their own actor."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.registry import services
from casework.registry.models import Attachment, Case, CaseLink, Document
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db

OUTSIDER = "handläggare på ett annat kontor"


@pytest.fixture
def t_case(city, t_registrar, karin):
    return make_case(city.t_register, t_registrar, case_officer=karin)


def test_an_officer_of_another_office_cannot_register_a_document_in_the_case_R53(
    t_case, anders
):
    with pytest.raises(PermissionDenied):
        make_document(t_case, anders)
    assert Document.objects.count() == 0


def test_the_case_officer_registers_a_document_in_her_own_case_R53(t_case, karin):
    document = make_document(t_case, karin)
    assert document.case == t_case
    assert document.registered_by == karin


def test_only_the_case_s_registrar_closes_the_case_R59(t_case, karin, anders):
    for actor in (karin, anders):
        with pytest.raises(PermissionDenied):
            services.close_case(case=t_case, actor=actor, reason=OUTSIDER)
    case = Case.objects.get(pk=t_case.pk)
    assert (case.status, case.closed_on) == (t_case.status, None)
    assert case.history.count() == 1


def test_an_officer_of_another_office_cannot_link_the_case(
    city, t_case, t_registrar, anders
):
    other = make_case(city.t_register, t_registrar, title="Annat ärende")
    with pytest.raises(PermissionDenied):
        services.link_cases(
            from_case=t_case,
            to_case=other,
            kind=CaseLink.Kind.RELATED,
            actor=anders,
            reason=OUTSIDER,
        )
    assert CaseLink.objects.count() == 0


def test_an_officer_of_another_office_cannot_copy_files_onto_the_case_s_document(
    t_case, t_registrar, anders
):
    upload = SimpleUploadedFile("remiss.pdf", b"%PDF-1.7 remiss", "application/pdf")
    source = make_document(
        t_case, t_registrar, direction=Document.Direction.INCOMING, upload=upload
    )
    target = make_document(t_case, t_registrar)
    with pytest.raises(PermissionDenied):
        services.copy_attachments(
            source=source.versions.get(),
            target=target.versions.get(),
            actor=anders,
            reason=OUTSIDER,
        )
    assert Attachment.objects.count() == 1
