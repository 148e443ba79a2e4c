"""Checks on uploaded files: size limit and a content type proven by the bytes.

The client's file name and content type are never trusted: the extension must be on
the allow-list and the file's first bytes must match it, and executables are refused
whatever they are called.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
)
HEAD_BYTES = 8192


@dataclass(frozen=True)
class InspectedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def safe_name(name: str) -> str:
    """The file name without any directory part or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "fil"


def inspect_upload(upload) -> InspectedUpload:
    """Validate an uploaded file and return what is known about it."""
    name = safe_name(upload.name or "")
    size = upload.size or 0
    _refuse_size(size)
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted.") % {"ext": extension or "-"},
            code="type_not_allowed",
        )
    content_type, signatures = ALLOWED[extension]
    head, digest = _read(upload)
    _refuse_mismatch(head, signatures)
    return InspectedUpload(name, content_type, size, digest)


def _refuse_size(size: int) -> None:
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="file_too_large",
        )


def _read(upload) -> tuple[bytes, str]:
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
    upload.seek(0)
    return head, digest.hexdigest()


def _refuse_mismatch(head: bytes, signatures) -> None:
    mismatch = ValidationError(
        _("The file's content does not match its type."), code="type_mismatch"
    )
    if head.startswith(EXECUTABLE_MAGIC):
        raise mismatch
    if signatures is None:
        # Plain text in any of the usual encodings: no control bytes but tab and
        # line breaks.
        if any(byte < 0x09 or 0x0E <= byte < 0x20 for byte in head):
            raise mismatch
        return
    if not head.startswith(signatures):
        raise mismatch
