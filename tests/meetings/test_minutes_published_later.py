"""What happens to the published minutes after approval: a paragraph marked
secret by mistake is unmarked and shows again (R67), and a correction of the
approved minutes is what the public reads, never records edited after approval
(R26)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.meetings.services import minutes as minutes_services
from casework.publicity.minutes import published_minutes
from casework.publicity.models import ParagraphSecrecy
from casework.publicity.services import disclosure
from tests.meetings import test_minutes_published as published
from tests.meetings.test_minutes_published import OPEN, SECRET, mark

# the meeting with an open and a secret paragraph, its minutes approved
approved = published.approved
public_item = published.public_item
secret_item = published.secret_item

pytestmark = pytest.mark.django_db
UNMARK = "paragraph marked by mistake"
CORRECTED = "Remissen besvaras med kontorets rättade tjänsteutlåtande."


def unmark(item, actor, reason=UNMARK):
    return disclosure.unmark_paragraph_secret(item=item, actor=actor, reason=reason)


def paragraphs(meeting):
    return {p.number: p for p in published_minutes(meeting.pk).paragraphs}


def test_an_unmarked_paragraph_is_published_in_full_again_R67(
    approved, meeting, secret_item
):
    mark(secret_item, meeting.secretary)
    assert paragraphs(meeting)[2].masked_note
    unmark(secret_item, meeting.secretary)
    shown = paragraphs(meeting)[2]
    assert shown.masked_note == "" and SECRET in shown.text


def test_unmarking_keeps_who_unmarked_it_and_why_in_the_history_R67(
    approved, meeting, secret_item
):
    secrecy = mark(secret_item, meeting.secretary)
    unmark(secret_item, meeting.secretary)
    secrecy.refresh_from_db()
    assert secrecy.lifted_at is not None
    assert secrecy.lifted_by == meeting.secretary
    latest = secrecy.history.order_by("-history_id").first()
    assert latest.history_user == meeting.secretary
    assert latest.history_change_reason == UNMARK


def test_an_unmarked_paragraph_is_marked_again_R67(approved, meeting, secret_item):
    mark(secret_item, meeting.secretary)
    unmark(secret_item, meeting.secretary)
    mark(secret_item, meeting.secretary, provision="OSL 21 kap. 1 §")
    assert "OSL 21 kap. 1 §" in paragraphs(meeting)[2].masked_note
    assert ParagraphSecrecy.objects.count() == 1


def test_a_paragraph_not_marked_is_not_unmarked_R67(approved, meeting, secret_item):
    for _round in range(2):
        with pytest.raises(ValidationError) as error:
            unmark(secret_item, meeting.secretary)
        assert error.value.code == "not_marked"
        mark(secret_item, meeting.secretary)
        unmark(secret_item, meeting.secretary)
    assert ParagraphSecrecy.objects.get().history.count() == 4


def test_only_the_secretary_keeping_the_minutes_unmarks_R67(
    approved, meeting, secret_item, t_registrar, auditor
):
    secrecy = mark(secret_item, meeting.secretary)
    for actor in (t_registrar, auditor):
        with pytest.raises(PermissionDenied):
            unmark(secret_item, actor)
    secrecy.refresh_from_db()
    assert secrecy.lifted_at is None and secrecy.history.count() == 1


def test_the_secretary_unmarks_on_the_item_page_R67(
    client, approved, meeting, secret_item
):
    mark(secret_item, meeting.secretary)
    client.force_login(meeting.secretary)
    url = reverse("publicity:paragraph_unmark", args=[secret_item.pk])
    item_page = client.get(secret_item.get_absolute_url()).content.decode()
    assert url in item_page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert ParagraphSecrecy.objects.get().lifted_at is None
    response = client.post(url, {"reason": UNMARK})
    assert response.status_code == 302
    assert ParagraphSecrecy.objects.get().lifted_at is not None
    public = client.get(reverse("publicity:published_minutes", args=[approved.pk]))
    assert SECRET in public.content.decode()


# --- R26: the approved text, as corrected, is what is published ------------------


def correct(minutes, content):
    return minutes_services.correct_minutes(
        minutes=minutes,
        content=content,
        note="Fel tjänsteutlåtande angivet i § 1.",
        actor=minutes.meeting.secretary,
        reason="rättelse",
    )


def test_the_published_minutes_show_the_corrected_approved_text_R26(approved, meeting):
    original = approved.versions.get().content
    correct(approved, original.replace(OPEN, CORRECTED))
    shown = paragraphs(meeting)[1]
    assert CORRECTED in shown.text and OPEN not in shown.text
    document = published_minutes(meeting.pk)
    assert document.correction_notes == ["Fel tjänsteutlåtande angivet i § 1."]


def test_records_edited_after_approval_never_reach_the_published_minutes_R26(
    approved, meeting, public_item
):
    public_item.decision_text = "Ändrat i efterhand utan rättelse."
    public_item.save()
    shown = paragraphs(meeting)[1]
    assert OPEN in shown.text and "efterhand" not in shown.text


def test_a_correction_keeps_a_secret_paragraph_masked_R67(
    client, approved, meeting, secret_item
):
    mark(secret_item, meeting.secretary)
    original = approved.versions.get().content
    correct(approved, original.replace(OPEN, CORRECTED))
    page = client.get(reverse("publicity:published_minutes", args=[approved.pk]))
    text = page.content.decode()
    assert CORRECTED in text and SECRET not in text and "OSL 26 kap. 1 §" in text
    assert "Fel tjänsteutlåtande angivet i § 1." in text
