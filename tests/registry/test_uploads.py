import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from casework.registry.uploads import inspect_upload, safe_name


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
