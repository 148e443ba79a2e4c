"""Procedure rules of the meeting: tabling and referral back and the council's
minority right (R11), motions tied to the item being handled and the chair's
refusal to put one (R12), the dissenting opinion under FL 30 § and why it is
not a reservation (R21), and minutes for every meeting of a deciding body
(R22)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import clock
from casework.directory import services as directory
from casework.meetings.models import (
    AgendaItem,
    Dissent,
    Meeting,
    MotionRefusal,
    Postponement,
    Statement,
)
from casework.meetings.services import meetings as services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import procedure, proceedings
from casework.meetings.services import statements as statement_services
from tests.builders import Kind, Role, make_case, make_organisation, make_staff
from tests.meetings.conftest import (
    SET_UP,
    approval_time,
    council_meeting,
    open_council_item,
    participant,
)

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


def test_the_officers_dissent_is_not_a_reservation_but_is_recorded_under_fl_30(
    item, meeting, committee, system_user
):
    """R21: an officer's dissent (FL 30 §, avvikande mening) is not a KL 4:27
    reservation, which only those who took part in the decision may enter
    (R14); the rapporteur has it recorded as a dissent of their own, without a
    party, in a matter appealed by administrative appeal."""
    officer = directory.create_person(
        first_name="Karin", last_name="Dhakal", actor=system_user, reason=SET_UP
    )
    _mark_administrative_appeal(item)
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
    dissent = procedure.record_dissent(
        item=item,
        person=officer,
        capacity=Dissent.Capacity.RAPPORTEUR,
        text="Ansökan borde ha avslagits.",
        actor=meeting.secretary,
        reason=REASON,
    )
    assert dissent.history.get().history_user == meeting.secretary
    text = minutes_services.current_text(meeting)
    assert "Föredraganden Karin Dhakal anmälde avvikande mening." in text
    assert "Ansökan borde ha avslagits." in text


@pytest.mark.parametrize(
    "kind",
    [Kind.COUNCIL, Kind.EXECUTIVE_BOARD, Kind.COMMITTEE, Kind.DISTRICT_COMMITTEE],
)
def test_every_meeting_of_a_deciding_body_has_its_minutes(kind, city):
    """R22: minutes are kept for every meeting of the council, the executive
    board and every committee; a closed meeting goes on only through its
    minutes, and notice and appeal window need them."""
    body = make_organisation(f"body-{kind}", f"Organ {kind}", kind)
    secretary = make_staff(f"sekreterare.{kind}", Role.COMMITTEE_SECRETARY, body)
    # Called more than a week ahead, as the council must be (R10).
    with clock.acting_at(timezone.now() - datetime.timedelta(days=8)):
        meeting = services.plan_meeting(
            organisation=body,
            held_on=timezone.localdate(),
            actor=secretary,
            reason=SET_UP,
        )
        services.send_notice_of_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
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
    in_sixty_days = timezone.now() + datetime.timedelta(days=60)
    with clock.acting_at(in_sixty_days), pytest.raises(ValidationError) as error:
        minutes_services.end_appeal_window(meeting=meeting, actor=secretary, reason="x")
    assert error.value.code == "wrong_meeting_state"
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes == minutes
    assert minutes_services.current_text(meeting).startswith(f"Organ {kind}")


def _mark_administrative_appeal(item):
    item.administrative_appeal = True
    item.save()


# --- R11: the council's minority right ------------------------------------------


@pytest.fixture
def council_case(city, t_registrar):
    return make_case(city.t_register, t_registrar, title="Ny spårväg")


def _council_people(meeting, council, count):
    return [participant(meeting, person) for person in council.members[:count]]


@pytest.mark.parametrize("referred_back", [False, True])
def test_one_third_of_the_council_members_present_force_tabling_or_referral_back(
    council, council_case, meeting_day, referred_back
):
    """R11: in the council, four of twelve members present (one third) force
    tabling or referral back; the requesters and, for a referral back, their
    grounds are recorded and written in the minutes."""
    meeting = council_meeting(council, meeting_day)
    item = open_council_item(council, meeting, council_case)
    requesters = _council_people(meeting, council, 4)
    postponement = procedure.postpone_on_request(
        item=item,
        referred_back=referred_back,
        basis=Postponement.Basis.MINORITY,
        requesters=requesters,
        grounds="Kostnaderna ska utredas." if referred_back else "",
        actor=council.secretary,
        reason=REASON,
    )
    item.refresh_from_db()
    assert item.state == (
        AgendaItem.State.REFERRED_BACK if referred_back else AgendaItem.State.TABLED
    )
    assert set(postponement.requesters.all()) == set(requesters)
    assert postponement.members_present == 12
    text = minutes_services.current_text(meeting)
    what = "Återremiss" if referred_back else "Bordläggning"
    assert (
        f"{what} begärdes av minst en tredjedel av de närvarande ledamöterna "
        "(4 av 12): Fullmäktige1 Exempel, Fullmäktige2 Exempel, Fullmäktige3 "
        "Exempel och Fullmäktige4 Exempel" in text
    )
    assert ("Kostnaderna ska utredas." in text) is referred_back


@pytest.mark.parametrize(("present", "needed"), [(12, 4), (11, 4), (10, 4), (9, 3)])
def test_fewer_than_one_third_of_the_members_present_cannot_force_it(
    council, council_case, meeting_day, present, needed
):
    """R11: "minst en tredjedel" rounds up: one short of a third of those
    present is refused, with nothing recorded."""
    meeting = council_meeting(council, meeting_day)
    for person in council.members[present:]:
        meeting.participants.filter(person=person).update(present=False)
    item = open_council_item(council, meeting, council_case)
    assert procedure.members_present(item) == present
    with pytest.raises(ValidationError) as error:
        procedure.postpone_on_request(
            item=item,
            referred_back=False,
            basis=Postponement.Basis.MINORITY,
            requesters=_council_people(meeting, council, needed - 1),
            actor=council.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["requesters"][0].code == "fewer_than_one_third"
    assert not Postponement.objects.exists()
    procedure.postpone_on_request(
        item=item,
        referred_back=False,
        basis=Postponement.Basis.MINORITY,
        requesters=_council_people(meeting, council, needed),
        actor=council.secretary,
        reason=REASON,
    )
    assert Postponement.objects.get().members_present == present


def test_a_second_tabling_of_the_same_case_needs_a_simple_majority(
    council, council_case, meeting_day
):
    """R11: once the council has referred the case back at an earlier item, a
    minority cannot force it a second time; the majority can."""
    first = council_meeting(council, meeting_day)
    item = open_council_item(council, first, council_case)
    procedure.postpone_on_request(
        item=item,
        referred_back=True,
        basis=Postponement.Basis.MINORITY,
        requesters=_council_people(first, council, 4),
        grounds="Utred kostnaderna.",
        actor=council.secretary,
        reason=REASON,
    )
    services.close_meeting(meeting=first, actor=council.secretary, reason=REASON)
    later = council_meeting(council, meeting_day + datetime.timedelta(days=30))
    again = open_council_item(council, later, council_case)
    assert procedure.postponed_before_by_council(again)
    with pytest.raises(ValidationError) as error:
        procedure.postpone_on_request(
            item=again,
            referred_back=False,
            basis=Postponement.Basis.MINORITY,
            requesters=_council_people(later, council, 12),
            actor=council.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["basis"][0].code == "second_time_needs_majority"
    procedure.postpone_on_request(
        item=again,
        referred_back=False,
        basis=Postponement.Basis.MAJORITY,
        requesters=[],
        actor=council.secretary,
        reason=REASON,
    )
    again.refresh_from_db()
    assert again.state == AgendaItem.State.TABLED
    assert "Beslutet fattades med enkel majoritet." in (
        minutes_services.current_text(later)
    )


def test_in_a_committee_tabling_needs_a_simple_majority(item, meeting, committee):
    """R11: a committee has no minority right (KL 6:33); its majority tables."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    requesters = [participant(meeting, person) for person in committee.members[:5]]
    with pytest.raises(ValidationError) as error:
        procedure.postpone_on_request(
            item=item,
            referred_back=False,
            basis=Postponement.Basis.MINORITY,
            requesters=requesters,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["basis"][0].code == "minority_right_only_in_council"
    procedure.postpone_on_request(
        item=item,
        referred_back=False,
        basis=Postponement.Basis.MAJORITY,
        requesters=requesters[:1],
        actor=meeting.secretary,
        reason=REASON,
    )
    assert "på begäran av Ledamot1 Exempel." in minutes_services.current_text(meeting)


def test_a_referral_back_needs_the_grounds_of_those_who_asked(
    council, council_case, meeting_day
):
    """R11: for a referral back the grounds are set by those who request it."""
    meeting = council_meeting(council, meeting_day)
    item = open_council_item(council, meeting, council_case)
    with pytest.raises(ValidationError) as error:
        procedure.postpone_on_request(
            item=item,
            referred_back=True,
            basis=Postponement.Basis.MINORITY,
            requesters=_council_people(meeting, council, 4),
            grounds="  ",
            actor=council.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["grounds"][0].code == "grounds_required"


def test_only_members_taking_part_can_ask_for_tabling(
    council, council_case, meeting_day
):
    """R11 with R7: the requesters are among those taking part in the item."""
    meeting = council_meeting(council, meeting_day)
    item = open_council_item(council, meeting, council_case)
    requesters = _council_people(meeting, council, 4)
    services.declare_disqualified(
        item=item, participant=requesters[0], actor=council.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        procedure.postpone_on_request(
            item=item,
            referred_back=False,
            basis=Postponement.Basis.MINORITY,
            requesters=requesters,
            actor=council.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["requesters"][0].code == "not_taking_part"


# --- R12: the chair's refusal to put a motion -------------------------------------


def _motion(item, meeting, person, text="Nytt ärende om cykelbanor"):
    return proceedings.put_forward_motion(
        item=item,
        mover=participant(meeting, person),
        text=text,
        actor=meeting.secretary,
        reason=REASON,
    )


def _vote(item, meeting, committee, motions):
    return proceedings.record_vote(
        item=item,
        question="Bifall till förslaget?",
        yes_means="bifall",
        no_means="yrkandet",
        ballots={participant(meeting, committee.chair): "yes"},
        motions=motions,
        actor=meeting.secretary,
        reason=REASON,
    )


def test_a_motion_the_chair_refuses_cannot_be_put_to_the_question(
    item, meeting, committee
):
    """R12: the chair refuses to put a motion raising a new matter; no vote can
    include it, and the minutes say why."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    motion = _motion(item, meeting, committee.v_member)
    procedure.refuse_motion(
        motion=motion,
        ground=MotionRefusal.Ground.NEW_MATTER,
        actor=meeting.secretary,
        reason=REASON,
    )
    assert motion.is_refused
    with pytest.raises(ValidationError) as error:
        _vote(item, meeting, committee, [motion])
    assert error.value.error_dict["motions"][0].code == "motion_refused"
    assert not item.votes.exists()
    text = minutes_services.current_text(meeting)
    assert (
        "Ordföranden vägrar att ställa proposition på yrkandet av Ledamot13 "
        "Exempel eftersom det innebär att ett nytt ärende väcks "
        "(KL 5 kap. 57 §)." in text
    )


def test_a_motion_already_put_cannot_be_refused_afterwards(item, meeting, committee):
    """R12: the refusal comes before the question is put."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    motion = _motion(item, meeting, committee.v_member, "Avslag")
    _vote(item, meeting, committee, [motion])
    with pytest.raises(ValidationError) as error:
        procedure.refuse_motion(
            motion=motion,
            ground=MotionRefusal.Ground.UNLAWFUL,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "motion_already_put"


def test_the_council_can_overrule_a_refusal_of_an_unlawful_motion(
    council, council_case, meeting_day
):
    """R12: the council decides that a motion its chair refused as unlawful be
    put after all; the motion can then be voted on."""
    meeting = council_meeting(council, meeting_day)
    item = open_council_item(council, meeting, council_case)
    mover = participant(meeting, council.members[11])
    motion = proceedings.put_forward_motion(
        item=item,
        mover=mover,
        text="Avgiften slopas",
        actor=council.secretary,
        reason=REASON,
    )
    refusal = procedure.refuse_motion(
        motion=motion,
        ground=MotionRefusal.Ground.UNLAWFUL,
        explanation="Avgiften följer av lag.",
        actor=council.secretary,
        reason=REASON,
    )
    procedure.overrule_refusal(refusal=refusal, actor=council.secretary, reason=REASON)
    motion.refresh_from_db()
    assert not motion.is_refused
    vote = proceedings.record_vote(
        item=item,
        question="Bifall till yrkandet?",
        yes_means="bifall",
        no_means="avslag",
        ballots={mover: "yes"},
        motions=[motion],
        actor=council.secretary,
        reason=REASON,
    )
    assert list(vote.motions.all()) == [motion]
    text = minutes_services.current_text(meeting)
    assert "eftersom det strider mot lag eller annan författning" in text
    assert "Avgiften följer av lag." in text
    assert (
        "Kommunfullmäktige beslutar att proposition ändå ska ställas på yrkandet."
        in text
    )


def test_a_refusal_on_a_new_matter_or_in_a_committee_cannot_be_overruled(
    item, meeting, committee, council, council_case, meeting_day
):
    """R12: a new matter must be refused, whatever is decided; only the council
    overrules its chair."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    unlawful = procedure.refuse_motion(
        motion=_motion(item, meeting, committee.v_member),
        ground=MotionRefusal.Ground.UNLAWFUL,
        actor=meeting.secretary,
        reason=REASON,
    )
    with pytest.raises(ValidationError) as error:
        procedure.overrule_refusal(
            refusal=unlawful, actor=meeting.secretary, reason=REASON
        )
    assert error.value.code == "only_council_overrules"
    kf_meeting = council_meeting(council, meeting_day)
    kf_item = open_council_item(council, kf_meeting, council_case)
    new_matter = procedure.refuse_motion(
        motion=proceedings.put_forward_motion(
            item=kf_item,
            mover=participant(kf_meeting, council.members[3]),
            text="Ny bro",
            actor=council.secretary,
            reason=REASON,
        ),
        ground=MotionRefusal.Ground.NEW_MATTER,
        actor=council.secretary,
        reason=REASON,
    )
    with pytest.raises(ValidationError) as error:
        procedure.overrule_refusal(
            refusal=new_matter, actor=council.secretary, reason=REASON
        )
    assert error.value.code == "new_matter_cannot_be_put"
    assert not MotionRefusal.objects.filter(overruled_at__isnull=False).exists()


def test_an_auditor_cannot_refuse_a_motion(item, meeting, committee, auditor):
    """R12 with R83: the auditor reads and changes nothing."""
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    motion = _motion(item, meeting, committee.v_member)
    with pytest.raises(PermissionDenied):
        procedure.refuse_motion(
            motion=motion,
            ground=MotionRefusal.Ground.NEW_MATTER,
            actor=auditor,
            reason=REASON,
        )
    assert not MotionRefusal.objects.exists()


# --- R21: FL 30 § dissent -------------------------------------------------------


def _decided(item, meeting):
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )


def test_no_fl_30_dissent_in_a_matter_appealed_by_legality_review(
    item, meeting, committee
):
    """R21: FL 30 § does not apply where the decision is appealed by legality
    review (FL 2 §); only a reservation is open to the members there."""
    _decided(item, meeting)
    with pytest.raises(ValidationError) as error:
        procedure.record_dissent(
            item=item,
            person=committee.v_member,
            capacity=Dissent.Capacity.DECIDING,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "dissent_not_applicable"
    assert not Dissent.objects.exists()


def test_a_dissent_must_be_announced_before_the_decision_is_dispatched(
    item, meeting, committee
):
    """R21: the dissent is announced before the decision is expedierat."""
    _mark_administrative_appeal(item)
    _decided(item, meeting)
    procedure.record_dissent(
        item=item,
        person=committee.v_member,
        capacity=Dissent.Capacity.DECIDING,
        actor=meeting.secretary,
        reason=REASON,
    )
    procedure.dispatch_decision(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        procedure.record_dissent(
            item=item,
            person=committee.members[2],
            capacity=Dissent.Capacity.DECIDING,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "decision_dispatched"
    assert Dissent.objects.count() == 1
    assert "Ledamoten Ledamot13 Exempel anmälde avvikande mening." in (
        minutes_services.current_text(meeting)
    )


def test_a_member_who_did_not_take_part_in_the_decision_has_no_dissent_as_decider(
    item, meeting, committee
):
    """R21 with R7: a member who was disqualified did not take part in the final
    handling as a decider; an officer who presented cannot pose as one."""
    _mark_administrative_appeal(item)
    services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    services.declare_disqualified(
        item=item,
        participant=participant(meeting, committee.v_member),
        actor=meeting.secretary,
        reason=REASON,
    )
    with pytest.raises(ValidationError) as error:
        procedure.record_dissent(
            item=item,
            person=committee.v_member,
            capacity=Dissent.Capacity.DECIDING,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["person"][0].code == "not_taking_part"
    with pytest.raises(ValidationError) as error:
        procedure.record_dissent(
            item=item,
            person=committee.members[2],
            capacity=Dissent.Capacity.RAPPORTEUR,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.error_dict["capacity"][0].code == "wrong_capacity"


def test_an_auditor_cannot_record_a_dissent(item, meeting, committee, auditor):
    """R21 with R83: the auditor reads and changes nothing."""
    _mark_administrative_appeal(item)
    _decided(item, meeting)
    with pytest.raises(PermissionDenied):
        procedure.record_dissent(
            item=item,
            person=committee.v_member,
            capacity=Dissent.Capacity.DECIDING,
            actor=auditor,
            reason=REASON,
        )
