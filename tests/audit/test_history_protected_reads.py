"""The auditor's history pages show a changed protected description (R54) as
an old and a new value: each such read is logged like the auditor's other
reads of protected descriptions (V5, V6)."""

import pytest
from django.urls import reverse

from casework.audit.models import ConfidentialRead
from casework.audit.services import PROTECTED_DESCRIPTION
from casework.registry import services as registry
from casework.registry.models import Document
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db
OLD = "Namn och personnummer på den enskilde"
NEW = "Uppgifter om den enskildes hälsa"


@pytest.fixture
def changed(city, t_registrar):
    """A document whose protected description was corrected (R56)."""
    case = make_case(city.t_register, t_registrar)
    document = make_document(
        case,
        t_registrar,
        direction=Document.Direction.INCOMING,
        counterpart="Privatperson",
        protected_description=OLD,
    )
    return registry.correct_registration(
        document=document,
        counterpart="Privatperson",
        public_description=document.public_description,
        protected_description=NEW,
        actor=t_registrar,
        reason="rättad registrering",
    )


def reads(auditor):
    return list(
        ConfidentialRead.objects.filter(reader=auditor).values_list(
            "document_id", "what"
        )
    )


def test_the_history_of_a_document_logs_the_protected_description_read_V6(
    client, auditor, changed
):
    client.force_login(auditor)
    url = reverse("audit:record_history", args=["document", changed.pk])
    page = client.get(url).content.decode()
    assert OLD in page and NEW in page
    assert reads(auditor) == [(changed.pk, PROTECTED_DESCRIPTION)]


def test_the_history_list_logs_the_protected_description_read_V6(
    client, auditor, changed
):
    client.force_login(auditor)
    query = {"record": "document", "case": changed.case.registration_number}
    page = client.get(reverse("audit:history"), query).content.decode()
    assert OLD in page and NEW in page
    assert reads(auditor) == [(changed.pk, PROTECTED_DESCRIPTION)]


def test_the_history_export_logs_the_protected_description_read_V6(
    client, auditor, changed
):
    client.force_login(auditor)
    url = reverse("audit:history_export", args=["csv"])
    response = client.get(url, {"record": "document"})
    assert OLD in response.content.decode()
    assert reads(auditor) == [(changed.pk, PROTECTED_DESCRIPTION)]


def test_a_history_without_a_protected_description_logs_nothing_V6(
    client, auditor, city, t_registrar
):
    case = make_case(city.t_register, t_registrar)
    document = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    registry.correct_registration(
        document=document,
        counterpart="Företaget AB",
        public_description="Ny beskrivning",
        protected_description="",
        actor=t_registrar,
        reason="rättad registrering",
    )
    client.force_login(auditor)
    url = reverse("audit:record_history", args=["document", document.pk])
    assert client.get(url).status_code == 200
    assert reads(auditor) == []
