"""The pages of paragraphs approved at the meeting (R25), execution (R33), the
public notice board (R29, R34) and delegated decisions (R35)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as t

from casework import clock
from casework.meetings.models import (
    DelegatedDecision,
    ItemExecution,
    Notice,
    NoticeBoardOutage,
    ParagraphApproval,
    Statement,
)
from casework.meetings.services import delegation, notices
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import statements as statement_services
from casework.meetings.views.board import _board_entry
from tests.meetings.conftest import SET_UP, sign_on_paper

pytestmark = pytest.mark.django_db
DRAFT_TEXT = "Utkast som bara partiet får läsa."


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def decided(item, meeting):
    item.appealable = True
    item.save()
    meeting_services.open_item(item=item, actor=meeting.secretary, reason=SET_UP)
    meeting_services.decide(
        item=item, decision_text="Bifall.", actor=meeting.secretary, reason=SET_UP
    )
    return item


def approve_on_page(client, item):
    page = client.get(url("paragraph_approve", item.pk))
    digest = page.context["digest"]
    return client.post(
        url("paragraph_approve", item.pk), {"digest": digest, "method": "in_system"}
    )


def test_the_secretary_approves_a_paragraph_at_the_meeting_and_posts_its_notice(
    client, decided, secretary
):
    """R25: the page shows the paragraph's text, records the approval and then
    its own notice with the last day of appeal."""
    client.force_login(secretary)
    page = client.get(url("paragraph_approve", decided.pk)).content.decode()
    assert "Bifall." in page
    assert approve_on_page(client, decided).status_code == 302
    assert ParagraphApproval.objects.get().item == decided
    response = client.post(
        url("paragraph_notice_create", decided.pk),
        {
            "posted_on": timezone.localdate().isoformat(),
            "minutes_kept_at": "Stadshuset",
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(kind=Notice.Kind.PARAGRAPH)
    page = client.get(decided.get_absolute_url()).content.decode()
    assert notice.appeal_last_day.strftime("%Y") in page
    assert t("Approved at the meeting") in page


def test_approving_a_paragraph_that_changed_is_refused_on_the_page(
    client, decided, secretary
):
    """R25: the approval names the text read out."""
    client.force_login(secretary)
    response = client.post(
        url("paragraph_approve", decided.pk),
        {"digest": "0" * 64, "method": "in_system"},
    )
    assert response.status_code == 200
    assert "paragraph_changed" in {
        e.code
        for errs in response.context["form"].errors.as_data().values()
        for e in errs
    }
    assert not ParagraphApproval.objects.exists()


def test_an_electronic_approval_without_validation_data_is_refused_on_the_page(
    client, decided, secretary
):
    """R27: the page refuses an electronic signature without validation data."""
    client.force_login(secretary)
    page = client.get(url("paragraph_approve", decided.pk))
    response = client.post(
        url("paragraph_approve", decided.pk),
        {"digest": page.context["digest"], "method": "electronic_signature"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not ParagraphApproval.objects.exists()


def test_the_execution_page_warns_inside_the_appeal_window(client, decided, secretary):
    """R33: the page warns before the execution is recorded and again after."""
    client.force_login(secretary)
    page = client.get(url("execution_create", decided.pk)).content.decode()
    warning = t(
        "The decision is not final: the notice of approval is not posted yet, "
        "so the appeal window has not even begun (KL 13 kap. 14 §)."
    )
    assert warning in page
    response = client.post(
        url("execution_create", decided.pk),
        {"executed_on": timezone.localdate().isoformat(), "description": "Beställt."},
        follow=True,
    )
    assert ItemExecution.objects.get().before_final
    assert warning in response.content.decode()
    assert t("executed before the decision was final") in response.content.decode()


def test_an_auditor_cannot_use_the_paragraph_pages(client, decided, auditor):
    """R25, R33: auditors read, never write."""
    client.force_login(auditor)
    for name in ("paragraph_approve", "execution_create"):
        assert client.post(url(name, decided.pk), {}).status_code in (403, 404)
    assert not ItemExecution.objects.exists()


# --- the notice board -------------------------------------------------------------


@pytest.fixture
def posted(decided, meeting, committee, v_secretary):
    """A closed paragraph with a draft reservation never handed in, the minutes
    approved and posted."""
    statement = statement_services.announce_statement(
        item=decided,
        kind=Statement.Kind.RESERVATION,
        party=committee.parties.v,
        signatories=[committee.v_member],
        actor=v_secretary,
        reason=SET_UP,
    )
    statement_services.write_statement(
        statement=statement, text=DRAFT_TEXT, actor=v_secretary, reason=SET_UP
    )
    secretary = meeting.secretary
    meeting_services.close_meeting(meeting=meeting, actor=secretary, reason=SET_UP)
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=secretary, reason=SET_UP
    )
    meeting.approval_due_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    sign_on_paper(minutes, committee.chair, committee.members[1])
    return minutes_services.post_notice(
        minutes=minutes,
        minutes_kept_at="Trafikkontoret, Fleminggatan 4",
        actor=secretary,
        reason=SET_UP,
    )


@pytest.fixture
def v_secretary(committee):
    from tests.builders import Role, make_staff

    return make_staff(
        "partisekreterare.v", Role.PARTY_SECRETARY, party=committee.parties.v
    )


def test_the_public_notice_board_carries_only_what_the_law_allows(
    client, posted, decided, committee, secretary
):
    """R34: open to anyone without logging in; only notices of approval, of
    delegated decisions not reported, and of coming meetings; never a case
    title, a decision text or a party's draft."""
    future = meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=10),
        place="Fleminggatan 4",
        actor=secretary,
        reason=SET_UP,
    )
    meeting_services.send_notice_of_meeting(
        meeting=future, actor=secretary, reason=SET_UP
    )
    meeting_services.plan_meeting(
        organisation=committee.organisation,
        held_on=timezone.localdate() + datetime.timedelta(days=20),
        place="Hemligt rum",
        actor=secretary,
        reason=SET_UP,
    )
    response = client.get(url("notice_board"))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["kinds"] <= notices.ALLOWED_ON_BOARD
    assert response.context["kinds"] == {"minutes", "meeting"}
    assert "Trafikkontoret, Fleminggatan 4" in page
    assert posted.appeal_last_day.strftime("%Y") in page
    assert "§ 1" in page
    for secret in (decided.title, decided.decision_text, DRAFT_TEXT, "Hemligt rum"):
        assert secret not in page
    assert "<h1>" in page and 'href="#main"' in page


