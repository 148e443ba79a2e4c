"""How the minutes word statements, as the Stockholm documents write them
(seeds 000, 001): "Reservation anfördes av Emilia Hagberg och Stefan Nilsson
(båda MP) med hänvisning till reservationen av (MP) i borgarrådsberedningen."

The phrasing is the municipality's minutes style, kept as data in ``STYLE``;
``rendering`` sets out the whole minutes with it."""

from dataclasses import dataclass, field

from casework.meetings.models import AgendaItem, Statement

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
    "not_announced": "Ärendet har inte kungjorts (KL 5 kap. 13–14 §§).",
    "unanimous_consent": (
        "Ärendet har inte kungjorts. Fullmäktige beslutade enhälligt att ändå "
        "behandla det (KL 5 kap. 15 §)."
    ),
    "referral_grounds": "Skäl för återremissen enligt dem som begärde den: {grounds}",
    "dissent": "{capacity} {name} anmälde avvikande mening.",
    "dissent_capacity": {
        "deciding": "Ledamoten",
        "rapporteur": "Föredraganden",
        "officer": "Tjänstepersonen",
    },
    "approved_at_meeting": "Paragrafen justerades omedelbart",
    "secretary": "sekreterare",
    "checker": "justerare",
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
