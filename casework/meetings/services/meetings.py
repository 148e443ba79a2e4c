"""Planning and holding a meeting: participants, items, attendance, decisions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework import clock, dates
from casework.directory.models import Assignment, Organisation, Person, active_on
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    AttendanceChange,
    ItemParticipation,
    Meeting,
    Participant,
)
from casework.meetings.services.chair_decisions import report_at_planned_meeting
from casework.meetings.services.common import (
    _record_outcome,
    lock,
    require_meeting_state,
    require_open_item,
)
from casework.meetings.services.council import (
    announced_if_added_now,
    require_council_may_decide,
    require_notice_in_time,
    require_notice_sent,
)
from casework.meetings.services.proceedings import _recount_votes
from casework.meetings.services.seats import (
    MEMBERS_SEATS,
    members_in_office,
    refuse_return_after_leaving,
    require_free_seat,
)
from permissions import meeting_acts

State = Meeting.State
SEAT_FOR_ROLE = {
    Assignment.Role.CHAIR: Participant.SeatRole.CHAIR,
    Assignment.Role.VICE_CHAIR: Participant.SeatRole.VICE_CHAIR,
    Assignment.Role.MEMBER: Participant.SeatRole.MEMBER,
    Assignment.Role.SUBSTITUTE: Participant.SeatRole.SUBSTITUTE,
    Assignment.Role.COMMISSIONER: Participant.SeatRole.COMMISSIONER,
}


def _require_plannable_day(held_on: datetime.date) -> None:
    """A meeting is planned for today or a later day. A meeting of the past (for
    instance minutes of earlier years entered afterwards) is recorded as it
    happened: inside ``clock.acting_at`` the moment it was planned, as every
    service records what happened earlier."""
    # Deadlines are counted in days and weeks from the meeting (R24, R28–R30);
    # the calendar must reach them.
    dates.refuse_out_of_range(held_on, field="held_on")
    if held_on < clock.today():
        message = _(
            "A meeting cannot be planned in the past; choose today or a later day."
        )
        raise ValidationError(
            {"held_on": ValidationError(message, code="planned_in_past")}
        )


def opening_day(meeting: Meeting) -> datetime.date:
    """The first day the meeting may be opened: its own day, or as many days
    earlier as the setting ``MEETING_OPENS_DAYS_EARLY`` allows (0 by default)."""
    early = getattr(settings, "MEETING_OPENS_DAYS_EARLY", 0)
    return meeting.held_on - datetime.timedelta(days=early)


def _require_meeting_day(meeting: Meeting) -> None:
    first = opening_day(meeting)
    if clock.today() < first:
        raise ValidationError(
            _("The meeting can be opened from %(date)s, not before.")
            % {"date": formats.date_format(first, "j F Y")},
            code="opened_before_meeting_day",
        )


@transaction.atomic
def plan_meeting(
    *,
    organisation: Organisation,
    held_on: datetime.date,
    actor,
    reason: str,
    place: str = "",
    chair: Person | None = None,
    secretary=None,
    starts_at: datetime.time | None = None,
) -> Meeting:
    """Plan a meeting of a political body (sv. sammanträde) on a day and at a
    time of day (the usual time unless given). Urgent decisions of the chair not
    yet reported go on its agenda (R48)."""
    meeting_acts.require_body_keeper(actor, organisation)
    if not organisation.is_political:
        raise ValidationError(
            _("Only political bodies hold meetings."),
            code="meeting_of_non_political_body",
        )
    _require_plannable_day(held_on)
    meeting = Meeting(
        organisation=organisation,
        held_on=held_on,
        starts_at=starts_at or Meeting.USUAL_START,
        place=place,
        chair=chair,
        secretary=secretary,
    )
    save_tracked(meeting, actor=actor, reason=reason)
    report_at_planned_meeting(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def send_notice_of_meeting(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Record that members and substitutes were called (sv. kallelse, R10); the
    council at least a week before its meeting."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, State.PLANNED)
    require_notice_in_time(meeting)
    meeting.state = State.NOTICE_SENT
    return save_tracked(meeting, actor=actor, reason=reason)


def seat_on(person: Person, organisation: Organisation, day) -> Assignment | None:
    """The person's seat in the organisation on ``day`` (R2)."""
    return (
        Assignment.objects.filter(
            active_on(day), person=person, organisation=organisation
        )
        .select_related("party")
        .order_by("role")
        .first()
    )