def test_a_notice_taken_down_leaves_the_board(client, posted, meeting, secretary):
    """R29, R34: after the appeal window the notice may come down and is gone."""
    days = (posted.appeal_last_day - posted.posted_on).days + 1
    with clock.acting_at(timezone.now() + datetime.timedelta(days=days)):
        notices.take_down_notice(notice=posted, actor=secretary, reason=SET_UP)
    assert client.get(url("notice_board")).context["entries"] == []


def test_the_notice_page_offers_taking_it_down_only_after_the_appeal_window_R29(
    client, posted, meeting, secretary
):
    """R29: during the appeal window the notice page offers no "take down"; the
    day after its last day it does."""
    client.force_login(secretary)
    address = url("notice_detail", meeting.pk)
    take_down = url("notice_take_down", posted.pk)
    assert take_down not in client.get(address).content.decode()
    after = posted.appeal_last_day + datetime.timedelta(days=1)
    with clock.acting_at(
        timezone.make_aware(datetime.datetime.combine(after, datetime.time(9)))
    ):
        assert take_down in client.get(address).content.decode()


def test_taking_a_notice_down_during_the_window_is_refused_with_the_reason(
    client, posted, secretary
):
    """R29: the page refuses and explains until when the notice stays."""
    client.force_login(secretary)
    response = client.post(url("notice_take_down", posted.pk))
    assert response.status_code == 200
    message = t(
        "The notice may not be taken down before the appeal window has passed; "
        "it stays on the board until and including %(date)s (KL 8 kap. 12 §)."
    ) % {"date": posted.appeal_last_day}
    assert message in response.content.decode()
    assert Notice.objects.get().is_on_board


def test_downtime_is_logged_and_shown_on_the_board_and_the_notice(
    client, posted, meeting, secretary, karin
):
    """R29: the secretary logs an outage; the board and the notice show it."""
    client.force_login(secretary)
    start = timezone.localtime() - datetime.timedelta(minutes=5)
    response = client.post(
        url("outage_create"),
        {
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "description": "Webbplatsen låg nere efter en uppdatering.",
        },
    )
    assert response.status_code == 302
    outage = NoticeBoardOutage.objects.get()
    assert "Webbplatsen låg nere" in client.get(url("notice_board")).content.decode()
    client.force_login(karin)
    page = client.get(url("notice_detail", meeting.pk)).content.decode()
    assert "Webbplatsen låg nere efter en uppdatering." in page
    client.force_login(karin)
    assert client.post(url("outage_end", outage.pk), {}).status_code == 403


