"""The minutes as the Stockholm documents set them out: the plain text that is
approved and digested (R24, R26), the extract, and ``minutes_document``, the
structure a print view lays out. Always in Swedish, whatever the reader's
interface language. How statements are worded lives in ``phrasing``; its names
are available here too."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone, translation

from casework.meetings.models import (
    AgendaItem,
    ItemParticipation,
    Meeting,
    Statement,
)
from casework.meetings.phrasing import SEAT_ORDER as SEAT_ORDER
from casework.meetings.phrasing import STYLE as STYLE
from casework.meetings.phrasing import RenderedStatement as RenderedStatement
from casework.meetings.phrasing import body_name as body_name
from casework.meetings.phrasing import has_written_text as has_written_text
from casework.meetings.phrasing import join_names as join_names
from casework.meetings.phrasing import party_group as party_group
from casework.meetings.phrasing import render_statement as render_statement
from casework.meetings.phrasing import signatory_phrase as signatory_phrase
from casework.meetings.phrasing import statement_heading as statement_heading
from casework.meetings.phrasing import (
    statements_for_minutes as statements_for_minutes,
)
from casework.meetings.served import (
    header_groups,
    participation_lines,
    served,
    vote_as_minuted,
)


def meeting_for_minutes(meeting_id: int) -> Meeting:
    """The meeting with everything the minutes show, in a fixed number of queries."""
    statements = Statement.objects.select_related(
        "refers_to__item__meeting__organisation", "party"
    ).prefetch_related("signatories__person", "clauses")
    items = (
        AgendaItem.objects.filter(paragraph_number__isnull=False)
        .select_related(
            "case",
            "proposal",
            "immediate_approval",
            "postponement",
            "unanimous_consent",
        )
        .prefetch_related(
            "proposal__clauses",
            "motions__mover__person",
            "motions__refusal",
            "postponement__requesters__person",
            "dissents__person",
            "votes__ballots__participant__person",
            Prefetch(
                "statements",
                queryset=statements.select_related("item__meeting__organisation"),
            ),
            Prefetch(
                "participations",
                queryset=ItemParticipation.objects.select_related(
                    "participant__person", "participant__party"
                ).prefetch_related("participant__party__designations"),
            ),
        )
        .order_by("paragraph_number")
    )
    return (
        Meeting.objects.select_related("organisation", "chair", "secretary", "minutes")
        .prefetch_related(
            "minutes__approvals",
            "minutes_checkers",
            "participants__person",
            "participants__party__designations",
            Prefetch("items", queryset=items, to_attr="paragraphs"),
        )
        .get(pk=meeting_id)
    )


def _people_line(meeting: Meeting) -> list[str]:
    """Who served, chair first, each with the party as it was then (R7, R77)."""
    return [
        f"{p.person.full_name} "
        f"({p.party.code_on(meeting.held_on) if p.party else '–'}), "
        f"{STYLE['seats'][p.seat_role]}"
        for p in served(meeting)
    ]


def minutes_text(meeting: Meeting) -> str:
    """The minutes as plain text: what is approved and digested (R24, R26)."""
    lines = [
        f"{meeting.organisation.name}",
        f"Protokoll från sammanträde {meeting.held_on:%Y-%m-%d}",
        f"Plats: {meeting.place}" if meeting.place else "",
        "",
        "Närvarande:",
        *_people_line(meeting),
        "",
        f"Sekreterare: {meeting.secretary}" if meeting.secretary else "",
        "Justerare: "
        + join_names([p.full_name for p in meeting.minutes_checkers.all()]),
        "",
    ]
    for item in meeting.paragraphs:
        lines.extend(_paragraph_lines(item))
    return "\n".join(line for line in lines if line is not None).strip() + "\n"


def _paragraph_lines(item: AgendaItem) -> list[str]:
    lines = [f"§ {item.paragraph_number} {item.title}"]
    if item.case:
        lines.append(f"Dnr {item.case.registration_number}")
    lines.extend(_announcement_lines(item))
    if item.proposal:
        lines.extend(f"{c.number}. {c.text}" for c in item.proposal.clauses.all())
    for motion in item.motions.all():
        lines.append(f"{motion.mover.person.full_name} yrkar: {motion.text}")
        lines.extend(_refusal_lines(motion, item))
    for vote in item.votes.all():
        lines.extend(_vote_lines(vote, item))
    if item.decision_text:
        lines.append(f"Beslut: {item.decision_text}")
    lines.extend(_postponement_lines(item))
    lines.extend(participation_lines(item))
    for statement in statements_for_minutes(item):
        lines.extend(_statement_lines(render_statement(statement)))
    for dissent in item.dissents.all():
        lines.extend(_dissent_lines(dissent))
    approval = getattr(item, "immediate_approval", None)
    if approval is not None:
        day = timezone.localtime(approval.approved_at).date()
        lines.extend(["", f"{STYLE['approved_at_meeting']} {day:%Y-%m-%d}."])
    return [*lines, ""]


def _refusal_lines(motion, item: AgendaItem) -> list[str]:
    """The chair's refusal to put the motion, and the council overruling it
    (KL 5:57, R12)."""
    refusal = getattr(motion, "refusal", None)
    if refusal is None:
        return []
    lines = [
        STYLE["refusal"].format(
            name=motion.mover.person.full_name,
            ground=STYLE["refusal_grounds"][refusal.ground],
        )
    ]
    if refusal.explanation:
        lines.append(refusal.explanation)
    if refusal.is_overruled:
        lines.append(STYLE["overruled"].format(body=item.meeting.organisation.name))
    return lines


def _announcement_lines(item: AgendaItem) -> list[str]:
    """An unannounced council matter, and the unanimous decision to handle it
    (R10)."""
    if item.announced:
        return []
    if hasattr(item, "unanimous_consent"):
        return [STYLE["unanimous_consent"]]
    return [STYLE["not_announced"]]


def _postponement_lines(item: AgendaItem) -> list[str]:
    """Who asked for tabling or referral back, on what basis and why (R11)."""
    postponement = getattr(item, "postponement", None)
    if postponement is None:
        return []
    requesters = list(postponement.requesters.all())
    names = join_names([p.person.full_name for p in requesters])
    if postponement.by_minority:
        line = STYLE["minority_request"][postponement.referred_back].format(
            count=len(requesters), present=postponement.members_present, names=names
        )
    elif names:
        line = STYLE["majority_requested"].format(names=names)
    else:
        line = STYLE["majority"]
    lines = [line]
    if postponement.referred_back and postponement.grounds:
        lines.append(STYLE["referral_grounds"].format(grounds=postponement.grounds))
    return lines


def _dissent_lines(dissent) -> list[str]:
    """A dissenting opinion under FL 30 § (R21)."""
    lines = [
        "",
        STYLE["dissent"].format(
            capacity=STYLE["dissent_capacity"][dissent.capacity],
            name=dissent.person.full_name,
        ),
    ]
    if dissent.text:
        lines.append(dissent.text)
    return lines


def _vote_lines(vote, item: AgendaItem) -> list[str]:
    counts, ballots = vote_as_minuted(vote, item)
    lines = [
        f"Omröstning: {vote.question} (Ja = {vote.yes_means}, Nej = {vote.no_means})",
        f"Ja {counts['yes']}, Nej {counts['no']}, Avstår {counts['abstain']}",
    ]
    lines.extend(f"  {name}: {choice}" for name, choice in ballots)
    if vote.casting_vote:
        lines.append("Ordförandens utslagsröst avgjorde.")
    return lines


def _statement_lines(rendered: RenderedStatement) -> list[str]:
    lines = ["", rendered.heading]
    if rendered.introduction:
        lines.append(rendered.introduction)
    lines.extend(rendered.clauses)
    if rendered.text:
        lines.append(rendered.text)
    return lines


def digest(content: str) -> str:
    """SHA-256 of the approved content."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def extract_text(meeting: Meeting, paragraph_number: int) -> str:
    """One paragraph of the minutes with the minutes' heading (sv.
    protokollsutdrag)."""
    item = next(i for i in meeting.paragraphs if i.paragraph_number == paragraph_number)
    return extract_from_lines(meeting, _paragraph_lines(item))


