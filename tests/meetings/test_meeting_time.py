"""A meeting has a day and a time of day, which the notice of the meeting
states (R10); it is planned for today or later, and opened from its day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from casework import clock
from casework.meetings.models import Meeting
from casework.meetings.services import meetings as services
from tests.meetings.conftest import SET_UP, approval_time

pytestmark = pytest.mark.django_db


def plan(committee, secretary, held_on, **extra):
    return services.plan_meeting(
        organisation=committee.organisation,
        held_on=held_on,
        place="Fleminggatan 4",
        actor=secretary,
        reason=SET_UP,
        **extra,
    )


def noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_a_meeting_is_shown_with_its_day_and_time_in_swedish(committee, secretary):
    with clock.acting_at(noon(datetime.date(2026, 12, 1))):
        meeting = plan(
            committee,
            secretary,
            datetime.date(2026, 12, 15),
            starts_at=datetime.time(13, 0),
        )
    with translation.override("sv"):
        assert meeting.when == "15 december 2026 kl. 13.00"
    assert meeting.starts == timezone.make_aware(datetime.datetime(2026, 12, 15, 13))


def test_a_meeting_planned_without_a_time_starts_at_the_usual_time(
    committee, secretary
):
    meeting = plan(committee, secretary, timezone.localdate())
    assert Meeting.objects.get(pk=meeting.pk).starts_at == Meeting.USUAL_START


def test_a_meeting_cannot_be_planned_in_the_past(committee, secretary):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        plan(committee, secretary, yesterday)
    assert [e.code for e in error.value.error_dict["held_on"]] == ["planned_in_past"]
    assert not Meeting.objects.exists()


def test_a_meeting_of_the_past_is_recorded_at_the_time_it_was_planned(
    committee, secretary
):
    """Minutes of earlier years are entered as they happened: the services act
    at the historical moment (casework.clock)."""
    with clock.acting_at(noon(datetime.date(2016, 9, 1))):
        meeting = plan(committee, secretary, datetime.date(2016, 9, 22))
    assert meeting.held_on == datetime.date(2016, 9, 22)


def open_it(meeting, committee, secretary, day):
    return services.open_meeting(
        meeting=meeting,
        minutes_checkers=[committee.members[1]],
        approval_due_at=approval_time(day + datetime.timedelta(days=7)),
        actor=secretary,
        reason=SET_UP,
    )


def test_a_meeting_cannot_be_opened_before_its_day(committee, secretary):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = plan(committee, secretary, tomorrow)
    with pytest.raises(ValidationError) as error:
        open_it(meeting, committee, secretary, tomorrow)
    assert error.value.code == "opened_before_meeting_day"
    assert Meeting.objects.get().state == Meeting.State.PLANNED
    with clock.acting_at(noon(tomorrow)):
        open_it(meeting, committee, secretary, tomorrow)
    assert Meeting.objects.get().state == Meeting.State.IN_PROGRESS


@override_settings(MEETING_OPENS_DAYS_EARLY=1)
def test_a_configured_tolerance_lets_a_meeting_open_the_day_before(
    committee, secretary
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = plan(committee, secretary, tomorrow)
    open_it(meeting, committee, secretary, tomorrow)
    assert Meeting.objects.get().state == Meeting.State.IN_PROGRESS


def test_the_planning_page_takes_a_time_and_refuses_a_day_in_the_past(
    client, committee, secretary
):
    client.force_login(secretary)
    url = reverse("meetings:meeting_create")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    fields = {
        "organisation": committee.organisation.pk,
        "place": "Fleminggatan 4",
        "starts_at": "09:30",
    }
    refused = client.post(url, {**fields, "held_on": yesterday.isoformat()})
    assert refused.status_code == 200
    errors = refused.context["form"].errors.as_data()
    assert [e.code for e in errors["held_on"]] == ["planned_in_past"]
    day = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(url, {**fields, "held_on": day.isoformat()})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime.time(9, 30)
    with translation.override("sv"):
        when = meeting.when
    assert when.endswith("kl. 09.30")
    client.cookies.load({"django_language": "sv"})
    for page in (meeting.get_absolute_url(), reverse("meetings:meeting_list")):
        assert when in client.get(page, HTTP_ACCEPT_LANGUAGE="sv").content.decode()


def test_the_opening_page_says_from_which_day_the_meeting_opens(
    client, committee, secretary
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = plan(committee, secretary, tomorrow)
    services.add_participant(
        meeting=meeting, person=committee.members[1], actor=secretary, reason=SET_UP
    )
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_open", args=[meeting.pk]))
    with translation.override("sv"):
        expected = formats.date_format(tomorrow, "j F Y")
    assert expected in page.content.decode()
    refused = client.post(
        reverse("meetings:meeting_open", args=[meeting.pk]),
        {
            "minutes_checkers": [committee.members[1].pk],
            "approval_due_at": f"{tomorrow.isoformat()}T15:00",
        },
    )
    errors = refused.context["form"].errors.as_data()["__all__"]
    assert [e.code for e in errors] == ["opened_before_meeting_day"]
    assert Meeting.objects.get().state == Meeting.State.PLANNED
