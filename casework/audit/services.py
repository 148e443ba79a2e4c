"""The audit log's own write path."""

from casework.audit.models import ConfidentialRead


def log_confidential_read(*, document, reader, what: str) -> ConfidentialRead | None:
    """Record a read of a document under an active confidentiality marking (V5).
    The log is append-only and is itself never changed."""
    if not document.confidentiality_markings.filter(lifted_on__isnull=True).exists():
        return None
    return ConfidentialRead.objects.create(document=document, reader=reader, what=what)
