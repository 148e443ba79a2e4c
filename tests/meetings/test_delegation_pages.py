"""The pages of the delegation order (R46, R47), the urgent decisions of the
chair (R48) and the council's motions with their twelve-month clock (R41)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import clock
from casework.meetings.models import (
    ChairDecision,
    CouncilMotion,
    DelegationOrder,
    DelegationPoint,
)
from casework.meetings.services import council_motions
from casework.meetings.services import meetings as meeting_services
from tests.builders import Role, make_case, make_staff
from tests.meetings.conftest import SET_UP

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


POINT = {
    "number": "2.1",
    "matter": "Beslut om tillfälliga trafikföreskrifter",
    "category": "authority",
    "delegate_kind": "employee",
    "delegate": "trafikdirektör",
    "limits": "",
    "appeal": "administrative",
}


def test_the_secretary_writes_and_adopts_a_new_version_on_the_pages(
    client, committee, secretary, delegation_order
):
    """R46: a new version, a point added and one changed, then adopted with the
    date and paragraph; the list tells which version was in force on a day."""
    client.force_login(secretary)
    response = client.post(
        url("delegation_order_create"), {"organisation": committee.organisation.pk}
    )
    draft = DelegationOrder.objects.get(state="draft")
    assert response["Location"] == draft.get_absolute_url()
    assert client.post(url("delegation_point_create", draft.pk), POINT).status_code == (
        302
    )
    point = draft.points.get(number="3.1")
    page = client.get(url("delegation_point_edit", point.pk))
    assert page.context["form"].initial["number"] == "3.1"
    changed = dict(POINT, number="3.1", matter="Ny lydelse", category="ordinary")
    client.post(url("delegation_point_edit", point.pk), changed)
    point.refresh_from_db()
    assert point.matter == "Ny lydelse"
    adopted = client.post(
        url("delegation_order_adopt", draft.pk),
        {"adopted_on": timezone.localdate().isoformat(), "decision_paragraph": "§ 9"},
    )
    assert adopted.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.decision_paragraph) == ("adopted", "§ 9")
    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "Ny lydelse" in detail and "§ 9" in detail
    assert not client.get(draft.get_absolute_url()).context["may_edit"]
    lookup = client.get(url("delegation_order_list"), {"day": "2015-06-01"})
    assert [row["order"] for row in lookup.context["in_force"]] == [delegation_order]
    assert client.get(url("delegation_point_edit", point.pk)).status_code == 403


def test_the_editor_page_says_why_a_statement_to_the_council_is_not_delegated(
    client, committee, secretary
):
    """R47: the editor blocks the excluded categories with a clear message."""
    client.force_login(secretary)
    client.post(
        url("delegation_order_create"), {"organisation": committee.organisation.pk}
    )
    draft = DelegationOrder.objects.get()
    response = client.post(
        url("delegation_point_create", draft.pk), dict(POINT, category="to_council")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["category"]
    assert errors == [
        "Beslutanderätten i framställning eller yttrande till kommunfullmäktige kan "
        "inte delegeras; nämnden beslutar själv (KL 6 kap. 38 §)."
    ]
    assert not DelegationPoint.objects.exists()


def test_the_points_are_shown_in_numbered_order_whatever_their_numbers(
    client, committee, secretary
):
    """R46: 2.1 before 10.1; a number with letters does not break the page."""
    client.force_login(secretary)
    client.post(
        url("delegation_order_create"), {"organisation": committee.organisation.pk}
    )
    draft = DelegationOrder.objects.get()
    for number in ("10.1", "2.1", "2.a", "A"):
        client.post(
            url("delegation_point_create", draft.pk), dict(POINT, number=number)
        )
    page = client.get(draft.get_absolute_url())
    numbers = [point.number for point in page.context["points"]]
    assert numbers == ["2.1", "2.a", "10.1", "A"]


def test_others_cannot_edit_a_bodys_order(client, city, committee, delegation_order):
    """The secretary of another body gets 403 on the editor; a user who does not
    see the body's meetings gets 404 on its order."""
    other = make_staff("sekreterare.expn", Role.COMMITTEE_SECRETARY, city.expn)
    client.force_login(other)
    assert client.get(delegation_order.get_absolute_url()).status_code == 404
    page = client.get(url("delegation_order_create"))
    assert list(page.context["form"].fields["organisation"].queryset) == [city.expn]
    response = client.post(
        url("delegation_order_create"), {"organisation": committee.organisation.pk}
    )
    assert response.status_code == 200
    assert not DelegationOrder.objects.filter(state="draft").exists()


def test_an_urgent_decision_recorded_on_the_page_is_on_the_next_agenda(
    client, committee, secretary
):
    """R48: recorded on its page, the decision is on the next meeting's agenda."""
    meeting = meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        actor=secretary,
        reason=SET_UP,
    )
    client.force_login(secretary)
    response = client.post(
        url("chair_decision_create"),
        {
            "organisation": committee.organisation.pk,
            "decided_by": committee.chair.pk,
            "decided_on": timezone.localdate().isoformat(),
            "registration_number": "T2026-00555",
            "text": "Bidrag till evenemanget beviljas.",
            "urgency": "Ansökan kom efter sista sammanträdet före evenemanget.",
        },
        follow=True,
    )
    decision = ChairDecision.objects.get()
    assert decision.report_item.meeting == meeting
    assert "T2026-00555" in response.content.decode()
    agenda = client.get(meeting.get_absolute_url()).content.decode()
    assert "Anmälan av ordförandebeslut: T2026-00555" in agenda


