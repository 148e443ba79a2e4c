"""The minutes as structured data a print view lays out like a Stockholm
protocol: header, participants, paragraphs with decision and statements, and
the signatures with who signed, when and how (R23, R24, R27)."""

import datetime

import pytest
from django.utils import timezone

from casework.meetings import rendering
from casework.meetings.models import ApprovalMethod, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from casework.meetings.services import statements as statement_services
from tests.builders import Role, make_staff
from tests.meetings.conftest import PAPER_REFERENCE, SET_UP, login_for, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(meeting, item, committee):
    """§ 1 decided, with a V reservation handed in; a member left and a
    substitute serves in the member's place (R5)."""
    secretary = meeting.secretary
    for person, change in [
        (committee.members[6], "left"),
        (committee.substitutes[0], "started_serving"),
    ]:
        meeting_services.record_attendance_change(
            participant=participant(meeting, person),
            change=change,
            actor=secretary,
            reason=SET_UP,
        )
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    meeting_services.decide(
        item=item,
        decision_text="Remissen besvaras med kontorets tjänsteutlåtande.",
        actor=secretary,
        reason=SET_UP,
    )
    v_secretary = make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.write_statement(
        statement=statement,
        clauses=["avslå förslaget"],
        text="Motivering.",
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.submit_statement(
        statement=statement, actor=v_secretary, reason=SET_UP
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    return minutes


def test_the_header_names_the_body_the_day_the_time_and_the_place_R23(meeting, decided):
    document = rendering.minutes_document(meeting.pk)
    assert document.header.body == "Trafiknämnden"
    assert document.header.held_on == meeting.held_on
    assert document.header.starts_at == meeting.starts_at
    assert document.header.place == "Fleminggatan 4"
    assert document.header.when.endswith("13.00")


def test_the_participants_are_set_out_as_the_protocol_lists_them_R7(
    meeting, decided, committee
):
    participants = rendering.minutes_document(meeting.pk).participants
    assert participants.members[0] == "Ledamot1 Exempel (MP), ordförande"
    assert len(participants.members) == 12
    assert participants.serving_substitutes == ["Ledamot14 Exempel (MP)"]
    assert participants.substitutes == ["Ledamot15 Exempel (M)"]
    assert participants.others_present == ["Test Person, sekreterare"]


def test_each_paragraph_carries_its_decision_and_statements_R17(meeting, decided):
    (paragraph,) = rendering.minutes_document(meeting.pk).paragraphs
    assert paragraph.number == 1
    assert paragraph.title == "Internationell strategi"
    assert paragraph.registration_number.startswith("T")
    assert paragraph.decision == "Remissen besvaras med kontorets tjänsteutlåtande."
    (statement,) = paragraph.statements
    assert statement.heading == (
        "Reservation anfördes av Ledamot13 Exempel (V) enligt följande."
    )
    assert statement.clauses == ["1. avslå förslaget"]


def test_the_signatures_say_who_signed_when_and_how_R24_R27(
    meeting, decided, committee
):
    chair = login_for(committee.chair, "ordforande.trn")
    signing.sign_minutes(minutes=decided, actor=chair, reason=SET_UP)
    document = rendering.minutes_document(meeting.pk)
    assert [(s.name, s.role) for s in document.signatures] == [
        ("Ledamot1 Exempel", "ordförande"),
        ("Ledamot2 Exempel", "justerare"),
    ]
    first, second = document.signatures
    assert first.signed_on == timezone.localdate()
    assert first.method == ApprovalMethod.IN_SYSTEM
    assert second.signed_on is None
    assert not document.approved
    signing.record_paper_signature(
        minutes=decided,
        person=committee.members[1],
        signed_on=timezone.localdate(),
        reference=PAPER_REFERENCE,
        actor=meeting.secretary,
        reason=SET_UP,
    )
    document = rendering.minutes_document(meeting.pk)
    assert document.signatures[1].method == ApprovalMethod.ON_PAPER
    assert document.signatures[1].paper_reference == PAPER_REFERENCE
    assert document.approved


def test_an_extract_is_the_same_structure_with_one_paragraph_R59(meeting, decided):
    extract = rendering.minutes_document(meeting.pk, paragraph_number=1)
    assert [p.number for p in extract.paragraphs] == [1]
    assert extract.header.body == "Trafiknämnden"
