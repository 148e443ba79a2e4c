"""Checks on who serves at a meeting (R3, R5–R7); the services of this package
call them, they are not services themselves."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.directory.models import Assignment, active_on
from casework.meetings.models import AttendanceChange, Meeting, Participant

VOTING_ROLES = (
    Assignment.Role.MEMBER,
    Assignment.Role.CHAIR,
    Assignment.Role.VICE_CHAIR,
)
# The seats of members and of the substitutes who serve in their place (R5–R6).
MEMBERS_SEATS = (
    Participant.SeatRole.CHAIR,
    Participant.SeatRole.VICE_CHAIR,
    Participant.SeatRole.MEMBER,
    Participant.SeatRole.SUBSTITUTE,
)


def members_in_office(meeting: Meeting) -> int:
    """The number of members (not substitutes) of the body on the meeting day."""
    return (
        Assignment.objects.filter(
            active_on(meeting.held_on),
            organisation=meeting.organisation,
            role__in=VOTING_ROLES,
        )
        .values("person")
        .distinct()
        .count()
    )


def require_free_seat(meeting: Meeting, seat_role: str) -> None:
    """R5: a substitute serves only in place of a member who is absent or steps
    aside, so those serving in members' seats never outnumber the seats."""
    if seat_role not in MEMBERS_SEATS:
        return
    seats = members_in_office(meeting)
    taken = meeting.participants.filter(
        present=True, serving=True, seat_role__in=MEMBERS_SEATS
    ).count()
    if taken >= seats:
        raise ValidationError(
            _(
                "All %(seats)s members' seats are taken: a substitute serves only in "
                "place of a member who is absent or steps aside. Record first who "
                "stops serving (KL 5 kap. 17–20 §§)."
            )
            % {"seats": seats},
            code="no_free_seat",
        )


def refuse_return_after_leaving(participant: Participant) -> None:
    """R5: a member who left the meeting does not serve again the same day; one
    who only stepped aside, for instance for disqualification, may (R51)."""
    left = participant.changes.filter(change=AttendanceChange.Change.LEFT).exists()
    if left:
        raise ValidationError(
            _(
                "%(person)s left the meeting and cannot serve again the same day "
                "(KL 5 kap. 17–20 §§)."
            )
            % {"person": participant.person},
            code="left_the_meeting",
        )
