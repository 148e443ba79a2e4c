"""The minutes and statements as the Stockholm documents write them (seeds 000,
001): "Reservation anfördes av Emilia Hagberg och Stefan Nilsson (båda MP) med
hänvisning till reservationen av (MP) i borgarrådsberedningen."

The phrasing is the municipality's minutes style, kept as data in ``STYLE``; the
minutes are always written in Swedish, whatever the reader's interface language.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from casework.meetings.models import (
    AgendaItem,
    ItemParticipation,
    Meeting,
    Statement,
)

STYLE = {
    "lead": {
        Statement.Kind.RESERVATION: "Reservation anfördes av",
        Statement.Kind.PREPARATORY_RESERVATION: "Reservation anfördes av",
        Statement.Kind.SPECIAL_STATEMENT: "Särskilt uttalande gjordes av",
        Statement.Kind.PREPARATORY_STATEMENT: "Särskilt uttalande gjordes av",
        Statement.Kind.SUBSTITUTE_STATEMENT: "Ersättaryttrande gjordes av",
    },
    "reference": {
        True: "reservationen",
        False: "det särskilda uttalandet",
    },
    "plural_titles": {"borgarrådet": "borgarråden"},
    "both": "båda",
    "all": "alla",
    "and": "och",
    "as_follows": "enligt följande.",
    "with_reference": "med hänvisning till",
    "of": "av",
    "in": "i",
    "seats": {
        "chair": "ordförande",
        "vice_chair": "vice ordförande",
        "member": "ledamot",
        "commissioner": "borgarråd",
        "substitute": "tjänstgörande ersättare",
    },
    "ballots": {"yes": "Ja", "no": "Nej", "abstain": "Avstår"},
    "refusal": "Ordföranden vägrar att ställa proposition på yrkandet av {name} "
    "eftersom {ground} (KL 5 kap. 57 §).",
    "refusal_grounds": {
        "new_matter": "det innebär att ett nytt ärende väcks",
        "unlawful": "det strider mot lag eller annan författning",
    },
    "overruled": "{body} beslutar att proposition ändå ska ställas på yrkandet.",
    "minority_request": {
        True: "Återremiss begärdes av minst en tredjedel av de närvarande "
        "ledamöterna ({count} av {present}): {names} (KL 5 kap. 51 §).",
        False: "Bordläggning begärdes av minst en tredjedel av de närvarande "
        "ledamöterna ({count} av {present}): {names} (KL 5 kap. 50 §).",
    },
    "majority": "Beslutet fattades med enkel majoritet.",
    "majority_requested": "Beslutet fattades med enkel majoritet på begäran av "
    "{names}.",
    "referral_grounds": "Skäl för återremissen enligt dem som begärde den: {grounds}",
    "dissent": "{capacity} {name} anmälde avvikande mening.",
    "dissent_capacity": {
        "deciding": "Ledamoten",
        "rapporteur": "Föredraganden",
        "officer": "Tjänstepersonen",
    },
    "approved_at_meeting": "Paragrafen justerades omedelbart",
    "delegation_title": "Protokoll över delegationsbeslut som inte anmäls till",
    "drawn_up": "Upprättat",
    "decided_by": "Beslutat {date} av {delegate} med stöd av punkt {point} i "
    "delegationsordningen.",
}
SEAT_ORDER = ["chair", "vice_chair", "commissioner", "member", "substitute"]


def join_names(names: list[str]) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {STYLE['and']} {names[-1]}"


def party_group(party: str, count: int) -> str:
    """ "(MP)", "(båda S)", "(alla S)" (R17, R77)."""
    if count == 1:
        return f"({party})"
    word = STYLE["both"] if count == 2 else STYLE["all"]
    return f"({word} {party})"


def signatory_phrase(statement: Statement) -> str:
    signatories = list(statement.signatories.all())
    names = join_names([s.person.full_name for s in signatories])
    titles = {s.title for s in signatories}
    if len(titles) == 1 and (title := titles.pop()):
        if len(signatories) > 1:
            title = STYLE["plural_titles"].get(title, title)
        names = f"{title} {names}"
    return f"{names} {party_group(statement.party_rendering, len(signatories))}"


def body_name(statement: Statement) -> str:
    """The body in its definite form, as running text writes it."""
    name = statement.item.meeting.organisation.name
    return name[:1].lower() + name[1:]


def statement_heading(statement: Statement, *, preview: bool = False) -> str:
    """The sentence that opens a statement in the minutes. A text or reference
    counts once handed in (R16); ``preview`` shows the party how its draft will
    read."""
    lead = f"{STYLE['lead'][statement.kind]} {signatory_phrase(statement)}"
    handed_in = preview or statement.submitted_at is not None
    if statement.refers_to_id and handed_in:
        earlier = statement.refers_to
        what = STYLE["reference"][earlier.is_reservation]
        return (
            f"{lead} {STYLE['with_reference']} {what} {STYLE['of']} "
            f"({earlier.party_rendering}) {STYLE['in']} {body_name(earlier)}."
        )
    if not has_written_text(statement, preview=preview):
        return f"{lead}."
    return f"{lead} {STYLE['as_follows']}"


def has_written_text(statement: Statement, *, preview: bool = False) -> bool:
    """Whether the written text counts: handed in before the time set (R16)."""
    if statement.submitted_at is None and not preview:
        return False
    return bool(statement.text or statement.clauses.all())


@dataclass
class RenderedStatement:
    heading: str
    introduction: str = ""
    clauses: list[str] = field(default_factory=list)
    text: str = ""


def render_statement(statement: Statement) -> RenderedStatement:
    rendered = RenderedStatement(heading=statement_heading(statement))
    if not has_written_text(statement) or statement.refers_to_id:
        return rendered
    rendered.introduction = statement.introduction
    rendered.clauses = [f"{c.number}. {c.text}" for c in statement.clauses.all()]
    rendered.text = statement.text
    return rendered


def statements_for_minutes(item: AgendaItem) -> list[Statement]:
    """Every statement announced on the item, in the order announced. Only a text
    handed in is shown; a draft's text stays the party's own (R16, R62)."""
    return list(item.statements.all())


def meeting_for_minutes(meeting_id: int) -> Meeting:
    """The meeting with everything the minutes show, in a fixed number of queries."""
    statements = Statement.objects.select_related(
        "refers_to__item__meeting__organisation", "party"
    ).prefetch_related("signatories__person", "clauses")
    items = (
        AgendaItem.objects.filter(paragraph_number__isnull=False)
        .select_related("case", "proposal", "immediate_approval", "postponement")
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
                    "participant__person"
                ),
            ),
        )
        .order_by("paragraph_number")
    )
    return (
        Meeting.objects.select_related("organisation", "chair", "secretary")
        .prefetch_related(
            "minutes_checkers",
            "participants__person",
            "participants__party__designations",
            Prefetch("items", queryset=items, to_attr="paragraphs"),
        )
        .get(pk=meeting_id)
    )


def _people_line(meeting: Meeting) -> list[str]:
    """Who decided, chair first, each with the party as it was then (R77)."""
    deciding = [p for p in meeting.participants.all() if p.is_deciding]
    deciding.sort(key=lambda p: (SEAT_ORDER.index(p.seat_role), p.person.last_name))
    return [
        f"{p.person.full_name} "
        f"({p.party.code_on(meeting.held_on) if p.party else '–'}), "
        f"{STYLE['seats'][p.seat_role]}"
        for p in deciding
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
    if item.proposal:
        lines.extend(f"{c.number}. {c.text}" for c in item.proposal.clauses.all())
    for motion in item.motions.all():
        lines.append(f"{motion.mover.person.full_name} yrkar: {motion.text}")
        lines.extend(_refusal_lines(motion, item))
    for vote in item.votes.all():
        lines.extend(_vote_lines(vote))
    if item.decision_text:
        lines.append(f"Beslut: {item.decision_text}")
    lines.extend(_postponement_lines(item))
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


def _vote_lines(vote) -> list[str]:
    ballots = list(vote.ballots.all())
    counts = {
        choice: sum(1 for b in ballots if b.choice == choice)
        for choice in ("yes", "no", "abstain")
    }
    lines = [
        f"Omröstning: {vote.question} (Ja = {vote.yes_means}, Nej = {vote.no_means})",
        f"Ja {counts['yes']}, Nej {counts['no']}, Avstår {counts['abstain']}",
    ]
    lines.extend(
        f"  {b.participant.person.full_name}: {STYLE['ballots'][b.choice]}"
        for b in ballots
    )
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
    heading = f"Utdrag ur protokoll från {meeting.organisation.name}"
    lines = [
        f"{heading} {meeting.held_on:%Y-%m-%d}",
        "",
        *_paragraph_lines(item),
    ]
    return "\n".join(lines).strip() + "\n"


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
