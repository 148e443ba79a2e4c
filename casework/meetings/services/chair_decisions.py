"""Urgent decisions of the chair (KL 6:39) and their report at the body's next
meeting, put on its agenda by the system (R48)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Assignment, Organisation, Person, active_on
from casework.history import save_tracked
from casework.meetings.models import AgendaItem, ChairDecision, Meeting
from casework.records import field_error
from permissions import delegation as access

# The body's chair decides; the vice chair when standing in (KL 6:39 lets the
# body name the chair or another member; the order names whom).
DECIDING_SEATS = (Assignment.Role.CHAIR, Assignment.Role.VICE_CHAIR)
AGENDA_OPEN = (Meeting.State.PLANNED, Meeting.State.NOTICE_SENT)
REPORT_REASON = "urgent decision by the chair put on the agenda to be reported"


def _require_chair(person: Person, organisation: Organisation, day) -> None:
    seated = Assignment.objects.filter(
        active_on(day), person=person, organisation=organisation
    ).filter(role__in=DECIDING_SEATS)
    if not seated.exists():
        raise field_error(
            "decided_by",
            _("%(person)s was not chair or vice chair of %(organisation)s on %(date)s.")
            % {"person": person, "organisation": organisation, "date": day},
            code="not_the_chair",
        )


def _lock_body(organisation_id: int) -> None:
    """Serialise recording a decision and planning a meeting of one body."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id))


def next_meeting(organisation: Organisation, day: datetime.date):
    """The body's first meeting on or after ``day`` whose agenda is still open."""
    return (
        Meeting.objects.filter(
            organisation=organisation, held_on__gte=day, state__in=AGENDA_OPEN
        )
        .order_by("held_on", "starts_at", "pk")
        .first()
    )


def report_title(decision: ChairDecision) -> str:
    """The item as the agenda shows it, in Swedish like the rest of the papers."""
    with translation.override("sv"):
        return _("Report of an urgent decision by the chair: %(number)s, %(text)s") % {
            "number": decision.registration_number,
            "text": decision.text[:300],
        }


def _put_on_agenda(decision: ChairDecision, meeting: Meeting, actor) -> None:
    """The report item, last on the agenda; the decision remembers it."""
    position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = save_tracked(
        AgendaItem(meeting=meeting, position=position, title=report_title(decision)),
        actor=actor,
        reason=REPORT_REASON,
    )
    decision.report_item = item
    save_tracked(decision, actor=actor, reason=REPORT_REASON)


@transaction.atomic
def record_chair_decision(
    *,
    organisation: Organisation,
    decided_by: Person,
    decided_on: datetime.date,
    registration_number: str,
    text: str,
    urgency: str,
    actor,
    reason: str,
) -> ChairDecision:
    """Record an urgent decision of the chair (KL 6:39); it goes on the agenda
    of the body's next meeting at once, or when that meeting is planned (R48)."""
    if not (organisation.is_political and organisation.decides):
        raise ValidationError(
            _("Only a deciding body delegates decisions."), code="not_a_deciding_body"
        )
    access.require_keeper(actor, organisation)
    if decided_on > clock.today():
        raise field_error(
            "decided_on",
            _("The date cannot be in the future."),
            code="decided_in_future",
        )
    _require_chair(decided_by, organisation, decided_on)
    _lock_body(organisation.pk)
    decision = save_tracked(
        ChairDecision(
            organisation=organisation,
            decided_by=decided_by,
            decided_on=decided_on,
            registration_number=registration_number.strip(),
            text=text.strip(),
            urgency=urgency.strip(),
        ),
        actor=actor,
        reason=reason,
    )
    meeting = next_meeting(organisation, decided_on)
    if meeting is not None:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state in AGENDA_OPEN:
            _put_on_agenda(decision, meeting, actor)
    return decision


def report_at_planned_meeting(*, meeting: Meeting, actor) -> list[ChairDecision]:
    """Put every urgent decision of the body not yet on an agenda, taken on or
    before the new meeting's day, on its agenda (R48). Called in the same
    transaction that plans the meeting; the decisions are locked, so one
    decision is never reported twice, and a decision recorded at the same time
    finds either this meeting or its place among those waiting."""
    access.require_minutes_keeper(actor, meeting.organisation)
    _lock_body(meeting.organisation_id)
    waiting = ChairDecision.objects.select_for_update().filter(
        organisation_id=meeting.organisation_id,
        report_item__isnull=True,
        decided_on__lte=meeting.held_on,
    )
    decisions = list(waiting.order_by("decided_on", "pk"))
    for decision in decisions:
        _put_on_agenda(decision, meeting, actor)
    return decisions


def decisions_awaiting_report(organisation: Organisation):
    """Urgent decisions not yet on any agenda: the body has no meeting planned."""
    return organisation.chair_decisions.filter(report_item__isnull=True)
