"""The council decides only announced matters; an unannounced matter needs a
unanimous decision of all present; a council meeting opens only once its
members were called (R10, KL 5 kap. 13–15 §§)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from casework import clock
from casework.directory import services as directory
from casework.meetings import deadlines
from casework.meetings.models import AgendaItem, Meeting, UnanimousConsent
from casework.meetings.services import council as council_services
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from tests.builders import Role as StaffRole
from tests.builders import make_case, make_staff
from tests.meetings.conftest import (
    SET_UP,
    called_council_meeting,
    open_on_its_day,
    participant,
    seat,
)
from tests.reasons import row_counts

pytestmark = pytest.mark.django_db


def _called_council_meeting(council, *titles):
    return called_council_meeting(council, timezone.localdate(), *titles)


def _board_prepares(city, case, system_user):
    """The executive board decides its proposal in ``case`` (R36)."""
    ks = city.ks
    secretary = make_staff("sekreterare.ks", StaffRole.COMMITTEE_SECRETARY, ks)
    people = []
    for index, role in enumerate(["chair", "member", "member"], start=1):
        person = directory.create_person(
            first_name=f"Styrelse{index}",
            last_name="Exempel",
            actor=system_user,
            reason=SET_UP,
        )
        seat(person, ks, role, None, system_user)
        people.append(person)
    meeting = meeting_services.plan_meeting(
        organisation=ks,
        held_on=timezone.localdate(),
        chair=people[0],
        secretary=secretary,
        actor=secretary,
        reason=SET_UP,
    )
    for person in people:
        meeting_services.add_participant(
            meeting=meeting, person=person, actor=secretary, reason=SET_UP
        )
    open_on_its_day(meeting, SimpleNamespace(members=people, secretary=secretary))
    item = meeting_services.add_agenda_item(
        meeting=meeting, title=case.title, case=case, actor=secretary, reason=SET_UP
    )
    meeting_services.open_item(item=item, actor=secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Förslag till KF", actor=secretary, reason=SET_UP
    )


def _urgent_item(meeting, council, case=None):
    """An item added on the meeting day: not on the notice, nor announced by
    the weekday before."""
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title=case.title if case else "Brådskande ärende",
        case=case,
        actor=council.secretary,
        reason=SET_UP,
    )


def _prepared_urgent_item(city, council, t_registrar, system_user):
    """A matter the board prepared, added on the day of a council meeting in
    progress: not announced."""
    case = make_case(city.t_register, t_registrar, title="Ny spårväg")
    _board_prepares(city, case, system_user)
    meeting = _called_council_meeting(council)
    open_on_its_day(meeting, council)
    return _urgent_item(meeting, council, case)


def test_an_item_on_the_notice_of_the_council_is_announced_R10(council):
    meeting = _called_council_meeting(council, "Budget 2027")
    assert meeting.items.get().announced is True


def test_an_urgent_addition_announced_the_weekday_before_is_announced_R10(council):
    meeting = _called_council_meeting(council)
    day_before = meeting.held_on - datetime.timedelta(days=1)
    while not deadlines.is_working_day(day_before):
        day_before -= datetime.timedelta(days=1)
    moment = timezone.make_aware(
        datetime.datetime.combine(day_before, datetime.time(9))
    )
    with clock.acting_at(moment):
        item = _urgent_item(meeting, council)
    assert item.announced is True


def test_an_item_added_on_the_council_meeting_day_is_not_announced_R10(council):
    meeting = _called_council_meeting(council)
    assert _urgent_item(meeting, council).announced is False
    open_on_its_day(meeting, council)
    assert _urgent_item(meeting, council).announced is False


def test_the_council_does_not_decide_an_unannounced_matter_R10(
    city, council, t_registrar, system_user
):
    item = _prepared_urgent_item(city, council, t_registrar, system_user)
    meeting_services.open_item(item=item, actor=council.secretary, reason=SET_UP)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        meeting_services.decide(
            item=item, decision_text="Bifall", actor=council.secretary, reason=SET_UP
        )
    assert refused.value.error_dict["item"][0].code == "not_announced"
    assert row_counts() == before
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.state, item.decision_text) == (AgendaItem.State.OPEN, "")


def test_a_unanimous_decision_lets_the_council_decide_an_unannounced_matter_R10(
    city, council, t_registrar, system_user
):
    item = _prepared_urgent_item(city, council, t_registrar, system_user)
    meeting = item.meeting
    consent = council_services.record_unanimous_consent(
        item=item, objectors=[], actor=council.secretary, reason="Alla eniga"
    )
    assert set(consent.present.all()) == set(meeting.participants.all())
    assert {
        (row.history_user, row.history_change_reason) for row in consent.history.all()
    } == {(council.secretary, "Alla eniga")}
    meeting_services.open_item(item=item, actor=council.secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=council.secretary, reason=SET_UP
    )
    assert AgendaItem.objects.get(pk=item.pk).is_decided


def test_one_objection_refuses_the_unanimous_decision_R10(council):
    meeting = _called_council_meeting(council)
    open_on_its_day(meeting, council)
    item = _urgent_item(meeting, council)
    objector = participant(meeting, council.members[11])
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        council_services.record_unanimous_consent(
            item=item, objectors=[objector], actor=council.secretary, reason="x"
        )
    assert refused.value.code == "not_unanimous"
    assert row_counts() == before


def test_only_the_councils_secretary_records_the_unanimous_decision_R10(
    council, secretary
):
    meeting = _called_council_meeting(council)
    open_on_its_day(meeting, council)
    item = _urgent_item(meeting, council)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        council_services.record_unanimous_consent(
            item=item, objectors=[], actor=secretary, reason="x"
        )
    assert row_counts() == before


def test_an_announced_matter_needs_no_unanimous_decision_R10(council):
    meeting = _called_council_meeting(council, "Budget 2027")
    open_on_its_day(meeting, council)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        council_services.record_unanimous_consent(
            item=meeting.items.get(), objectors=[], actor=council.secretary, reason="x"
        )
    assert refused.value.code == "already_announced"
    assert row_counts() == before


def test_the_unanimous_decision_is_taken_at_the_meeting_R10(council):
    meeting = _called_council_meeting(council)
    item = _urgent_item(meeting, council)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        council_services.record_unanimous_consent(
            item=item, objectors=[], actor=council.secretary, reason="x"
        )
    assert refused.value.code == "wrong_meeting_state"
    assert row_counts() == before


def test_a_council_meeting_does_not_open_before_its_members_are_called_R10(council):
    meeting = meeting_services.plan_meeting(
        organisation=council.organisation,
        held_on=timezone.localdate(),
        chair=council.chair,
        secretary=council.secretary,
        actor=council.secretary,
        reason=SET_UP,
    )
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        open_on_its_day(meeting, council)
    assert refused.value.code == "notice_not_sent"
    assert row_counts() == before
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.PLANNED
    assert not UnanimousConsent.objects.exists()


# --- the page and the minutes ---------------------------------------------------


def test_the_secretary_records_the_unanimous_decision_on_the_item_page_R10(
    client, council
):
    """The item page offers the step; an objection ticked on the form is a clear
    form message and writes nothing; without one the decision is recorded."""
    meeting = _called_council_meeting(council)
    open_on_its_day(meeting, council)
    item = _urgent_item(meeting, council)
    page_url = reverse("meetings:item_unanimous_consent", args=[item.pk])
    client.force_login(council.secretary)
    with translation.override("sv"):
        detail = client.get(item.get_absolute_url()).content.decode()
        assert page_url in detail
        assert "Inte kungjort" in detail
        objector = participant(meeting, council.members[11])
        before = row_counts()
        refused = client.post(page_url, {"objectors": [objector.pk]})
        assert refused.status_code == 200
        assert "Inte enhälligt" in refused.content.decode()
        assert row_counts() == before
        done = client.post(page_url, {})
    assert done.status_code == 302
    consent = UnanimousConsent.objects.get(item=item)
    assert consent.present.count() == len(council.members)


def test_the_minutes_show_the_matter_was_not_announced_and_handled_unanimously_R10(
    city, council, t_registrar, system_user
):
    item = _prepared_urgent_item(city, council, t_registrar, system_user)
    council_services.record_unanimous_consent(
        item=item, objectors=[], actor=council.secretary, reason=SET_UP
    )
    meeting_services.open_item(item=item, actor=council.secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall", actor=council.secretary, reason=SET_UP
    )
    text = minutes_services.paragraph_text(item)
    assert (
        "Ärendet har inte kungjorts. Fullmäktige beslutade enhälligt att ändå "
        "behandla det (KL 5 kap. 15 §)." in text
    )