def test_only_the_chair_can_be_named_on_the_page(client, committee, secretary):
    """KL 6:39: the list offers the chair and vice chair, no one else."""
    client.force_login(secretary)
    page = client.get(url("chair_decision_create"))
    assert list(page.context["form"].fields["decided_by"].queryset) == [committee.chair]


@pytest.fixture
def motion(city, registrar):
    case = make_case(city.ks_register, registrar, title="Motion om fler cykelbanor")
    with clock.acting_at(timezone.now() - datetime.timedelta(days=330)):
        return council_motions.record_council_motion(
            case=case,
            kind=CouncilMotion.Kind.MOTION,
            lodged_on=clock.today(),
            submitted_by="Kalle Exempelsson (MP)",
            actor=registrar,
            reason=SET_UP,
        )


def test_the_case_page_and_the_case_list_show_the_clock_of_a_motion(
    client, motion, registrar
):
    """R41: days left to the one-year mark, flagged under two months."""
    client.force_login(registrar)
    case_page = client.get(motion.case.get_absolute_url()).content.decode()
    days = motion.clock().days_left
    assert 30 <= days <= 40
    assert f"{days} dagar kvar" in case_page
    assert "badge--draft" in case_page
    listing = client.get(reverse("registry:case_list")).content.decode()
    assert f"{days} dagar kvar" in listing


def test_the_registrar_records_a_motion_and_a_report_on_the_pages(
    client, city, registrar
):
    """R41: the motion is recorded on its case; the report of the preparation
    is shown there."""
    case = make_case(city.ks_register, registrar, title="Medborgarförslag om parker")
    client.force_login(registrar)
    case_page = client.get(case.get_absolute_url()).content.decode()
    assert url("council_motion_create", case.pk) in case_page
    client.post(
        url("council_motion_create", case.pk),
        {
            "kind": "citizens_proposal",
            "lodged_on": "2025-09-01",
            "submitted_by": "Anna Andersson",
        },
    )
    motion = CouncilMotion.objects.get()
    response = client.post(
        url("council_motion_report", motion.pk),
        {"reported_on": timezone.localdate().isoformat(), "text": "Remiss pågår."},
        follow=True,
    )
    page = response.content.decode()
    assert "Remiss pågår." in page and "Medborgarförslag" in page
    assert client.get(url("council_motion_list")).context["rows"][0]["motion"] == (
        motion
    )


def test_the_board_secretarys_desk_lists_motions_near_the_mark(client, city, motion):
    """R41: the secretary of the board sees the motions with less than two
    months left on the task desk; others do not."""
    secretary = make_staff("sekreterare.ks", Role.COMMITTEE_SECRETARY, city.ks)
    client.force_login(secretary)
    rows = client.get(reverse("tasks:mine")).context["motions_due"]
    assert [row["motion"] for row in rows] == [motion]
    karin = make_staff("karin.dhakal", Role.CASE_OFFICER, city.tk)
    client.force_login(karin)
    assert client.get(reverse("tasks:mine")).context["motions_due"] == []
    assert client.post(url("council_motion_report", motion.pk), {}).status_code == 404


def test_the_list_of_delegated_decisions_links_each_to_its_order(
    client, committee, secretary, delegation_order
):
    """R49: the decision names its point, linked to the version it was taken
    under."""
    client.force_login(secretary)
    client.post(
        url("delegated_decision_create"),
        {
            "organisation": committee.organisation.pk,
            "delegate": "Jonas Eliasson, trafikdirektör",
            "delegation_point": "3.1",
            "matter": "ordinary",
            "decided_on": timezone.localdate().isoformat(),
            "registration_number": "T2026-00123",
            "text": "Tillstånd beviljas.",
        },
    )
    page = client.get(url("delegated_decision_list")).content.decode()
    assert f'href="{delegation_order.get_absolute_url()}">3.1</a>' in page


def test_a_statement_to_the_council_is_refused_on_the_delegated_decision_page(
    client, committee, secretary, delegation_order
):
    """R43, R47: the page shows the service's refusal; nothing is recorded."""
    client.force_login(secretary)
    response = client.post(
        url("delegated_decision_create"),
        {
            "organisation": committee.organisation.pk,
            "delegate": "Jonas Eliasson, trafikdirektör",
            "delegation_point": "3.1",
            "matter": "to_council",
            "decided_on": timezone.localdate().isoformat(),
            "registration_number": "T2026-00124",
            "text": "Yttrande till kommunfullmäktige.",
        },
    )
    assert response.status_code == 200
    assert "KL 6 kap. 38 §" in str(response.context["form"].errors["matter"])
    assert not committee.organisation.delegated_decisions.exists()
