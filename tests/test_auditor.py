"""The auditor reads but never writes, whatever the path."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from casework.registry import services
from casework.registry.models import Case, Document
from permissions import rules
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db


def test_every_service_refuses_an_auditor(city, auditor, t_registrar):
    case = make_case(city.t_register, t_registrar)
    document = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    before = (Case.history.count(), Document.history.count())
    attempts = [
        lambda: services.register_case(
            register=city.t_register, title="x", actor=auditor
        ),
        lambda: services.update_case(case=case, title="x", actor=auditor, reason="x"),
        lambda: services.mark_confidential(
            document=document,
            provision="OSL 21 kap. 1 §",
            marked_on=datetime.date(2020, 1, 1),
            authority=city.tk,
            actor=auditor,
            reason="x",
        ),
        lambda: services.close_case(case=case, actor=auditor, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert (Case.history.count(), Document.history.count()) == before


def test_an_auditor_sees_every_case_and_official_documents_but_no_drafts(
    city, auditor, t_registrar, karin
):
    case = make_case(city.t_register, t_registrar, case_officer=karin)
    official = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    draft = make_document(case, karin)
    assert rules.cases_visible_to(auditor).filter(pk=case.pk).exists()
    visible = set(
        rules.documents_visible_to(auditor, case).values_list("pk", flat=True)
    )
    assert official.pk in visible and draft.pk not in visible


def test_reads_of_a_confidential_document_are_logged(
    client, city, auditor, t_registrar
):
    """V5: every read of a confidentially marked document is logged."""
    from casework.audit.models import ConfidentialRead

    case = make_case(city.t_register, t_registrar)
    document = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    client.force_login(auditor)
    client.get(document.get_absolute_url())
    assert not ConfidentialRead.objects.exists()
    services.mark_confidential(
        document=document,
        provision="OSL 21 kap. 1 §",
        marked_on=datetime.date(2020, 1, 1),
        authority=city.tk,
        actor=t_registrar,
        reason="x",
    )
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    (read,) = ConfidentialRead.objects.all()
    assert (read.reader, read.document) == (auditor, document)


def test_an_auditor_reading_protected_descriptions_on_a_case_page_is_logged(
    client, city, auditor, t_registrar, karin
):
    """Issue 10.6, V5/V6: the protected part of a register entry (R54) is for
    those handling the case; an auditor reads it too, and each read is logged
    as a read of the document, like a read of a confidential document."""
    from casework.audit.models import ConfidentialRead

    case = make_case(city.t_register, t_registrar, case_officer=karin)
    protected = make_document(
        case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        protected_description="Namn och personnummer på den enskilde",
    )
    make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    client.force_login(karin)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert not ConfidentialRead.objects.exists()  # she handles the case
    client.force_login(auditor)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert "Namn och personnummer" in response.content.decode()
    (read,) = ConfidentialRead.objects.all()
    assert (read.reader, read.document, read.what) == (
        auditor,
        protected,
        "protected description",
    )


def test_an_auditor_reading_a_protected_description_on_a_document_page_is_logged(
    client, city, auditor, t_registrar
):
    """Issue 10.6, V5/V6: the document page shows the protected part too."""
    from casework.audit.models import ConfidentialRead

    case = make_case(city.t_register, t_registrar)
    document = make_document(
        case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        protected_description="Uppgifter om hälsa",
    )
    client.force_login(auditor)
    assert client.get(document.get_absolute_url()).status_code == 200
    (read,) = ConfidentialRead.objects.all()
    assert (read.reader, read.document, read.what) == (
        auditor,
        document,
        "protected description",
    )
