"""The demo's delegation orders, urgent decision of the chair and motions (issue
11): loaded by ``manage.py load_demo``, each visible in the current year."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from casework import clock
from casework.directory.models import Organisation, User
from casework.meetings.models import (
    ChairDecision,
    CouncilMotion,
    DelegatedDecision,
    Meeting,
)
from casework.meetings.services import delegation_order as orders

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_trafiknamnden_has_two_versions_and_this_years_is_in_force(demo):
    """R46: the 2015 version stays readable; this year's decision is in force."""
    trn = Organisation.objects.get(code="trn")
    first, second = trn.delegation_orders.order_by("version")
    assert first.adopted_on.year == 2015
    assert set(first.points.values_list("number", flat=True)) == {"1.1", "3.1", "3.2"}
    assert second.adopted_on.year == clock.today().year
    assert orders.order_in_force(trn, clock.today()) == second
    assert set(second.points.values_list("number", flat=True)) == {
        "1.1",
        "3.1",
        "3.2",
        "4.1",
        "5.1",
    }


def test_the_delegated_referral_answer_points_to_this_years_order(demo):
    """R43, R49: the answer to a referral is decided under the point for it."""
    decision = DelegatedDecision.objects.get(matter="referral_answer")
    assert decision.point.order.adopted_on.year == clock.today().year
    assert decision.point.number == decision.delegation_point == "4.1"


def test_the_urgent_decision_is_on_the_agenda_of_the_next_meeting(demo):
    """R48: exploateringsnämnden's chair decided; the report is on the agenda of
    the body's upcoming meeting."""
    decision = ChairDecision.objects.get()
    meeting = decision.report_item.meeting
    assert decision.decided_on.year == clock.today().year
    assert meeting == Meeting.objects.get(
        organisation__code="expn", held_on__gt=clock.today()
    )
    assert decision.report_item.title.startswith("Anmälan av ordförandebeslut")


def test_the_motions_show_each_state_of_the_clock(demo):
    """R41: one running, one under two months, one overdue with a report."""
    motions = {m.kind + ":" + m.clock().state: m for m in CouncilMotion.objects.all()}
    assert set(motions) == {
        "motion:running",
        "motion:due_soon",
        "citizens_proposal:overdue",
    }
    assert motions["citizens_proposal:overdue"].preparation_reports.exists()


def test_the_board_secretary_sees_the_flagged_motions_on_the_desk(demo):
    """R41: the desk of kommunstyrelsen's secretary lists the two flagged ones."""
    client = Client()
    client.force_login(User.objects.get(username="sekreterare.ks"))
    rows = client.get(reverse("tasks:mine")).context["motions_due"]
    assert [row["clock"].state for row in rows] == ["overdue", "due_soon"]
