"""R41: the council may strike off a motion it has not decided within the
year; the striking off is recorded with its date and decision, and stops the
clock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.meetings.models import MotionStrikeOff
from casework.meetings.services import council_motions
from tests.builders import error_codes
from tests.meetings.test_council_motions import LODGED, motion_case, record

pytestmark = pytest.mark.django_db
STRUCK_ON = datetime.date(2026, 4, 20)
REFERENCE = "KF 2026-04-20 § 14"
motion_case = motion_case  # the case handling the motion


def strike_off(motion, actor, **extra):
    values = dict(
        motion=motion,
        struck_on=STRUCK_ON,
        decision_reference=REFERENCE,
        actor=actor,
        reason="avskriven av fullmäktige",
    )
    values.update(extra)
    return council_motions.strike_off_motion(**values)


def test_a_motion_struck_off_stops_its_clock_R41(motion_case, registrar):
    motion = record(motion_case, registrar)
    assert motion.clock(datetime.date(2026, 5, 1)).state == "overdue"
    struck = strike_off(motion, registrar)
    assert (struck.struck_on, struck.decision_reference) == (STRUCK_ON, REFERENCE)
    motion.refresh_from_db()
    assert motion.clock(datetime.date(2026, 5, 1)).state == "stopped"
    assert motion not in council_motions.open_motions()
    latest = struck.history.get()
    assert (latest.history_user, latest.history_change_reason) == (
        registrar,
        "avskriven av fullmäktige",
    )


def test_a_motion_is_struck_off_once_R41(motion_case, registrar):
    motion = record(motion_case, registrar)
    strike_off(motion, registrar)
    with pytest.raises(ValidationError) as refused:
        strike_off(motion, registrar, decision_reference="KF 2026-05-01 § 2")
    assert error_codes(refused.value) == {"already_struck_off"}
    assert MotionStrikeOff.objects.get().decision_reference == REFERENCE


@pytest.mark.parametrize(
    "extra, code",
    [
        ({"struck_on": LODGED - datetime.timedelta(days=1)}, "struck_before_lodged"),
        ({"struck_on": datetime.date(2999, 1, 1)}, "date_in_future"),
        ({"decision_reference": "  "}, "reference_required"),
    ],
)
def test_a_strike_off_needs_a_decision_on_a_possible_day_R41(
    motion_case, registrar, extra, code
):
    motion = record(motion_case, registrar)
    with pytest.raises(ValidationError) as refused:
        strike_off(motion, registrar, **extra)
    assert error_codes(refused.value) == {code}
    assert not MotionStrikeOff.objects.exists()


def test_only_those_handling_the_case_strike_off_R41(motion_case, registrar, auditor):
    motion = record(motion_case, registrar)
    with pytest.raises(PermissionDenied):
        strike_off(motion, auditor)
    assert not MotionStrikeOff.objects.exists()


def test_the_case_page_and_the_motions_page_show_the_strike_off_R41(
    client, motion_case, registrar
):
    strike_off(record(motion_case, registrar), registrar)
    client.force_login(registrar)
    case_page = client.get(motion_case.get_absolute_url()).content.decode()
    motions_page = client.get(reverse("meetings:council_motion_list")).content.decode()
    for page in (case_page, motions_page):
        assert REFERENCE in page and "Avskriven av fullmäktige" in page
