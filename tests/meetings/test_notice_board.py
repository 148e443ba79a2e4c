"""The notice board: a notice stays up for the whole appeal window and the
board's downtime is logged (R29); the board carries only what the law allows
(R34); delegated decisions not reported to the committee get their own
protocol, notice and appeal window (R35)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import clock
from casework.meetings import deadlines
from casework.meetings.models import DelegatedDecision, Notice, NoticeBoardOutage
from casework.meetings.services import delegation
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import notices as services
from tests.meetings.conftest import SET_UP, draw_up, sign_on_paper

pytestmark = pytest.mark.django_db
REASON = "anslagstavlan"


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def notice(item, meeting, committee):
    """Approved minutes of a decided, appealable paragraph, posted today."""
    minutes = _approved_minutes(item, meeting, committee)
    secretary = meeting.secretary
    return minutes_services.post_notice(
        minutes=minutes,
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
        with clock.acting_at(at_noon(day)), pytest.raises(ValidationError) as error:
            services.take_down_notice(
                notice=notice, actor=meeting.secretary, reason=REASON
            )
        assert error.value.code == "appeal_window_open"
        assert str(last_day) in error.value.messages[0]
    assert Notice.objects.get().is_on_board


def test_a_notice_is_taken_down_after_the_appeal_window(notice, meeting):
    """R29: after the last day of appeal the notice may come down, once."""
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with clock.acting_at(at_noon(after)):
        services.take_down_notice(notice=notice, actor=meeting.secretary, reason=REASON)
    assert Notice.objects.get().taken_down_on == after
    assert not services.notices_on_board().exists()
    with clock.acting_at(at_noon(after)), pytest.raises(ValidationError) as error:
        services.take_down_notice(notice=notice, actor=meeting.secretary, reason=REASON)
    assert error.value.code == "already_taken_down"


def test_an_auditor_cannot_take_a_notice_down(notice, auditor):
    """R29, R83: auditors change nothing."""
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with clock.acting_at(at_noon(after)), pytest.raises(PermissionDenied):
        services.take_down_notice(notice=notice, actor=auditor, reason="x")
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
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with clock.acting_at(yesterday), pytest.raises(ValidationError) as error:
        delegation.post_delegation_notice(**arguments)
    assert error.value.code == "posted_before_approval"
    assert not Notice.objects.exists()
    delegation.post_delegation_notice(**arguments)
    with pytest.raises(ValidationError) as error:
        delegation.post_delegation_notice(**arguments)
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


# --- R28–R30: the clock dates the notice and ends its window ------------------------


def test_a_notice_is_dated_the_day_it_is_posted_and_cannot_be_back_dated_R28(
    item, meeting, committee
):
    """R28: the day on the notice is the day the board shows it; a caller cannot
    name an earlier one."""
    notice = _approved_minutes_posted(item, meeting, committee, days_later=0)
    assert notice.posted_on == timezone.localdate()
    with pytest.raises(TypeError):
        minutes_services.post_notice(
            minutes=notice.minutes,
            posted_on=timezone.localdate() - datetime.timedelta(days=1),
            minutes_kept_at="x",
            actor=meeting.secretary,
            reason=REASON,
        )
    assert Notice.objects.get().posted_on == timezone.localdate()


def _approved_minutes_posted(item, meeting, committee, *, days_later):
    """Minutes approved today and posted ``days_later`` days on."""
    minutes = _approved_minutes(item, meeting, committee)
    posting = at_noon(timezone.localdate() + datetime.timedelta(days=days_later))
    with clock.acting_at(posting):
        return minutes_services.post_notice(
            minutes=minutes,
            minutes_kept_at="Trafikkontoret",
            actor=meeting.secretary,
            reason=REASON,
        )


def _approved_minutes(item, meeting, committee):
    """The appealable item decided and the minutes drawn up and approved today."""
    item.appealable = True
    item.save()
    minutes = draw_up(meeting, item)
    sign_on_paper(minutes, committee.chair, committee.members[1])
    return minutes


def test_a_notice_posted_after_the_second_day_is_flagged_late_R28(
    item, meeting, committee
):
    """R28: posting later than the second day after approval (söndagsregeln) is
    flagged; posting in time is not."""
    notice = _approved_minutes_posted(item, meeting, committee, days_later=6)
    assert minutes_services.notice_was_late(notice)
    deadline = deadlines.notice_deadline(timezone.localdate())
    assert notice.posted_on > deadline


def test_a_notice_posted_in_time_is_not_flagged_late_R28(notice):
    assert not minutes_services.notice_was_late(notice)


def test_a_delegation_notice_is_dated_by_the_clock_and_flagged_when_late_R28_R35(
    committee, secretary, delegation_order
):
    record(committee, secretary, appealable=True, reported=False)
    protocol = delegation.draw_up_delegation_protocol(
        organisation=committee.organisation, actor=secretary, reason=REASON
    )
    with pytest.raises(TypeError):
        delegation.post_delegation_notice(
            protocol=protocol,
            posted_on=timezone.localdate() - datetime.timedelta(days=1),
            minutes_kept_at="x",
            actor=secretary,
            reason=REASON,
        )
    assert not Notice.objects.exists()
    late = timezone.localdate() + datetime.timedelta(days=7)
    with clock.acting_at(at_noon(late)):
        notice = delegation.post_delegation_notice(
            protocol=protocol, minutes_kept_at="x", actor=secretary, reason=REASON
        )
    assert notice.posted_on == late
    assert minutes_services.notice_was_late(notice)


def test_no_caller_can_name_the_day_a_notice_comes_down_R29(notice, meeting):
    """R29: the day comes from the clock; naming a later one is not possible."""
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with pytest.raises(TypeError):
        services.take_down_notice(
            notice=notice, actor=meeting.secretary, reason=REASON, today=after
        )
    last_day = at_noon(notice.appeal_last_day)
    with clock.acting_at(last_day), pytest.raises(ValidationError) as error:
        services.take_down_notice(notice=notice, actor=meeting.secretary, reason=REASON)
    assert error.value.code == "appeal_window_open"
    assert Notice.objects.get().is_on_board


def test_no_caller_can_close_the_appeal_window_early_R30(notice, meeting):
    after = notice.appeal_last_day + datetime.timedelta(days=1)
    with pytest.raises(TypeError):
        minutes_services.end_appeal_window(
            meeting=meeting, actor=meeting.secretary, reason=REASON, today=after
        )
    meeting.refresh_from_db()
    assert meeting.state == meeting.State.NOTICE_POSTED
    with clock.acting_at(at_noon(after)):
        minutes_services.end_appeal_window(
            meeting=meeting, actor=meeting.secretary, reason=REASON
        )
    assert meeting.state == meeting.State.APPEAL_WINDOW_PASSED


def _outage(secretary, first: datetime.date, last: datetime.date | None):
    with clock.acting_at(at_noon(last or first)):
        return services.record_outage(
            started_at=at_noon(first) - datetime.timedelta(hours=2),
            ended_at=at_noon(last) if last else None,
            description="Webbplatsen låg nere.",
            actor=secretary,
            reason=REASON,
        )


def test_an_outage_in_the_window_counts_three_weeks_anew_from_the_day_the_board_is_back_R29_R30(
    notice, meeting
):
    """R29, R30: the notice must be up for the whole window, otherwise the
    window does not run; after an outage the three weeks count from the day the
    board was up again (söndagsregeln)."""
    first_last_day = notice.appeal_last_day
    down = notice.posted_on + datetime.timedelta(days=3)
    back = down + datetime.timedelta(days=1)
    _outage(meeting.secretary, down, back)
    notice = Notice.objects.get()
    assert notice.appeal_last_day == deadlines.appeal_last_day(back)
    assert notice.appeal_last_day > first_last_day
    with clock.acting_at(at_noon(first_last_day + datetime.timedelta(days=1))):
        with pytest.raises(ValidationError) as error:
            services.take_down_notice(
                notice=notice, actor=meeting.secretary, reason=REASON
            )
        assert error.value.code == "appeal_window_open"
        with pytest.raises(ValidationError) as error:
            minutes_services.end_appeal_window(
                meeting=meeting, actor=meeting.secretary, reason=REASON
            )
        assert error.value.code == "appeal_window_open"
    assert Notice.objects.get().is_on_board
    meeting.refresh_from_db()
    assert meeting.state == meeting.State.NOTICE_POSTED


def test_an_outage_that_has_not_ended_keeps_the_window_open_R29_R30(notice, meeting):
    down = notice.posted_on + datetime.timedelta(days=2)
    _outage(meeting.secretary, down, None)
    later = notice.posted_on + datetime.timedelta(days=60)
    with clock.acting_at(at_noon(later)):
        assert Notice.objects.get().appeal_last_day >= later
        with pytest.raises(ValidationError) as error:
            services.take_down_notice(
                notice=notice, actor=meeting.secretary, reason=REASON
            )
    assert error.value.code == "appeal_window_open"
    assert Notice.objects.get().is_on_board


def test_an_outage_outside_the_window_moves_nothing_R30(notice, meeting):
    before = notice.posted_on - datetime.timedelta(days=10)
    _outage(meeting.secretary, before, before + datetime.timedelta(days=1))
    after = notice.appeal_last_day + datetime.timedelta(days=3)
    _outage(meeting.secretary, after, after + datetime.timedelta(days=1))
    assert Notice.objects.get().appeal_last_day == deadlines.appeal_last_day(
        notice.posted_on
    )
