"""The published rendering of approved minutes (R67, KL 6:25): the minutes as
``printed.printed_minutes`` lays them out, with each paragraph that holds
information under secrecy reduced to its number, heading and registration
number and a note citing the provision. The approved minutes, their versions
and digests are read, never written."""

import dataclasses
from dataclasses import dataclass

from django.http import Http404
from django.utils import translation

from casework.meetings.models import Minutes
from casework.meetings.printed import PrintedMinutes, PrintedParagraph, printed_minutes
from casework.meetings.rendering import meeting_for_minutes
from casework.publicity.models import ParagraphSecrecy

MASK_NOTE = (
    "Paragrafen innehåller uppgifter som omfattas av sekretess enligt {provision}. "
    "Den har behandlats inom stängda dörrar och dess innehåll visas inte i den "
    "publicerade versionen av protokollet."
)


@dataclass
class PublishedParagraph(PrintedParagraph):
    masked_note: str = ""


def secret_paragraphs(meeting_id: int) -> dict[int, str]:
    """The provision of each marked item of the meeting, by item id."""
    return dict(
        ParagraphSecrecy.objects.filter(item__meeting_id=meeting_id).values_list(
            "item_id", "provision"
        )
    )


def mask(paragraph: PrintedParagraph, provision: str) -> PublishedParagraph:
    """Only the number, heading and registration number remain (R54, R67)."""
    return PublishedParagraph(
        number=paragraph.number,
        title=paragraph.title,
        registration_number=paragraph.registration_number,
        item_id=paragraph.item_id,
        masked_note=MASK_NOTE.format(provision=provision),
    )


def _unmasked(paragraph: PrintedParagraph) -> PublishedParagraph:
    fields = dataclasses.fields(paragraph)
    return PublishedParagraph(**{f.name: getattr(paragraph, f.name) for f in fields})


def published_minutes(meeting_id: int) -> PrintedMinutes:
    """The minutes for the public, in Swedish, with the secret paragraphs
    masked."""
    with translation.override("sv"):
        document = printed_minutes(meeting_for_minutes(meeting_id))
    secret = secret_paragraphs(meeting_id)
    paragraphs = [
        mask(p, secret[p.item_id]) if p.item_id in secret else _unmasked(p)
        for p in document.paragraphs
    ]
    return dataclasses.replace(document, paragraphs=paragraphs)


def approved_minutes_or_404(pk) -> Minutes:
    """Minutes are published once approved: then they are official (TF 2:10)."""
    try:
        return Minutes.objects.select_related("meeting__organisation").get(
            pk=pk, state=Minutes.State.APPROVED
        )
    except (Minutes.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
