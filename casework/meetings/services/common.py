"""Shared checks for the meeting services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from casework.meetings.models import AgendaItem, Meeting


def require_meeting_state(
    meeting: Meeting, *states, code="wrong_meeting_state"
) -> None:
    if meeting.state not in states:
        raise ValidationError(
            _("Not possible while the meeting is “%(state)s”.")
            % {"state": meeting.get_state_display()},
            code=code,
        )


def require_open_item(item: AgendaItem) -> None:
    if item.state != AgendaItem.State.OPEN:
        raise ValidationError(
            _("The item is not being handled right now."), code="item_not_open"
        )
