"""Procedure rules the meeting machinery enforces without a page of their own:
tabling and referral back (R11), motions tied to the item being handled (R12),
why the officer's dissent is not a reservation (R21), and minutes for every
meeting of a deciding body (R22)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.directory import services as directory
from casework.meetings.models import AgendaItem, Meeting, Statement
from casework.meetings.services import meetings as services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import proceedings
from casework.meetings.services import statements as statement_services
from tests.builders import Kind, make_organisation
from tests.meetings.conftest import SET_UP, approval_time, participant

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


@pytest.mark.parametrize("referred_back", [False, True])
def test_a_tabled_or_referred_back_item_is_not_decided_and_keeps_its_reason(
    item, meeting, referred_back
):
    """R11: tabling or referral back ends the handling without a decision; the
    reason for a referral back, as its movers put it, is written in the minutes;
    nothing can be decided on the item afterwards at this meeting."""
    secretary = meeting.secretary
    services.open_item(item=item, actor=secretary, reason=REASON)
    why = "Återremiss för att utreda kostnaderna."
    services.postpone(
        item=item, referred_back=referred_back, actor=secretary, reason=why
    )
    item.refresh_from_db()
    expected = (
        AgendaItem.State.REFERRED_BACK if referred_back else AgendaItem.State.TABLED
    )
    assert item.state == expected
    assert item.decision_text == why
    assert item.finality() == ("pending", None)
    assert f"Beslut: {why}" in minutes_services.current_text(meeting)
    with pytest.raises(ValidationError) as error:
        services.decide(item=item, decision_text="Bifall", actor=secretary, reason="x")
    assert error.value.code == "item_not_open"


def test_a_motion_is_put_only_on_the_item_being_handled(item, meeting, committee):
    """R12: a proposal belongs to the matter being handled; the secretary cannot
    record a motion on an item that is not open, so no motion raises a matter
    outside the agenda item before the meeting."""
    mover = participant(meeting, committee.v_member)
    with pytest.raises(ValidationError) as error:
        proceedings.put_forward_motion(
            item=item,
            mover=mover,
            text="Nytt ärende",
            actor=meeting.secretary,
            reason="x",
        )
    assert error.value.code == "item_not_open"
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        proceedings.put_forward_motion(
            item=item, mover=mover, text="Sent", actor=meeting.secretary, reason="x"
        )
    assert error.value.code == "item_not_open"
    assert not item.motions.exists()


def test_the_officers_dissent_is_not_a_reservation(
    item, meeting, committee, system_user
):
    """R21: an officer's dissent (FL 30 §, avvikande mening) is not a KL 4:27
    reservation, which only those who took part in the decision may enter
    (R14); an officer who presents the item cannot be made a signatory."""
    officer = directory.create_person(
        first_name="Karin", last_name="Dhakal", actor=system_user, reason=SET_UP
    )
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    for kind in (Statement.Kind.RESERVATION, Statement.Kind.SPECIAL_STATEMENT):
        with pytest.raises(ValidationError):
            statement_services.announce_statement(
                item=item,
                kind=kind,
                party=committee.parties.mp,
                signatories=[officer],
                actor=meeting.secretary,
                reason=REASON,
            )
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "kind",
    [Kind.COUNCIL, Kind.EXECUTIVE_BOARD, Kind.COMMITTEE, Kind.DISTRICT_COMMITTEE],
)
def test_every_meeting_of_a_deciding_body_has_its_minutes(kind, secretary):
    """R22: minutes are kept for every meeting of the council, the executive
    board and every committee; a closed meeting goes on only through its
    minutes, and notice and appeal window need them."""
    body = make_organisation(f"body-{kind}", f"Organ {kind}", kind)
    meeting = services.plan_meeting(
        organisation=body,
        held_on=timezone.localdate(),
        actor=secretary,
        reason=SET_UP,
    )
    services.open_meeting(
        meeting=meeting,
        minutes_checkers=[],
        approval_due_at=approval_time(
            timezone.localdate() + datetime.timedelta(days=7)
        ),
        actor=secretary,
        reason=SET_UP,
    )
    services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    with pytest.raises(ValidationError) as error:
        minutes_services.end_appeal_window(
            meeting=meeting,
            actor=secretary,
            reason="x",
            today=timezone.localdate() + datetime.timedelta(days=60),
        )
    assert error.value.code == "wrong_meeting_state"
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes == minutes
    assert minutes_services.current_text(meeting).startswith(f"Organ {kind}")
