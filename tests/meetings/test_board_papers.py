"""R64 on the notice board: the papers an authority chose to publish for a
coming meeting are listed under it, readable by anyone; a draft not published
is not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.meetings.services import meetings as meeting_services
from casework.publicity.services import disclosure
from tests.builders import make_case, make_document

pytestmark = pytest.mark.django_db
REASON = "test set-up"


@pytest.fixture
def announced(committee, secretary, city, t_registrar):
    """A meeting next week with one item, its members called."""
    meeting = meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        place="Fleminggatan 4",
        chair=committee.chair,
        secretary=secretary,
        actor=secretary,
        reason=REASON,
    )
    case = make_case(city.t_register, t_registrar, title="Cykelplan")
    meeting_services.add_agenda_item(
        meeting=meeting, title=case.title, case=case, actor=secretary, reason=REASON
    )
    meeting_services.send_notice_of_meeting(
        meeting=meeting, actor=secretary, reason=REASON
    )
    return meeting, case


def test_published_papers_are_listed_under_the_coming_meeting(
    client, announced, t_registrar
):
    _meeting, case = announced
    published = make_document(case, t_registrar, public_description="Cykelplanen")
    unpublished = make_document(case, t_registrar, public_description="Arbetsutkast")
    disclosure.publish_document(
        document=published, actor=t_registrar, reason="published"
    )
    board = client.get(reverse("meetings:notice_board")).content.decode()
    assert reverse("publicity:public_document", args=[published.pk]) in board
    assert reverse("publicity:public_document", args=[unpublished.pk]) not in board
    page = client.get(reverse("publicity:public_document", args=[published.pk]))
    assert page.status_code == 200
