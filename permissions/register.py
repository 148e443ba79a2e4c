"""Who sees which part of a register entry (R54, OSL 5 kap. 2 §)."""

from casework.registry.models import Document
from permissions import rules


def can_see_sender(user, document: Document) -> bool:
    """A protected sender is shown to those handling the case (who see the
    protected part of the entry) and to those a confidential document was
    opened to; everyone else sees the entry without it."""
    if not document.sender_protected:
        return True
    if rules.can_see_protected_description(user, document.case):
        return True
    marked = document.confidentiality_markings.filter(lifted_on__isnull=True).exists()
    return marked and rules.can_view_document(user, document)