def extract_from_lines(meeting: Meeting, paragraph: list[str]) -> str:
    """The extract of one paragraph's lines under the minutes' heading."""
    heading = f"Utdrag ur protokoll från {meeting.organisation.name}"
    lines = [f"{heading} {meeting.held_on:%Y-%m-%d}", "", *paragraph]
    return "\n".join(lines).strip() + "\n"


def paragraph_section(content: str, paragraph_number: int) -> list[str] | None:
    """The lines of one paragraph as a text of the minutes writes them: from its
    heading up to the next paragraph's; None when the text has no such one."""
    lines = content.split("\n")
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.startswith(f"§ {paragraph_number} ")
        ),
        None,
    )
    if start is None:
        return None
    following = f"§ {paragraph_number + 1} "
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith(following)),
        len(lines),
    )
    return lines[start:end]


def delegation_protocol_text(organisation, decisions, drawn_up_on) -> str:
    """The separate protocol of delegated decisions not reported to the
    committee (R35), each with what R49 asks of it."""
    lines = [
        organisation.name,
        f"{STYLE['delegation_title']} {organisation.name[:1].lower()}"
        f"{organisation.name[1:]}",
        f"{STYLE['drawn_up']} {drawn_up_on:%Y-%m-%d}",
        "",
    ]
    for decision in decisions:
        lines.extend(
            [
                f"Dnr {decision.registration_number}",
                STYLE["decided_by"].format(
                    date=f"{decision.decided_on:%Y-%m-%d}",
                    delegate=decision.delegate,
                    point=decision.delegation_point,
                ),
                decision.text,
                "",
            ]
        )
    return "\n".join(lines).strip() + "\n"


