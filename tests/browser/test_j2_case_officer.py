"""J2: kommunstyrelsen's case officer finds the case J1 registered and sends it
on remiss to three committees with one deadline and both documents; choosing
the confidential one warns and needs her confirmation — by clicks and typing
from the start page only (issue 9)."""

import datetime
import re

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in


def test_j2_the_case_officer_sends_the_case_on_remiss_to_three_committees(
    page: Page, demo
):
    log_in(page, "handlaggare.slk", demo.password)

    row = page.get_by_role("row").filter(has_text=story.CASE_TITLE)
    expect(row).to_contain_text(story.CASE_OFFICER)
    row.get_by_role("link").first.click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.CASE_TITLE)

    page.get_by_role("link", name="Skicka på remiss").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Förbered en remiss")
    warning = page.get_by_role("note")
    expect(warning).to_contain_text("Sekretessmarkerade handlingar")
    expect(warning).to_contain_text(story.ANALYSIS_TITLE)

    page.get_by_label("Vad svaret gäller").fill(story.REFERRAL_QUESTION)
    deadline = datetime.date.today() + datetime.timedelta(weeks=story.REFERRAL_WEEKS)
    page.get_by_label("Svar senast").fill(deadline.isoformat())
    for committee in story.COMMITTEES:
        page.get_by_label(committee, exact=True).check()
    page.get_by_label(story.LETTER_TITLE).check()
    page.get_by_label(story.ANALYSIS_TITLE).check()
    page.get_by_role("button", name="Förbered").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Skicka med de valda sekretessmarkerade handlingarna"
    )
    expect(page).to_have_title(re.compile("^Fel:"))

    page.get_by_label("Skicka med de valda sekretessmarkerade handlingarna").check()
    page.get_by_role("button", name="Förbered").click()
    check_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Skicka remissen")
    recipients = (
        page.get_by_role("main")
        .get_by_role("list")
        .filter(has_text=story.COMMITTEES[0])
    )
    for committee in story.COMMITTEES:
        expect(recipients).to_contain_text(committee)
    page.get_by_role("button", name="Skicka remissen").click()
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Remissen har skickats")
    for registrar in ("Tor Exempel", "Elsa Exempel", "Stina Exempel"):
        expect(page.get_by_role("main")).to_contain_text(
            re.compile(rf"Nästa steg: Registrera remissen, .*\({registrar}\)")
        )
