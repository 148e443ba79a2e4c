"""J5, continued: the secretary closes kommunstyrelsen's meeting of today and
draws up its minutes with the parties' reservation and special statement
(J4); from the time set for approval the chair and the two minutes checkers
approve the minutes, each logged in as themselves, and the case of the board's
remiss closes by itself — by clicks and typing from the start page only
(issue 9)."""

import datetime
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in, log_out
from tests.browser.test_j4_b_parties import RESERVATION_TEXT, STATEMENT_TEXT

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SIGNERS = ["hanna.exempelsson", "ivar.exempelsson", "oskar.exempelsson"]


def menu(page: Page, name: str):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name=name
    ).click()
    check_page(page)


def the_secretary_closes_the_meeting_and_draws_up_the_minutes(
    page: Page, demo
) -> datetime.datetime:
    """Returns the time set for approval, as the meeting page shows it."""
    log_in(page, "sekreterare.ks", demo.password)
    menu(page, "Sammanträden")
    page.get_by_role("row").filter(has_text="Kommunstyrelsen").filter(
        has_text="Pågående"
    ).get_by_role("link").first.click()
    check_page(page)
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    check_page(page)
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    check_page(page)
    expect(page.get_by_text("Sammanträdet är avslutat.")).to_be_visible()
    page.get_by_role("link", name="Upprätta protokollet").click()
    check_page(page)
    page.get_by_role("button", name="Upprätta protokollet").click()
    check_page(page)
    expect(page.get_by_text("Protokollet har upprättats.")).to_be_visible()
    due = re.search(
        r"Tid för justering av protokollet\s+(\d{4}-\d\d-\d\d \d\d:\d\d)",
        page.get_by_role("main").inner_text(),
    )
    assert due, page.get_by_role("main").inner_text()

    page.get_by_role("link", name="Protokollsutkastet").click()
    check_page(page)
    minutes = page.get_by_role("main")
    expect(minutes).to_contain_text(story.BOARD_DECISION)
    expect(minutes).to_contain_text("Ja 8, Nej 5, Avstår 0")
    expect(minutes).to_contain_text(
        "Reservation anfördes av Magnus Exempelsson och Oskar Exempelsson (båda M)"
    )
    expect(minutes).to_contain_text(RESERVATION_TEXT)
    expect(minutes).to_contain_text("Ivar Exempelsson och Sofia Exempelsson (båda S)")
    expect(minutes).to_contain_text(STATEMENT_TEXT)
    log_out(page)
    moment = datetime.datetime.strptime(due.group(1), "%Y-%m-%d %H:%M")
    return moment.replace(tzinfo=STOCKHOLM)


def wait_until(page: Page, moment: datetime.datetime):
    seconds = (moment - datetime.datetime.now(STOCKHOLM)).total_seconds()
    if seconds > 0:
        page.wait_for_timeout((seconds + 1) * 1000)


def approve_the_minutes(page: Page, demo, username: str):
    log_in(page, username, demo.password)
    menu(page, "Sammanträden")
    page.get_by_role(
        "link", name=re.compile(r"^Justera protokollet.*Kommunstyrelsen")
    ).click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Justera protokollet")
    page.get_by_role(
        "button", name="Jag justerar protokollet med ovanstående lydelse"
    ).click()
    check_page(page)
    log_out(page)


def test_j5_the_chair_and_checkers_approve_the_minutes_and_the_case_closes(
    page: Page, demo
):
    due = the_secretary_closes_the_meeting_and_draws_up_the_minutes(page, demo)
    wait_until(page, due)
    for username in SIGNERS:
        approve_the_minutes(page, demo, username)

    log_in(page, "handlaggare.slk", demo.password)
    page.get_by_label("Sök", exact=True).fill(story.BOARD_CASE_TITLE)
    page.get_by_role("button", name="Sök").click()
    check_page(page)
    page.get_by_role("row").filter(has_text=story.BOARD_CASE_TITLE).get_by_role(
        "link"
    ).first.click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.BOARD_CASE_TITLE)
    expect(page.get_by_role("main")).to_contain_text("Avslutat")
    documents = page.get_by_role("table", name=re.compile("^Handlingar i ärende"))
    expect(documents).to_contain_text("Protokollsutdrag")
