"""The council decides only matters the executive board has prepared (R36,
R37), checked where the decision is recorded, not only on the agenda; its
members are called at least a week before the meeting (R10)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.meetings.models import AgendaItem, Meeting
from casework.meetings.services import meetings as meeting_services
from tests.builders import make_case
from tests.meetings.conftest import SET_UP, council_meeting, open_council_item
from tests.reasons import row_counts

pytestmark = pytest.mark.django_db


def test_the_council_does_not_decide_a_matter_the_board_has_not_prepared_R36_R37(
    city, council, t_registrar, meeting_day
):
    meeting = council_meeting(council, meeting_day)
    case = make_case(city.t_register, t_registrar, title="Ny spårväg")
    item = open_council_item(council, meeting, case)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        meeting_services.decide(
            item=item,
            decision_text="Förslaget godkänns.",
            actor=council.secretary,
            reason=SET_UP,
        )
    assert refused.value.error_dict["item"][0].code == "not_prepared"
    assert row_counts() == before
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.state, item.decision_text) == (AgendaItem.State.OPEN, "")


def test_the_council_does_not_decide_an_item_without_a_case_R36(council, meeting_day):
    meeting = council_meeting(council, meeting_day)
    item = meeting_services.add_agenda_item(
        meeting=meeting, title="Övrigt", actor=council.secretary, reason=SET_UP
    )
    meeting_services.open_item(item=item, actor=council.secretary, reason=SET_UP)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        meeting_services.decide(
            item=item, decision_text="Bifall", actor=council.secretary, reason=SET_UP
        )
    assert refused.value.error_dict["item"][0].code == "not_prepared"
    assert row_counts() == before


def _planned_council_meeting(council, days_ahead):
    return meeting_services.plan_meeting(
        organisation=council.organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=days_ahead),
        chair=council.chair,
        secretary=council.secretary,
        actor=council.secretary,
        reason=SET_UP,
    )


def test_the_council_is_called_at_least_a_week_before_its_meeting_R10(council):
    meeting = _planned_council_meeting(council, 6)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=council.secretary, reason=SET_UP
        )
    assert refused.value.code == "notice_too_late"
    assert row_counts() == before
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_a_notice_a_week_ahead_calls_the_council_R10(council):
    meeting = _planned_council_meeting(council, 7)
    meeting_services.send_notice_of_meeting(
        meeting=meeting, actor=council.secretary, reason=SET_UP
    )
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.NOTICE_SENT
