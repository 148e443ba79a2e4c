import datetime
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import casework.urls
from casework.audit.models import ConfidentialRead
from casework.registry import services
from casework.registry.models import Document
from casework.registry.uploads import inspect_upload, safe_name
from tests.builders import Role, make_case, make_document, make_staff


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"%PDF-1.4\n..."),
        ("svar.docx", b"PK\x03\x04rest"),
        ("bild.png", b"\x89PNG\r\n\x1a\nrest"),
        ("foto.JPG", b"\xff\xd8\xff\xe0rest"),
        ("anteckning.txt", "Remissvar från trafikkontoret\r\n".encode("cp1252")),
        ("lista.csv", "nämnd;datum\nTRN;2016-09-22\n".encode()),
    ],
)
def test_an_accepted_file_type_with_matching_content_passes(name, content):
    inspected = inspect_upload(upload(name, content))
    assert inspected.size == len(content)
    assert len(inspected.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("rapport.pdf", b"MZ\x90\x00 a windows program", "type_mismatch"),
        ("rapport.pdf", b"\x7fELF binary", "type_mismatch"),
        ("anteckning.txt", b"#!/bin/sh\nrm -rf /", "type_mismatch"),
        ("anteckning.txt", b"text\x00with nul", "type_mismatch"),
        ("bild.png", b"%PDF-1.4 not a png", "type_mismatch"),
        ("program.exe", b"MZ\x90\x00", "type_not_allowed"),
        ("utan-filändelse", b"%PDF-1.4", "type_not_allowed"),
        ("tom.pdf", b"", "empty_file"),
    ],
)
def test_a_file_whose_content_does_not_match_is_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, content))
    assert error.value.code == code


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("stor.pdf", b"%PDF-" + b"x" * 20))
    assert error.value.code == "file_too_large"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\svar.pdf", "svar.pdf"),
        ("rad\nbrytning.pdf", "radbrytning.pdf"),
        ("", "fil"),
    ],
)
def test_file_names_are_never_trusted(name, expected):
    assert safe_name(name) == expected


# --- serving (issue 10, point 6) -----------------------------------------------


@pytest.fixture
def confidential_file(city, t_registrar):
    case = make_case(city.t_register, t_registrar)
    document = make_document(case, t_registrar, direction=Document.Direction.INCOMING)
    attachment = services.add_attachment(
        document=document,
        upload=upload("intyg.pdf", b"%PDF-1.4 hemligt"),
        actor=t_registrar,
        reason="bilaga",
    )
    services.mark_confidential(
        document=document,
        provision="OSL 26 kap. 1 §",
        marked_on=datetime.date(2020, 1, 1),
        authority=city.tk,
        actor=t_registrar,
        reason="personuppgifter",
    )
    return attachment


@pytest.fixture
def urls_with_debug_on():
    """The project's URLs as they are built when DEBUG is on."""
    with override_settings(DEBUG=True):
        importlib.reload(casework.urls)
        clear_url_caches()
        try:
            yield
        finally:
            importlib.reload(casework.urls)
            clear_url_caches()


def test_no_url_serves_the_stored_files_even_with_debug_on(
    client, confidential_file, urls_with_debug_on
):
    """Issue 10.6: with DEBUG on, /media/attachments/<sha256> served a
    confidential file to anyone, unlogged."""
    assert Path(confidential_file.file.path).exists()
    raw = settings.MEDIA_URL + confidential_file.file.name
    response = client.get("/" + raw.lstrip("/"))
    assert response.status_code == 404
    assert not ConfidentialRead.objects.exists()


def test_the_download_page_refuses_an_outsider_and_logs_a_confidential_read(
    client, confidential_file, t_registrar, city
):
    """Issue 10.6, V5: the file comes only through the access-checked page,
    which logs each read of a confidential file."""
    outsider = make_staff("handlaggare.sbk", Role.CASE_OFFICER, city.slk)
    client.force_login(outsider)
    url = reverse("registry:attachment_download", args=[confidential_file.pk])
    assert client.get(url).status_code == 404
    assert not ConfidentialRead.objects.exists()
    client.force_login(t_registrar)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hemligt"
    (read,) = ConfidentialRead.objects.all()
    assert (read.reader, read.document) == (
        t_registrar,
        confidential_file.version.document,
    )
    assert read.what == "file intyg.pdf"
