import datetime

import pytest
from django.core.exceptions import ValidationError

from casework import clock
from casework.directory import services as directory
from casework.meetings.models import AgendaItem, AttendanceChange, ItemParticipation
from casework.meetings.services import meetings as services
from casework.meetings.services import proceedings
from tests.builders import error_codes
from tests.meetings.conftest import approval_time, participant

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


def test_someone_without_a_seat_on_the_meeting_day_cannot_take_part(
    meeting, secretary, system_user
):
    """R2: a person without a valid seat on the meeting date cannot decide."""
    outsider = directory.create_person(
        first_name="Utan", last_name="Uppdrag", actor=system_user, reason="t"
    )
    with pytest.raises(ValidationError) as error:
        services.add_participant(
            meeting=meeting, person=outsider, actor=secretary, reason=REASON
        )
    assert error.value.code == "no_seat_on_meeting_day"


def test_a_substitute_does_not_serve_unless_called_in(meeting, committee):
    """R5, R19: a substitute attends but serves only when called in."""
    substitute = participant(meeting, committee.substitutes[0])
    assert substitute.present and not substitute.serving


def test_the_approval_time_must_be_within_fourteen_days(committee, secretary):
    """R24: approval of minutes at the latest 14 days after the meeting."""
    with clock.acting_at(approval_time(datetime.date(2016, 9, 1))):
        meeting = services.plan_meeting(
            organisation=committee.organisation,
            held_on=datetime.date(2016, 9, 22),
            actor=secretary,
            reason=REASON,
        )
    with pytest.raises(ValidationError) as error:
        services.open_meeting(
            meeting=meeting,
            minutes_checkers=[committee.members[1]],
            approval_due_at=approval_time(datetime.date(2016, 10, 7)),
            actor=secretary,
            reason=REASON,
        )
    assert error.value.code == "approval_after_deadline"


def test_opening_an_item_records_everyone_serving_as_taking_part(item, meeting):
    """R7: for every paragraph, who took part in the decision is recorded."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    taking_part = item.participations.filter(
        status=ItemParticipation.Status.TOOK_PART
    ).count()
    assert taking_part == 13
    assert item.paragraph_number == 1


def test_who_serves_cannot_change_during_an_open_item(item, meeting, committee):
    """R5: changing who serves during an open paragraph is blocked."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        services.record_attendance_change(
            participant=participant(meeting, committee.substitutes[0]),
            change=AttendanceChange.Change.STARTED_SERVING,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "change_during_item"


def test_a_substitute_called_in_between_items_takes_part_in_the_next(
    item, meeting, committee
):
    """R5: a member leaves, a substitute serves from the next paragraph."""
    member = participant(meeting, committee.members[5])
    substitute = participant(meeting, committee.substitutes[1])
    for who, change in [
        (member, AttendanceChange.Change.LEFT),
        (substitute, AttendanceChange.Change.STARTED_SERVING),
    ]:
        services.record_attendance_change(
            participant=who, change=change, actor=meeting.secretary, reason=REASON
        )
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    people = set(item.participations.values_list("participant__person", flat=True))
    assert committee.substitutes[1].pk in people
    assert committee.members[5].pk not in people


def absent(meeting, people):
    for person in people:
        services.record_attendance_change(
            participant=participant(meeting, person),
            change=AttendanceChange.Change.LEFT,
            actor=meeting.secretary,
            reason=REASON,
        )


def test_without_quorum_no_decision_is_recorded(item, meeting, committee):
    """R6: with 13 members and 6 present, recording a decision fails."""
    absent(meeting, committee.members[6:])
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        services.decide(
            item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
        )
    assert error.value.code == "no_quorum"
    item.refresh_from_db()
    assert item.state == AgendaItem.State.OPEN


def test_seven_of_thirteen_is_a_quorum(item, meeting, committee):
    """R6: more than half of the members suffices."""
    absent(meeting, committee.members[7:])
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    assert item.decision_method == AgendaItem.Method.ACCLAMATION


def test_a_tie_is_decided_by_the_chairs_casting_vote(item, meeting, committee):
    """R8: a 6–6 open vote with the chair voting yes results in yes."""
    absent(meeting, [committee.members[12]])
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    yes_people = committee.members[:6]
    no_people = committee.members[6:12]
    ballots = {participant(meeting, p): "yes" for p in yes_people}
    ballots |= {participant(meeting, p): "no" for p in no_people}
    vote = proceedings.record_vote(
        item=item,
        question="Bifall till kontorets förslag",
        yes_means="kontorets förslag",
        no_means="avslag",
        ballots=ballots,
        actor=meeting.secretary,
        reason=REASON,
    )
    assert (vote.result, vote.casting_vote) == ("yes", True)
    services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    assert item.decision_method == AgendaItem.Method.VOTE


def test_a_tie_without_the_chairs_vote_is_refused(item, meeting, committee):
    """R8–R9: the chair must vote when needed to reach a decision."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    ballots = {
        participant(meeting, committee.members[1]): "yes",
        participant(meeting, committee.members[7]): "no",
        participant(meeting, committee.chair): "abstain",
    }
    with pytest.raises(ValidationError) as error:
        proceedings.record_vote(
            item=item,
            question="Q",
            yes_means="a",
            no_means="b",
            ballots=ballots,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "tie_without_chair_vote"


def test_abstaining_is_blocked_on_exercise_of_authority(meeting, committee):
    """R9: an abstain choice is blocked for paragraphs of exercise of authority."""
    item = services.add_agenda_item(
        meeting=meeting,
        title="Tillstånd",
        exercise_of_authority=True,
        is_public=True,
        actor=meeting.secretary,
        reason=REASON,
    )
    assert not item.is_public
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        services.declare_abstention(
            item=item,
            participant=participant(meeting, committee.members[3]),
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "abstention_not_allowed"


def test_a_disqualified_member_does_not_count_towards_quorum(item, meeting, committee):
    """R51: a disqualified person does not take part in the item."""
    absent(meeting, committee.members[8:])
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    for person in committee.members[:2]:
        services.declare_disqualified(
            item=item,
            participant=participant(meeting, person),
            actor=meeting.secretary,
            reason="jäv",
        )
    with pytest.raises(ValidationError) as error:
        services.decide(
            item=item, decision_text="x", actor=meeting.secretary, reason=REASON
        )
    assert error.value.code == "no_quorum"


def test_a_motion_is_only_put_forward_by_someone_taking_part(item, meeting, committee):
    """R7: non-serving substitutes do not move motions."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        proceedings.put_forward_motion(
            item=item,
            mover=participant(meeting, committee.substitutes[0]),
            text="Avslag",
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "not_taking_part"


def test_the_meeting_cannot_close_while_an_item_is_open(item, meeting):
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        services.close_meeting(meeting=meeting, actor=meeting.secretary, reason=REASON)
    assert "change_during_item" in error_codes(error.value)