# --- the minutes as structured data -------------------------------------------


@dataclass
class MinutesHeader:
    body: str
    held_on: datetime.date
    starts_at: datetime.time
    when: str
    place: str
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None


@dataclass
class MinutesParticipants:
    members: list[str]
    serving_substitutes: list[str]
    substitutes: list[str]
    others_present: list[str]


@dataclass
class MinutesParagraph:
    number: int
    title: str
    registration_number: str
    item_id: int
    lines: list[str]
    decision: str
    statements: list[RenderedStatement]
    approved_at_meeting: datetime.date | None
    participation: list[str]


@dataclass
class MinutesSignature:
    name: str
    role: str
    signed_on: datetime.date | None
    method: str
    paper_reference: str
    late_reason: str


@dataclass
class MinutesDocument:
    header: MinutesHeader
    participants: MinutesParticipants
    secretary: str
    checkers: list[str]
    paragraphs: list[MinutesParagraph]
    signatures: list[MinutesSignature]
    approved: bool
    approved_at: datetime.datetime | None


def minutes_document(
    meeting_id: int, *, paragraph_number: int | None = None
) -> MinutesDocument:
    """The minutes of a meeting as a Stockholm protocol lays them out, for a print
    view or a PDF, always in Swedish:

    - ``header``: body, day, start time (``when``: "15 december 2026 kl. 13.00"),
      place, and when the meeting was opened and closed;
    - ``participants``: members deciding (chair first, each "Name (party),
      seat" when not an ordinary member), substitutes serving in a member's
      place, substitutes present without serving, and others present (the
      secretary);
    - ``paragraphs``: each § with title, Dnr, ``lines`` (proposal, motions,
      votes and procedure as the approved text words them), ``decision`` and
      ``statements`` (reservations and special statements, each with heading,
      introduction, clauses and text; a text not handed in is left out, R16);
    - ``signatures``: the chair, then each minutes checker, with the day each
      signed (None until then), how (``ApprovalMethod``) and, for paper, where
      the signed page is kept (R24, R27); ``approved`` once all have signed.

    With ``paragraph_number`` the document holds that paragraph alone: the
    extract of the minutes (sv. protokollsutdrag, R59)."""
    with translation.override("sv"):
        meeting = meeting_for_minutes(meeting_id)
        items = meeting.paragraphs
        if paragraph_number is not None:
            items = [i for i in items if i.paragraph_number == paragraph_number]
        minutes = getattr(meeting, "minutes", None)
        return MinutesDocument(
            header=_header(meeting),
            participants=_participants(meeting),
            secretary=_secretary_name(meeting),
            checkers=[p.full_name for p in meeting.minutes_checkers.all()],
            paragraphs=[_paragraph(item) for item in items],
            signatures=_signatures(meeting, minutes),
            approved=bool(minutes and minutes.is_approved),
            approved_at=minutes.approved_at if minutes else None,
        )


