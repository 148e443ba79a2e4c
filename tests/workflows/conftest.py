"""The committee of tests/meetings, a meeting planned three days ago, and its
meeting flow."""

import datetime

import pytest
from django.utils import timezone

from casework import clock
from casework.meetings.services import meetings as meeting_services
from tests.builders import Role, make_staff
from tests.meetings.conftest import committee, parties, secretary  # noqa: F401
from workflows.meeting import start_meeting_flow

SET_UP = "test set-up"


@pytest.fixture
def planned_meeting(committee, secretary):  # noqa: F811
    """Trafiknämnden's meeting, planned with every member and substitute; held
    three days ago, so that the time set for approval can lie in the past."""
    with clock.acting_at(timezone.now() - datetime.timedelta(days=4)):
        meeting = meeting_services.plan_meeting(
            organisation=committee.organisation,
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            place="Fleminggatan 4",
            chair=committee.chair,
            secretary=secretary,
            actor=secretary,
            reason=SET_UP,
        )
    for person in committee.members + committee.substitutes:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    return meeting


@pytest.fixture
def process(planned_meeting, secretary):  # noqa: F811
    return start_meeting_flow(planned_meeting, secretary)


@pytest.fixture
def expn_secretary(city):
    """The committee secretary of exploateringsnämnden: another organisation."""
    return make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)


@pytest.fixture
def second_secretary(city):
    """A second committee secretary of trafiknämnden."""
    return make_staff("sekreterare2.trn", Role.COMMITTEE_SECRETARY, city.trn)
