"""J6: the auditor finds the case the story began with (J1), reads its decision
timeline and its history of changes, and exports the history of its documents
as CSV and JSON — by clicks and typing from the start page only (issue 9)."""

import csv
import io
import json
import re

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in


def download_text(page: Page, link_name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return download.value.path().read_text(encoding="utf-8")


def test_j6_the_auditor_reads_the_cases_timeline_and_history_and_exports_it(
    page: Page, demo
):
    log_in(page, "revisor", demo.password)

    page.get_by_label("Sök", exact=True).fill(story.CASE_TITLE)
    # The committees' cases of the referral (J3) have the same title.
    page.get_by_label("Organ").select_option(label="Kommunstyrelsen")
    page.get_by_role("button", name="Sök").click()
    check_page(page)
    row = page.get_by_role("row").filter(has_text=story.CASE_TITLE)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    check_page(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(story.CASE_TITLE)
    number = re.search(r"\d{3}-\d+/\d{4}", heading.inner_text()).group(0)

    page.get_by_role("link", name="Ärendets gång").click()
    check_page(page)
    timeline = page.get_by_role("main")
    expect(timeline).to_contain_text("Ärendet registrerat")
    expect(timeline).to_contain_text(story.LETTER_TITLE)
    expect(timeline).to_contain_text(story.ANALYSIS_TITLE)

    page.get_by_role("link", name="Ärendets fullständiga ändringshistorik").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Stadsledningskontoret bereder ärendet."
    )

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Granskning"
    ).click()
    check_page(page)
    page.get_by_label("Poster").select_option(label="Handlingar")
    page.get_by_label("Diarienummer").fill(number)
    page.get_by_role("button", name="Visa").click()
    check_page(page)
    rows = page.get_by_role("table", name="Historikrader").locator("tbody tr")
    expect(rows.first).to_contain_text("Rolf Registrator")

    exported = list(csv.reader(io.StringIO(download_text(page, "Exportera som CSV"))))
    assert len(exported) >= 3, exported
    cells = [cell for line in exported[1:] for cell in line]
    assert any("Rolf Registrator" in cell for cell in cells), exported
    as_json = json.loads(download_text(page, "Exportera som JSON"))
    assert {row["record"] for row in as_json} == {"document"}
    assert len({row["record_id"] for row in as_json}) >= 2
