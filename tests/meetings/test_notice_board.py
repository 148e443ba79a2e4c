"""The notice board: a notice stays up for the whole appeal window and the
board's downtime is logged (R29); the board carries only what the law allows
(R34); delegated decisions not reported to the committee get their own
protocol, notice and appeal window (R35)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.meetings.models import DelegatedDecision, Notice, NoticeBoardOutage
from casework.meetings.services import delegation
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import notices as services
from tests.meetings.conftest import SET_UP, sign_on_paper

pytestmark = pytest.mark.django_db
REASON = "anslagstavlan"


@pytest.fixture
def notice(item, meeting, committee):
    """Approved minutes of a decided, appealable paragraph, posted today."""
    secretary = meeting.secretary
    item.appealable = True
    item.save()
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=secretary, reason=SET_UP
    )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    sign_on_paper(minutes, committee.chair, committee.members[1])
    return minutes_services.post_notice(
        minutes=minutes,
        posted_on=timezone.localdate(),
        minutes_kept_at="Trafikkontoret, Fleminggatan 4",
        actor=secretary,
        reason=SET_UP,
    )


# --- R29 --------------------------------------------------------------------------


def test_a_notice_cannot_be_taken_down_during_the_appeal_window(notice, meeting):
    """R29: the notice stays on the board for the whole appeal window; the
    refusal says until when."""
    last_day = notice.appeal_last_day
    for day in (notice.posted_on, last_day):
        with pytest.raises(ValidationError) as error:
            services.take_down_notice(
                notice=notice, actor=meeting.secretary, reason=REASON, today=day
            )
        assert error.value.code == "appeal_window_open"
        assert str(last_day) in error.value.messages[0]
    assert Notice.objects.get().is_on_board


def test_a_notice_is_taken_down_after_the_appeal_window(notice, meeting):
    """R29: after the last day of appeal the notice may come down, once."""
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    services.take_down_notice(
        notice=notice, actor=meeting.secretary, reason=REASON, today=after
    )
    assert Notice.objects.get().taken_down_on == after
    assert not services.notices_on_board().exists()
    with pytest.raises(ValidationError) as error:
        services.take_down_notice(
            notice=notice, actor=meeting.secretary, reason=REASON, today=after
        )
    assert error.value.code == "already_taken_down"


def test_an_auditor_cannot_take_a_notice_down(notice, auditor):
    """R29, R83: auditors change nothing."""
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        services.take_down_notice(notice=notice, actor=auditor, reason="x", today=after)
    assert Notice.objects.get().is_on_board


def test_downtime_of_the_notice_board_is_logged_against_the_notices_it_touched(
    notice, meeting
):
    """R29: every outage of the board is logged and shown with the notices whose
    appeal window it fell in."""
    down = timezone.now() - datetime.timedelta(minutes=2)
    outage = services.record_outage(
        started_at=down,
        description="Webbplatsen låg nere.",
        actor=meeting.secretary,
        reason=REASON,
    )
    assert services.outages_during(notice) == [outage]
    services.end_outage(
        outage=outage,
        ended_at=down + datetime.timedelta(minutes=1),
        actor=meeting.secretary,
        reason=REASON,
    )
    assert NoticeBoardOutage.objects.get().ended_at is not None
    long_ago = down - datetime.timedelta(days=400)
    services.record_outage(
        started_at=long_ago,
        ended_at=long_ago + datetime.timedelta(hours=1),
        description="Gammalt avbrott.",
        actor=meeting.secretary,
        reason=REASON,
    )
    assert services.outages_during(notice) == [outage]


def test_an_outage_cannot_end_before_it_began_or_begin_in_the_future(meeting):
    """R29: the log records what happened."""
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.record_outage(
            started_at=now,
            ended_at=now - datetime.timedelta(minutes=5),
            description="x",
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "ends_before_start"
    with pytest.raises(ValidationError) as error:
        services.record_outage(
            started_at=now + datetime.timedelta(hours=1),
            description="x",
            actor=meeting.secretary,
            reason=REASON,
        )
    assert error.value.code == "outage_in_future"
    assert not NoticeBoardOutage.objects.exists()


# --- R35 --------------------------------------------------------------------------


def record(committee, secretary, **extra):
    values = dict(
        organisation=committee.organisation,
        delegate="Jonas Eliasson, trafikdirektör",
        delegation_point="4.2",
        decided_on=timezone.localdate() - datetime.timedelta(days=3),
        text="Tillstånd till grävning i Hornsgatan beviljas.",
        registration_number="T2016-01906",
        matter="ordinary",
        actor=secretary,
        reason=REASON,
    )
    values.update(extra)
    return delegation.record_delegated_decision(**values)


def test_a_delegated_decision_stores_what_r49_asks(
    committee, secretary, delegation_order
):
    """R49: delegate, point in the delegation order, date, text, case number and
    appealability."""
    decision = record(committee, secretary, appealable=True, reported=False)
    stored = DelegatedDecision.objects.get(pk=decision.pk)
    assert stored.delegate == "Jonas Eliasson, trafikdirektör"
    assert stored.delegation_point == "4.2"
    assert stored.registration_number == "T2016-01906"
    assert stored.appealable and not stored.reported
    assert stored.needs_own_protocol


def test_unreported_appealable_delegated_decisions_get_their_own_protocol_and_window(
    committee, secretary, delegation_order
):
    """R35: appealable delegated decisions not reported to the committee are
    recorded in a separate protocol and posted; that starts their own appeal
    window. Reported or unappealable ones stay out of it."""
    own = record(committee, secretary, appealable=True, reported=False)
    reported = record(committee, secretary, appealable=True, reported=True)
    preparatory = record(committee, secretary, appealable=False, reported=False)
    protocol = delegation.draw_up_delegation_protocol(
        organisation=committee.organisation, actor=secretary, reason=REASON
    )
    assert list(protocol.decisions.all()) == [own]
    assert "Dnr T2016-01906" in protocol.content
    assert "med stöd av punkt 4.2 i delegationsordningen" in protocol.content
    assert "Jonas Eliasson, trafikdirektör" in protocol.content
    own.refresh_from_db()
    assert own.finality() == ("pending", None)
    notice = delegation.post_delegation_notice(
        protocol=protocol,
        posted_on=timezone.localdate(),
        minutes_kept_at="Trafikkontoret",
        actor=secretary,
        reason=REASON,
    )
    own = DelegatedDecision.objects.get(pk=own.pk)
    last_day = notice.appeal_last_day
    assert own.finality(today=last_day) == ("appealable", last_day)
    assert own.finality(today=last_day + datetime.timedelta(days=1))[0] == "final"
    for other in (reported, preparatory):
        other.refresh_from_db()
        assert other.protocol is None
    assert DelegatedDecision.objects.get(pk=preparatory.pk).finality()[0] == (
        "not_appealable"
    )
    with pytest.raises(ValidationError) as error:
        delegation.draw_up_delegation_protocol(
            organisation=committee.organisation, actor=secretary, reason=REASON
        )
    assert error.value.code == "nothing_to_record"


def test_a_delegation_notice_is_posted_once_and_not_ahead(
    committee, secretary, delegation_order
):
    """R35, R28: the protocol is posted after it is drawn up, and once."""
    record(committee, secretary, appealable=True, reported=False)
    protocol = delegation.draw_up_delegation_protocol(
        organisation=committee.organisation, actor=secretary, reason=REASON
    )
    arguments = dict(
        protocol=protocol, minutes_kept_at="x", actor=secretary, reason=REASON
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        delegation.post_delegation_notice(posted_on=tomorrow, **arguments)
    assert error.value.code == "posted_in_future"
    delegation.post_delegation_notice(posted_on=timezone.localdate(), **arguments)
    with pytest.raises(ValidationError) as error:
        delegation.post_delegation_notice(posted_on=timezone.localdate(), **arguments)
    assert error.value.code == "already_posted"


def test_a_delegated_decision_cannot_be_dated_ahead_or_for_a_body_that_does_not_decide(
    committee, secretary, city, delegation_order
):
    """R49: a real decision of a deciding body."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(committee, secretary, decided_on=tomorrow)
    assert error.value.code == "decided_in_future"
    with pytest.raises(ValidationError) as error:
        record(committee, secretary, organisation=city.tk)
    assert error.value.code == "not_a_deciding_body"
    assert not DelegatedDecision.objects.exists()


def test_an_auditor_cannot_record_a_delegated_decision(
    committee, auditor, delegation_order
):
    """R35, R83: auditors change nothing."""
    with pytest.raises(PermissionDenied):
        record(committee, auditor, appealable=True, reported=False)
    assert not DelegatedDecision.objects.exists()
