"""What other apps' pages show of public access: a document's publication and
masked copies (R64, R66), and the published papers of coming meetings."""

from casework.publicity.models import MaskedRendition
from casework.registry.models import Document
from permissions import publicity as access


def document_publicity(user, document: Document, markings) -> dict:
    """For a document's page: whether it is public (V2) and what the user may
    do. ``markings`` are the document's markings as the page reads them."""
    marked = any(marking.is_active for marking in markings)
    return {
        "published": document.published,
        "public": access.is_public(document, marked=marked),
        "marked": marked,
        "renditions": list(MaskedRendition.objects.filter(original=document)),
        "may_publish": access.can_publish(user, document),
        "may_mask": access.can_mask(user, document),
    }


def with_papers(meetings) -> list:
    """The meetings, each with ``public_papers``: the published documents of
    the cases on its agenda (R64), which ``is_public`` lets anyone read."""
    meetings = list(meetings.prefetch_related("items"))
    by_case: dict[int, list] = {}
    for meeting in meetings:
        meeting.public_papers = []
        for item in meeting.items.all():
            if item.case_id:
                by_case.setdefault(item.case_id, []).append(meeting)
    documents = access.public_documents().filter(published=True, case_id__in=by_case)
    for document in documents.select_related("case").order_by("case_id", "sequence"):
        for meeting in by_case[document.case_id]:
            meeting.public_papers.append(document)
    return meetings
