"""R67: the published minutes mask each paragraph with information under secrecy
(handled behind closed doors, R13) — number and heading remain, the content is
replaced by a note citing the provision — while the approved original and its
SHA-256 stay exactly as approved."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.meetings import rendering
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.publicity.minutes import published_minutes
from casework.publicity.models import ParagraphSecrecy
from casework.publicity.services import disclosure
from tests.builders import make_case
from tests.meetings.conftest import sign_on_paper

pytestmark = pytest.mark.django_db
REASON = "protokollförs"
SECRET = "Färdtjänst beviljas Anna Andersson med hänsyn till hennes sjukdom."
OPEN = "Remissen besvaras med kontorets tjänsteutlåtande."


@pytest.fixture
def secret_item(meeting, city, t_registrar, secretary):
    case = make_case(city.t_register, t_registrar, title="Ansökan om färdtjänst")
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title="Ansökan om färdtjänst",
        case=case,
        exercise_of_authority=True,
        actor=secretary,
        reason=REASON,
    )


@pytest.fixture
def public_item(meeting, city, t_registrar, secretary):
    case = make_case(city.t_register, t_registrar, title="Remiss om cykelplan")
    return meeting_services.add_agenda_item(
        meeting=meeting,
        title="Remiss om cykelplan",
        case=case,
        is_public=True,
        actor=secretary,
        reason=REASON,
    )


@pytest.fixture
def approved(meeting, committee, secret_item, public_item):
    """Both items decided, the minutes drawn up and signed by chair and checker."""
    secretary = meeting.secretary
    for item, text in ((public_item, OPEN), (secret_item, SECRET)):
        meeting_services.open_item(item=item, actor=secretary, reason=REASON)
        meeting_services.decide(
            item=item, decision_text=text, actor=secretary, reason=REASON
        )
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=REASON)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=REASON
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    sign_on_paper(minutes, committee.chair, committee.members[1])
    minutes.refresh_from_db()
    assert minutes.is_approved
    return minutes


def mark(item, actor, provision="OSL 26 kap. 1 §"):
    return disclosure.mark_paragraph_secret(
        item=item, provision=provision, actor=actor, reason="paragraph marked secret"
    )


def test_the_published_minutes_mask_a_secret_paragraph(
    approved, meeting, secret_item, public_item
):
    """R67: number and heading remain, the content becomes a note citing the
    provision; the open paragraph is published in full."""
    mark(secret_item, meeting.secretary)
    published = {p.number: p for p in published_minutes(meeting.pk).paragraphs}
    secret = published[2]
    assert (secret.number, secret.title) == (2, "Ansökan om färdtjänst")
    assert secret.text == "" and SECRET not in secret.masked_note
    assert "sekretess enligt OSL 26 kap. 1 §" in secret.masked_note
    assert OPEN in published[1].text and published[1].masked_note == ""


def test_the_approved_original_and_its_digest_stay_intact(
    approved, meeting, secret_item
):
    """R67, R26: marking and publishing change nothing that was approved: the
    approved text still holds the paragraph and its SHA-256 still matches."""
    version = approved.versions.get()
    before = (version.content, version.digest, version.history.count())
    mark(secret_item, meeting.secretary)
    published_minutes(meeting.pk)
    version.refresh_from_db()
    assert (version.content, version.digest, version.history.count()) == before
    assert SECRET in version.content
    assert hashlib.sha256(version.content.encode()).hexdigest() == version.digest
    # the minutes as rendered for their readers still hold the paragraph too
    assert SECRET in rendering.minutes_text(rendering.meeting_for_minutes(meeting.pk))


def test_the_public_page_shows_the_mask_and_never_the_secret(
    client, approved, meeting, secret_item
):
    """R67 on the page anyone reads without logging in."""
    mark(secret_item, meeting.secretary)
    response = client.get(reverse("publicity:published_minutes", args=[approved.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "§ 2" in page and "Ansökan om färdtjänst" in page
    assert "OSL 26 kap. 1 §" in page
    assert SECRET not in page and "Anna Andersson" not in page
    assert OPEN in page


def test_minutes_not_yet_approved_are_not_published(client, meeting):
    """Minutes are official, and published, once approved (TF 2:10)."""
    secretary = meeting.secretary
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=REASON)
    draft = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=REASON
    )
    for pk in (draft.pk, 999999, 99999999999999999999):
        url = reverse("publicity:published_minutes", args=[pk])
        assert client.get(url).status_code == 404


def test_a_paragraph_handled_in_public_is_not_marked(approved, meeting, public_item):
    """R13: information under secrecy is handled behind closed doors."""
    with pytest.raises(ValidationError) as error:
        mark(public_item, meeting.secretary)
    assert error.value.code == "paragraph_public"
    assert not ParagraphSecrecy.objects.exists()


def test_only_the_secretary_keeping_the_minutes_marks(
    approved, secret_item, t_registrar, auditor
):
    for actor in (t_registrar, auditor):
        with pytest.raises(PermissionDenied):
            mark(secret_item, actor)
    assert not ParagraphSecrecy.objects.exists()


def test_a_provision_outside_osl_form_is_refused(approved, meeting, secret_item):
    with pytest.raises(ValidationError) as error:
        mark(secret_item, meeting.secretary, provision="hemligt")
    assert "provision" in error.value.error_dict
    with pytest.raises(ValidationError):
        mark(secret_item, meeting.secretary, provision="")
