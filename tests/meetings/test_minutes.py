import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import clock
from casework.meetings.models import Meeting, Minutes, MinutesVersion, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as services
from casework.meetings.services import signing
from casework.meetings.services import statements as statement_services
from casework.records import DeletionRefused
from tests.builders import Role, make_staff
from tests.meetings.conftest import login_for, sign_on_paper

pytestmark = pytest.mark.django_db
REASON = "protokollförs"


@pytest.fixture
def v_secretary(committee):
    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


@pytest.fixture
def held(item, meeting, committee, v_secretary):
    """A decided item with a submitted V reservation; the meeting closed and the
    time for approval reached."""
    secretary = meeting.secretary
    meeting_services.open_item(item=item, actor=secretary, reason=REASON)
    meeting_services.decide(
        item=item,
        decision_text="Remissen besvaras med kontorets tjänsteutlåtande.",
        actor=secretary,
        reason=REASON,
    )
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    statement_services.write_statement(
        statement=statement,
        introduction="Jag föreslår trafiknämnden besluta att",
        clauses=["delvis godkänna svaret", "därutöver anföra"],
        text="Världen är större än Europa.",
        actor=v_secretary,
        reason="utkast",
    )
    statement_services.submit_statement(
        statement=statement, actor=v_secretary, reason="in"
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=REASON)
    minutes = services.draw_up_minutes(meeting=meeting, actor=secretary, reason=REASON)
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    return minutes


def approve_all(minutes, committee, actor):
    sign_on_paper(minutes, committee.chair, committee.members[1])


def test_minutes_are_approved_when_the_chair_and_every_checker_have_signed(
    held, committee, meeting
):
    """R24: approval by the chair and the minutes checkers."""
    sign_on_paper(held, committee.chair)
    held.refresh_from_db()
    assert held.state == Minutes.State.DRAFT
    sign_on_paper(held, committee.members[1])
    held.refresh_from_db()
    assert held.state == Minutes.State.APPROVED
    version = held.versions.get()
    assert version.digest == hashlib.sha256(version.content.encode()).hexdigest()
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.MINUTES_APPROVED


def test_approved_minutes_carry_the_reservation_as_written(held, committee, meeting):
    """R17, R26: the statement enters the official minutes with its clauses."""
    approve_all(held, committee, meeting.secretary)
    content = held.versions.get().content
    assert "Reservation anfördes av Ledamot13 Exempel (V) enligt följande." in content
    assert "1. delvis godkänna svaret" in content
    assert "Världen är större än Europa." in content
    statement = Statement.objects.get()
    assert statement.state == Statement.State.IN_MINUTES


