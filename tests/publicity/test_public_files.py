"""The public page of a document lists its attached files, and anyone
downloads them without logging in, while the document is public (V2, R64):
a file of a document marked confidential or not public is never served."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.publicity.services import disclosure
from casework.registry import services as registry
from tests.publicity.conftest import mark

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.7 karta over Hornsgatan"


def attach(document, actor, name="karta.pdf"):
    return registry.add_attachment(
        document=document,
        upload=SimpleUploadedFile(name, CONTENT, "application/pdf"),
        actor=actor,
        reason="bilaga",
    )


def download(client, attachment):
    return client.get(reverse("publicity:public_attachment", args=[attachment.pk]))


def public_page(client, document):
    url = reverse("publicity:public_document", args=[document.pk])
    return client.get(url).content.decode()


def test_anyone_downloads_the_file_of_an_official_document_V2(
    client, letter, t_registrar
):
    attachment = attach(letter, t_registrar)
    page = public_page(client, letter)
    url = reverse("publicity:public_attachment", args=[attachment.pk])
    assert url in page and "karta.pdf" in page
    response = download(client, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_file_of_a_document_marked_confidential_is_not_served_V2(
    client, letter, t_registrar
):
    attachment = attach(letter, t_registrar)
    mark(letter, t_registrar)
    assert download(client, attachment).status_code == 404


def test_the_file_of_a_draft_is_served_only_while_it_is_published_R64(
    client, draft, t_registrar
):
    attachment = attach(draft, t_registrar)
    assert download(client, attachment).status_code == 404
    disclosure.publish_document(document=draft, actor=t_registrar, reason="publicera")
    assert download(client, attachment).status_code == 200
    assert "karta.pdf" in public_page(client, draft)
    disclosure.withdraw_publication(document=draft, actor=t_registrar, reason="åter")
    assert download(client, attachment).status_code == 404


def test_a_file_of_an_earlier_version_is_not_listed_nor_served_V2(
    client, letter, t_registrar
):
    """The page shows the current version of an official document: a file of
    a version before it is not part of what the page shows."""
    earlier = attach(letter, t_registrar, name="gammal.pdf")
    registry.revise_document(
        document=letter, title="Skrivelse", body="Ny", actor=t_registrar, reason="r"
    )
    assert "gammal.pdf" not in public_page(client, letter)
    assert download(client, earlier).status_code == 404


def test_an_unknown_file_answers_404(client):
    for pk in (999999, 99999999999999999999):
        url = reverse("publicity:public_attachment", args=[pk])
        assert client.get(url).status_code == 404