@transaction.atomic
def add_participant(
    *,
    meeting: Meeting,
    person: Person,
    actor,
    reason: str,
    serving: bool | None = None,
    present: bool = True,
) -> Participant:
    """Add a member or substitute to the meeting; only someone with a seat on the
    meeting day may take part (R2, R3). Substitutes do not serve unless called
    in, and only in a free seat; no one joins those deciding during an item (R5)."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    lock(meeting)
    seat = seat_on(person, meeting.organisation, meeting.held_on)
    if seat is None or seat.role not in SEAT_FOR_ROLE:
        raise ValidationError(
            _("%(person)s has no seat in %(organisation)s on %(date)s.")
            % {
                "person": person,
                "organisation": meeting.organisation,
                "date": meeting.held_on,
            },
            code="no_seat_on_meeting_day",
        )
    # R3 also for a seat recorded before it was checked.
    seat.refuse_ineligible(person.user_id)
    if serving is None:
        serving = seat.role != Assignment.Role.SUBSTITUTE
    if serving and present:
        _refuse_during_open_item(meeting)
        require_free_seat(meeting, SEAT_FOR_ROLE[seat.role])
    participant = Participant(
        meeting=meeting,
        person=person,
        party=seat.party,
        seat_role=SEAT_FOR_ROLE[seat.role],
        present=present,
        serving=serving and present,
    )
    return save_tracked(participant, actor=actor, reason=reason)


@transaction.atomic
def open_meeting(
    *,
    meeting: Meeting,
    minutes_checkers: list[Person],
    approval_due_at: datetime.datetime,
    actor,
    reason: str,
) -> Meeting:
    """Open the meeting; the first paragraph appoints the minutes checkers and
    sets the time for approval of the minutes, at the latest 14 days after (R24).
    A meeting is opened on its day, not before."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, State.PLANNED, State.NOTICE_SENT)
    require_notice_sent(meeting)
    _require_meeting_day(meeting)
    deadline = meeting.approval_deadline
    if timezone.localtime(approval_due_at).date() > deadline:
        raise ValidationError(
            _("The minutes must be approved by %(date)s (KL 5 kap. 69 §).")
            % {"date": deadline},
            code="approval_after_deadline",
        )
    if timezone.localtime(approval_due_at).date() < meeting.held_on:
        raise ValidationError(
            _("The minutes cannot be approved before the meeting."),
            code="approval_before_meeting",
        )
    meeting.approval_due_at = approval_due_at
    meeting.state = State.IN_PROGRESS
    meeting.opened_at = clock.now()
    save_tracked(meeting, actor=actor, reason=reason)
    meeting.minutes_checkers.set(minutes_checkers)
    return meeting


def _refuse_during_open_item(meeting: Meeting) -> None:
    if meeting.items.filter(state=AgendaItem.State.OPEN).exists():
        raise ValidationError(
            _(
                "Who serves may change only between items, not during one (KL 5 kap. "
                "17–20 §§)."
            ),
            code="change_during_item",
        )


ATTENDANCE_EFFECT = {
    AttendanceChange.Change.ARRIVED: {"present": True},
    AttendanceChange.Change.LEFT: {"present": False, "serving": False},
    AttendanceChange.Change.STARTED_SERVING: {"serving": True},
    AttendanceChange.Change.STOPPED_SERVING: {"serving": False},
}


@transaction.atomic
def record_attendance_change(
    *, participant: Participant, change: str, actor, reason: str
) -> AttendanceChange:
    """Record an arrival, a departure or a substitute starting or stopping to
    serve; allowed only between items, in a free seat, and not for someone who
    left the meeting (R5)."""
    meeting_acts.require_minutes_keeper(actor, participant.meeting)
    meeting = participant.meeting
    require_meeting_state(meeting, State.IN_PROGRESS)
    _refuse_during_open_item(meeting)
    lock(participant)
    effect = ATTENDANCE_EFFECT[change]
    if effect.get("serving") and not participant.present:
        raise ValidationError(
            _("Only someone present can serve."), code="serving_while_absent"
        )
    if effect.get("serving") and not participant.serving:
        refuse_return_after_leaving(participant)
        require_free_seat(meeting, participant.seat_role)
    for field, value in effect.items():
        setattr(participant, field, value)
    save_tracked(participant, actor=actor, reason=reason)
    next_item = meeting.items.filter(state=AgendaItem.State.PENDING).first()
    record = AttendanceChange(
        participant=participant, change=change, before_item=next_item
    )
    return save_tracked(record, actor=actor, reason=reason)


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    title: str,
    actor,
    reason: str,
    case=None,
    proposal=None,
    is_public: bool = False,
    appealable: bool = False,
    exercise_of_authority: bool = False,
) -> AgendaItem:
    """Put an item on the agenda; items on exercise of authority are closed (R13).
    A council item added after the last day to announce it is unannounced (R10)."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, State.PLANNED, State.NOTICE_SENT, State.IN_PROGRESS)
    position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title,
        case=case,
        proposal=proposal,
        is_public=is_public and not exercise_of_authority,
        appealable=appealable,
        exercise_of_authority=exercise_of_authority,
        announced=announced_if_added_now(meeting),
    )
    return save_tracked(item, actor=actor, reason=reason)


@transaction.atomic
def open_item(*, item: AgendaItem, actor, reason: str) -> AgendaItem:
    """Start handling an item: it gets the next paragraph number and everyone
    present and serving is recorded as taking part (R7)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    meeting = item.meeting
    require_meeting_state(meeting, State.IN_PROGRESS)
    _refuse_during_open_item(meeting)
    if item.state != AgendaItem.State.PENDING:
        raise ValidationError(
            _("The item has already been handled."), code="item_handled"
        )
    top = meeting.items.aggregate(top=Max("paragraph_number"))["top"] or 0
    item.paragraph_number = top + 1
    item.state = AgendaItem.State.OPEN
    save_tracked(item, actor=actor, reason=reason)
    for participant in meeting.participants.filter(present=True, serving=True):
        save_tracked(
            ItemParticipation(item=item, participant=participant),
            actor=actor,
            reason=reason,
        )
    return item


