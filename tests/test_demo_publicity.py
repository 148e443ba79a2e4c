"""Public access in the demo (issue 11, R63, R64, R66, R67): loaded by
``manage.py load_demo`` in the current year and visible on the pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.demo_publicity import (
    ANSWERED,
    LETTER_CASE,
    OPEN,
    PERMIT_CASE,
    PERMIT_DECISION,
    SECRET,
    meeting_day,
)
from casework.directory.models import User
from casework.meetings.models import Meeting
from casework.publicity.models import DocumentRequest
from casework.registry.models import Case, Document
from permissions import publicity

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def letter() -> Document:
    return Case.objects.get(title=LETTER_CASE).documents.get()


def test_the_letter_is_marked_and_has_a_masked_copy_R66(demo):
    document = letter()
    assert document.case.year == meeting_day(timezone.localdate()).year
    assert document.confidentiality_markings.get().provision == "OSL 21 kap. 1 §"
    rendition = document.masked_renditions.get()
    assert SECRET not in rendition.body
    assert "[sekretess enligt OSL 21 kap. 1 §]" in rendition.body
    assert SECRET in document.versions.get().body


def test_one_request_was_answered_with_a_decision_and_one_is_open_R63(demo):
    answered = DocumentRequest.objects.get(asked_for=ANSWERED)
    assert answered.history.earliest().history_user is None
    assert answered.answered_at > answered.received_at
    assert answered.response_time_text
    assert answered.assessments.get().rendition == letter().masked_renditions.get()
    assert "kammarrätten" in answered.decision.appeal_instructions
    waiting = DocumentRequest.objects.get(asked_for=OPEN)
    assert waiting.is_open and waiting.requester_name
    client = Client()
    client.force_login(User.objects.get(username="registrator.tk"))
    page = client.get(reverse("publicity:request_list")).content.decode()
    assert reverse("publicity:request_detail", args=[waiting.pk]) in page
    assert reverse("publicity:request_detail", args=[answered.pk]) in page


def test_the_coming_meetings_report_is_published_ahead_as_a_draft_R64(demo):
    upcoming = Meeting.objects.get(
        organisation__code="trn", held_on__gte=timezone.localdate()
    )
    report = upcoming.items.get().case.documents.get(kind=Document.Kind.OFFICER_REPORT)
    assert report.published and not report.is_official
    assert publicity.is_public(report)
    # listed on the public request page, and readable by anyone
    listing = Client().get(reverse("publicity:request_create")).content.decode()
    url = reverse("publicity:public_document", args=[report.pk])
    assert url in listing
    assert Client().get(url).status_code == 200


def test_the_published_minutes_mask_the_permit_paragraph_R67(demo):
    meeting = Meeting.objects.get(items__case__title=PERMIT_CASE)
    minutes = meeting.minutes
    assert minutes.is_approved and meeting.held_on < timezone.localdate()
    assert PERMIT_DECISION in minutes.versions.get().content
    board = Client().get(reverse("meetings:notice_board")).content.decode()
    url = reverse("publicity:published_minutes", args=[minutes.pk])
    assert url in board
    page = Client().get(url).content.decode()
    assert PERMIT_CASE in page and "OSL 21 kap. 1 §" in page
    assert PERMIT_DECISION not in page
    assert "30 km/tim" in page
