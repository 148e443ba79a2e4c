"""The decision procedure's rules at the meeting: tabling and referral back by
a minority or a majority (R11), the chair's refusal to put a motion (R12) and
the dissenting opinion under FL 30 § (R21)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation, Person
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    Dissent,
    ItemParticipation,
    Motion,
    MotionRefusal,
    Participant,
    Postponement,
)
from casework.meetings.services.common import (
    _record_outcome,
    lock,
    require_open_item,
    require_paragraph_not_approved,
)
from casework.records import field_error
from permissions import meeting_acts

Basis = Postponement.Basis
POSTPONED = (AgendaItem.State.TABLED, AgendaItem.State.REFERRED_BACK)
# The decision as the minutes write it; the request and its grounds follow it.
OUTCOME = {True: "Ärendet återremitteras.", False: "Ärendet bordläggs."}


# --- R11: tabling and referral back ---------------------------------------------


def is_council(item: AgendaItem) -> bool:
    return item.meeting.organisation.kind == Organisation.Kind.COUNCIL


def members_present(item: AgendaItem) -> int:
    """The members present at the item: everyone recorded for it except those
    who left it as disqualified (KL 5:50, "de närvarande ledamöterna")."""
    return item.participations.exclude(
        status=ItemParticipation.Status.DISQUALIFIED
    ).count()


def one_third(present: int) -> int:
    """The least number that is at least one third (sv. minst en tredjedel)."""
    return -(-present // 3)


def postponed_before_by_council(item: AgendaItem) -> bool:
    """Whether the council has already tabled or referred back the same case at
    an earlier item (KL 5:50–51: a second time needs a simple majority)."""
    if item.case_id is None:
        return False
    return (
        AgendaItem.objects.filter(
            case_id=item.case_id,
            state__in=POSTPONED,
            meeting__organisation__kind=Organisation.Kind.COUNCIL,
        )
        .exclude(pk=item.pk)
        .exists()
    )


def _require_requesters_take_part(item: AgendaItem, requesters) -> None:
    deciding = set(
        item.participations.filter(
            status=ItemParticipation.Status.TOOK_PART
        ).values_list("participant_id", flat=True)
    )
    outside = [p for p in requesters if p.pk not in deciding]
    if outside:
        raise field_error(
            "requesters",
            _("%(person)s does not take part in the decision of this item.")
            % {"person": outside[0].person},
            code="not_taking_part",
        )


def _require_minority_right(item: AgendaItem, requesters) -> int:
    """The council's minority right (KL 5:50–51): once per case, by at least
    one third of the members present. Returns the count checked against."""
    if not is_council(item):
        raise field_error(
            "basis",
            _(
                "Only in the council can a minority force tabling or referral back; "
                "here it needs a simple majority (KL 6 kap. 33 §)."
            ),
            code="minority_right_only_in_council",
        )
    if postponed_before_by_council(item):
        raise field_error(
            "basis",
            _(
                "The council has tabled or referred back this case once already; a "
                "second time needs a simple majority (KL 5 kap. 50–51 §§)."
            ),
            code="second_time_needs_majority",
        )
    present = members_present(item)
    if len(requesters) < one_third(present):
        raise field_error(
            "requesters",
            _(
                "%(count)s of %(present)s members present asked for it; at least one "
                "third, %(needed)s, must ask (KL 5 kap. 50–51 §§)."
            )
            % {
                "count": len(requesters),
                "present": present,
                "needed": one_third(present),
            },
            code="fewer_than_one_third",
        )
    return present


@transaction.atomic
def postpone_on_request(
    *,
    item: AgendaItem,
    referred_back: bool,
    basis: str,
    requesters: list[Participant],
    actor,
    reason: str,
    grounds: str = "",
) -> Postponement:
    """Table the item or refer it back (R11), recording who asked for it. A
    minority request in the council is checked against one third of the members
    present; a referral back carries the grounds its requesters give."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    requesters = list(requesters)
    _require_requesters_take_part(item, requesters)
    if basis == Basis.MINORITY:
        present = _require_minority_right(item, requesters)
    else:
        present = members_present(item)
    if referred_back and not grounds.strip():
        raise field_error(
            "grounds",
            _("Those who ask for a referral back state why (KL 5 kap. 51 §)."),
            code="grounds_required",
        )
    postponement = Postponement(
        item=item,
        referred_back=referred_back,
        basis=basis,
        members_present=present,
        grounds=grounds.strip(),
    )
    save_tracked(postponement, actor=actor, reason=reason)
    postponement.requesters.set(requesters)
    _record_outcome(
        item,
        state=POSTPONED[1] if referred_back else POSTPONED[0],
        text=OUTCOME[referred_back],
        method="",
        actor=actor,
        reason=reason,
    )
    return postponement


# --- R12: the chair refuses to put a motion --------------------------------------


@transaction.atomic
def refuse_motion(
    *, motion: Motion, ground: str, actor, reason: str, explanation: str = ""
) -> MotionRefusal:
    """Record that the chair refuses to put a motion to the question (KL 5:57,
    R12); a refused motion cannot be put in a vote."""
    meeting_acts.require_minutes_keeper(actor, motion.item.meeting)
    require_open_item(motion.item)
    if hasattr(motion, "refusal"):
        raise ValidationError(
            _("The chair has already refused to put this motion."),
            code="motion_already_refused",
        )
    if motion.votes.exists():
        raise ValidationError(
            _("The motion has already been put to the question."),
            code="motion_already_put",
        )
    refusal = MotionRefusal(
        motion=motion, ground=ground, explanation=explanation.strip()
    )
    return save_tracked(refusal, actor=actor, reason=reason)


