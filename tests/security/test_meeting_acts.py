"""A party secretary works in the party's own workspace (rules.md (d) V1) and
records nothing of a body's meeting: not through a page, and not by calling
the services directly (issue 11). The meeting is trafiknämnden's, in progress,
its third item being handled; every party secretary is refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from casework.meetings.models import AgendaItem, Meeting
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes
from tests.security.conftest import PARTY_SECRETARIES, db_state
from tests.security.service_calls_meetings import (
    closable_live,
    closed_live,
    opened_pending,
)

pytestmark = pytest.mark.django_db

REASON = "partisekreterare försöker"


def _refused(call) -> None:
    """``call`` is refused and leaves every table as it was."""
    before = db_state()
    with pytest.raises(PermissionDenied):
        call()
    assert db_state() == before


@pytest.mark.parametrize("username", sorted(PARTY_SECRETARIES.values()))
def test_a_party_secretary_cannot_record_the_decision_of_a_meeting_V1(world, username):
    with transaction.atomic():
        item = opened_pending(world)
        _refused(
            lambda: meeting_services.decide(
                item=item,
                decision_text="Bifall",
                actor=world.users[username],
                reason=REASON,
            )
        )
        item = AgendaItem.objects.get(pk=item.pk)
        assert item.state == AgendaItem.State.OPEN
        assert item.decision_text == ""
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", sorted(PARTY_SECRETARIES.values()))
def test_a_party_secretary_cannot_close_a_meeting_V1(world, username):
    with transaction.atomic():
        meeting = closable_live(world)
        _refused(
            lambda: meeting_services.close_meeting(
                meeting=meeting, actor=world.users[username], reason=REASON
            )
        )
        assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.IN_PROGRESS
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", sorted(PARTY_SECRETARIES.values()))
def test_a_party_secretary_cannot_draw_up_the_minutes_V1(world, username):
    with transaction.atomic():
        meeting = closed_live(world)
        _refused(
            lambda: minutes.draw_up_minutes(
                meeting=meeting, actor=world.users[username], reason=REASON
            )
        )
        meeting = Meeting.objects.get(pk=meeting.pk)
        assert meeting.state == Meeting.State.CLOSED
        assert not hasattr(meeting, "minutes")
        transaction.set_rollback(True)
