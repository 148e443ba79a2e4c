"""Signing the minutes (sv. justering): the chair and the minutes checkers sign
as themselves; the committee secretary records a signature made on paper only
with its evidence (R24, R27)."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from casework.meetings.models import (
    ApprovalMethod,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesVersion,
)
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from tests.builders import Role, make_staff
from tests.meetings.conftest import SET_UP, draw_up

pytestmark = pytest.mark.django_db
REASON = "justerat"
REFERENCE = "Justerat protokoll i pappersform, diariet TRN, pärm 2026:12"


def test_the_chair_and_the_checker_sign_as_themselves_and_the_minutes_are_approved_R24(
    drawn_up, chair_user, checker_user, committee
):
    first = signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    assert first.person == committee.chair
    assert first.method == ApprovalMethod.IN_SYSTEM
    assert first.recorded_by == chair_user
    assert first.signed_on == timezone.localdate()
    assert Minutes.objects.get().state == Minutes.State.DRAFT
    signing.sign_minutes(minutes=drawn_up, actor=checker_user, reason=REASON)
    minutes = Minutes.objects.get()
    assert minutes.state == Minutes.State.APPROVED
    assert minutes.meeting.state == Meeting.State.MINUTES_APPROVED
    assert MinutesVersion.objects.get().digest == first.digest


def test_a_member_who_is_neither_chair_nor_checker_may_not_sign_R24(
    drawn_up, member_user
):
    with pytest.raises(PermissionDenied):
        signing.sign_minutes(minutes=drawn_up, actor=member_user, reason=REASON)
    assert not MinutesApproval.objects.exists()


def test_the_secretary_cannot_sign_in_the_chairs_place_R24(drawn_up, meeting):
    with pytest.raises(PermissionDenied):
        signing.sign_minutes(minutes=drawn_up, actor=meeting.secretary, reason=REASON)
    assert not MinutesApproval.objects.exists()


def test_the_chair_of_this_meeting_does_not_sign_another_bodys_minutes_R24(
    drawn_up, city, committee, chair_user, system_user
):
    """Signing follows the meeting, not the person: the chair of trafiknämnden
    is a member of kommunstyrelsen, whose minutes someone else signs."""
    ks_secretary = make_staff("sekreterare.ks", Role.COMMITTEE_SECRETARY, city.ks)
    from tests.meetings.conftest import seat

    seat(committee.chair, city.ks, "member", committee.parties.mp, system_user)
    other_chair = committee.members[3]
    seat(other_chair, city.ks, "chair", committee.parties.s, system_user)
    ks_meeting = meeting_services.plan_meeting(
        organisation=city.ks,
        held_on=timezone.localdate(),
        chair=other_chair,
        secretary=ks_secretary,
        actor=ks_secretary,
        reason=SET_UP,
    )
    meeting_services.open_meeting(
        meeting=ks_meeting,
        minutes_checkers=[],
        approval_due_at=timezone.now(),
        actor=ks_secretary,
        reason=SET_UP,
    )
    meeting_services.close_meeting(
        meeting=ks_meeting, actor=ks_secretary, reason=SET_UP
    )
    ks_minutes = minutes_services.draw_up_minutes(
        meeting=ks_meeting, actor=ks_secretary, reason=SET_UP
    )
    with pytest.raises(PermissionDenied):
        signing.sign_minutes(minutes=ks_minutes, actor=chair_user, reason=REASON)


def test_a_signer_signs_once(drawn_up, chair_user):
    signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    with pytest.raises(ValidationError) as error:
        signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    assert error.value.code == "already_approved"


def test_signing_in_the_system_is_not_a_paper_signature_R27(drawn_up, chair_user):
    with pytest.raises(ValidationError) as error:
        signing.sign_minutes(
            minutes=drawn_up,
            actor=chair_user,
            reason=REASON,
            method=ApprovalMethod.ON_PAPER,
        )
    assert error.value.code == "paper_is_recorded"


def test_the_secretary_records_a_paper_signature_with_its_evidence_R27(
    drawn_up, meeting, committee, checker_user
):
    today = timezone.localdate()
    signature = signing.record_paper_signature(
        minutes=drawn_up,
        person=committee.chair,
        signed_on=today,
        reference=REFERENCE,
        actor=meeting.secretary,
        reason=REASON,
    )
    assert signature.method == ApprovalMethod.ON_PAPER
    assert signature.person == committee.chair
    assert signature.signed_on == today
    assert signature.paper_reference == REFERENCE
    assert signature.recorded_by == meeting.secretary
    signing.sign_minutes(minutes=drawn_up, actor=checker_user, reason=REASON)
    assert Minutes.objects.get().is_approved


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"reference": "  "}, "reference", "reference_required"),
        ({"signed_on": None}, "signed_on", "signed_on_required"),
        ({"days": 1}, "signed_on", "signed_in_future"),
        ({"days": -30}, "signed_on", "signed_before_time_set"),
    ],
)
def test_a_paper_signature_without_its_evidence_is_refused_R27(
    drawn_up, meeting, committee, change, field, code
):
    """R27: the method, the day, who signed and where the signed page is kept."""
    arguments = {
        "minutes": drawn_up,
        "person": committee.chair,
        "signed_on": timezone.localdate()
        + datetime.timedelta(days=change.pop("days", 0)),
        "reference": REFERENCE,
        "actor": meeting.secretary,
        "reason": REASON,
    }
    arguments.update(change)
    with pytest.raises(ValidationError) as error:
        signing.record_paper_signature(**arguments)
    assert code in {e.code for e in error.value.error_dict[field]}
    assert not MinutesApproval.objects.exists()


def test_only_the_committee_secretary_records_a_paper_signature_R27(
    drawn_up, committee, chair_user, city
):
    other_secretary = make_staff(
        "sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn
    )
    for actor in (chair_user, other_secretary):
        with pytest.raises(PermissionDenied):
            signing.record_paper_signature(
                minutes=drawn_up,
                person=committee.chair,
                signed_on=timezone.localdate(),
                reference=REFERENCE,
                actor=actor,
                reason=REASON,
            )
    assert not MinutesApproval.objects.exists()


def test_a_paper_signature_is_recorded_only_for_the_chair_or_a_checker_R24(
    drawn_up, meeting, committee
):
    with pytest.raises(ValidationError) as error:
        signing.record_paper_signature(
            minutes=drawn_up,
            person=committee.members[5],
            signed_on=timezone.localdate(),
            reference=REFERENCE,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "not_an_approver"


def test_the_minutes_awaiting_a_persons_signature_are_listed_for_them_R24(
    drawn_up, chair_user, checker_user, member_user
):
    assert list(signing.minutes_awaiting_signature(chair_user)) == [drawn_up]
    assert list(signing.minutes_awaiting_signature(member_user)) == []
    signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    assert list(signing.minutes_awaiting_signature(chair_user)) == []
    assert list(signing.minutes_awaiting_signature(checker_user)) == [drawn_up]
    assert signing.signature_due(drawn_up, checker_user)
    assert not signing.signature_due(drawn_up, chair_user)


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; CI runs the suite on PostgreSQL too",
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_last_signatures_give_one_approval_R24(
    meeting, item, chair_user, checker_user
):
    minutes = draw_up(meeting, item)
    barrier = threading.Barrier(2)

    def sign(user):
        barrier.wait()
        try:
            return signing.sign_minutes(minutes=minutes, actor=user, reason=REASON)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        signatures = list(pool.map(sign, [chair_user, checker_user]))
    assert len(signatures) == 2
    assert Minutes.objects.get().state == Minutes.State.APPROVED
    assert MinutesVersion.objects.count() == 1
