"""Who serves at a meeting: eligibility (R3), substitutes and departures (R5),
quorum (R6), who decides each paragraph (R7) and disqualification (R51)."""

import pytest
from django.core.exceptions import ValidationError

from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.history import save_tracked
from casework.meetings.models import (
    AgendaItem,
    AttendanceChange,
    ItemParticipation,
    Participant,
)
from casework.meetings.services import meetings as services
from casework.meetings.services import proceedings
from tests.builders import administrator
from tests.meetings.conftest import TERM, participant
from tests.meetings.test_meetings import absent

pytestmark = pytest.mark.django_db
REASON = "protokollförs"
Change = AttendanceChange.Change


def seated(committee, actor, role=Assignment.Role.SUBSTITUTE):
    """A new person (S) with a seat of ``role`` in the committee, recorded by
    the directory's administrator."""
    actor = administrator()
    person = directory.create_person(
        first_name=role, last_name="Exempel", actor=actor, reason="t"
    )
    directory.appoint(
        person=person,
        organisation=committee.organisation,
        role=role,
        party=committee.parties.s,
        valid_from=TERM,
        actor=actor,
        reason="val",
    )
    return person


def change(meeting, person, what):
    return services.record_attendance_change(
        participant=participant(meeting, person),
        change=what,
        actor=meeting.secretary,
        reason=REASON,
    )


def add_serving(meeting, person):
    return services.add_participant(
        meeting=meeting,
        person=person,
        serving=True,
        actor=meeting.secretary,
        reason=REASON,
    )


def serving(meeting, person) -> bool:
    return Participant.objects.get(meeting=meeting, person=person).serving


def test_a_head_of_department_with_a_seat_recorded_earlier_cannot_take_part_R3(
    meeting, committee, jonas, system_user
):
    """A seat recorded before R3 was checked (here written unchecked) does not
    let the head of trafikkontoret take part in trafiknämnden."""
    person = directory.create_person(
        first_name="Jonas",
        last_name="Eliasson",
        user=jonas,
        actor=system_user,
        reason="t",
    )
    seat = Assignment(
        person=person,
        organisation=committee.organisation,
        role=Assignment.Role.SUBSTITUTE,
        valid_from=TERM,
    )
    save_tracked(seat, actor=system_user, reason="äldre uppgift", validate=False)
    before = Participant.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_participant(
            meeting=meeting, person=person, actor=meeting.secretary, reason=REASON
        )
    assert error.value.code == "head_of_department_in_own_committee"
    assert Participant.objects.count() == before


def test_a_substitute_cannot_serve_while_every_members_seat_is_filled_R5(
    meeting, committee
):
    substitute = committee.substitutes[0]
    changes = AttendanceChange.objects.count()
    with pytest.raises(ValidationError) as error:
        change(meeting, substitute, Change.STARTED_SERVING)
    assert error.value.code == "no_free_seat"
    assert not serving(meeting, substitute)
    assert AttendanceChange.objects.count() == changes


def test_a_substitute_added_serving_needs_a_free_seat_R5(meeting, committee):
    substitute = seated(committee, meeting.secretary)
    before = Participant.objects.count()
    with pytest.raises(ValidationError) as error:
        add_serving(meeting, substitute)
    assert error.value.code == "no_free_seat"
    assert Participant.objects.count() == before


def test_a_substitute_serves_in_place_of_a_member_who_stepped_aside_R5(
    meeting, committee
):
    """A member stepping aside (e.g. for jäv on the next item) frees the seat."""
    change(meeting, committee.members[4], Change.STOPPED_SERVING)
    change(meeting, committee.substitutes[0], Change.STARTED_SERVING)
    assert serving(meeting, committee.substitutes[0])


def test_a_member_who_left_cannot_serve_again_the_same_day_R5(meeting, committee):
    member = committee.members[4]
    change(meeting, member, Change.LEFT)
    change(meeting, member, Change.ARRIVED)
    changes = AttendanceChange.objects.count()
    with pytest.raises(ValidationError) as error:
        change(meeting, member, Change.STARTED_SERVING)
    assert error.value.code == "left_the_meeting"
    assert not serving(meeting, member)
    assert AttendanceChange.objects.count() == changes


def test_a_member_who_stepped_aside_for_disqualification_serves_again_R5_R51(
    meeting, committee
):
    member = committee.members[4]
    change(meeting, member, Change.STOPPED_SERVING)
    change(meeting, member, Change.STARTED_SERVING)
    assert serving(meeting, member)


def test_no_one_joins_those_deciding_while_an_item_is_open_R5(item, meeting, committee):
    change(meeting, committee.members[4], Change.LEFT)
    substitute = seated(committee, meeting.secretary)
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    before = Participant.objects.count()
    with pytest.raises(ValidationError) as error:
        add_serving(meeting, substitute)
    assert error.value.code == "change_during_item"
    assert Participant.objects.count() == before


def test_quorum_counts_members_seats_only_R6(item, meeting, committee, system_user):
    """Six of thirteen members and a commissioner present: no quorum."""
    commissioner = seated(committee, system_user, Assignment.Role.COMMISSIONER)
    absent(meeting, committee.members[6:])
    services.add_participant(
        meeting=meeting, person=commissioner, actor=meeting.secretary, reason=REASON
    )
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        services.decide(
            item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
        )
    assert error.value.code == "no_quorum"
    item.refresh_from_db()
    assert item.state == AgendaItem.State.OPEN


def vote_on(item, meeting, yes, no):
    ballots = {participant(meeting, p): "yes" for p in yes}
    ballots |= {participant(meeting, p): "no" for p in no}
    return proceedings.record_vote(
        item=item,
        question="Bifall till kontorets förslag",
        yes_means="kontorets förslag",
        no_means="avslag",
        ballots=ballots,
        actor=meeting.secretary,
        reason=REASON,
    )


def disqualify(item, meeting, person):
    return services.declare_disqualified(
        item=item,
        participant=participant(meeting, person),
        actor=meeting.secretary,
        reason="jäv",
    )


def test_a_ballot_cast_before_the_disqualification_is_not_counted_R51(
    item, meeting, committee
):
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    vote = vote_on(item, meeting, committee.members[:7], committee.members[7:13])
    assert vote.result == "yes"
    for person in committee.members[5:7]:
        disqualify(item, meeting, person)
    vote.refresh_from_db()
    assert (vote.result, vote.casting_vote) == ("no", False)


def test_a_disqualified_member_cannot_be_recorded_as_abstaining_R51(
    item, meeting, committee
):
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    disqualified = disqualify(item, meeting, committee.members[3])
    with pytest.raises(ValidationError) as error:
        services.declare_abstention(
            item=item,
            participant=participant(meeting, committee.members[3]),
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "disqualified"
    disqualified.refresh_from_db()
    assert disqualified.status == ItemParticipation.Status.DISQUALIFIED


def test_a_disqualified_member_cannot_vote_R51(item, meeting, committee):
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    disqualify(item, meeting, committee.members[3])
    with pytest.raises(ValidationError) as error:
        vote_on(item, meeting, committee.members[:7], committee.members[7:13])
    assert error.value.code == "not_taking_part"
    assert not item.votes.exists()
