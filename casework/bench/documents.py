"""Documents of the scale dataset: 2–4 per case, incoming ones official on arrival,
drafts made official when dispatched, decided, approved or the case concluded
(TF 2:9–2:12), a few with a confidentiality marking (OSL 5:5)."""

import datetime
from dataclasses import dataclass

from casework.bench import names
from casework.bench.cases import (
    HOUR_CLOSED,
    HOUR_DECIDED,
    HOUR_DISPATCHED,
    Seeded,
)
from casework.bench.directory import Role, aware
from casework.bench.history import Change, stamp
from casework.registry.models import ConfidentialityMarking, Document, DocumentVersion

Direction, Kind, Because = Document.Direction, Document.Kind, Document.OfficialBecause
HOUR_FIRST, HOUR_LATER = 9, 11  # around the officer's assignment at 10
CONFIDENTIAL_SHARE = 0.02
LATER_DOCUMENTS = [
    (Direction.DRAWN_UP, Kind.OFFICER_REPORT, "Tjänsteutlåtande"),
    (Direction.DRAWN_UP, Kind.FILE_NOTE, "Tjänsteanteckning"),
    (Direction.DRAWN_UP, Kind.WORKING_NOTE, "Arbetsanteckning"),
    (Direction.DRAWN_UP, Kind.MEMORANDUM, "Promemoria"),
    (Direction.DRAWN_UP, Kind.MINUTES_EXTRACT, "Protokollsutdrag"),
    (Direction.OUTGOING, Kind.LETTER, "Svar"),
    (Direction.INCOMING, Kind.APPENDIX, "Komplettering"),
]
OFFICIAL_HOURS = {
    Because.DISPATCHED: HOUR_DISPATCHED,
    Because.DECIDED: HOUR_DECIDED,
    Because.APPROVED: HOUR_DECIDED,
    Because.CASE_CONCLUDED: HOUR_CLOSED,
}


@dataclass
class Made:
    """A document with its first version, later changes and marking, if any."""

    document: Document
    version: DocumentVersion
    changes: list[Change]
    marking: ConfidentialityMarking | None = None


def build_documents(rng, seeded: Seeded) -> list[Made]:
    """The case's incoming first document and 1–3 later ones."""
    first = (Direction.INCOMING, _first_kind(seeded.case), "Inkommen handling")
    picks = [first] + [rng.choice(LATER_DOCUMENTS) for _ in range(rng.randint(1, 3))]
    return [
        _document(rng, seeded, number, *pick)
        for number, pick in enumerate(picks, start=1)
    ]


def _first_kind(case) -> str:
    return Kind.REFERRAL if case.title.startswith("Remiss") else Kind.LETTER


def _document(rng, seeded: Seeded, number: int, direction, kind, label) -> Made:
    because, official_on = _official_event(seeded, direction, kind)
    dated = _dated(rng, seeded, number, official_on)
    author = _author(rng, seeded, direction)
    at = aware(dated, HOUR_FIRST if number == 1 else HOUR_LATER, rng.randrange(59))
    document = Document(
        case=seeded.case,
        sequence=number,
        direction=direction,
        kind=kind,
        dated=dated,
        counterpart="" if direction == Direction.DRAWN_UP else _counterpart(rng),
        public_description=f"{label}: {seeded.case.title}"[:500],
        registered_by=author,
        registered_at=at,
    )
    if because == Because.RECEIVED:
        _make_official(document, because, at)
    stamp(document, at=at, by=author, reason="registered")
    version = _version(document, label, seeded, at)
    changes = _official_changes(seeded, document, version, because, official_on)
    return Made(document, version, changes, _marking(rng, seeded, document, at))


def _official_event(seeded: Seeded, direction, kind):
    """Why and on which day the document becomes official; (None, None) if never."""
    story = seeded.story
    if direction == Direction.INCOMING:
        return Because.RECEIVED, None
    if kind == Kind.WORKING_NOTE:
        return None, None
    if kind in (Kind.OFFICER_REPORT, Kind.MINUTES_EXTRACT) and story.decided:
        return (
            Because.DECIDED if kind == Kind.OFFICER_REPORT else Because.APPROVED,
            story.decided,
        )
    if direction == Direction.OUTGOING and story.assigned:
        return Because.DISPATCHED, None
    if story.closed:
        return Because.CASE_CONCLUDED, story.closed
    return None, None


def _dated(rng, seeded: Seeded, number: int, official_on) -> datetime.date:
    """The first document arrives on the registration day; the others once an
    officer has the case, but not after they become official or the case closes."""
    start = seeded.story.assigned
    if number == 1 or start is None:
        return seeded.story.registered
    end = official_on or seeded.story.end
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _author(rng, seeded: Seeded, direction):
    if direction == Direction.INCOMING or seeded.officer is None:
        return seeded.registrar
    return seeded.officer


def _counterpart(rng) -> str:
    return rng.choice(names.COUNTERPARTS)


def _make_official(document: Document, because: str, at) -> None:
    document.state = Document.State.OFFICIAL
    document.official_because = because
    document.official_since = at


def _version(document: Document, label: str, seeded: Seeded, at) -> DocumentVersion:
    case = seeded.case
    version = DocumentVersion(
        document=document,
        number=1,
        title=label,
        body=f"{label} i ärende {case.registration_number}: {case.title}.",
        frozen=document.state == Document.State.OFFICIAL,
        created_by=document.registered_by,
        created_at=at,
    )
    return stamp(version, at=at, by=document.registered_by, reason="registered")


def _official_changes(seeded, document, version, because, official_on) -> list:
    """A draft that later becomes official: the document and its frozen version."""
    if because is None or because == Because.RECEIVED:
        return []
    day = official_on or document.dated
    at = aware(day, OFFICIAL_HOURS[because])
    by = document.registered_by if because == Because.DISPATCHED else seeded.registrar
    reason = because.replace("_", " ")
    values = {
        "state": Document.State.OFFICIAL,
        "official_because": because,
        "official_since": at,
    }
    return [
        Change(document, at, by, reason, values),
        Change(version, at, by, reason, {"frozen": True}),
    ]


def _marking(rng, seeded: Seeded, document: Document, registered_at):
    if rng.random() >= CONFIDENTIAL_SHARE:
        return None
    document.protected_description = "Uppgifter om enskilds personliga förhållanden"
    marking = ConfidentialityMarking(
        document=document,
        provision=rng.choice(names.PROVISIONS),
        marked_on=document.dated,
        authority=seeded.department.organisation,
    )
    registrar = rng.choice(seeded.department.people(Role.REGISTRAR))
    at = registered_at + datetime.timedelta(minutes=1)
    return stamp(marking, at=at, by=registrar, reason="confidentiality marked")
