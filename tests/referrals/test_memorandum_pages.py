"""The memorandum's two pages refuse everyone but their owners: only the
referring office drafts the memorandum, only the board's secretary puts it on
an agenda (R76, R79, rules.md (d)). A refusal is 403, or 404 for a user who may
not see the referral or the case, and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.directory import services as directory
from casework.directory.models import Assignment
from casework.meetings.models import AgendaItem, Memorandum, ProposedResolution
from casework.meetings.services import meetings as meeting_services
from casework.referrals import memoranda, services
from casework.referrals.models import Referral
from casework.registry.models import Case
from tests.builders import Kind, Role, make_organisation, make_staff
from tests.referrals.test_views import (  # noqa: F401
    committee_secretary,
    trn_answered,
    trn_approved,
    trn_draft,
)
from tests.workflows.test_referral_flow import seat_members

pytestmark = pytest.mark.django_db
SET_UP = "test set-up"


@pytest.fixture
def ks_secretary(city):
    return make_staff("sekreterare.ks", Role.COMMITTEE_SECRETARY, city.ks)


@pytest.fixture
def ks_meeting(city, ks_secretary):
    members = seat_members(city.ks, ks_secretary)
    return meeting_services.plan_meeting(
        organisation=city.ks,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        chair=members[0],
        secretary=ks_secretary,
        actor=ks_secretary,
        reason=SET_UP,
    )


@pytest.fixture
def compiled(dispatched, trn_answered, slk_officer):  # noqa: F811
    return services.compile_answers(
        referral=dispatched,
        summary="Trafiknämnden tillstyrker.",
        actor=slk_officer,
        reason="sammanställd",
    )


@pytest.fixture
def rotel(city, system_user):
    office = make_organisation(
        "rotel-1", "Rotel I – Finansroteln", Kind.COMMISSIONER_OFFICE, actor=system_user
    )
    rapporteur = directory.create_person(
        first_name="Sten", last_name="Nordin", actor=system_user, reason=SET_UP
    )
    directory.appoint(
        person=rapporteur,
        organisation=city.ks,
        role=Assignment.Role.COMMISSIONER,
        valid_from=datetime.date(2015, 1, 1),
        actor=system_user,
        reason=SET_UP,
    )
    return office, rapporteur


@pytest.fixture
def memorandum(compiled, rotel, slk_officer):
    office, rapporteur = rotel
    return memoranda.draw_up_memorandum(
        referral=compiled,
        rapporteur=rapporteur,
        commissioner_office=office,
        office_numeral="I",
        title="Internationell strategi för Stockholms stad",
        clauses=["Förslaget godkänns."],
        actor=slk_officer,
        reason="memorandum drafted",
    )


@pytest.fixture
def outsiders(committee_secretary, karin, e_registrar, mp_secretary, auditor):  # noqa: F811
    """Staff of a committee, another organisation's staff, a party secretary
    and the auditor (who reads everything and writes nothing)."""
    return {
        "committee secretary": committee_secretary,
        "trafikkontoret's case officer": karin,
        "exploateringskontoret's registrar": e_registrar,
        "party secretary": mp_secretary,
        "auditor": auditor,
    }


def snapshot(case) -> dict:
    """What a refused page must leave untouched."""
    return {
        "memoranda": Memorandum.objects.count(),
        "proposals": ProposedResolution.objects.count(),
        "items": AgendaItem.objects.count(),
        "memorandum history": Memorandum.history.count(),
        "referral history": Referral.history.count(),
        "case history": Case.history.filter(id=case.pk).count(),
    }


def memorandum_form(rotel) -> dict:
    office, rapporteur = rotel
    return {
        "title": "Internationell strategi för Stockholms stad",
        "commissioner_office": office.pk,
        "office_numeral": "I",
        "rapporteur": rapporteur.pk,
        "clauses": "Förslaget godkänns.",
        "council_decides": "on",
    }


def test_only_the_referring_office_drafts_the_memorandum(
    client, compiled, rotel, outsiders, ks_secretary, slk_officer
):
    """R79: the memorandum's page is the referring office's; the board's own
    secretary may not draft it either."""
    address = reverse("referrals:memorandum_create", args=[compiled.pk])
    before = snapshot(compiled.case)
    for label, user in {**outsiders, "board secretary": ks_secretary}.items():
        client.force_login(user)
        for response in (
            client.get(address),
            client.post(address, memorandum_form(rotel)),
        ):
            assert response.status_code in (403, 404), (label, response.status_code)
    assert snapshot(compiled.case) == before
    compiled.refresh_from_db()
    assert not compiled.council_decides

    client.force_login(slk_officer)
    assert client.get(address).status_code == 200


def test_the_auditor_is_refused_the_memorandum_page_with_403(
    client, compiled, rotel, auditor
):
    """The auditor sees the referral (rules.md (d)), so the refusal is 403."""
    client.force_login(auditor)
    address = reverse("referrals:memorandum_create", args=[compiled.pk])
    assert client.post(address, memorandum_form(rotel)).status_code == 403


def test_only_the_boards_secretary_puts_the_memorandum_on_the_agenda(
    client, memorandum, ks_meeting, outsiders, slk_officer, ks_secretary
):
    """Outsiders, the committee's secretary and the case officer who drafted
    the memorandum are all refused; nothing reaches the board's agenda."""
    address = reverse("referrals:memorandum_agenda", args=[memorandum.pk])
    before = snapshot(memorandum.case)
    refused = {**outsiders, "the referring case officer": slk_officer}
    for label, user in refused.items():
        client.force_login(user)
        for response in (
            client.get(address),
            client.post(address, {"meeting": ks_meeting.pk}),
        ):
            assert response.status_code in (403, 404), (label, response.status_code)
    assert snapshot(memorandum.case) == before
    assert not ks_meeting.items.exists()

    client.force_login(ks_secretary)
    assert client.get(address).status_code == 200


def test_a_committee_secretary_cannot_put_the_memorandum_on_the_committees_agenda(
    committee_secretary,  # noqa: F811
    memorandum,
    city,
):
    """Called from code: the committee's secretary keeps minutes, but not of a
    body the memorandum goes to."""
    members = seat_members(city.trn, committee_secretary)
    meeting = meeting_services.plan_meeting(
        organisation=city.trn,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        chair=members[0],
        secretary=committee_secretary,
        actor=committee_secretary,
        reason=SET_UP,
    )
    with pytest.raises(ValidationError) as refused:
        memoranda.put_memorandum_on_agenda(
            memorandum=memorandum,
            meeting=meeting,
            actor=committee_secretary,
            reason="memorandum put on the agenda",
        )
    assert refused.value.error_dict["meeting"][0].code == "not_a_board_meeting"
    assert not meeting.items.exists()


def test_the_memorandum_page_records_that_the_council_decides(
    client, compiled, rotel, slk_officer
):
    """The case officer marks a case the board proposes to the council; the
    referral then waits for the council's minutes (c.1 KF_BEREDD)."""
    client.force_login(slk_officer)
    address = reverse("referrals:memorandum_create", args=[compiled.pk])
    response = client.post(address, memorandum_form(rotel))
    assert response.status_code == 302
    compiled.refresh_from_db()
    assert compiled.council_decides
    row = compiled.history.order_by("-history_id").first()
    assert (row.history_user, row.council_decides) == (slk_officer, True)
