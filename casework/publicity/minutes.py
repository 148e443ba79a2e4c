"""The published rendering of approved minutes (R67, KL 6:25): the approved,
stored text of the minutes, as last corrected (R26), set out paragraph by
paragraph, with each paragraph that holds information under secrecy reduced to
its number, heading and registration number and a note citing the provision.
Records edited after approval never reach it. The approved minutes, their
versions and digests are read, never written."""

import re
from dataclasses import dataclass, field

from django.http import Http404

from casework.meetings.models import Meeting, Minutes
from casework.meetings.printed import Signature, signatures
from casework.publicity.models import ParagraphSecrecy

MASK_NOTE = (
    "Paragrafen innehåller uppgifter som omfattas av sekretess enligt {provision}. "
    "Den har behandlats inom stängda dörrar och dess innehåll visas inte i den "
    "publicerade versionen av protokollet."
)
HEADING = re.compile(r"^§ (\d+) (.*)$")
REGISTRATION = "Dnr "


@dataclass
class PublishedParagraph:
    number: int
    title: str
    registration_number: str = ""
    text: str = ""
    masked_note: str = ""


@dataclass
class PublishedMinutes:
    """The approved text as published: its head, its paragraphs, who signed,
    and the notes of each correction since approval (R26)."""

    header: str
    paragraphs: list[PublishedParagraph]
    signatures: list[Signature]
    secretary: str
    version: int
    correction_notes: list[str] = field(default_factory=list)


def secret_paragraphs(meeting_id: int) -> dict[int, str]:
    """The provision of each marked paragraph of the meeting, by its number."""
    return dict(
        ParagraphSecrecy.objects.filter(
            item__meeting_id=meeting_id, lifted_at__isnull=True
        ).values_list("item__paragraph_number", "provision")
    )


def _paragraph(number: int, title: str, lines: list[str]) -> PublishedParagraph:
    registration = ""
    if lines and lines[0].startswith(REGISTRATION):
        registration = lines.pop(0)[len(REGISTRATION) :]
    text = "\n".join(lines).strip()
    return PublishedParagraph(number, title, registration, text)


def split_paragraphs(content: str, numbers: list[int]):
    """The head of the approved text and its paragraphs. A paragraph begins at
    the line "§ N heading" for the next of the meeting's paragraph numbers, so
    a "§" quoted inside a paragraph does not split it."""
    expected = iter(sorted(numbers))
    upcoming = next(expected, None)
    head, found, current = [], [], None
    for line in content.splitlines():
        match = HEADING.match(line)
        if match and upcoming is not None and int(match[1]) == upcoming:
            current = (upcoming, match[2], [])
            found.append(current)
            upcoming = next(expected, None)
        elif current is None:
            head.append(line)
        else:
            current[2].append(line)
    paragraphs = [_paragraph(*parts) for parts in found]
    return "\n".join(head).strip(), paragraphs


def mask(paragraph: PublishedParagraph, provision: str) -> PublishedParagraph:
    """Only the number, heading and registration number remain (R54, R67)."""
    return PublishedParagraph(
        number=paragraph.number,
        title=paragraph.title,
        registration_number=paragraph.registration_number,
        masked_note=MASK_NOTE.format(provision=provision),
    )


def _meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("minutes", "chair", "secretary")
        .prefetch_related("minutes__approvals", "minutes_checkers")
        .get(pk=meeting_id)
    )


def published_minutes(meeting_id: int) -> PublishedMinutes:
    """The latest approved version of the minutes for the public, with the
    secret paragraphs masked."""
    meeting = _meeting(meeting_id)
    versions = list(meeting.minutes.versions.order_by("number"))
    latest = versions[-1]
    numbers = meeting.items.filter(paragraph_number__isnull=False).values_list(
        "paragraph_number", flat=True
    )
    header, paragraphs = split_paragraphs(latest.content, list(numbers))
    secret = secret_paragraphs(meeting_id)
    secretary = meeting.secretary
    return PublishedMinutes(
        header=header,
        paragraphs=[
            mask(p, secret[p.number]) if p.number in secret else p for p in paragraphs
        ],
        signatures=signatures(meeting),
        secretary=(secretary.get_full_name() or str(secretary)) if secretary else "",
        version=latest.number,
        correction_notes=[v.correction_note for v in versions[1:]],
    )


def approved_minutes_or_404(pk) -> Minutes:
    """Minutes are published once approved: then they are official (TF 2:10)."""
    try:
        return Minutes.objects.select_related("meeting__organisation").get(
            pk=pk, state=Minutes.State.APPROVED
        )
    except (Minutes.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
