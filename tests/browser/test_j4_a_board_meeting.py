"""J5, first part: at kommunstyrelsen. The KS case officer reads the answer
dashboard of the board's remiss (every recipient with its state), compiles the
answers, writes the rapporteur commissioner's memorandum, views it, opens its
print view and downloads its PDF. The secretary of the preparatory body and the
board plans both meetings for today, puts the memorandum on the agenda of each,
calls kommunstyrelsen, opens the meeting, records a motion, a named vote and
the decision — by clicks and typing from the start page only (issue 9).

The parties' reservations and statements follow (J4, ``test_j4_b_…``); the
minutes are drawn up and approved after them (``test_j5_…``)."""

import datetime
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in, log_out

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def menu(page: Page, name: str):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name=name
    ).click()
    check_page(page)


def open_the_board_referral(page: Page):
    menu(page, "Remisser")
    row = page.get_by_role("row").filter(has_text=story.BOARD_CASE_TITLE)
    row.get_by_role("link").first.click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.BOARD_CASE_TITLE)


def the_case_officer_compiles_the_answers_and_writes_the_memorandum(page, demo):
    log_in(page, "handlaggare.slk", demo.password)
    menu(page, "Mina uppgifter")
    task = page.get_by_role("row").filter(has_text=story.BOARD_CASE_TITLE)
    expect(task).to_contain_text("Sammanställ svaren")

    open_the_board_referral(page)
    page.get_by_role("link", name="Svaren", exact=True).click()
    check_page(page)
    answers = page.get_by_role("table", name=re.compile("ställningstagande"))
    for recipient, state in story.BOARD_RECIPIENTS.items():
        expect(answers.get_by_role("row").filter(has_text=recipient)).to_contain_text(
            state
        )

    menu(page, "Mina uppgifter")
    page.get_by_role("row").filter(has_text=story.BOARD_CASE_TITLE).get_by_role(
        "link", name="Sammanställ svaren"
    ).click()
    check_page(page)
    summary = page.get_by_label(re.compile("^Sammanställning"))
    expect(summary).to_contain_text("Trafiknämnden har svarat med synpunkter")
    page.get_by_role("button", name="Spara sammanställningen").click()
    check_page(page)
    expect(page.get_by_text("Svaren har sammanställts.")).to_be_visible()

    # Writing the memorandum is the case officer's next step: she lands on it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv promemorian")
    page.get_by_label("Rubrik").fill(story.BOARD_CASE_TITLE)
    page.get_by_role("combobox", name=re.compile("^Rotel")).select_option(
        label="Rotel I – Finansroteln"
    )
    page.get_by_label("Rotelbeteckning").fill("I")
    page.get_by_label("Föredragande borgarråd").select_option(label=story.RAPPORTEUR)
    page.get_by_label(re.compile("^Förslag till beslut")).fill(
        "\n".join(story.MEMORANDUM_CLAUSES)
    )
    page.get_by_label("Borgarrådets synpunkter").fill(
        "Remissinstanserna ställer sig bakom förslaget."
    )
    page.get_by_role("button", name="Skriv promemorian").click()
    check_page(page)

    expect(page.get_by_text("Promemorian har skrivits.")).to_be_visible()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text(story.BOARD_CASE_TITLE)
    expect(main).to_contain_text(story.RAPPORTEUR)
    for clause in story.MEMORANDUM_CLAUSES:
        expect(main).to_contain_text(clause)

    page.get_by_role("link", name="Utskriftsversion").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(story.BOARD_CASE_TITLE)
    expect(page.get_by_role("main")).to_contain_text(story.MEMORANDUM_CLAUSES[0])
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    page.go_back()
    check_page(page)
    log_out(page)


def plan_a_meeting_today(page: Page, body: str, starts_at: str) -> str:
    menu(page, "Sammanträden")
    page.get_by_role("link", name="Planera ett sammanträde").click()
    check_page(page)
    today = datetime.datetime.now(STOCKHOLM).date().isoformat()
    page.get_by_label("Organ").select_option(label=body)
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Starttid").fill(starts_at)
    page.get_by_label("Plats").fill("Stadshuset")
    page.get_by_label("Ordförande").select_option(label=story.RAPPORTEUR)
    page.get_by_role("button", name="Planera sammanträdet").click()
    check_page(page)
    expect(page.get_by_text("Sammanträdet har planerats.")).to_be_visible()
    return f"{body} {today}"


