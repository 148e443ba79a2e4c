"""R15: a reservation is announced at the meeting, before it is closed; only
those who reserved there sign it afterwards."""

import pytest
from django.core.exceptions import ValidationError

from casework.meetings.models import Statement, StatementSignatory
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import statements as services
from tests.builders import Role, make_staff

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


@pytest.fixture
def s_reservation(item, meeting, committee):
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    secretary = make_staff(
        "partisekreterare.s", Role.PARTY_SECRETARY, party=committee.parties.s
    )
    statement = services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.s,
        signatories=[committee.members[2]],
        actor=secretary,
        reason=REASON,
    )
    return statement, secretary


def co_sign(statement, person, actor):
    return services.co_sign(
        statement=statement, person=person, actor=actor, reason=REASON
    )


def test_no_one_new_signs_a_reservation_after_the_meeting_closed_R15(
    s_reservation, meeting, committee
):
    statement, secretary = s_reservation
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        co_sign(statement, committee.members[3], secretary)
    assert error.value.code == "meeting_closed"
    assert list(
        StatementSignatory.objects.filter(statement=statement).values_list(
            "person", flat=True
        )
    ) == [committee.members[2].pk]


def test_a_member_who_reserved_at_the_meeting_may_join_before_it_closes_R15(
    s_reservation, committee
):
    statement, secretary = s_reservation
    co_sign(statement, committee.members[3], secretary)
    assert statement.signatories.count() == 2
