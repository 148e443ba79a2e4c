"""Urgent decisions of the chair (KL 6:39) go on the agenda of the body's next
meeting to be reported, at once or when that meeting is planned (R48)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.meetings.models import AgendaItem, ChairDecision, Meeting
from casework.meetings.services import chair_decisions
from casework.meetings.services import meetings as meeting_services
from tests.builders import Role, error_codes, make_staff
from tests.meetings.conftest import SET_UP

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def plan(committee, secretary, days_ahead):
    return meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=today() + datetime.timedelta(days=days_ahead),
        actor=secretary,
        reason=SET_UP,
    )


def record(committee, secretary, **extra):
    values = dict(
        organisation=committee.organisation,
        decided_by=committee.chair,
        decided_on=today(),
        registration_number="T2026-00777",
        text="Avstängning av Hornsgatan under vattenläckan godkänns.",
        urgency="Läckan måste åtgärdas före nämndens nästa sammanträde.",
        actor=secretary,
        reason=SET_UP,
    )
    values.update(extra)
    return chair_decisions.record_chair_decision(**values)


def test_an_urgent_decision_goes_on_the_agenda_of_the_next_meeting(
    committee, secretary
):
    """R48: reported at the next meeting, not a later one, added automatically."""
    later = plan(committee, secretary, 30)
    nearest = plan(committee, secretary, 10)
    decision = record(committee, secretary)
    item = decision.report_item
    assert item.meeting == nearest
    assert item.title.startswith("Anmälan av ordförandebeslut: T2026-00777")
    assert item.state == AgendaItem.State.PENDING
    assert not later.items.exists()
    assert item.history.get().history_user == secretary


def test_without_a_planned_meeting_the_decision_waits_for_the_next_one(
    committee, secretary
):
    """R48: if no next meeting exists yet, planning it puts the report on its
    agenda."""
    decision = record(committee, secretary)
    assert decision.report_item is None
    assert list(chair_decisions.decisions_awaiting_report(committee.organisation)) == [
        decision
    ]
    meeting = plan(committee, secretary, 14)
    decision.refresh_from_db()
    assert decision.report_item.meeting == meeting
    assert [item.title for item in meeting.items.all()] == [decision.report_item.title]
    again = plan(committee, secretary, 28)
    assert not again.items.exists()


def test_a_meeting_already_held_or_under_way_is_not_the_next_one(
    committee, secretary, meeting
):
    """R48: the meeting in progress today cannot take a new item to report; the
    report waits for the next planned one."""
    assert meeting.state == Meeting.State.IN_PROGRESS
    decision = record(committee, secretary)
    assert decision.report_item is None


def test_only_the_chair_or_vice_chair_decides_and_not_ahead(committee, secretary):
    """KL 6:39: the chair's power; a date ahead is refused; nothing is written."""
    with pytest.raises(ValidationError) as refused:
        record(committee, secretary, decided_by=committee.members[3])
    assert error_codes(refused.value) == {"not_the_chair"}
    with pytest.raises(ValidationError) as refused:
        record(committee, secretary, decided_on=today() + datetime.timedelta(days=1))
    assert error_codes(refused.value) == {"decided_in_future"}
    assert not ChairDecision.objects.exists()


def test_only_the_bodys_secretary_records_an_urgent_decision(city, committee, auditor):
    """The service asks who acts: another body's secretary and the auditor are
    refused, and nothing is written."""
    other = make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)
    for actor in (other, auditor):
        with pytest.raises(PermissionDenied):
            record(committee, actor)
    assert not ChairDecision.objects.exists()
    assert not ChairDecision.history.exists()


def test_only_the_bodys_secretary_puts_waiting_reports_on_an_agenda(
    city, committee, secretary, meeting
):
    """R48 (the service asks who acts): another body's secretary cannot put a
    waiting report on an agenda; nothing is written."""
    decision = record(committee, secretary)
    assert decision.report_item is None
    other = make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)
    items = meeting.items.count()
    with pytest.raises(PermissionDenied):
        chair_decisions.report_at_planned_meeting(meeting=meeting, actor=other)
    decision.refresh_from_db()
    assert decision.report_item is None
    assert meeting.items.count() == items
