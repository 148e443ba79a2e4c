"""The minutes and the extract laid out as a Stockholm protocol: a header (body,
date, time, place), who took part (members, serving substitutes, others
present), each paragraph (§, title, Dnr, proposal, motions, votes, decision,
reservations and special statements with their signatories and party) and the
signatures of the chair and the minutes checkers (KL 5:62–5:69, R16–R17,
R24–R25).

The phrasing is the minutes' own, from ``rendering``: the printed page shows the
same sentences as the approved text, only set out in sections."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from casework.meetings.models import (
    AgendaItem,
    ApprovalMethod,
    Meeting,
    Participant,
)
from casework.meetings.rendering import (
    STYLE,
    RenderedStatement,
    _dissent_lines,
    _postponement_lines,
    _refusal_lines,
    render_statement,
    statements_for_minutes,
)
from casework.meetings.served import (
    header_groups,
    participation_lines,
    vote_as_minuted,
)

Seat = Participant.SeatRole
CHECKER = "justerare"


@dataclass
class PrintedVote:
    question: str
    yes_means: str
    no_means: str
    counts: dict
    ballots: list[tuple[str, str]]
    casting_vote: bool


@dataclass
class PrintedParagraph:
    number: int
    title: str
    registration_number: str
    item_id: int
    proposal: list[str] = field(default_factory=list)
    motions: list[str] = field(default_factory=list)
    votes: list[PrintedVote] = field(default_factory=list)
    decision: str = ""
    procedure: list[str] = field(default_factory=list)
    statements: list[RenderedStatement] = field(default_factory=list)
    dissents: list[list[str]] = field(default_factory=list)
    approved_at_meeting: datetime.date | None = None
    participation: list[str] = field(default_factory=list)


@dataclass
class Signature:
    name: str
    role: str
    signed_on: datetime.date | None
    method: str = ""
    late_reason: str = ""


@dataclass
class PrintedMinutes:
    body: str
    held_on: datetime.date
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    place: str
    members: list[str]
    serving_substitutes: list[str]
    substitutes: list[str]
    secretary: str
    checkers: list[str]
    paragraphs: list[PrintedParagraph]
    signatures: list[Signature]


def _party(participant, day) -> str:
    return participant.party.code_on(day) if participant.party else "–"


def _person_line(participant, day, *, seat: bool = True) -> str:
    line = f"{participant.person.full_name} ({_party(participant, day)})"
    if seat and participant.seat_role not in (Seat.MEMBER, Seat.SUBSTITUTE):
        line = f"{line}, {STYLE['seats'][participant.seat_role]}"
    return line


def participants(meeting: Meeting) -> tuple[list[str], list[str], list[str]]:
    """Members who served, substitutes who served in a member's place (KL 4:22),
    and substitutes present who never served (R5, R7), each with the party."""
    day = meeting.held_on
    members, serving, others = header_groups(meeting)
    return (
        [_person_line(p, day) for p in members],
        [_person_line(p, day, seat=False) for p in serving],
        [_person_line(p, day, seat=False) for p in others],
    )


def _vote(vote, item: AgendaItem) -> PrintedVote:
    counts, ballots = vote_as_minuted(vote, item)
    return PrintedVote(
        question=vote.question,
        yes_means=vote.yes_means,
        no_means=vote.no_means,
        counts={STYLE["ballots"][choice]: count for choice, count in counts.items()},
        ballots=ballots,
        casting_vote=vote.casting_vote,
    )


def _motions(item: AgendaItem) -> list[str]:
    lines = []
    for motion in item.motions.all():
        lines.append(f"{motion.mover.person.full_name} yrkar: {motion.text}")
        lines.extend(_refusal_lines(motion, item))
    return lines


def paragraph(item: AgendaItem) -> PrintedParagraph:
    """One paragraph of the minutes, from the meeting loaded by
    ``rendering.meeting_for_minutes``."""
    approval = getattr(item, "immediate_approval", None)
    return PrintedParagraph(
        number=item.paragraph_number,
        title=item.title,
        registration_number=item.case.registration_number if item.case else "",
        item_id=item.pk,
        proposal=[f"{c.number}. {c.text}" for c in item.proposal.clauses.all()]
        if item.proposal
        else [],
        motions=_motions(item),
        votes=[_vote(vote, item) for vote in item.votes.all()],
        decision=item.decision_text,
        procedure=_postponement_lines(item),
        statements=[render_statement(s) for s in statements_for_minutes(item)],
        dissents=[_dissent_lines(d)[1:] for d in item.dissents.all()],
        approved_at_meeting=timezone.localtime(approval.approved_at).date()
        if approval is not None
        else None,
        participation=participation_lines(item),
    )


def signatures(meeting: Meeting) -> list[Signature]:
    """The chair and each minutes checker, with the day each signed and, for a
    signature not given on the approval page, how it was given (R24, R27)."""
    minutes = getattr(meeting, "minutes", None)
    signed = {a.person_id: a for a in minutes.approvals.all()} if minutes else {}
    people = []
    if meeting.chair:
        people.append((meeting.chair, STYLE["seats"]["chair"]))
    people.extend((checker, CHECKER) for checker in meeting.minutes_checkers.all())
    return [_signature(person, role, signed.get(person.pk)) for person, role in people]


def _signature(person, role: str, approval) -> Signature:
    if approval is None:
        return Signature(name=person.full_name, role=role, signed_on=None)
    method = ""
    if approval.method != ApprovalMethod.IN_SYSTEM:
        method = ApprovalMethod(approval.method).label
        if approval.paper_reference:
            method = f"{method}, {approval.paper_reference}"
    return Signature(
        name=person.full_name,
        role=role,
        signed_on=approval.signed_on or timezone.localtime(approval.approved_at).date(),
        method=method,
        late_reason=approval.late_reason,
    )


def printed_minutes(meeting: Meeting) -> PrintedMinutes:
    """The minutes of a meeting loaded by ``rendering.meeting_for_minutes``."""
    members, serving_substitutes, substitutes = participants(meeting)
    secretary = meeting.secretary
    return PrintedMinutes(
        body=meeting.organisation.name,
        held_on=meeting.held_on,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        place=meeting.place,
        members=members,
        serving_substitutes=serving_substitutes,
        substitutes=substitutes,
        secretary=(secretary.get_full_name() or str(secretary)) if secretary else "",
        checkers=[p.full_name for p in meeting.minutes_checkers.all()],
        paragraphs=[paragraph(item) for item in meeting.paragraphs],
        signatures=signatures(meeting),
    )


def printed_paragraph(meeting: Meeting, number: int) -> PrintedParagraph:
    """One paragraph, for the extract of the minutes (sv. protokollsutdrag)."""
    item = next(i for i in meeting.paragraphs if i.paragraph_number == number)
    return paragraph(item)
