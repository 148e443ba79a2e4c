"""The minutes and the extract printed as a Stockholm protocol, on a page
without the site's chrome and as a PDF (KL 5:62–5:69, R16–R17, R24–R26)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.meetings import rendering
from casework.meetings.services import minutes as minutes_services
from casework.meetings.services import paragraphs, signing
from tests.meetings.test_views import login_for
from tests.printing.conftest import (
    DECISION,
    RESERVATION_CLAUSE,
    RESERVATION_TEXT,
    STATEMENT_TEXT,
    pdf_bookmarks,
    pdf_metadata,
)

pytestmark = pytest.mark.django_db

CHROME = ('class="site-header"', 'class="site-nav"', 'class="breadcrumbs', "<footer")


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def page_of(client, user, address) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def test_the_printed_minutes_have_no_site_chrome_and_no_inline_style(
    client, approved, meeting, karin
):
    page = page_of(client, karin, url("minutes_print", meeting.pk))
    assert not [mark for mark in CHROME if mark in page]
    assert "<style" not in page and "style=" not in page
    assert "/static/css/print.css" in page
    assert page.count("<h1") == 1


def test_the_printed_minutes_have_the_header_and_the_participants(
    client, approved, meeting, committee, karin
):
    """KL 5:62: body, date, time and place; the members deciding, the
    substitutes present and the secretary, each member with the party."""
    page = page_of(client, karin, url("minutes_print", meeting.pk))
    assert "Protokoll fört vid sammanträde med trafiknämnden" in page
    assert meeting.held_on.isoformat() in page
    assert "Fleminggatan 4" in page
    members = page[page.index("<h3>Ledamöter</h3>") : page.index("<h3>Ersättare")]
    assert "<li>Ledamot1 Exempel (MP), ordförande</li>" in members
    assert "<li>Ledamot13 Exempel (V)</li>" in members
    assert "Ledamot14" not in members
    assert "<li>Ledamot14 Exempel (MP)</li>" in page
    assert "Övriga närvarande" in page and ", sekreterare</li>" in page


def test_each_printed_paragraph_has_its_dnr_vote_decision_and_statements(
    client, approved, meeting, item, karin
):
    """R16–R17, R23: the paragraph with its Dnr, the named vote, the decision,
    the reservation with its clauses and the special statement of two members
    of one party ("båda S")."""
    page = page_of(client, karin, url("minutes_print", meeting.pk))
    assert f"§ 1 {item.title}" in page
    assert f"Dnr {item.case.registration_number}" in page
    assert "Bifall till förslaget mot återremiss" in page
    assert '<th scope="row">Ledamot13 Exempel</th><td>Nej</td>' in page
    assert DECISION in page
    assert "Reservation anfördes av Ledamot13 Exempel (V) enligt följande." in page
    assert f"1. {RESERVATION_CLAUSE}" in page and RESERVATION_TEXT in page
    assert (
        "Särskilt uttalande gjordes av Ledamot2 Exempel och Ledamot3 Exempel "
        "(båda S) enligt följande." in page
    )
    assert STATEMENT_TEXT in page


def test_the_printed_minutes_end_with_the_signatures_of_chair_and_checker(
    client, approved, meeting, karin
):
    """R24: the chair and the minutes checker, each with the day they signed."""
    page = page_of(client, karin, url("minutes_print", meeting.pk))
    signatures = page[page.index('id="minutes-signatures"') :]
    day = approved.approved_at.date().isoformat()
    assert "Ledamot1 Exempel</span>, ordförande" in signatures
    assert "Ledamot2 Exempel</span>, justerare" in signatures
    assert signatures.count(f'datetime="{day}"') == 2
    assert "Vid protokollet" in signatures


def test_draft_minutes_print_for_the_secretary_with_unsigned_signatures(
    client, drawn_up, meeting, secretary, karin
):
    """Before approval the draft is read by the secretary, chair and checkers
    only (TF 2:10)."""
    page = page_of(client, secretary, url("minutes_print", meeting.pk))
    assert "Utkast" in page and "Ej justerat" in page
    client.force_login(karin)
    assert client.get(url("minutes_print", meeting.pk)).status_code == 403
    assert client.get(url("minutes_pdf", meeting.pk)).status_code == 403


def test_an_outsider_gets_404_on_the_printed_minutes_and_their_pdf(
    client, approved, meeting, anders
):
    client.force_login(anders)
    for name in ("minutes_print", "minutes_pdf"):
        assert client.get(url(name, meeting.pk)).status_code == 404, name


def test_a_correction_the_sections_no_longer_match_is_printed_as_its_text(
    client, approved, meeting, secretary
):
    """R26: the printed minutes show what was approved, never a rendering that
    differs from it."""
    original = approved.versions.get()
    minutes_services.correct_minutes(
        minutes=approved,
        content=original.content + "Rättelse: Plats Fleminggatan 2.\n",
        note="Fel plats.",
        actor=secretary,
        reason="rättelse",
    )
    page = page_of(client, secretary, url("minutes_print", meeting.pk))
    assert "Rättelse: Plats Fleminggatan 2." in page and "Fel plats." in page
    assert 'class="stored-text"' in page
    first = page_of(client, secretary, url("minutes_print", meeting.pk) + "?version=1")
    assert 'class="stored-text"' not in first and 'id="minutes-signatures"' in first


def test_the_minutes_pdf_is_an_archival_pdf_named_in_swedish(
    client, approved, meeting, karin
):
    client.force_login(karin)
    response = client.get(url("minutes_pdf", meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    name = f"Protokoll Trafiknämnden {meeting.held_on:%Y-%m-%d}.pdf"
    assert (
        "filename*=utf-8''Protokoll%20Trafikn%C3%A4mnden"
        in response["Content-Disposition"]
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert (
        name.replace(" ", "%20").replace("ä", "%C3%A4")
        in response["Content-Disposition"]
    )
    metadata = pdf_metadata(pdf)
    assert 'pdfaid:part="3"' in metadata
    assert "Protokoll" in metadata and "Trafiknämnden" in metadata
    assert any(title.startswith("§ 1 ") for title in pdf_bookmarks(pdf))


def test_the_minutes_page_offers_print_and_pdf(client, approved, meeting, karin):
    page = page_of(client, karin, url("minutes_detail", meeting.pk))
    assert url("minutes_print", meeting.pk) in page
    assert url("minutes_pdf", meeting.pk) in page
    assert "Ladda ned som PDF" in page


# --- the extract ---------------------------------------------------------------


def test_the_printed_extract_has_the_paragraph_and_no_site_chrome(
    client, approved, item, karin
):
    page = page_of(client, karin, url("extract_print", item.pk))
    assert not [mark for mark in CHROME if mark in page]
    assert "<style" not in page and "style=" not in page
    assert "Utdrag ur protokoll från Trafiknämnden" in page
    assert f"Dnr {item.case.registration_number}" in page
    assert DECISION in page
    assert "Reservation anfördes av Ledamot13 Exempel (V)" in page
    assert "Ur det justerade protokollet" in page


def test_the_extract_pdf_names_the_paragraph_and_the_dnr(
    client, approved, item, karin, anders
):
    client.force_login(karin)
    response = client.get(url("extract_pdf", item.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    dnr = item.case.registration_number.replace("/", "-")
    disposition = response["Content-Disposition"]
    assert "Protokollsutdrag%20%C2%A7%201%20" in disposition
    assert dnr.replace(" ", "%20") in disposition
    assert item.case.registration_number in pdf_metadata(response.content)
    client.force_login(anders)
    assert client.get(url("extract_pdf", item.pk)).status_code == 404


def test_the_extract_page_offers_print_and_pdf(client, approved, item, karin):
    page = page_of(client, karin, url("extract_detail", item.pk))
    assert url("extract_print", item.pk) in page
    assert url("extract_pdf", item.pk) in page


def test_a_paragraph_approved_at_the_meeting_prints_for_everyone_who_sees_it_R25(
    client, statements, item, meeting, karin
):
    """R25: approved at the meeting, the paragraph is official before the
    minutes are; its extract is read and printed by everyone who sees the
    meeting, with the text that was approved."""
    client.force_login(karin)
    assert client.get(url("extract_print", item.pk)).status_code == 403
    text = minutes_services.paragraph_text(item)
    paragraphs.approve_paragraph_at_meeting(
        item=item, digest=rendering.digest(text), actor=meeting.secretary, reason="x"
    )
    page = page_of(client, karin, url("extract_print", item.pk))
    assert "Paragrafen justerades omedelbart" in page
    assert DECISION in page and RESERVATION_TEXT in page
    assert url("extract_detail", item.pk) in page_of(
        client, karin, url("item_detail", item.pk)
    )
    response = client.get(url("extract_pdf", item.pk))
    assert response["Content-Type"] == "application/pdf"


def test_a_signature_given_on_paper_is_printed_as_such_R27(
    client, drawn_up, committee, meeting, karin
):
    """R27: how a signature was given shows with it; one given on the approval
    page needs no note."""
    chair = login_for(committee.chair, "ordforande.print")
    signing.sign_minutes(minutes=drawn_up, actor=chair, reason="x")
    signing.record_paper_signature(
        minutes=drawn_up,
        person=committee.members[1],
        signed_on=timezone.localdate(),
        reference="Undertecknat protokoll, pärm 3.",
        actor=meeting.secretary,
        reason="x",
    )
    page = page_of(client, karin, url("minutes_print", meeting.pk))
    signatures = page[page.index('id="minutes-signatures"') :]
    chair, checker = signatures.split("justerare")
    assert "undertecknat på papper" not in chair
    assert "(undertecknat på papper, Undertecknat protokoll, pärm 3.)" in checker
