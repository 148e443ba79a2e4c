"""J1: the registrar at stadsledningskontoret registers a case in kommunstyrelsen's
register (the classification code taken from the register's plan), registers two
incoming documents with their files, marks one confidential and assigns a case
officer — by clicks and typing from the start page only (issue 9)."""

import re

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in


def register_incoming_document(page: Page, *, title, sender, file_name):
    page.get_by_role("link", name="Registrera en handling").click()
    check_page(page)
    page.get_by_label("Inkommen", exact=True).check()
    page.get_by_label("Avsändare eller mottagare").fill(sender)
    page.get_by_label(re.compile("^Beskrivning")).fill(title)
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Fil").set_input_files(
        {
            "name": file_name,
            "mimeType": "application/pdf",
            "buffer": story.small_pdf(title[:40]),
        }
    )
    page.get_by_role("button", name="Registrera handlingen").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("link", name=file_name)).to_be_visible()


def back_to_the_case(page: Page, number: str):
    page.get_by_role("navigation", name="Brödsmulor").get_by_role(
        "link", name=number, exact=True
    ).click()
    check_page(page)


def test_j1_a_registrar_registers_a_case_with_documents_and_a_case_officer(
    page: Page, demo
):
    log_in(page, "registrator", demo.password)

    page.get_by_role("link", name="Registrera ett ärende").click()
    check_page(page)
    page.get_by_label("Diarium").select_option(label="Kommunstyrelsens diarium")
    codes = page.get_by_label("Klassificeringskod")
    expect(codes.locator("option", has_text=story.CLASSIFICATION)).to_have_count(1)
    codes.select_option(story.CLASSIFICATION)
    page.get_by_label("Rubrik").fill(story.CASE_TITLE)
    page.get_by_role("button", name="Registrera ärendet").click()
    check_page(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(story.CASE_TITLE)
    number = re.search(rf"{story.CLASSIFICATION}-\d+/\d{{4}}", heading.inner_text())
    assert number, heading.inner_text()
    number = number.group(0)

    register_incoming_document(
        page,
        title=story.LETTER_TITLE,
        sender=story.LETTER_SENDER,
        file_name="skrivelse.pdf",
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="skrivelse.pdf").click()
    assert download.value.suggested_filename == "skrivelse.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    back_to_the_case(page, number)
    register_incoming_document(
        page,
        title=story.ANALYSIS_TITLE,
        sender=story.ANALYSIS_SENDER,
        file_name="sakerhetsanalys.pdf",
    )
    page.get_by_role("link", name="Sekretessmarkera").click()
    check_page(page)
    page.get_by_label("Bestämmelse").fill(story.ANALYSIS_PROVISION)
    page.get_by_label("Myndighet").select_option(label="Kommunstyrelsen")
    page.get_by_role("button", name="Registrera markeringen").click()
    check_page(page)
    expect(page.get_by_text(story.ANALYSIS_PROVISION).first).to_be_visible()

    back_to_the_case(page, number)
    page.get_by_role("link", name="Utse handläggare").click()
    check_page(page)
    page.get_by_label("Handläggare").select_option(label=story.CASE_OFFICER)
    page.get_by_label("Skäl").fill("Stadsledningskontoret bereder ärendet.")
    page.get_by_role("button", name="Utse").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.CASE_TITLE)
    expect(page.get_by_text(story.CASE_OFFICER).first).to_be_visible()
    documents = page.get_by_role("table", name=f"Handlingar i ärende {number}")
    letter = documents.get_by_role("row").filter(has_text=story.LETTER_TITLE)
    analysis = documents.get_by_role("row").filter(has_text=story.ANALYSIS_TITLE)
    expect(letter).to_contain_text("Inkommen")
    expect(letter).not_to_contain_text("Sekretessmarkerad")
    expect(analysis).to_contain_text("Sekretessmarkerad")
