"""The register entry of a document: registered as soon as it arrived, or
with the reason why not (R53); a protected sender kept out of what others see
while the rest of the entry stays public (R54)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import clock
from casework.meetings import deadlines
from casework.publicity.services.disclosure import publish_document
from casework.registry.models import Document
from tests.builders import Role, make_case, make_document, make_staff

pytestmark = pytest.mark.django_db
SENDER = "Anna Andersson, Skyddad adress"


@pytest.fixture
def t_case(city, t_registrar, karin):
    return make_case(city.t_register, t_registrar, case_officer=karin)


def incoming(case, actor, **extra):
    return make_document(case, actor, direction=Document.Direction.INCOMING, **extra)


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        day = deadlines.next_working_day(day + datetime.timedelta(days=1))
    return day


# --- R53 ----------------------------------------------------------------------------


def test_a_document_registered_after_the_next_working_day_needs_a_reason_R53(
    t_case, t_registrar
):
    """R53 (OSL 5:1; JO: the same day or the next working day): registering an
    incoming document later than the working day after it arrived is refused
    without a recorded reason; nothing is written."""
    arrived = timezone.localdate() - datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        incoming(t_case, t_registrar, dated=arrived)
    assert error.value.error_dict["late_reason"][0].code == "late_reason_required"
    assert not Document.objects.exists()
    with pytest.raises(ValidationError):
        incoming(t_case, t_registrar, dated=arrived, late_reason="   ")
    assert not Document.objects.exists()


def test_a_late_registration_keeps_its_reason_R53(t_case, t_registrar):
    arrived = timezone.localdate() - datetime.timedelta(days=10)
    document = incoming(
        t_case, t_registrar, dated=arrived, late_reason="Brevet låg i fel fack."
    )
    document.refresh_from_db()
    assert document.late_reason == "Brevet låg i fel fack."
    assert document.registered_late


def test_a_document_registered_on_the_next_working_day_needs_no_reason_R53(
    t_case, t_registrar
):
    arrived = datetime.date(2016, 9, 30)  # a Friday
    monday = working_days_after(arrived, 1)
    noon = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(12)))
    with clock.acting_at(noon):
        document = incoming(t_case, t_registrar, dated=arrived)
    assert not document.registered_late
    tuesday = working_days_after(arrived, 2)
    noon = timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(12)))
    with clock.acting_at(noon), pytest.raises(ValidationError) as error:
        incoming(t_case, t_registrar, dated=arrived)
    assert error.value.error_dict["late_reason"][0].code == "late_reason_required"
    assert Document.objects.count() == 1


def test_the_registration_form_asks_for_the_reason_of_a_late_registration_R53(
    client, t_case, t_registrar
):
    client.force_login(t_registrar)
    arrived = timezone.localdate() - datetime.timedelta(days=10)
    data = {
        "direction": "incoming",
        "kind": "letter",
        "dated": arrived.isoformat(),
        "counterpart": "Kommunstyrelsen",
        "public_description": "Skrivelse",
        "title": "Skrivelse",
        "reason": "registrerad",
    }
    address = reverse("registry:document_create", args=[t_case.pk])
    response = client.post(address, data)
    assert response.status_code == 200
    assert "late_reason" in response.context["form"].errors
    assert not Document.objects.exists()
    response = client.post(address, {**data, "late_reason": "Låg i fel fack."})
    assert response.status_code == 302
    assert Document.objects.get().late_reason == "Låg i fel fack."


# --- R54 ----------------------------------------------------------------------------


@pytest.fixture
def protected(t_case, t_registrar):
    return incoming(t_case, t_registrar, counterpart=SENDER, sender_protected=True)


def test_a_protected_sender_is_kept_out_of_pages_for_others_R54(
    client, city, protected, karin
):
    """R54 (OSL 5:2): the sender of a confidential incoming document is kept out
    of the entry others see, while date, number and description stay."""
    assert protected.sender_protected
    committee_secretary = make_staff(
        "sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn
    )
    client.force_login(committee_secretary)
    for address in (
        reverse("registry:case_detail", args=[protected.case_id]),
        reverse("registry:document_detail", args=[protected.pk]),
    ):
        page = client.get(address).content.decode()
        assert SENDER not in page
        assert protected.public_description in page
        assert protected.designation in page
    client.force_login(karin)
    page = client.get(reverse("registry:document_detail", args=[protected.pk]))
    assert SENDER in page.content.decode()


def test_a_protected_sender_never_reaches_the_public_pages_R54(
    client, protected, t_registrar
):
    publish_document(document=protected, actor=t_registrar, reason="publiceras")
    client.logout()
    page = client.get(reverse("publicity:public_document", args=[protected.pk]))
    assert page.status_code == 200
    assert SENDER not in page.content.decode()
    assert protected.public_description in page.content.decode()
    board = client.get(reverse("publicity:request_create")).content.decode()
    assert SENDER not in board