# --- delegated decisions ------------------------------------------------------------


def test_the_secretary_records_and_posts_a_protocol_of_delegated_decisions(
    client, committee, secretary, delegation_order
):
    """R35, R49: record a decision, draw up its own protocol, post it; the board
    carries it with the last day of appeal."""
    client.force_login(secretary)
    response = client.post(
        url("delegated_decision_create"),
        {
            "organisation": committee.organisation.pk,
            "delegate": "Jonas Eliasson, trafikdirektör",
            "delegation_point": "4.2",
            "matter": "ordinary",
            "decided_on": timezone.localdate().isoformat(),
            "registration_number": "T2016-01906",
            "text": "Tillstånd till grävning beviljas.",
            "appealable": "on",
        },
    )
    assert response.status_code == 302
    decision = DelegatedDecision.objects.get()
    assert decision.needs_own_protocol
    response = client.post(
        url("delegation_protocol_create"), {"organisation": committee.organisation.pk}
    )
    protocol = decision.__class__.objects.get().protocol
    assert response["Location"] == protocol.get_absolute_url()
    page = client.get(protocol.get_absolute_url()).content.decode()
    assert "T2016-01906" in page
    response = client.post(
        url("delegation_notice_create", protocol.pk),
        {
            "posted_on": timezone.localdate().isoformat(),
            "minutes_kept_at": "Trafikkontoret",
        },
    )
    assert response.status_code == 302
    board = client.get(url("notice_board"))
    assert board.context["kinds"] == {"delegated_decisions"}
    entry = board.context["entries"][0]
    assert entry == _board_entry(protocol.notice)
    assert client.get(url("delegated_decision_list")).status_code == 200


def test_drawing_up_an_empty_protocol_is_refused_on_the_page(
    client, committee, secretary, delegation_order
):
    """R35: only appealable, unreported decisions go into the protocol."""
    delegation.record_delegated_decision(
        organisation=committee.organisation,
        delegate="Jonas Eliasson",
        delegation_point="1.1",
        matter="ordinary",
        decided_on=timezone.localdate(),
        text="Reported.",
        registration_number="T2016-1",
        appealable=True,
        reported=True,
        actor=secretary,
        reason=SET_UP,
    )
    client.force_login(secretary)
    response = client.post(
        url("delegation_protocol_create"), {"organisation": committee.organisation.pk}
    )
    assert response.status_code == 200
    assert not committee.organisation.delegation_protocols.exists()


def test_the_delegation_pages_refuse_those_who_do_not_keep_minutes(
    client, committee, karin, auditor
):
    """R35, R83: staff without the secretary's role and auditors cannot write."""
    for user in (karin, auditor):
        client.force_login(user)
        assert client.get(url("delegated_decision_create")).status_code == 403
        assert client.post(url("delegation_protocol_create"), {}).status_code == 403
        assert client.post(url("outage_create"), {}).status_code == 403
    assert not DelegatedDecision.objects.exists()


def test_the_board_flags_a_late_notice_and_shows_the_day_moved_by_downtime_R28_R29(
    client, posted, secretary
):
    """R28: a notice posted after the second day is flagged on the board; R29,
    R30: after downtime within the window the board shows the later last day."""
    entry = client.get(url("notice_board")).context["entries"][0]
    assert not entry["late"]
    down = timezone.now() + datetime.timedelta(days=2)
    with clock.acting_at(down + datetime.timedelta(days=1)):
        notices.record_outage(
            started_at=down,
            ended_at=down + datetime.timedelta(days=1),
            description="Webbplatsen låg nere.",
            actor=secretary,
            reason=SET_UP,
        )
    back = timezone.localdate(down + datetime.timedelta(days=1))
    response = client.get(url("notice_board"))
    assert response.context["entries"][0]["appeal_last_day"] > (
        posted.posted_on + datetime.timedelta(weeks=3)
    )
    assert back.strftime("%Y") in response.content.decode()
    late = Notice.objects.get()
    late.posted_on = late.posted_on + datetime.timedelta(days=7)
    late.save()
    response = client.get(url("notice_board"))
    assert response.context["entries"][0]["late"]
    assert "anslaget för sent" in response.content.decode()
