"""What the council (kommunfullmäktige) may decide: only matters the executive
board has prepared (R36, R37); and its members are called in time (R10)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from casework import clock
from casework.directory.models import Organisation
from casework.meetings.models import AgendaItem, Meeting
from casework.records import field_error

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
    """A council item is decided only when the board has prepared its matter;
    the other bodies decide their items without this check."""
    if is_council_item(item):
        require_prepared_by_board(item.case, field="item")


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