def _participation(item: AgendaItem, participant: Participant) -> ItemParticipation:
    try:
        return item.participations.get(participant=participant)
    except ItemParticipation.DoesNotExist as error:
        raise ValidationError(
            _("%(person)s does not take part in this item.")
            % {"person": participant.person},
            code="not_a_participant",
        ) from error


@transaction.atomic
def declare_disqualified(
    *, item: AgendaItem, participant: Participant, actor, reason: str
) -> ItemParticipation:
    """Record that a participant is disqualified (sv. jäv) and leaves the item:
    not among those deciding, and may not reserve (R50–R51). A ballot cast
    before is not counted: the item's votes are counted again."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    participation = _participation(item, participant)
    participation.status = ItemParticipation.Status.DISQUALIFIED
    save_tracked(participation, actor=actor, reason=reason)
    _recount_votes(item, actor=actor, reason=reason)
    return participation


@transaction.atomic
def declare_abstention(
    *, item: AgendaItem, participant: Participant, actor, reason: str
) -> ItemParticipation:
    """Record that a member does not take part in the decision (R9); not allowed
    on an item of exercise of authority, and the chair must decide if needed."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    if item.exercise_of_authority:
        raise ValidationError(
            _(
                "On exercise of authority every member present must take part (KL 4 "
                "kap. 25 §)."
            ),
            code="abstention_not_allowed",
        )
    participation = _participation(item, participant)
    if participation.status == ItemParticipation.Status.DISQUALIFIED:
        raise ValidationError(
            _("%(person)s is disqualified on this item.")
            % {"person": participant.person},
            code="disqualified",
        )
    participation.status = ItemParticipation.Status.ABSTAINED
    return save_tracked(participation, actor=actor, reason=reason)


def require_quorum(item: AgendaItem) -> None:
    """R6: more than half of the members must be present to decide (KL 6:27);
    only members' seats count, a substitute's in place of a member."""
    present = (
        item.participations.filter(participant__seat_role__in=MEMBERS_SEATS)
        .exclude(status=ItemParticipation.Status.DISQUALIFIED)
        .count()
    )
    members = members_in_office(item.meeting)
    if present * 2 <= members:
        raise ValidationError(
            _("No quorum: %(present)s of %(members)s members present.")
            % {"present": present, "members": members},
            code="no_quorum",
        )


@transaction.atomic
def decide(
    *, item: AgendaItem, decision_text: str, actor, reason: str, method: str = ""
) -> AgendaItem:
    """Record the decision on an item, after the quorum check (R6); the council
    decides only what the executive board prepared (R36, R37). Without a vote
    the decision is by acclamation (R8). A body that only prepares endorses."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    require_council_may_decide(item)
    if not item.meeting.organisation.decides:
        method = AgendaItem.Method.ENDORSEMENT
    else:
        require_quorum(item)
        method = (
            AgendaItem.Method.VOTE
            if item.votes.exists()
            else AgendaItem.Method.ACCLAMATION
        )
    return _record_outcome(
        item,
        state=AgendaItem.State.DECIDED,
        text=decision_text,
        method=method,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def postpone(
    *, item: AgendaItem, referred_back: bool, actor, reason: str
) -> AgendaItem:
    """Table the item or refer it back for more preparation (R11)."""
    meeting_acts.require_minutes_keeper(actor, item.meeting)
    require_open_item(item)
    state = AgendaItem.State.REFERRED_BACK if referred_back else AgendaItem.State.TABLED
    return _record_outcome(
        item, state=state, text=reason, method="", actor=actor, reason=reason
    )


@transaction.atomic
def close_meeting(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """The chair declares the meeting closed; no reservation can be announced
    after this (R15)."""
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, State.IN_PROGRESS)
    _refuse_during_open_item(meeting)
    meeting.state = State.CLOSED
    meeting.closed_at = clock.now()
    return save_tracked(meeting, actor=actor, reason=reason)
