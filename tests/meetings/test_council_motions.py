"""Motions and citizens' proposals to the council: the twelve-month clock and
the report on the state of their preparation (KL 5:35, 6:34; R41)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework import clock
from casework.meetings.models import CouncilMotion, PreparationReport
from casework.meetings.models.council_motions import months_later, motion_clock
from casework.meetings.services import council_motions
from casework.registry import services as registry
from tests.builders import Role, error_codes, make_case, make_staff

pytestmark = pytest.mark.django_db
REASON = "test set-up"
LODGED = datetime.date(2025, 3, 12)


@pytest.mark.parametrize(
    ("today", "days_left", "state"),
    [
        (datetime.date(2025, 3, 12), 365, "running"),
        (datetime.date(2026, 1, 11), 60, "running"),
        (datetime.date(2026, 1, 12), 59, "due_soon"),
        (datetime.date(2026, 3, 12), 0, "due_soon"),
        (datetime.date(2026, 3, 13), -1, "overdue"),
    ],
)
def test_the_clock_counts_the_year_from_the_day_the_motion_was_lodged(
    today, days_left, state
):
    """R41: days left to the one-year mark, flagged with less than two months
    left and when the year has passed."""
    running = motion_clock(LODGED, today, stopped=False)
    assert running.deadline == datetime.date(2026, 3, 12)
    assert (running.days_left, running.state) == (days_left, state)


def test_the_clock_stops_when_the_council_has_decided():
    """R41: a decided motion is not flagged, however late."""
    stopped = motion_clock(LODGED, datetime.date(2027, 1, 1), stopped=True)
    assert stopped.state == "stopped"


def test_a_motion_lodged_on_a_leap_day_is_due_on_the_last_day_of_february():
    """R41: one year after 29 February 2024 is 28 February 2025."""
    assert months_later(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


@pytest.fixture
def motion_case(city, registrar):
    return make_case(city.ks_register, registrar, title="Motion om fler cykelbanor")


def record(case, actor, **extra):
    values = dict(
        case=case,
        kind=CouncilMotion.Kind.MOTION,
        lodged_on=LODGED,
        submitted_by="Kalle Exempelsson (MP)",
        actor=actor,
        reason=REASON,
    )
    values.update(extra)
    return council_motions.record_council_motion(**values)


def test_the_registrar_records_a_motion_and_its_clock_runs(motion_case, registrar):
    """R41: the motion carries the day it was lodged; its clock runs from it."""
    with clock.acting_at(clock.now().replace(year=2026, month=2, day=1)):
        motion = record(motion_case, registrar)
        assert motion.clock().state == "due_soon"
    assert motion.history.get().history_user == registrar
    with pytest.raises(ValidationError) as refused:
        record(motion_case, registrar)
    assert error_codes(refused.value) == {"motion_exists"}


def test_the_clock_stops_when_the_case_is_decided(motion_case, registrar):
    """R41: once the council has decided the case, the motion is not overdue."""
    motion = record(motion_case, registrar)
    assert motion.clock().state == "overdue"
    registry.close_case(
        case=motion_case, closed_on=clock.today(), actor=registrar, reason=REASON
    )
    motion.case.refresh_from_db()
    assert motion.clock().state == "stopped"
    assert motion not in council_motions.open_motions()


def test_a_report_on_the_state_of_preparation_is_recorded(motion_case, registrar):
    """R41: the executive board reports how far the preparation has come."""
    motion = record(motion_case, registrar)
    report = council_motions.report_preparation_state(
        motion=motion,
        reported_on=datetime.date(2026, 2, 20),
        text="Remissvar inväntas från trafiknämnden.",
        actor=registrar,
        reason=REASON,
    )
    assert list(motion.preparation_reports.all()) == [report]
    for day, text, code in [
        (datetime.date(2025, 1, 1), "Text", "reported_before_lodged"),
        (clock.today() + datetime.timedelta(days=1), "Text", "date_in_future"),
        (datetime.date(2026, 2, 21), "  ", "text_required"),
    ]:
        with pytest.raises(ValidationError) as refused:
            council_motions.report_preparation_state(
                motion=motion,
                reported_on=day,
                text=text,
                actor=registrar,
                reason=REASON,
            )
        assert error_codes(refused.value) == {code}
    assert PreparationReport.objects.count() == 1


def test_only_those_handling_the_case_record_motions(city, motion_case, auditor):
    """The service asks who acts: trafikkontoret's registrar and the auditor are
    refused, and nothing is written."""
    other = make_staff("registrator.tk", Role.REGISTRAR, city.tk)
    for actor in (other, auditor):
        with pytest.raises(PermissionDenied):
            record(motion_case, actor)
    assert not CouncilMotion.objects.exists()


def test_the_secretary_of_the_board_records_motions_and_reports(city, motion_case):
    """R41: kommunstyrelsen's secretary prepares the council's business."""
    secretary = make_staff("sekreterare.ks", Role.COMMITTEE_SECRETARY, city.ks)
    motion = record(motion_case, secretary, kind=CouncilMotion.Kind.CITIZENS_PROPOSAL)
    assert motion.get_kind_display() == "medborgarförslag"
