import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.directory.models import Organisation
from casework.meetings.models import AttendanceChange, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import statements as services
from permissions import rules
from tests.builders import Role, make_staff
from tests.meetings.conftest import participant

pytestmark = pytest.mark.django_db
REASON = "protokollförs"
Kind = Statement.Kind


@pytest.fixture
def decided(item, meeting):
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item,
        decision_text="Trafiknämnden överlämnar och åberopar kontorets utlåtande.",
        actor=meeting.secretary,
        reason=REASON,
    )
    return item


@pytest.fixture
def v_secretary(committee):
    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


@pytest.fixture
def mp_secretary_trn(committee):
    return make_staff(
        "partisekreterare.mp", Role.PARTY_SECRETARY, party=committee.parties.mp
    )


def announce(item, people, party, actor, kind=Kind.RESERVATION):
    return services.announce_statement(
        item=item,
        kind=kind,
        party=party,
        signatories=people,
        actor=actor,
        reason=REASON,
    )


def test_a_member_who_took_part_may_reserve(decided, committee, v_secretary):
    """R14: a reservation by a participant of the decision is recorded."""
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    assert statement.state == Statement.State.ANNOUNCED
    assert statement.party_rendering == "V"


def test_a_non_serving_substitute_cannot_reserve(decided, committee, meeting):
    """R14: a reservation by a substitute with serving=false is rejected."""
    with pytest.raises(ValidationError) as error:
        announce(
            decided, [committee.substitutes[0]], committee.parties.mp, meeting.secretary
        )
    assert error.value.code == "not_a_participant"


def test_a_member_who_abstained_cannot_reserve(item, meeting, committee):
    """R14: who used the right to abstain cannot reserve afterwards."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.declare_abstention(
        item=item,
        participant=participant(meeting, committee.v_member),
        actor=meeting.secretary,
        reason=REASON,
    )
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        announce(item, [committee.v_member], committee.parties.v, meeting.secretary)
    assert error.value.code == "not_a_participant"


def test_a_disqualified_member_cannot_reserve(item, meeting, committee):
    """R51: a person disqualified on the item cannot reserve."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.declare_disqualified(
        item=item,
        participant=participant(meeting, committee.v_member),
        actor=meeting.secretary,
        reason="jäv",
    )
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        announce(item, [committee.v_member], committee.parties.v, meeting.secretary)
    assert error.value.code == "not_a_participant"


def test_a_reservation_cannot_be_announced_after_the_meeting_closed(
    decided, meeting, committee
):
    """R15: after the meeting is closed no new reservation is accepted."""
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    with pytest.raises(ValidationError) as error:
        announce(decided, [committee.v_member], committee.parties.v, meeting.secretary)
    assert error.value.code == "meeting_closed"
    assert (
        "avslutat" in str(error.value.messages[0])
        or "closed" in error.value.messages[0]
    )


def test_a_reservation_with_its_own_clauses_is_written_and_submitted(
    decided, committee, v_secretary
):
    """R16, R17c: the written text with numbered clauses, handed in in time."""
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    services.write_statement(
        statement=statement,
        introduction="Jag föreslår trafiknämnden besluta att",
        clauses=["delvis godkänna svaret", "därutöver anföra"],
        text="Världen är större än Europa.",
        actor=v_secretary,
        reason="utkast",
    )
    services.submit_statement(statement=statement, actor=v_secretary, reason="inlämnad")
    statement.refresh_from_db()
    assert statement.state == Statement.State.SUBMITTED
    assert list(statement.clauses.values_list("number", "text")) == [
        (1, "delvis godkänna svaret"),
        (2, "därutöver anföra"),
    ]


def test_rewriting_a_draft_replaces_its_clauses(decided, committee, v_secretary):
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    for clauses in (["a", "b", "c"], ["a", "B"]):
        services.write_statement(
            statement=statement, clauses=clauses, actor=v_secretary, reason="utkast"
        )
    assert list(statement.clauses.values_list("text", flat=True)) == ["a", "B"]


def test_the_text_cannot_change_after_the_time_set_for_approval(
    decided, meeting, committee, v_secretary
):
    """R16: edits after the approval time fail."""
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    meeting.approval_due_at = meeting.approval_due_at - datetime.timedelta(days=30)
    meeting.save()
    with pytest.raises(ValidationError) as error:
        services.write_statement(
            statement=statement, text="sent", actor=v_secretary, reason="för sent"
        )
    assert error.value.code == "approval_deadline_passed"


