"""Proposals with clauses, memoranda, motions and votes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from casework.directory.models import Organisation, Person
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    Ballot,
    Clause,
    ItemParticipation,
    Memorandum,
    Motion,
    Participant,
    ProposedResolution,
    Vote,
)
from casework.meetings.services.common import require_open_item
from casework.meetings.services.procedure import require_motions_may_be_put
from permissions import meeting_acts

# The memorandum's opening line, in the Stockholm wording (R79).
MEMORANDUM_INTRODUCTION = (
    "Borgarrådsberedningen föreslår att kommunstyrelsen beslutar följande."
)


def _require_clauses(clauses: list[str]) -> list[str]:
    cleaned = [text.strip() for text in clauses if text and text.strip()]
    if not cleaned:
        raise ValidationError(
            _("A proposal needs at least one clause."), code="no_clauses"
        )
    return cleaned


@transaction.atomic
def propose_resolution(
    *,
    case,
    source: str,
    clauses: list[str],
    actor,
    reason: str,
    document=None,
    introduction: str = "",
) -> ProposedResolution:
    """Record a proposal made of numbered clauses (sv. förslag till beslut)."""
    meeting_acts.require_proposer(actor, case)
    texts = _require_clauses(clauses)
    resolution = ProposedResolution(
        case=case, document=document, source=source, introduction=introduction
    )
    save_tracked(resolution, actor=actor, reason=reason)
    for number, text in enumerate(texts, start=1):
        save_tracked(
            Clause(resolution=resolution, number=number, text=text),
            actor=actor,
            reason=reason,
        )
    return resolution


@transaction.atomic
def draw_up_memorandum(
    *,
    case,
    year: int,
    serial: int | None,
    commissioner_office: Organisation,
    office_numeral: str,
    rapporteur: Person,
    title: str,
    clauses: list[str],
    actor,
    reason: str,
    matter: str = "",
    preparation: str = "",
    opinions: str = "",
    signed_on: datetime.date | None = None,
    appendices: str = "",
    document=None,
    introduction: str = MEMORANDUM_INTRODUCTION,
) -> Memorandum:
    """Draw up the rapporteur commissioner's memorandum with its proposal
    (sv. promemoria, R76, R79)."""
    meeting_acts.require_memorandum_drafter(actor, case)
    proposal = propose_resolution(
        case=case,
        source=ProposedResolution.Source.MEMORANDUM,
        clauses=clauses,
        introduction=introduction,
        document=document,
        actor=actor,
        reason=reason,
    )
    memorandum = Memorandum(
        case=case,
        document=document,
        year=year,
        serial=serial,
        commissioner_office=commissioner_office,
        office_numeral=office_numeral,
        rapporteur=rapporteur,
        title=title,
        matter=matter,
        preparation=preparation,
        opinions=opinions,
        proposal=proposal,
        signed_on=signed_on,
        appendices=appendices,
    )
    return save_tracked(memorandum, actor=actor, reason=reason)


def _require_taking_part(item: AgendaItem, participant: Participant) -> None:
    taking_part = item.participations.filter(
        participant=participant, status=ItemParticipation.Status.TOOK_PART
    ).exists()
    if not taking_part:
        raise ValidationError(
            _("%(person)s does not take part in the decision of this item.")
            % {"person": participant.person},
            code="not_taking_part",
        )


@transaction.atomic
def put_forward_motion(
    *, item: AgendaItem, mover: Participant, text: str, actor, reason: str
) -> Motion:
    """Record a motion (sv. yrkande) by someone taking part in the item (R7)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    _require_taking_part(item, mover)
    order = (item.motions.aggregate(top=Max("order"))["top"] or 0) + 1
    motion = Motion(item=item, mover=mover, text=text, order=order)
    return save_tracked(motion, actor=actor, reason=reason)


def count_result(
    ballots: dict[Participant, str], chair: Person | None
) -> tuple[str, bool]:
    """The result of an open vote and whether the chair's casting vote decided it
    (R8, KL 5:56)."""
    yes = sum(1 for choice in ballots.values() if choice == Ballot.Choice.YES)
    no = sum(1 for choice in ballots.values() if choice == Ballot.Choice.NO)
    if yes != no:
        return (Vote.Result.YES if yes > no else Vote.Result.NO), False
    chair_choice = next(
        (c for p, c in ballots.items() if chair and p.person_id == chair.pk), None
    )
    if chair_choice not in (Ballot.Choice.YES, Ballot.Choice.NO):
        raise ValidationError(
            _(
                "The vote is tied: the chair must vote and has the casting vote (KL 5 "
                "kap. 56 §)."
            ),
            code="tie_without_chair_vote",
        )
    return chair_choice, True


def _recount_votes(item: AgendaItem, *, actor, reason: str) -> None:
    """R51: the ballot of someone disqualified on the item is not counted, even
    if cast before the disqualification was recorded. The services of this
    package call it, it is not a service itself."""
    disqualified = item.participations.filter(
        status=ItemParticipation.Status.DISQUALIFIED
    ).values("participant_id")
    for vote in item.votes.select_for_update():
        counted = vote.ballots.exclude(participant_id__in=disqualified)
        ballots = {
            b.participant: b.choice for b in counted.select_related("participant")
        }
        result, casting = count_result(ballots, item.meeting.chair)
        if (result, casting) != (vote.result, vote.casting_vote):
            vote.result, vote.casting_vote = result, casting
            save_tracked(vote, actor=actor, reason=reason)


@transaction.atomic
def record_vote(
    *,
    item: AgendaItem,
    question: str,
    yes_means: str,
    no_means: str,
    ballots: dict[Participant, str],
    actor,
    reason: str,
    motions: list[Motion] = (),
) -> Vote:
    """Record an open roll-call vote with every participant's ballot (R8), and
    the motions it puts against each other; the chair's refused motions cannot
    be among them (R12)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    motions = list(motions)
    if any(motion.item_id != item.pk for motion in motions):
        raise ValidationError(
            _("A vote puts only motions made on this item."),
            code="motion_of_other_item",
        )
    require_motions_may_be_put(motions)
    for participant in ballots:
        _require_taking_part(item, participant)
    result, casting = count_result(ballots, item.meeting.chair)
    order = (item.votes.aggregate(top=Max("order"))["top"] or 0) + 1
    vote = Vote(
        item=item,
        order=order,
        question=question,
        yes_means=yes_means,
        no_means=no_means,
        result=result,
        casting_vote=casting,
    )
    save_tracked(vote, actor=actor, reason=reason)
    vote.motions.set(motions)
    for participant, choice in ballots.items():
        ballot = Ballot(vote=vote, participant=participant, choice=choice)
        save_tracked(ballot, actor=actor, reason=reason)
    return vote