def put_the_memorandum_on_the_agenda(page: Page, meeting: str):
    open_the_board_referral(page)
    page.get_by_role("link", name=re.compile("^Promemorian")).click()
    check_page(page)
    page.get_by_role("link", name="För upp på föredragningslistan").click()
    check_page(page)
    page.get_by_label("Sammanträde").select_option(label=meeting)
    page.get_by_role("button", name="För upp på föredragningslistan").click()
    check_page(page)
    expect(page.get_by_text("Promemorian har förts upp")).to_be_visible()


def approval_time() -> str:
    """The time for approval of the minutes, a few minutes from now: the
    parties hand in their texts before it, the minutes are approved from it."""
    earliest = datetime.datetime.now(STOCKHOLM) + story.TIME_TO_HAND_IN
    due = earliest.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return due.strftime("%Y-%m-%dT%H:%M")


def the_secretary_holds_the_boards_meeting_to_its_decision(page, demo):
    log_in(page, "sekreterare.ks", demo.password)
    preparatory = plan_a_meeting_today(page, "Borgarrådsberedningen", "09:00")
    put_the_memorandum_on_the_agenda(page, preparatory)
    board = plan_a_meeting_today(page, "Kommunstyrelsen", "10:00")
    put_the_memorandum_on_the_agenda(page, board)
    expect(page.get_by_role("main")).to_contain_text("Borgarrådsberedningen")

    menu(page, "Sammanträden")
    page.get_by_role("row").filter(has_text="Kommunstyrelsen").filter(
        has_text="Planerat"
    ).filter(has_text="kl. 10.00").get_by_role("link").first.click()
    check_page(page)
    page.get_by_role("link", name="Skicka kallelse till sammanträdet").click()
    check_page(page)
    page.get_by_role("button", name="Anteckna kallelsen som skickad").click()
    check_page(page)
    expect(page.get_by_text("Kallelse skickad")).to_be_visible()

    page.get_by_role("link", name="Lägg till deltagare").click()
    check_page(page)
    for person in page.locator("input[name=people]").all():
        person.check()
    page.get_by_role("button", name="Lägg till").click()
    check_page(page)

    page.get_by_role("link", name="Öppna sammanträdet").click()
    check_page(page)
    page.get_by_label("Ivar Exempelsson").check()
    page.get_by_label("Oskar Exempelsson").check()
    page.get_by_label(re.compile("^Tid för justering")).fill(approval_time())
    page.get_by_role("button", name="Öppna sammanträdet").click()
    check_page(page)
    expect(page.get_by_text("Sammanträdet är öppnat.")).to_be_visible()

    page.get_by_role("link", name=story.BOARD_CASE_TITLE).first.click()
    check_page(page)
    page.get_by_role("link", name="Öppna punkten").click()
    check_page(page)
    page.get_by_role("button", name="Öppna punkten").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("§ 1")

    page.get_by_role("link", name="Anteckna ett yrkande").click()
    check_page(page)
    page.get_by_label("Yrkande av").select_option(
        label="Magnus Exempelsson (M), vice ordförande"
    )
    page.get_by_label(re.compile(r"^Yrkande \(")).fill("Avslag på förslaget.")
    page.get_by_role("button", name="Anteckna yrkandet").click()
    check_page(page)

    page.get_by_role("link", name="Votering med namnupprop").click()
    check_page(page)
    page.get_by_label("Proposition").fill("Bifall till förslaget mot avslag")
    page.get_by_label("Ja innebär").fill("Bifall till förslaget")
    page.get_by_label("Nej innebär").fill("Avslag")
    for vote in page.get_by_role("main").get_by_role("combobox").all():
        voter = vote.evaluate("element => element.labels[0].innerText").split()[0]
        vote.select_option(label="Nej" if voter in story.VOTING_NO else "Ja")
    page.get_by_role("button", name="Anteckna voteringen").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("8 ja, 5 nej, 0 avstår")

    page.get_by_role("link", name="Anteckna beslutet").click()
    check_page(page)
    page.get_by_label(re.compile("^Beslut")).fill(story.BOARD_DECISION)
    page.get_by_role("button", name="Anteckna beslutet").click()
    check_page(page)
    expect(page.get_by_text("Beslutet har antecknats.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Beslutat")
    log_out(page)


def test_j5_the_board_compiles_the_answers_and_decides_on_the_memorandum(
    page: Page, demo
):
    the_case_officer_compiles_the_answers_and_writes_the_memorandum(page, demo)
    the_secretary_holds_the_boards_meeting_to_its_decision(page, demo)
