"""What the council (kommunfullmäktige) may decide: only matters the executive
board has prepared (R36, R37) and matters announced, unless all present agree
(R10); and its members are called in time (R10)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.history import save_tracked
from casework.meetings import deadlines
from casework.meetings.models import AgendaItem, Meeting, UnanimousConsent
from casework.meetings.services.common import require_meeting_state
from casework.records import field_error
from permissions import meeting_acts

# The council is announced and its members called at least one week before
# the meeting (KL 5:13–15).
NOTICE_PERIOD = datetime.timedelta(days=7)


def is_council_item(item: AgendaItem) -> bool:
    return item.meeting.organisation.kind == Organisation.Kind.COUNCIL


def prepared_by_board(case) -> bool:
    """The executive board has decided its proposal in the case: it prepared the
    matter or had its say on another body's preparation (KL 5:26, 5:28, 6:13)."""
    if case is None:
        return False
    return AgendaItem.objects.filter(
        case=case,
        meeting__organisation__kind=Organisation.Kind.EXECUTIVE_BOARD,
        state=AgendaItem.State.DECIDED,
    ).exists()


def require_prepared_by_board(case, *, field: str) -> None:
    """The council decides only a prepared matter, and the board always has its
    say on it (R36, R37)."""
    if not prepared_by_board(case):
        raise field_error(
            field,
            _(
                "The council decides only prepared matters: the executive board has "
                "not yet decided its proposal in this case (KL 5 kap. 26 §)."
            ),
            code="not_prepared",
        )


def require_council_may_decide(item: AgendaItem) -> None:
    """A council item is decided only when the board has prepared its matter
    and it was announced or all present agreed to handle it; the other bodies
    decide their items without these checks."""
    if is_council_item(item):
        require_prepared_by_board(item.case, field="item")
        require_announced(item)


def last_announcing_day(meeting: Meeting) -> datetime.date:
    """The last day an urgent addition can be announced: the weekday before the
    meeting (KL 5 kap. 14 §)."""
    day = meeting.held_on - datetime.timedelta(days=1)
    while not deadlines.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def announced_if_added_now(meeting: Meeting) -> bool:
    """An item added now is announced: on the notice still to go out, or as an
    urgent addition by the weekday before the meeting (R10). Only the council's
    items can be unannounced."""
    if meeting.organisation.kind != Organisation.Kind.COUNCIL:
        return True
    if meeting.state == Meeting.State.PLANNED:
        return True
    return (
        meeting.state == Meeting.State.NOTICE_SENT
        and clock.today() <= last_announcing_day(meeting)
    )


def require_announced(item: AgendaItem) -> None:
    """An unannounced matter is decided only after a unanimous decision of all
    present to handle it (KL 5 kap. 15 §, R10)."""
    if item.announced or UnanimousConsent.objects.filter(item=item).exists():
        return
    raise field_error(
        "item",
        _(
            "The matter was not announced: the council may decide it only if all "
            "present first agree to handle it (KL 5 kap. 15 §)."
        ),
        code="not_announced",
    )


def require_notice_sent(meeting: Meeting) -> None:
    """A council meeting opens only once its members were called (R10)."""
    if is_council_meeting(meeting) and meeting.state == Meeting.State.PLANNED:
        raise ValidationError(
            _("The council meeting cannot open before the notice has been sent."),
            code="notice_not_sent",
        )


def is_council_meeting(meeting: Meeting) -> bool:
    return meeting.organisation.kind == Organisation.Kind.COUNCIL


def _require_unannounced_council_item(item: AgendaItem) -> None:
    if not is_council_item(item):
        raise ValidationError(
            _("Only the council decides whether to handle an unannounced matter."),
            code="not_council_item",
        )
    if item.announced:
        raise ValidationError(
            _("The matter was announced; no unanimous decision is needed."),
            code="already_announced",
        )
    if item.state != AgendaItem.State.PENDING and item.state != AgendaItem.State.OPEN:
        raise ValidationError(
            _("The item has already been handled."), code="item_handled"
        )
    if UnanimousConsent.objects.filter(item=item).exists():
        raise ValidationError(
            _("The unanimous decision is already recorded."), code="already_recorded"
        )


@transaction.atomic
def record_unanimous_consent(
    *, item: AgendaItem, objectors, actor, reason: str
) -> UnanimousConsent:
    """Record that all present agreed that the council handles a matter that
    was not announced (KL 5 kap. 15 §, R10); one objection among those present
    and the matter cannot be handled at this meeting. Those present are kept on
    the record."""
    meeting = item.meeting
    meeting_acts.require_minutes_keeper(actor, meeting)
    require_meeting_state(meeting, Meeting.State.IN_PROGRESS)
    item.refresh_from_db(from_queryset=AgendaItem.objects.select_for_update())
    _require_unannounced_council_item(item)
    present = list(meeting.participants.filter(present=True, serving=True))
    if any(objector not in present for objector in objectors):
        raise ValidationError(
            _("Only those present can object."), code="objector_not_present"
        )
    if objectors:
        raise ValidationError(
            _(
                "Not unanimous: %(count)s of those present objected, so the matter "
                "cannot be handled at this meeting (KL 5 kap. 15 §)."
            )
            % {"count": len(objectors)},
            code="not_unanimous",
        )
    consent = save_tracked(UnanimousConsent(item=item), actor=actor, reason=reason)
    consent.present.set(present)
    return consent


def require_notice_in_time(meeting: Meeting) -> None:
    """The notice of a council meeting goes out at least a week before the
    meeting day (R10); the other bodies' rules of procedure set their own."""
    if meeting.organisation.kind != Organisation.Kind.COUNCIL:
        return
    last_day = meeting.held_on - NOTICE_PERIOD
    if clock.today() > last_day:
        raise ValidationError(
            _(
                "The council must be called at least a week before the meeting, by "
                "%(date)s at the latest (KL 5 kap. 13–15 §§)."
            )
            % {"date": formats.date_format(last_day, "j F Y")},
            code="notice_too_late",
        )
