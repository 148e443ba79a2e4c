"""A paragraph after its decision: approval at the meeting with its own notice
and appeal window (R25), the approval method and validation data (R27), and the
warning when a decision is carried out before it is final (R33)."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import clock
from casework.meetings.models import ApprovalMethod, ParagraphApproval, Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import paragraphs as services
from casework.meetings.services import signing
from casework.meetings.services import statements as statement_services
from tests.meetings.conftest import login_for

pytestmark = pytest.mark.django_db
REASON = "protokollförs"
SIGNED = '{"signature": "MIIB…", "ocsp": "MIIC…", "provider": "BankID"}'


@pytest.fixture
def decided(item, meeting):
    item.appealable = True
    item.save()
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item,
        decision_text="Trafiknämnden beslutar att anlägga cykelbanan.",
        actor=meeting.secretary,
        reason=REASON,
    )
    return item


def approve_now(item, **extra):
    digest = minutes_services.paragraph_text(item)
    digest = hashlib.sha256(digest.encode()).hexdigest()
    extra.setdefault("digest", digest)
    return services.approve_paragraph_at_meeting(
        item=item, actor=item.meeting.secretary, reason="omedelbar justering", **extra
    )


def post(approval):
    return services.post_paragraph_notice(
        approval=approval,
        minutes_kept_at="Trafikkontoret, Fleminggatan 4",
        actor=approval.item.meeting.secretary,
        reason="anslag",
    )


# --- R25: approval at the meeting -------------------------------------------------


def test_a_paragraph_approved_at_the_meeting_has_its_own_approval_record(
    decided, committee, meeting
):
    """R25: the chair and the checkers approve the paragraph's written text at
    the meeting; the record keeps that text and its SHA-256."""
    approval = approve_now(decided)
    assert approval.content.startswith("Utdrag ur protokoll från Trafiknämnden")
    assert "Trafiknämnden beslutar att anlägga cykelbanan." in approval.content
    assert approval.digest == hashlib.sha256(approval.content.encode()).hexdigest()
    assert set(approval.signatories.all()) == {committee.chair, committee.members[1]}
    assert approval.method == ApprovalMethod.IN_SYSTEM
    assert not hasattr(meeting, "minutes")


def test_a_paragraph_text_that_changed_since_it_was_read_is_not_approved(decided):
    """R25: the paragraph must be available in writing; the approval names the
    text read out by its digest."""
    with pytest.raises(ValidationError) as error:
        approve_now(decided, digest="0" * 64)
    assert error.value.code == "paragraph_changed"
    assert not ParagraphApproval.objects.exists()


def test_only_a_decided_paragraph_of_a_meeting_in_progress_is_approved_at_it(
    item, meeting
):
    """R25: approval at the meeting happens during the meeting, after the
    decision."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    with pytest.raises(ValidationError) as error:
        approve_now(item, digest="x")
    assert error.value.code == "item_not_decided"


def test_a_paragraph_is_approved_at_the_meeting_only_once(decided):
    """R25, R26: the approved paragraph cannot change."""
    approval = approve_now(decided)
    with pytest.raises(ValidationError) as error:
        approve_now(decided)
    assert error.value.code == "already_approved"
    with pytest.raises(ValidationError):
        ParagraphApproval.objects.get(pk=approval.pk).save()


def test_a_paragraph_approved_at_the_meeting_takes_no_new_statements(
    decided, committee
):
    """R25, R16: statements on the paragraph are final with it."""
    secretary = decided.meeting.secretary
    earlier = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=secretary,
        reason=REASON,
    )
    approve_now(decided)
    earlier.refresh_from_db()
    assert earlier.state == Statement.State.IN_MINUTES
    with pytest.raises(ValidationError) as error:
        statement_services.announce_statement(
            item=decided,
            kind=Statement.Kind.RESERVATION,
            party=committee.parties.m,
            signatories=[committee.members[7]],
            actor=secretary,
            reason=REASON,
        )
    assert error.value.code == "paragraph_approved"


def test_a_paragraph_approved_at_the_meeting_runs_its_own_appeal_window(
    decided, meeting
):
    """R25, R30–R32: the paragraph's notice starts its own window, before the
    minutes of the meeting are even drawn up; finality follows it."""
    approval = approve_now(decided)
    decided.refresh_from_db()
    assert decided.finality() == ("pending", None)
    notice = post(approval)
    decided = type(decided).objects.get(pk=decided.pk)
    last_day = notice.appeal_last_day
    assert decided.finality(today=last_day) == ("appealable", last_day)
    assert decided.finality(today=last_day + datetime.timedelta(days=1))[0] == "final"
    assert decided.notice() == notice
    assert not hasattr(meeting, "minutes")


def test_the_notice_of_a_paragraph_cannot_precede_its_approval(decided):
    """R25, R28: the paragraph's own notice follows its own approval."""
    approval = approve_now(decided)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with clock.acting_at(yesterday), pytest.raises(ValidationError) as error:
        post(approval)
    assert error.value.code == "posted_before_approval"
    post(approval)
    with pytest.raises(ValidationError) as error:
        post(approval)
    assert error.value.code == "already_posted"