def test_another_partys_secretary_cannot_write_or_submit(
    decided, committee, v_secretary, mp_secretary_trn
):
    """V1, R62: party workspaces are separate."""
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    for attempt in (
        lambda: services.write_statement(
            statement=statement, text="x", actor=mp_secretary_trn, reason="x"
        ),
        lambda: services.submit_statement(
            statement=statement, actor=mp_secretary_trn, reason="x"
        ),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(PermissionDenied):
        announce(decided, [committee.v_member], committee.parties.v, mp_secretary_trn)


def test_a_draft_is_visible_only_to_its_party_until_submitted(
    decided, committee, v_secretary, mp_secretary_trn, meeting, karin
):
    """(d), V1: a draft to its party only; submitted also to the secretary."""
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    services.write_statement(
        statement=statement, text="utkast", actor=v_secretary, reason="x"
    )
    assert rules.can_view_statement(v_secretary, statement)
    for outsider in (mp_secretary_trn, meeting.secretary, karin):
        assert not rules.can_view_statement(outsider, statement)
    services.submit_statement(statement=statement, actor=v_secretary, reason="x")
    assert rules.can_view_statement(meeting.secretary, statement)
    assert not rules.can_view_statement(mp_secretary_trn, statement)
    assert not rules.can_view_statement(karin, statement)


def test_co_signing_requires_taking_part(decided, committee, mp_secretary_trn):
    """R14, R17: every signatory of a reservation took part."""
    statement = announce(
        decided, [committee.chair], committee.parties.mp, mp_secretary_trn
    )
    with pytest.raises(ValidationError) as error:
        services.co_sign(
            statement=statement,
            person=committee.substitutes[0],
            actor=mp_secretary_trn,
            reason="x",
        )
    assert error.value.code == "not_a_participant"
    assert statement.signatories.count() == 1


def test_a_statement_is_signed_only_by_its_own_partys_members(decided, committee):
    """R17: "(båda S)" – the signatories sit for the statement's party."""
    s_secretary = make_staff(
        "partisekreterare.s", Role.PARTY_SECRETARY, party=committee.parties.s
    )
    statement = announce(
        decided, [committee.members[1]], committee.parties.s, s_secretary
    )
    services.co_sign(
        statement=statement, person=committee.members[2], actor=s_secretary, reason="x"
    )
    with pytest.raises(ValidationError) as error:
        services.co_sign(
            statement=statement,
            person=committee.v_member,
            actor=s_secretary,
            reason="x",
        )
    assert error.value.code == "signatory_of_other_party"
    assert statement.signatories.count() == 2


def test_the_committee_secretary_records_but_does_not_write_a_partys_text(
    decided, committee, meeting
):
    """V1: the secretary records the announcement; the text is the party's."""
    statement = announce(
        decided, [committee.members[1]], committee.parties.s, meeting.secretary
    )
    with pytest.raises(PermissionDenied):
        services.write_statement(
            statement=statement, text="x", actor=meeting.secretary, reason="x"
        )


def test_special_statements_follow_the_bodys_rules(
    decided, committee, meeting, system_user
):
    """R18: whether special statements are allowed is configured per body."""
    with pytest.raises(ValidationError) as error:
        announce(
            decided,
            [committee.members[1]],
            committee.parties.s,
            meeting.secretary,
            kind=Kind.SPECIAL_STATEMENT,
        )
    assert error.value.code == "special_statements_not_allowed"
    committee.organisation.special_statements = (
        Organisation.SpecialStatements.PARTICIPANTS
    )
    committee.organisation.save()
    statement = announce(
        decided,
        [committee.members[1], committee.members[2]],
        committee.parties.s,
        meeting.secretary,
        kind=Kind.SPECIAL_STATEMENT,
    )
    assert statement.signatories.count() == 2


def test_a_substitutes_statement_needs_the_councils_permission(
    item, meeting, committee
):
    """R19: a non-serving substitute's opinion only where allowed."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    substitute = committee.substitutes[0]
    with pytest.raises(ValidationError) as error:
        announce(
            item,
            [substitute],
            committee.parties.mp,
            meeting.secretary,
            kind=Kind.SUBSTITUTE_STATEMENT,
        )
    assert error.value.code == "substitute_statements_not_allowed"
    committee.organisation.substitutes_may_record_opinion = True
    committee.organisation.save()
    statement = announce(
        item,
        [substitute],
        committee.parties.mp,
        meeting.secretary,
        kind=Kind.SUBSTITUTE_STATEMENT,
    )
    assert statement.kind == Kind.SUBSTITUTE_STATEMENT


def test_a_serving_substitute_may_reserve(item, meeting, committee):
    """R19: a serving substitute has a member's full rights."""
    for who, change in [
        (committee.members[12], AttendanceChange.Change.LEFT),
        (committee.substitutes[0], AttendanceChange.Change.STARTED_SERVING),
    ]:
        meeting_services.record_attendance_change(
            participant=participant(meeting, who),
            change=change,
            actor=meeting.secretary,
            reason=REASON,
        )
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    statement = announce(
        item, [committee.substitutes[0]], committee.parties.mp, meeting.secretary
    )
    assert statement.pk


def test_a_committee_takes_no_preparatory_statements(decided, committee, meeting):
    """R20: the preparatory body's kinds are its own."""
    with pytest.raises(ValidationError) as error:
        announce(
            decided,
            [committee.v_member],
            committee.parties.v,
            meeting.secretary,
            kind=Kind.PREPARATORY_RESERVATION,
        )
    assert error.value.code == "kind_not_for_body"


def test_a_reference_must_point_into_the_same_case(
    decided, committee, meeting, v_secretary, city, t_registrar
):
    """R17d: "med hänvisning till" an earlier statement in the same case."""
    from tests.builders import make_case

    other = meeting_services.add_agenda_item(
        meeting=meeting,
        title="Annat ärende",
        case=make_case(city.t_register, t_registrar),
        actor=meeting.secretary,
        reason=REASON,
    )
    meeting_services.open_item(item=other, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=other, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    earlier = announce(other, [committee.v_member], committee.parties.v, v_secretary)
    statement = announce(
        decided, [committee.v_member], committee.parties.v, v_secretary
    )
    with pytest.raises(ValidationError) as error:
        services.write_statement(
            statement=statement, refers_to=earlier, actor=v_secretary, reason="x"
        )
    assert error.value.code == "reference_outside_case"
