"""Who served at a meeting and in each of its paragraphs, as the minutes list
them: the header names every member and substitute who served in a paragraph;
each paragraph names who took part in its decision, and apart from them who
did not take part and who was disqualified (R7, R23, KL 5:66–67)."""

from casework.meetings.models import AgendaItem, ItemParticipation, Meeting
from casework.meetings.phrasing import SEAT_ORDER, STYLE, join_names

Status = ItemParticipation.Status
LEADS = {
    Status.TOOK_PART: "I beslutet deltog:",
    Status.ABSTAINED: "Deltog inte i beslutet:",
    Status.DISQUALIFIED: "Deltog inte på grund av jäv:",
}
DISQUALIFIED_BALLOT = "deltog inte p.g.a. jäv"
CHOICES = ("yes", "no", "abstain")


def ordered(participants) -> list:
    """Chair first, then by seat and last name, as the minutes list people."""
    return sorted(
        participants,
        key=lambda p: (SEAT_ORDER.index(p.seat_role), p.person.last_name, p.pk),
    )


def with_party(participant, day) -> str:
    """ "Name (party)", with the party's designation on ``day`` (R77)."""
    party = participant.party.code_on(day) if participant.party else "–"
    return f"{participant.person.full_name} ({party})"


def served(meeting: Meeting) -> list:
    """Everyone who served in at least one paragraph of a meeting loaded by
    ``rendering.meeting_for_minutes``, also one who left later; before any
    paragraph, those serving now."""
    took_part = {
        part.participant_id
        for item in meeting.paragraphs
        for part in item.participations.all()
    }
    people = meeting.participants.all()
    if took_part:
        return ordered(p for p in people if p.pk in took_part)
    return ordered(p for p in people if p.is_deciding)


def participation_lines(item: AgendaItem) -> list[str]:
    """Who took part in the decision of the paragraph, who did not and who was
    disqualified, one sentence each (KL 5:67 p. 5)."""
    day = item.meeting.held_on
    parts = list(item.participations.all())
    lines = []
    for status, lead in LEADS.items():
        people = ordered(p.participant for p in parts if p.status == status)
        if people:
            names = join_names([with_party(p, day) for p in people])
            lines.append(f"{lead} {names}")
    return lines


def header_groups(meeting: Meeting) -> tuple[list, list, list]:
    """Members who served, substitutes who served in a member's place (KL
    4:22), and substitutes present who never served (R5, R7)."""
    serving = served(meeting)
    ids = {p.pk for p in serving}
    waiting = ordered(
        p for p in meeting.participants.all() if p.present and p.pk not in ids
    )
    substitute = "substitute"
    return (
        [p for p in serving if p.seat_role != substitute],
        [p for p in serving if p.seat_role == substitute],
        waiting,
    )


def vote_as_minuted(vote, item: AgendaItem) -> tuple[dict, list[tuple[str, str]]]:
    """The count of a vote and each ballot as the minutes show them (R51):
    the ballot of someone disqualified on the item is not counted, as the
    stored result is recounted without it, and is shown as not taking part."""
    disqualified = {
        p.participant_id
        for p in item.participations.all()
        if p.status == Status.DISQUALIFIED
    }
    ballots = list(vote.ballots.all())
    counted = [b.choice for b in ballots if b.participant_id not in disqualified]
    counts = {choice: counted.count(choice) for choice in CHOICES}
    shown = [
        (
            b.participant.person.full_name,
            DISQUALIFIED_BALLOT
            if b.participant_id in disqualified
            else STYLE["ballots"][b.choice],
        )
        for b in ballots
    ]
    return counts, shown