def test_the_minutes_say_which_paragraph_was_approved_at_the_meeting(decided, meeting):
    """R25, R23: the minutes show the paragraph's own approval."""
    approve_now(decided)
    text = minutes_services.current_text(meeting)
    assert "Paragrafen justerades omedelbart" in text


def test_the_extract_of_a_paragraph_approved_at_the_meeting_is_filed_at_once(
    decided,
):
    """R25, R59: the approved paragraph is official before the minutes are."""
    with pytest.raises(ValidationError):
        minutes_services.file_extract(
            item=decided, actor=decided.meeting.secretary, reason="utdrag"
        )
    approval = approve_now(decided)
    document = minutes_services.file_extract(
        item=decided, actor=decided.meeting.secretary, reason="utdrag"
    )
    assert document.is_official
    assert document.versions.get().body == approval.content


# --- R27: approval method and validation data ---------------------------------


def test_an_electronic_signature_keeps_its_validation_data(decided):
    """R27: the method and the validation data supplied are kept unchanged, and
    their digest shows whether they still are."""
    approval = approve_now(
        decided,
        method=ApprovalMethod.ELECTRONIC_SIGNATURE,
        validation_data=SIGNED,
    )
    stored = ParagraphApproval.objects.get(pk=approval.pk)
    assert stored.method == ApprovalMethod.ELECTRONIC_SIGNATURE
    assert stored.validation_data == SIGNED
    assert stored.validation_digest == hashlib.sha256(SIGNED.encode()).hexdigest()
    assert stored.validation_data_intact()
    stored.validation_data = SIGNED.replace("BankID", "Freja")
    assert not stored.validation_data_intact()


def test_an_electronic_signature_without_validation_data_is_refused(decided):
    """R27: a signature on a document to be preserved needs its validation data."""
    with pytest.raises(ValidationError) as error:
        approve_now(decided, method=ApprovalMethod.ELECTRONIC_SIGNATURE)
    assert error.value.code == "validation_data_required"


def test_an_electronic_signature_of_the_minutes_must_name_the_signed_text(
    item, meeting, committee
):
    """R27: the signature names the digest of what it signs; the digest is
    checked against the minutes as they read."""
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=REASON)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=meeting.secretary, reason=REASON
    )
    meeting_services.close_meeting(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=meeting.secretary, reason=REASON
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    arguments = dict(
        minutes=minutes,
        actor=login_for(committee.chair, "ordforande.trn"),
        reason="justerat",
        method=ApprovalMethod.ELECTRONIC_SIGNATURE,
        validation_data=SIGNED,
    )
    with pytest.raises(ValidationError) as error:
        signing.sign_minutes(**arguments)
    assert error.value.code == "digest_required"
    with pytest.raises(ValidationError) as error:
        signing.sign_minutes(**arguments, digest="0" * 64)
    assert error.value.code == "minutes_changed"
    text = minutes_services.current_text(meeting)
    digest = hashlib.sha256(text.encode()).hexdigest()
    signature = signing.sign_minutes(**arguments, digest=digest)
    assert signature.method == ApprovalMethod.ELECTRONIC_SIGNATURE
    assert signature.digest == digest
    assert signature.validation_data == SIGNED
    assert signature.validation_data_intact()


def test_an_auditor_cannot_approve_a_paragraph(decided, auditor):
    """R25, R83: an auditor changes nothing."""
    from django.core.exceptions import PermissionDenied

    text = minutes_services.paragraph_text(decided)
    with pytest.raises(PermissionDenied):
        services.approve_paragraph_at_meeting(
            item=decided,
            digest=hashlib.sha256(text.encode()).hexdigest(),
            actor=auditor,
            reason="x",
        )
    assert not ParagraphApproval.objects.exists()


# --- R33: execution inside the appeal window -------------------------------------


def test_executing_a_decision_inside_its_appeal_window_warns(decided):
    """R33: execution may start before the decision is final, with a warning
    that names the last day of appeal."""
    notice = post(approve_now(decided))
    execution = services.record_execution(
        item=decided,
        executed_on=timezone.localdate(),
        description="Beställning av markarbeten.",
        actor=decided.meeting.secretary,
        reason="verkställt",
    )
    assert execution.before_final
    assert execution.appeal_last_day == notice.appeal_last_day
    assert str(notice.appeal_last_day) in execution.warning


def test_executing_before_the_notice_is_posted_warns(decided):
    """R33: before the notice the window has not begun, so the decision is not
    final either."""
    execution = services.record_execution(
        item=decided,
        executed_on=timezone.localdate(),
        description="Beställning.",
        actor=decided.meeting.secretary,
        reason="verkställt",
    )
    assert execution.before_final
    assert execution.warning


def test_executing_a_final_or_unappealable_decision_does_not_warn(decided, item):
    """R33: no warning once the window has passed, nor where no appeal lies."""
    notice = post(approve_now(decided))
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    assert services.execution_warning(decided, after) == ""
    decided.appealable = False
    decided.save()
    assert services.execution_warning(decided, timezone.localdate()) == ""


def test_an_undecided_item_cannot_be_executed(item, meeting):
    """R33: only a decision is carried out."""
    with pytest.raises(ValidationError) as error:
        services.record_execution(
            item=item,
            executed_on=timezone.localdate(),
            description="x",
            actor=meeting.secretary,
            reason="x",
        )
    assert error.value.code == "item_not_decided"
