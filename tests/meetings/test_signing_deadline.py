"""The minutes are approved at the latest on the day the calendar gives (14 days
after the meeting, pushed past holidays): a signature after that day is
refused unless its reason is recorded, and the minutes then show it as late
(R24, KL 5:69; R27 for the paper signature)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import clock
from casework.meetings import printed, rendering
from casework.meetings.models import MinutesApproval
from casework.meetings.services import signing
from tests.meetings.conftest import PAPER_REFERENCE, draw_up

pytestmark = pytest.mark.django_db
REASON = "justerat"
LATE = "Justeraren var sjuk; justeringen sköts upp efter beslut av ordföranden."


@pytest.fixture
def drawn_up(meeting, item):
    return draw_up(meeting, item)


def at(day: datetime.date):
    return clock.acting_at(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))
    )


def day_after_deadline(meeting):
    return meeting.approval_deadline + datetime.timedelta(days=1)


def test_a_signature_on_the_last_day_needs_no_reason_R24(drawn_up, meeting, chair_user):
    with at(meeting.approval_deadline):
        signature = signing.sign_minutes(
            minutes=drawn_up, actor=chair_user, reason=REASON
        )
    assert signature.late_reason == ""


def test_a_signature_after_the_deadline_without_a_reason_is_refused_R24(
    drawn_up, meeting, chair_user
):
    with at(day_after_deadline(meeting)), pytest.raises(ValidationError) as error:
        signing.sign_minutes(minutes=drawn_up, actor=chair_user, reason=REASON)
    (refusal,) = error.value.error_dict["late_reason"]
    assert refusal.code == "approval_late_reason_required"
    assert not MinutesApproval.objects.exists()
    assert MinutesApproval.history.count() == 0


def test_a_paper_signature_dated_after_the_deadline_needs_a_reason_R24_R27(
    drawn_up, meeting, committee
):
    late_day = day_after_deadline(meeting)
    with at(late_day), pytest.raises(ValidationError) as error:
        signing.record_paper_signature(
            minutes=drawn_up,
            person=committee.chair,
            signed_on=late_day,
            reference=PAPER_REFERENCE,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert "late_reason" in error.value.error_dict
    assert error.value.error_dict["late_reason"][0].code == (
        "approval_late_reason_required"
    )
    assert not MinutesApproval.objects.exists()


def test_a_paper_signature_made_in_time_and_recorded_later_is_not_late_R24_R27(
    drawn_up, meeting, committee
):
    with at(day_after_deadline(meeting)):
        signature = signing.record_paper_signature(
            minutes=drawn_up,
            person=committee.chair,
            signed_on=meeting.approval_deadline,
            reference=PAPER_REFERENCE,
            actor=meeting.secretary,
            reason=REASON,
        )
    assert signature.late_reason == ""


def test_a_late_approval_is_recorded_with_its_reason_and_shown_late_R24(
    drawn_up, meeting, committee, chair_user, checker_user
):
    with at(day_after_deadline(meeting)):
        signing.sign_minutes(
            minutes=drawn_up, actor=chair_user, reason=REASON, late_reason=LATE
        )
        signing.sign_minutes(
            minutes=drawn_up, actor=checker_user, reason=REASON, late_reason=LATE
        )
    drawn_up.refresh_from_db()
    assert drawn_up.is_approved
    chair_signature = MinutesApproval.objects.get(person=committee.chair)
    assert chair_signature.late_reason == LATE
    assert chair_signature.history.get().history_user == chair_user
    loaded = rendering.meeting_for_minutes(meeting.pk)
    for signature in printed.signatures(loaded):
        assert signature.late_reason == LATE
    for signature in rendering.minutes_document(meeting.pk).signatures:
        assert signature.late_reason == LATE


def test_the_approval_page_asks_for_the_reason_once_the_deadline_passed_R24(
    client, drawn_up, meeting, chair_user
):
    client.force_login(chair_user)
    url = reverse("meetings:minutes_approve", args=[meeting.pk])
    with at(day_after_deadline(meeting)):
        page = client.get(url)
        digest = page.context["form"]["digest"].initial
        refused = client.post(url, {"digest": digest})
        assert refused.status_code == 200
        assert "late_reason" in refused.context["form"].errors
        assert not MinutesApproval.objects.exists()
        client.post(url, {"digest": digest, "late_reason": LATE})
    assert MinutesApproval.objects.get().late_reason == LATE
