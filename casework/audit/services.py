"""The audit log's own write path."""

from casework.audit.models import ConfidentialRead
from permissions import rules

PROTECTED_DESCRIPTION = "protected description"


def log_confidential_read(*, document, reader, what: str) -> ConfidentialRead | None:
    """Record a read of a document under an active confidentiality marking (V5).
    The log is append-only and is itself never changed."""
    if not document.confidentiality_markings.filter(lifted_on__isnull=True).exists():
        return None
    return ConfidentialRead.objects.create(document=document, reader=reader, what=what)


def log_protected_descriptions_read(*, documents, reader) -> list[ConfidentialRead]:
    """Record an auditor's read of the protected descriptions shown (R54, V6):
    the protected part of an entry is for those handling the case, and the
    auditor, who does not, reads it under the log as a confidential document."""
    shown = [document for document in documents if document.protected_description]
    return log_protected_descriptions_shown(documents=shown, reader=reader)


def log_protected_descriptions_shown(*, documents, reader) -> list[ConfidentialRead]:
    """Record an auditor's read of the documents whose protected description a
    page showed, now or as it was (a changed one, on the history pages)."""
    if not rules.can_audit(reader):
        return []
    return [
        ConfidentialRead.objects.create(
            document=document, reader=reader, what=PROTECTED_DESCRIPTION
        )
        for document in documents
    ]
