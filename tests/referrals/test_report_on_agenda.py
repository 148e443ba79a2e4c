"""The officer report sent out with the notice of a meeting is read by those
who receive the meeting's papers: the body's members and substitutes and the
party secretaries (rules.md (d), TU_FASTSTÄLLD sent with kallelse; V3, R61a)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.directory import services as directory
from casework.meetings.services import meetings as meeting_services
from casework.referrals import reports
from permissions import rules
from tests.builders import Role, make_staff, make_user

pytestmark = pytest.mark.django_db
SET_UP = "test set-up"


def _seated(username, organisation, role, party, system_user):
    user = make_user(username)
    person = directory.create_person(
        first_name=username,
        last_name="Ledamot",
        user=user,
        actor=system_user,
        reason=SET_UP,
    )
    directory.appoint(
        person=person,
        organisation=organisation,
        role=role,
        party=party,
        valid_from=datetime.date(2010, 1, 1),
        actor=system_user,
        reason=SET_UP,
    )
    return user


@pytest.fixture
def approved(received, karin, jonas, city):
    received.committee_case.case_officer = karin
    received.committee_case.save()
    report = reports.draft_officer_report(
        case=received.committee_case,
        addressed_to=city.trn,
        title="Svar på remiss",
        clauses=["Nämnden överlämnar kontorets tjänsteutlåtande."],
        actor=karin,
        reason=SET_UP,
    )
    reports.submit_for_review(report=report, actor=karin, reason=SET_UP)
    return reports.approve_report(report=report, actor=jonas, reason=SET_UP)


@pytest.fixture
def trn_meeting(city):
    secretary = make_staff("sekreterare.trn", Role.COMMITTEE_SECRETARY, city.trn)
    meeting = meeting_services.plan_meeting(
        organisation=city.trn,
        held_on=timezone.localdate() + datetime.timedelta(days=14),
        actor=secretary,
        reason=SET_UP,
    )
    meeting.secretary_user = secretary
    return meeting


def _on_agenda(meeting, report, *, notice_sent):
    secretary = meeting.secretary_user
    meeting_services.add_agenda_item(
        meeting=meeting,
        title=report.title,
        case=report.case,
        proposal=report.proposal,
        actor=secretary,
        reason=SET_UP,
    )
    if notice_sent:
        meeting_services.send_notice_of_meeting(
            meeting=meeting, actor=secretary, reason=SET_UP
        )


@pytest.fixture
def readers(city, mp_party, mp_secretary, system_user):
    return {
        "member": _seated("ledamot", city.trn, "member", mp_party, system_user),
        "substitute": _seated(
            "ersattare", city.trn, "substitute", mp_party, system_user
        ),
        "party secretary": mp_secretary,
    }


def test_the_report_sent_with_the_notice_is_read_by_the_bodys_members_substitutes_and_party_secretaries_R61a(
    approved, trn_meeting, readers, client
):
    _on_agenda(trn_meeting, approved, notice_sent=True)
    for who, user in readers.items():
        assert rules.can_view_officer_report(user, approved), who
        client.force_login(user)
        url = reverse("referrals:report_detail", args=[approved.pk])
        assert client.get(url).status_code == 200, who


def test_a_party_secretary_does_not_read_the_report_before_the_notice_is_sent_V3(
    approved, trn_meeting, mp_secretary
):
    _on_agenda(trn_meeting, approved, notice_sent=False)
    assert not rules.can_view_officer_report(mp_secretary, approved)


def test_another_bodys_member_does_not_read_the_report_on_the_agenda_V3(
    approved, trn_meeting, city, mp_party, system_user
):
    """The report is addressed to trafiknämnden; a member of
    kommunstyrelsen does not receive its papers."""
    _on_agenda(trn_meeting, approved, notice_sent=True)
    outsider = _seated("annan", city.ks, "member", mp_party, system_user)
    assert not rules.can_view_officer_report(outsider, approved)
