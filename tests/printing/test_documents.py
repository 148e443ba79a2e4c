"""The officer report and the memorandum printed: laid out like the city's own
documents (seeds 003, 004 and 000), without the site's chrome, as PDF/A with a
Swedish file name, for exactly those who may read them (R76, R78, R79)."""

import datetime
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casework.directory import services as directory
from casework.meetings.models import Statement
from casework.meetings.services import meetings as meeting_services
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import signing
from casework.meetings.services import statements as statement_services
from casework.referrals import memoranda
from tests.meetings.conftest import seat
from tests.printing.conftest import pdf_bookmarks, pdf_metadata, pdf_streams
from tests.referrals.test_views import TRAFFIC_CLAUSE
from tests.workflows.test_referral_flow import plan_meeting

pytestmark = pytest.mark.django_db

CHROME = ('class="site-header"', 'class="site-nav"', 'class="breadcrumbs', "<footer")


def url(name, *args):
    return reverse(f"referrals:{name}", args=args)


def page_of(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def without_chrome(page: str) -> bool:
    return not [mark for mark in CHROME if mark in page]


def quoted(name: str) -> str:
    """``name`` as Content-Disposition's filename* writes it (RFC 5987)."""
    return quote(name)


def in_order(page: str, texts: list[str]) -> bool:
    """Whether the document (after the page's tools) shows ``texts`` in order."""
    document = page[page.index("<article") :]
    positions = [document.index(text) for text in texts]
    return positions == sorted(positions)


# --- the officer report ----------------------------------------------------------


def test_the_printed_report_has_no_site_chrome_and_no_inline_style(
    client, trn_answered, karin
):
    """R78: only the document; the print style sheet is a static file, so the
    Content-Security-Policy stays strict."""
    client.force_login(karin)
    response = client.get(url("report_print", trn_answered.pk))
    page = response.content.decode()
    assert without_chrome(page)
    assert "<style" not in page and "style=" not in page
    assert "/static/css/print.css" in page
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_printed_report_is_laid_out_like_the_departments_template(
    client, trn_answered, karin
):
    """Seed 003: department, "Tjänsteutlåtande", Dnr, case officer, addressee
    and date, title, the proposal, the head's signature, the sections."""
    page = page_of(client, karin, url("report_print", trn_answered.pk))
    order = [
        "Trafikkontoret",
        "Tjänsteutlåtande",
        f"Dnr {trn_answered.case.registration_number}",
        "Handläggare",
        "Karin Dhakal",
        "Till",
        "Trafiknämnden",
        "2016-09-22",
        "<h1>Internationell strategi för Stockholms stad.",
        "Förslag till beslut",
        TRAFFIC_CLAUSE,
        "Jonas Eliasson",
        "Förvaltningschef",
        "Sammanfattning",
    ]
    assert in_order(page, order)


def test_the_report_pdf_is_an_archival_pdf_named_after_the_dnr(
    client, trn_answered, karin
):
    client.force_login(karin)
    response = client.get(url("report_pdf", trn_answered.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    dnr = trn_answered.case.registration_number
    name = f"Tjänsteutlåtande {dnr.replace('/', '-')}.pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quoted(name)}"
    )
    metadata = pdf_metadata(response.content)
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="U"' in metadata
    assert f"Tjänsteutlåtande {dnr}" in metadata
    assert "Förslag till beslut" in pdf_bookmarks(response.content)
    # the page's own links (back to the report, the PDF) are not in the PDF
    assert not any(b"/URI" in stream for stream in pdf_streams(response.content))


def test_a_draft_report_is_printed_only_for_its_department_R78(
    client, trn_draft, karin, secretary, anders
):
    """rules.md (d), TU_UTKAST: the committee's secretary and another
    department's staff get 404 on the draft, printed or as PDF."""
    for user in (secretary, anders):
        client.force_login(user)
        for name in ("report_print", "report_pdf"):
            assert client.get(url(name, trn_draft.pk)).status_code == 404, name
    client.force_login(karin)
    response = client.get(url("report_pdf", trn_draft.pk))
    assert response.status_code == 200
    assert "Utkast" in pdf_metadata(response.content)


def test_the_report_page_offers_print_and_pdf(client, trn_draft, karin):
    page = page_of(client, karin, url("report_detail", trn_draft.pk))
    assert url("report_print", trn_draft.pk) in page
    assert url("report_pdf", trn_draft.pk) in page
    assert "Skriv ut" in page and "Ladda ned som PDF" in page


# --- the memorandum ---------------------------------------------------------------


def test_the_printed_memorandum_is_laid_out_like_the_seed(
    client, memorandum, slk_officer
):
    """Seed 000: "PM … (Dnr …)", the title, the proposal, "Föredragande
    borgarrådet … anför följande.", the sections, place and name."""
    page = page_of(client, slk_officer, url("memorandum_print", memorandum.pk))
    assert without_chrome(page)
    assert "<style" not in page and "style=" not in page
    dnr = memorandum.case.registration_number
    order = [
        f"{memorandum.designation} (Dnr {dnr})",
        "<h1>Internationell strategi för Stockholms stad</h1>",
        "Förslaget godkänns.",
        "Föredragande borgarrådet Sten Nordin anför följande.",
        "Ärendet",
        memorandum.matter,
        "Beredning",
        "Trafiknämnden tillstyrker.",
        "<p>Stockholm",
        "STEN NORDIN",
    ]
    assert in_order(page, order)


def test_the_memorandum_pdf_is_named_after_its_designation(
    client, memorandum, slk_officer
):
    client.force_login(slk_officer)
    response = client.get(url("memorandum_pdf", memorandum.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = f"Promemoria {memorandum.designation}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert memorandum.case.registration_number in pdf_metadata(response.content)


def test_the_draft_memorandum_is_printed_only_for_those_who_may_read_it(
    client, memorandum, karin, mp_secretary, auditor
):
    """rules.md (d): a draft memorandum is read by those drafting it, not by
    trafikkontoret's staff, a party secretary or, before it is official, the
    auditor: each gets 404."""
    for user in (karin, mp_secretary, auditor):
        client.force_login(user)
        for name in ("memorandum_print", "memorandum_pdf"):
            assert client.get(url(name, memorandum.pk)).status_code == 404, name
    client.force_login(karin)
    assert client.get(url("memorandum_print", 999999)).status_code == 404


def ks_members(city, parties, actor):
    """Kommunstyrelsen's chair (M) and two members (S), with seats."""
    people = []
    for index, (role, party) in enumerate(
        [("chair", parties.m), ("member", parties.s), ("member", parties.s)], start=1
    ):
        person = directory.create_person(
            first_name=f"Ledamot{index}", last_name="KS", actor=actor, reason="x"
        )
        seat(person, city.ks, role, party, actor)
        people.append(person)
    return people


def test_the_printed_memorandum_follows_the_boards_approved_decision(
    client, memorandum, city, parties, ks_secretary, slk_officer, system_user
):
    """Seed 000: after the rapporteur's text, each body's decision and the
    reservations in its approved minutes; nothing of a meeting whose minutes
    are not approved."""
    members = ks_members(city, parties, system_user)
    meeting = plan_meeting(city.ks, members, ks_secretary)
    item = memoranda.put_memorandum_on_agenda(
        memorandum=memorandum, meeting=meeting, actor=ks_secretary, reason="x"
    )
    meeting_services.open_meeting(
        meeting=meeting,
        minutes_checkers=[members[1]],
        approval_due_at=timezone.now() - datetime.timedelta(minutes=1),
        actor=ks_secretary,
        reason="x",
    )
    meeting_services.open_item(item=item, actor=ks_secretary, reason="x")
    meeting_services.decide(
        item=item,
        decision_text="Kommunstyrelsen godkänner förslaget.",
        actor=ks_secretary,
        reason="x",
    )
    statement_services.announce_statement(
        item=item,
        kind=Statement.Kind.RESERVATION,
        party=parties.s,
        signatories=members[1:],
        actor=ks_secretary,
        reason="x",
    )
    meeting_services.close_meeting(meeting=meeting, actor=ks_secretary, reason="x")
    minutes = minutes_services.draw_up_minutes(
        meeting=meeting, actor=ks_secretary, reason="x"
    )
    address = url("memorandum_print", memorandum.pk)
    assert "Kommunstyrelsen godkänner" not in page_of(client, slk_officer, address)
    for person in members[:2]:
        signing.record_paper_signature(
            minutes=minutes,
            person=person,
            signed_on=timezone.localdate(),
            reference="Pärm 1",
            actor=ks_secretary,
            reason="x",
        )
    page = page_of(client, slk_officer, address)
    assert in_order(
        page,
        [
            "STEN NORDIN",
            "Kommunstyrelsen</h2>",
            "Kommunstyrelsen godkänner förslaget.",
            "Reservation anfördes av Ledamot2 KS och Ledamot3 KS (båda S).",
        ],
    )
