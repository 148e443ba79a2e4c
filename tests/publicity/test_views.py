"""The pages of public access: the anonymous request form with its spam guard
and receipt (R63), the registrar's pages, masked copies (R66), publication and
the public document page (R64, V2)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from casework.publicity.models import Assessment, DocumentRequest, MaskedRendition
from casework.publicity.services import disclosure
from casework.publicity.services import requests as services
from casework.publicity.views.public import REQUESTS_PER_WINDOW
from tests.publicity.conftest import LETTER, SECRET, mark

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def ask(client, city, address="127.0.0.1", **extra):
    data = {
        "organisation": city.tk.pk,
        "asked_for": "Skrivelsen om snöröjning på Hornsgatan",
        "website": "",
        **extra,
    }
    return client.post(reverse("publicity:request_create"), data, REMOTE_ADDR=address)


def test_anyone_sends_a_request_without_logging_in_and_gets_a_receipt(client, city):
    """R63: anonymous; the receipt page shows the time received."""
    response = ask(client, city)
    request = DocumentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "publicity:request_receipt", args=[request.reference]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Skrivelsen om snöröjning på Hornsgatan" in page
    assert request.requester_name == "" and request.is_open


def test_the_form_without_what_is_wanted_shows_an_error_not_a_500(client, city):
    response = ask(client, city, asked_for="")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not DocumentRequest.objects.exists()


def test_a_robot_filling_the_hidden_field_sends_nothing(client, city):
    """Spam guard: the honeypot field is empty for people."""
    response = ask(client, city, website="https://spam.example")
    assert response.status_code == 200
    assert not DocumentRequest.objects.exists()


def test_a_flood_from_one_address_is_held_back(client, city):
    """Spam guard: the sixth request in ten minutes from one address waits."""
    for _n in range(REQUESTS_PER_WINDOW):
        assert ask(client, city).status_code == 302
    response = ask(client, city)
    assert response.status_code == 429
    assert DocumentRequest.objects.count() == REQUESTS_PER_WINDOW
    # another address is not held back by this one's flood
    assert ask(client, city, address="192.0.2.9").status_code == 302


def test_an_unknown_receipt_answers_404(client):
    for reference in ("finns-inte", "x" * 40):
        url = reverse("publicity:request_receipt", args=[reference])
        assert client.get(url).status_code == 404


def test_the_requester_gets_the_masked_copy_and_asks_for_a_decision(
    client, city, letter, t_registrar
):
    """R63, R66: the receipt shows the masked text, never the secret; the
    requester asks for a decision there and the registrar sees it."""
    request = services.receive_request(organisation=city.tk, asked_for="Skrivelsen")
    rendition = disclosure.create_masked_rendition(
        document=letter,
        marked_text=LETTER.replace(SECRET, f"[[{SECRET}]]"),
        default_provision="OSL 21 kap. 1 §",
        actor=t_registrar,
        reason="masked copy made",
    )
    services.assess_document(
        request=request,
        document=letter,
        outcome=Assessment.Outcome.MASKED,
        provision="OSL 21 kap. 1 §",
        rendition=rendition,
        actor=t_registrar,
        reason="document assessed",
    )
    services.answer_request(request=request, answer="", actor=t_registrar, reason="a")
    url = reverse("publicity:request_receipt", args=[request.reference])
    page = client.get(url).content.decode()
    assert "[sekretess enligt OSL 21 kap. 1 §]" in page
    assert SECRET not in page
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decision_requested_at is not None
    client.force_login(t_registrar)
    detail = client.get(reverse("publicity:request_detail", args=[request.pk]))
    assert reverse("publicity:request_decide", args=[request.pk]) in (
        detail.content.decode()
    )


def test_the_registrar_assesses_by_designation_and_answers(
    client, city, letter, t_registrar
):
    request = services.receive_request(organisation=city.tk, asked_for="Skrivelsen")
    client.force_login(t_registrar)
    listing = client.get(reverse("publicity:request_list")).content.decode()
    assert reverse("publicity:request_detail", args=[request.pk]) in listing
    response = client.post(
        reverse("publicity:request_assess", args=[request.pk]),
        {
            "document": letter.designation,
            "outcome": "refused",
            "provision": "OSL 21 kap. 1 §",
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("publicity:request_answer", args=[request.pk]), {})
    assert response.status_code == 302
    request.refresh_from_db()
    assert not request.is_open and request.assessments.get().document == letter


def test_an_unknown_designation_is_a_form_error(client, city, t_registrar):
    request = services.receive_request(organisation=city.tk, asked_for="Något")
    client.force_login(t_registrar)
    for designation in ("T2016-99999-1", "nonsens", "T2016-00001-99999999999999"):
        response = client.post(
            reverse("publicity:request_assess", args=[request.pk]),
            {"document": designation, "outcome": "released"},
        )
        assert response.status_code == 200
        assert "document" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_other_staff_do_not_reach_the_requests(client, city, karin, e_registrar):
    request = services.receive_request(organisation=city.tk, asked_for="Något")
    client.force_login(karin)
    assert client.get(reverse("publicity:request_list")).status_code == 403
    client.force_login(e_registrar)
    url = reverse("publicity:request_detail", args=[request.pk])
    assert client.get(url).status_code == 404


def test_a_masked_copy_is_made_on_its_page_and_listed_on_the_original(
    client, letter, t_registrar
):
    """R66: the original's page lists its masked copies."""
    client.force_login(t_registrar)
    url = reverse("publicity:rendition_create", args=[letter.pk])
    form = client.get(url)
    assert LETTER.splitlines()[0] in form.content.decode()
    response = client.post(
        url,
        {
            "marked_text": LETTER.replace(SECRET, f"[[{SECRET}]]"),
            "default_provision": "OSL 21 kap. 1 §",
        },
    )
    rendition = MaskedRendition.objects.get()
    assert response["Location"] == reverse(
        "publicity:rendition_detail", args=[rendition.pk]
    )
    page = client.get(letter.get_absolute_url()).content.decode()
    assert reverse("publicity:rendition_detail", args=[rendition.pk]) in page
    bad = client.post(url, {"marked_text": "Annan text", "default_provision": ""})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_a_published_draft_is_read_by_anyone_and_a_marked_document_by_nobody(
    client, draft, letter, t_registrar
):
    """V2 on the public document page: a draft only once published; an
    official document unless marked."""
    public = reverse("publicity:public_document", args=[draft.pk])
    assert client.get(public).status_code == 404
    client.force_login(t_registrar)
    response = client.post(
        reverse("publicity:document_publish", args=[draft.pk]),
        {"reason": "Möteshandling inför nämndens sammanträde"},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(public).status_code == 200
    official = reverse("publicity:public_document", args=[letter.pk])
    assert client.get(official).status_code == 200
    mark(letter, t_registrar)
    assert client.get(official).status_code == 404


def test_the_registrar_records_the_wish_for_a_decision_and_decides_on_its_pages(
    client, city, letter, t_registrar
):
    """R63: asked by telephone, recorded by the registrar; the decision with
    its grounds and how to appeal shows on the requester's receipt."""
    request = services.receive_request(organisation=city.tk, asked_for="Skrivelsen")
    services.assess_document(
        request=request,
        document=letter,
        outcome=Assessment.Outcome.REFUSED,
        provision="OSL 21 kap. 1 §",
        actor=t_registrar,
        reason="document assessed",
    )
    services.answer_request(request=request, answer="", actor=t_registrar, reason="a")
    client.force_login(t_registrar)
    decide = reverse("publicity:request_decide", args=[request.pk])
    assert client.get(decide).status_code == 403  # nobody asked yet
    asked = reverse("publicity:request_decision_asked", args=[request.pk])
    note = {"confirm": "on", "note": "Per telefon"}
    assert client.post(asked, note).status_code == 302
    request.refresh_from_db()
    assert request.decision_request_note == "Per telefon"
    assert client.get(asked).status_code == 403  # asked once
    response = client.post(decide, {"grounds": "Uppgifter om hälsa."})
    assert response.status_code == 302
    client.logout()
    receipt = client.get(reverse("publicity:request_receipt", args=[request.reference]))
    page = receipt.content.decode()
    assert "Uppgifter om hälsa." in page and "kammarrätten" in page
    assert "OSL 21 kap. 1 §" in page
