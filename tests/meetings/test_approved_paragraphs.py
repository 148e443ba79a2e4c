"""Nothing is added to a paragraph once it is approved, at the meeting (R25) or
with the minutes (R26); a change goes only through the visible correction
trail, and the extract filed in the case is the approved text."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from casework.directory.models import Person
from casework.meetings.models import (
    AttendanceChange,
    Ballot,
    Dissent,
    ItemParticipation,
    Motion,
    MotionRefusal,
    Postponement,
    Statement,
    StatementSignatory,
    Vote,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import paragraphs, procedure, proceedings
from casework.meetings.services import statements as statement_services
from tests.meetings.conftest import participant, sign_on_paper
from tests.meetings.minutes_scenario import approved_meeting

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


def snapshot(meeting):
    """Everything a paragraph is made of, and the minutes as they read now."""
    models = (
        Motion,
        Vote,
        Ballot,
        ItemParticipation,
        Postponement,
        MotionRefusal,
        Dissent,
        Statement,
        StatementSignatory,
        AttendanceChange,
    )
    counts = [model.objects.count() for model in models]
    statuses = sorted(ItemParticipation.objects.values_list("pk", "status"))
    return counts, statuses, minutes_services.current_text(meeting)


@pytest.fixture
def approved(meeting, committee, city, t_registrar):
    """A meeting whose minutes are approved; § 1 had a motion, a vote and a
    reservation, and its decision is appealed by administrative appeal."""
    scenario = approved_meeting(meeting, committee, city, t_registrar)
    for item in (scenario.first, scenario.second):
        type(item).objects.filter(pk=item.pk).update(administrative_appeal=True)
        item.refresh_from_db()
    return scenario


@pytest.fixture
def approved_at_meeting(item, meeting):
    """§ 1 decided and approved at the meeting, which is still in progress."""
    item.administrative_appeal = True
    item.save()
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    text = minutes_services.paragraph_text(item)
    paragraphs.approve_paragraph_at_meeting(
        item=item,
        digest=hashlib.sha256(text.encode()).hexdigest(),
        actor=meeting.secretary,
        reason="omedelbar justering",
    )
    item.refresh_from_db()
    return item


def _dissent(item, committee):
    """A dissent of a member who took part, announced now (FL 30 §)."""
    return lambda: procedure.record_dissent(
        item=item,
        person=committee.v_member,
        capacity=Dissent.Capacity.DECIDING,
        text="Sent påkommen mening.",
        actor=item.meeting.secretary,
        reason=REASON,
    )


def _announce(item, kind, committee, actor):
    """A V statement on ``item`` announced now."""
    return lambda: statement_services.announce_statement(
        item=item,
        kind=kind,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=actor,
        reason=REASON,
    )


def _refused(code, call, meeting):
    before = snapshot(meeting)
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.code == code
    assert snapshot(meeting) == before


def test_the_refusal_says_in_swedish_that_only_a_correction_changes_it_R26(
    approved, committee
):
    """R26: the refusal tells the user in Swedish how a change is made."""
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        _dissent(approved.first, committee)()
    assert "synlig rättelse av protokollet" in error.value.messages[0]


def _denied(call, meeting):
    """The approved statement is no longer the party's to change (R16, R26)."""
    before = snapshot(meeting)
    with pytest.raises(PermissionDenied):
        call()
    assert snapshot(meeting) == before


# --- R26: after approval of the minutes ------------------------------------------


def test_no_dissent_is_added_to_a_paragraph_of_approved_minutes_R26(
    approved, meeting, committee
):
    """R26: a dissent on a decided paragraph after the minutes are approved
    would change the approved paragraph without a visible correction, even
    though the decision has not been sent out."""
    _refused("paragraph_approved", _dissent(approved.first, committee), meeting)


def test_no_motion_vote_or_participant_change_reaches_an_approved_paragraph_R26(
    approved, meeting, committee
):
    """R26: motions, votes, disqualification, abstention, a new decision or a
    postponement are refused on a paragraph of approved minutes."""
    item, secretary = approved.first, meeting.secretary
    member = participant(meeting, committee.members[2])
    calls = [
        lambda: proceedings.put_forward_motion(
            item=item, mover=member, text="Sent", actor=secretary, reason=REASON
        ),
        lambda: proceedings.record_vote(
            item=item,
            question="Ny fråga",
            yes_means="ja",
            no_means="nej",
            ballots={member: "yes"},
            actor=secretary,
            reason=REASON,
        ),
        lambda: meeting_services.declare_disqualified(
            item=item, participant=member, actor=secretary, reason=REASON
        ),
        lambda: meeting_services.declare_abstention(
            item=item, participant=member, actor=secretary, reason=REASON
        ),
        lambda: meeting_services.decide(
            item=item, decision_text="Avslag", actor=secretary, reason=REASON
        ),
        lambda: meeting_services.postpone(
            item=item, referred_back=True, actor=secretary, reason=REASON
        ),
        lambda: procedure.postpone_on_request(
            item=item,
            referred_back=False,
            basis=Postponement.Basis.MAJORITY,
            requesters=[member],
            actor=secretary,
            reason=REASON,
        ),
        lambda: procedure.refuse_motion(
            motion=item.motions.get(),
            ground=MotionRefusal.Ground.NEW_MATTER,
            actor=secretary,
            reason=REASON,
        ),
    ]
    for call in calls:
        _refused("item_not_open", call, meeting)