def test_a_text_not_handed_in_is_not_part_of_the_minutes(
    item, meeting, committee, v_secretary
):
    """R16: a reservation whose text was not handed in stands without it."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    statement = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    statement_services.write_statement(
        statement=statement, text="Hemligt utkast", actor=v_secretary, reason="utkast"
    )
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    minutes = services.draw_up_minutes(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    approve_all(minutes, committee, meeting.secretary)
    content = minutes.versions.get().content
    assert "Reservation anfördes av Ledamot13 Exempel (V)." in content
    assert "Hemligt utkast" not in content


def test_minutes_cannot_be_approved_before_the_time_set(held, committee, meeting):
    """R16, R24: statements may be handed in until the time set for approval."""
    meeting.approval_due_at = timezone.now() + datetime.timedelta(hours=1)
    meeting.save()
    with pytest.raises(ValidationError) as error:
        sign_on_paper(held, committee.chair)
    assert error.value.code == "approval_time_not_reached"


def test_only_the_chair_and_the_checkers_approve(held, committee, meeting):
    with pytest.raises(ValidationError) as error:
        sign_on_paper(held, committee.members[5])
    assert error.value.code == "not_an_approver"


def test_approved_minutes_are_immutable(held, committee, meeting):
    """R26: after approval the minutes never change."""
    approve_all(held, committee, meeting.secretary)
    version = MinutesVersion.objects.get()
    version.content = "ändrat"
    with pytest.raises(ValidationError) as error:
        version.save()
    assert error.value.code == "minutes_immutable"
    with pytest.raises(DeletionRefused):
        version.delete()


def test_a_correction_is_a_new_annotated_version(held, committee, meeting):
    """R26: a correction is visible and the earlier version stays."""
    approve_all(held, committee, meeting.secretary)
    first = held.versions.get()
    second = services.correct_minutes(
        minutes=held,
        content=first.content.replace("Bifall", "Bifall."),
        note="Skrivfel i § 1 rättat enligt ordförandens beslut.",
        actor=meeting.secretary,
        reason="rättelse",
    )
    assert second.number == 2
    assert second.correction_note.startswith("Skrivfel")
    assert MinutesVersion.objects.get(number=1).content == first.content


def test_the_notice_and_the_appeal_window(held, committee, meeting):
    """R28–R30: notice after approval; appeal window of three weeks."""
    approve_all(held, committee, meeting.secretary)
    today = timezone.localdate()
    notice = services.post_notice(
        minutes=held,
        minutes_kept_at="Trafikkontoret, Fleminggatan 4",
        actor=meeting.secretary,
        reason="anslag",
    )
    assert not services.notice_was_late(notice)
    with pytest.raises(ValidationError) as error:
        services.end_appeal_window(meeting=meeting, actor=meeting.secretary, reason="x")
    assert error.value.code == "appeal_window_open"
    with pytest.raises(DeletionRefused):
        notice.delete()
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with clock.acting_at(timezone.now() + (after - today)):
        services.end_appeal_window(
            meeting=meeting, actor=meeting.secretary, reason="laga kraft"
        )
    assert meeting.state == Meeting.State.APPEAL_WINDOW_PASSED


def test_a_notice_cannot_precede_the_approval(held, committee, meeting):
    approve_all(held, committee, meeting.secretary)
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    with clock.acting_at(two_days_ago), pytest.raises(ValidationError) as error:
        services.post_notice(
            minutes=held,
            minutes_kept_at="x",
            actor=meeting.secretary,
            reason="x",
        )
    assert error.value.code == "posted_before_approval"


def test_an_extract_of_the_paragraph_is_filed_into_the_case(
    held, committee, meeting, item
):
    """R59: the extract of approved minutes is an official document of the case."""
    with pytest.raises(ValidationError):
        services.file_extract(item=item, actor=meeting.secretary, reason="utdrag")
    approve_all(held, committee, meeting.secretary)
    item.refresh_from_db()
    document = services.file_extract(
        item=item, actor=meeting.secretary, reason="utdrag"
    )
    assert document.case == item.case
    assert document.is_official
    body = document.versions.get().body
    assert body.startswith("Utdrag ur protokoll från Trafiknämnden")
    assert "§ 1 Internationell strategi" in body
    assert "Reservation anfördes av Ledamot13 Exempel (V) enligt följande." in body


def test_an_extract_is_filed_once(held, committee, meeting, item):
    approve_all(held, committee, meeting.secretary)
    item.refresh_from_db()
    services.file_extract(item=item, actor=meeting.secretary, reason="utdrag")
    with pytest.raises(ValidationError) as error:
        services.file_extract(item=item, actor=meeting.secretary, reason="utdrag")
    assert error.value.code == "extract_already_filed"


def test_an_approval_of_text_that_has_since_changed_is_refused(
    held, committee, meeting
):
    """R24: every signer approves the same text."""
    chair = login_for(committee.chair, "ordforande.trn")
    with pytest.raises(ValidationError) as error:
        signing.sign_minutes(minutes=held, actor=chair, reason="x", digest="0" * 64)
    assert error.value.code == "minutes_changed"


def test_a_reference_not_handed_in_stays_out_of_the_minutes(
    item, meeting, committee, v_secretary
):
    """R16: a draft reference is the party's own until handed in."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    earlier = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    statement_services.write_statement(
        statement=earlier, text="Motivering", actor=v_secretary, reason="x"
    )
    statement_services.submit_statement(
        statement=earlier, actor=v_secretary, reason="x"
    )
    later = statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=REASON,
    )
    statement_services.write_statement(
        statement=later, refers_to=earlier, actor=v_secretary, reason="x"
    )
    text = services.current_text(meeting)
    assert "med hänvisning till" not in text


def test_an_appealable_paragraph_becomes_final_after_the_appeal_window(
    held, committee, meeting, item
):
    """R31–R32: appealable until the last day of appeal, then final; a
    preparatory paragraph is never appealable."""
    item.refresh_from_db()
    assert item.finality() == ("not_appealable", None)
    item.appealable = True
    item.save()
    assert item.finality() == ("pending", None)
    approve_all(held, committee, meeting.secretary)
    notice = services.post_notice(
        minutes=held,
        minutes_kept_at="Stadshuset",
        actor=meeting.secretary,
        reason="anslag",
    )
    item = type(item).objects.get(pk=item.pk)
    last_day = notice.appeal_last_day
    assert item.finality(today=last_day) == ("appealable", last_day)
    assert item.finality(today=last_day + datetime.timedelta(days=1)) == (
        "final",
        last_day,
    )