@transaction.atomic
def overrule_refusal(*, refusal: MotionRefusal, actor, reason: str) -> MotionRefusal:
    """Record that the council decides the chair shall put a motion refused as
    unlawful (KL 5:57 2 st, R12). A new matter cannot be put, whatever is
    decided, and only the council overrules its chair."""
    meeting_acts.require_minutes_keeper(actor, refusal.motion.item.meeting)
    item = refusal.motion.item
    require_open_item(item)
    if refusal.ground != MotionRefusal.Ground.UNLAWFUL:
        raise ValidationError(
            _("A motion that raises a new matter cannot be put (KL 5 kap. 57 §)."),
            code="new_matter_cannot_be_put",
        )
    if not is_council(item):
        raise ValidationError(
            _("Only the council can overrule its chair's refusal (KL 5 kap. 57 §)."),
            code="only_council_overrules",
        )
    if refusal.is_overruled:
        raise ValidationError(
            _("The refusal has already been overruled."), code="already_overruled"
        )
    refusal.overruled_at = clock.now()
    return save_tracked(refusal, actor=actor, reason=reason)


def require_motions_may_be_put(motions) -> None:
    """No question and no vote may include a motion the chair refused (R12)."""
    refused = [motion for motion in motions if motion.is_refused]
    if refused:
        raise field_error(
            "motions",
            _("The chair refused to put the motion by %(person)s (KL 5 kap. 57 §).")
            % {"person": refused[0].mover.person},
            code="motion_refused",
        )


# --- R21: dissenting opinion (FL 30 §) --------------------------------------------


@transaction.atomic
def set_appeal_route(
    *, item: AgendaItem, administrative_appeal: bool, actor, reason: str
) -> AgendaItem:
    """Record whether the decision is appealed by administrative appeal (sv.
    förvaltningsbesvär; FL 30 § applies) or by legality review (FL 2 §, R21);
    settled before the decision."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    if item.state not in (AgendaItem.State.PENDING, AgendaItem.State.OPEN):
        raise ValidationError(
            _("The item has already been handled."), code="item_handled"
        )
    item.administrative_appeal = administrative_appeal
    return save_tracked(item, actor=actor, reason=reason)


def _require_dissent_applies(item: AgendaItem) -> None:
    if not item.administrative_appeal:
        raise ValidationError(
            _(
                "FL 30 § does not apply: the decision is appealed by legality review, "
                "not by administrative appeal (FL 2 §)."
            ),
            code="dissent_not_applicable",
        )
    if item.state not in (AgendaItem.State.OPEN, AgendaItem.State.DECIDED):
        raise ValidationError(
            _("The item is not being handled or decided."), code="item_not_handled"
        )
    if item.is_dispatched:
        raise ValidationError(
            _(
                "The decision has been dispatched; a dissenting opinion must be "
                "announced before that (FL 30 §)."
            ),
            code="decision_dispatched",
        )


def _require_capacity(item: AgendaItem, person: Person, capacity: str) -> None:
    deciding = item.participations.filter(
        participant__person=person, status=ItemParticipation.Status.TOOK_PART
    ).exists()
    if capacity == Dissent.Capacity.DECIDING and not deciding:
        raise field_error(
            "person",
            _("%(person)s does not take part in the decision of this item.")
            % {"person": person},
            code="not_taking_part",
        )
    if capacity != Dissent.Capacity.DECIDING and deciding:
        raise field_error(
            "capacity",
            _("%(person)s took part in the decision; choose that capacity.")
            % {"person": person},
            code="wrong_capacity",
        )


@transaction.atomic
def record_dissent(
    *,
    item: AgendaItem,
    person: Person,
    capacity: str,
    actor,
    reason: str,
    text: str = "",
) -> Dissent:
    """Record a dissenting opinion (sv. avvikande mening, FL 30 §, R21) of
    someone who took part in the final handling, the rapporteur included,
    announced before the decision is dispatched, and before the paragraph is
    approved (R25, R26)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    lock(item)
    _require_dissent_applies(item)
    require_paragraph_not_approved(item)
    _require_capacity(item, person, capacity)
    if item.dissents.filter(person=person).exists():
        raise field_error(
            "person",
            _("%(person)s already has a dissenting opinion recorded.")
            % {"person": person},
            code="dissent_already_recorded",
        )
    dissent = Dissent(item=item, person=person, capacity=capacity, text=text.strip())
    return save_tracked(dissent, actor=actor, reason=reason)


@transaction.atomic
def dispatch_decision(*, item: AgendaItem, actor, reason: str) -> AgendaItem:
    """Record that the decision has been sent out (sv. expedierat); no dissent
    can be announced after this (FL 30 §, R21)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    if not item.is_decided:
        raise ValidationError(
            _("Only a decision can be dispatched."), code="item_not_decided"
        )
    if item.is_dispatched:
        raise ValidationError(
            _("The decision has already been dispatched."), code="already_dispatched"
        )
    item.dispatched_at = clock.now()
    return save_tracked(item, actor=actor, reason=reason)