def test_no_statement_attendance_or_appeal_route_reaches_approved_minutes_R26(
    approved, meeting, committee
):
    """R26: statements, signatories, attendance and the appeal route of a
    paragraph in approved minutes stay as approved."""
    item, secretary = approved.first, meeting.secretary
    statement = item.statements.get()
    author = statement.drafted_by
    special = Statement.Kind.SPECIAL_STATEMENT
    _refused("meeting_closed", _announce(item, special, committee, author), meeting)
    for call in (
        lambda: statement_services.write_statement(
            statement=statement, text="Ändrad", actor=author, reason=REASON
        ),
        lambda: statement_services.co_sign(
            statement=statement,
            person=committee.v_member,
            actor=author,
            reason=REASON,
        ),
        lambda: statement_services.submit_statement(
            statement=statement, actor=author, reason=REASON
        ),
    ):
        _denied(call, meeting)
    _refused(
        "wrong_meeting_state",
        lambda: meeting_services.record_attendance_change(
            participant=participant(meeting, committee.members[2]),
            change=AttendanceChange.Change.LEFT,
            actor=secretary,
            reason=REASON,
        ),
        meeting,
    )
    _refused(
        "item_handled",
        lambda: procedure.set_appeal_route(
            item=item, administrative_appeal=False, actor=secretary, reason=REASON
        ),
        meeting,
    )


# --- R25: after approval at the meeting -------------------------------------------


def test_no_dissent_is_added_to_a_paragraph_approved_at_the_meeting_R25(
    approved_at_meeting, meeting, committee
):
    """R25, R26: the paragraph approved at the meeting is final with its
    approval; a dissent announced later is refused, the meeting still running."""
    _refused("paragraph_approved", _dissent(approved_at_meeting, committee), meeting)


def test_nothing_else_is_added_to_a_paragraph_approved_at_the_meeting_R25(
    approved_at_meeting, meeting, committee
):
    """R25, R26: motions, votes, participants, statements and a second approval
    are refused on the paragraph approved at the meeting."""
    item, secretary = approved_at_meeting, meeting.secretary
    member = participant(meeting, committee.members[2])
    for call in (
        lambda: proceedings.put_forward_motion(
            item=item, mover=member, text="Sent", actor=secretary, reason=REASON
        ),
        lambda: meeting_services.declare_abstention(
            item=item, participant=member, actor=secretary, reason=REASON
        ),
        lambda: meeting_services.decide(
            item=item, decision_text="Avslag", actor=secretary, reason=REASON
        ),
    ):
        _refused("item_not_open", call, meeting)
    reservation = Statement.Kind.RESERVATION
    announce = _announce(item, reservation, committee, secretary)
    _refused("paragraph_approved", announce, meeting)
    _refused(
        "already_approved",
        lambda: paragraphs.approve_paragraph_at_meeting(
            item=item, digest="0" * 64, actor=secretary, reason=REASON
        ),
        meeting,
    )


# --- R26: the extract is the approved text ---------------------------------------


def _file(item):
    document = minutes_services.file_extract(
        item=item, actor=item.meeting.secretary, reason="utdrag"
    )
    return document.versions.get().body


def test_the_extract_is_the_approved_text_though_the_register_changed_since_R26(
    approved, meeting, committee
):
    """R26: a person renamed after approval does not change the extract; it is
    the paragraph as the approved minutes read it."""
    as_approved = minutes_services.paragraph_text(approved.first)
    Person.objects.filter(pk=committee.v_member.pk).update(last_name="Omdöpt")
    assert minutes_services.paragraph_text(approved.first) != as_approved
    body = _file(approved.first)
    assert body == as_approved
    assert "Ledamot13 Exempel yrkar: avslag" in body
    assert "Omdöpt" not in body
    paragraph = "\n".join(body.splitlines()[2:])
    assert paragraph in approved.minutes.versions.get().content


def test_the_extract_of_a_corrected_paragraph_follows_the_visible_correction_R26(
    approved, meeting
):
    """R26: after a correction the extract is the corrected text, and says what
    was corrected, when and why; a paragraph the correction left alone is
    extracted unchanged and without a note."""
    original = approved.minutes.versions.get().content
    second_as_approved = minutes_services.paragraph_text(approved.second)
    corrected = original.replace("Beslut: Bifall", "Beslut: Bifall med tillägg")
    assert corrected != original
    minutes_services.correct_minutes(
        minutes=approved.minutes,
        content=corrected,
        note="Beslutet i § 1 återgavs ofullständigt.",
        actor=meeting.secretary,
        reason="rättelse",
    )
    body = _file(approved.first)
    assert "Beslut: Bifall med tillägg" in body
    assert "Rättelse" in body
    assert "Beslutet i § 1 återgavs ofullständigt." in body
    assert "§ 2" not in body
    assert _file(approved.second) == second_as_approved


def test_a_paragraph_approved_at_the_meeting_and_corrected_later_is_extracted_as_corrected_R26(
    approved_at_meeting, meeting, committee
):
    """R25, R26: the paragraph approved at the meeting is extracted as approved
    then; once a correction of the minutes changed it, the extract is the
    corrected text with the note on the correction."""
    secretary = meeting.secretary
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=REASON)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=REASON
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    sign_on_paper(minutes, committee.chair, committee.members[1])
    minutes.refresh_from_db()
    original = minutes.versions.get().content
    minutes_services.correct_minutes(
        minutes=minutes,
        content=original.replace("Beslut: Bifall", "Beslut: Bifall i sin helhet"),
        note="Beslutet återgavs ofullständigt.",
        actor=secretary,
        reason="rättelse",
    )
    body = _file(approved_at_meeting)
    assert "Beslut: Bifall i sin helhet" in body
    assert "Beslutet återgavs ofullständigt." in body