def _header(meeting: Meeting) -> MinutesHeader:
    return MinutesHeader(
        body=meeting.organisation.name,
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        when=meeting.when,
        place=meeting.place,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
    )


def _secretary_name(meeting: Meeting) -> str:
    secretary = meeting.secretary
    if secretary is None:
        return ""
    return secretary.get_full_name() or secretary.get_username()


def _person_line(participant, day, *, seat: bool) -> str:
    party = participant.party.code_on(day) if participant.party else "–"
    line = f"{participant.person.full_name} ({party})"
    if seat and participant.seat_role not in ("member", "substitute"):
        line = f"{line}, {STYLE['seats'][participant.seat_role]}"
    return line


def _participants(meeting: Meeting) -> MinutesParticipants:
    """Who was there, as the protocol lists them (R5, R7, KL 4:22)."""
    day = meeting.held_on
    members, serving, waiting = header_groups(meeting)
    secretary = _secretary_name(meeting)
    return MinutesParticipants(
        members=[_person_line(p, day, seat=True) for p in members],
        serving_substitutes=[_person_line(p, day, seat=False) for p in serving],
        substitutes=[_person_line(p, day, seat=False) for p in waiting],
        others_present=[f"{secretary}, {STYLE['secretary']}"] if secretary else [],
    )


def _paragraph(item: AgendaItem) -> MinutesParagraph:
    lines = _announcement_lines(item)
    if item.proposal:
        lines.extend(f"{c.number}. {c.text}" for c in item.proposal.clauses.all())
    for motion in item.motions.all():
        lines.append(f"{motion.mover.person.full_name} yrkar: {motion.text}")
        lines.extend(_refusal_lines(motion, item))
    for vote in item.votes.all():
        lines.extend(_vote_lines(vote, item))
    lines.extend(_postponement_lines(item))
    for dissent in item.dissents.all():
        lines.extend(_dissent_lines(dissent)[1:])
    approval = getattr(item, "immediate_approval", None)
    return MinutesParagraph(
        number=item.paragraph_number,
        title=item.title,
        registration_number=item.case.registration_number if item.case else "",
        item_id=item.pk,
        lines=lines,
        decision=item.decision_text,
        statements=[render_statement(s) for s in statements_for_minutes(item)],
        approved_at_meeting=(
            timezone.localtime(approval.approved_at).date() if approval else None
        ),
        participation=participation_lines(item),
    )


def _signatures(meeting: Meeting, minutes) -> list[MinutesSignature]:
    """The chair and each minutes checker, with their signature if given."""
    signed = {a.person_id: a for a in minutes.approvals.all()} if minutes else {}
    people = [(meeting.chair, STYLE["seats"]["chair"])] if meeting.chair else []
    people += [(p, STYLE["checker"]) for p in meeting.minutes_checkers.all()]
    signatures = []
    for person, role in people:
        approval = signed.get(person.pk)
        signatures.append(
            MinutesSignature(
                name=person.full_name,
                role=role,
                signed_on=approval.signed_on if approval else None,
                method=approval.method if approval else "",
                paper_reference=approval.paper_reference if approval else "",
                late_reason=approval.late_reason if approval else "",
            )
        )
    return signatures
