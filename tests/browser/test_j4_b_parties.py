"""J4: the party secretaries at kommunstyrelsen's meeting of today (after the
decision of ``test_j4_a_…``, before the meeting closes). Moderaterna's
secretary announces a reservation for the vice chair, adds a co-signatory and
writes its own clauses; Socialdemokraternas secretary announces a special
statement with two signatories of the party, shown "(båda S)"; both hand in
their texts. Another party's secretary who is given the address of a draft gets
the Swedish "page not found" — by clicks and typing from the start page only,
but for that one address (issue 9)."""

import re

from playwright.sync_api import Page, expect

from tests.browser import story
from tests.browser.helpers import check_page, log_in, log_out

RESERVATION_CLAUSES = ["avslå förslaget", "återremittera ärendet till kontoret"]
RESERVATION_TEXT = "Riktlinjerna saknar en beräkning av vad de kostar."
STATEMENT_TEXT = (
    "Vi vill att trafiknämnden särskilt prövar fler platser för lastcyklar vid "
    "bytespunkterna."
)


def the_boards_decided_item(page: Page):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sammanträden"
    ).click()
    check_page(page)
    page.get_by_role("row").filter(has_text="Kommunstyrelsen").filter(
        has_text="Pågående"
    ).get_by_role("link").first.click()
    check_page(page)
    page.get_by_role("link", name=f"§ 1 {story.BOARD_CASE_TITLE}").click()
    check_page(page)


def announce(page: Page, *, kind: str, party: str, signatories: list[str]):
    the_boards_decided_item(page)
    page.get_by_role("link", name="Anmäl reservation eller uttalande").click()
    check_page(page)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Parti").select_option(label=party)
    for signatory in signatories:
        page.get_by_label(signatory).check()
    page.get_by_role("button", name="Anmäl").click()
    check_page(page)
    expect(page.get_by_text("Uttalandet har anmälts.")).to_be_visible()


def write(page: Page, *, introduction: str = "", clauses=(), text: str = ""):
    page.get_by_role("link", name="Skriv uttalandet").click()
    check_page(page)
    page.get_by_label("Inledning").fill(introduction)
    page.get_by_label("Att-satser").fill("\n".join(clauses))
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Spara").click()
    check_page(page)
    expect(page.get_by_text("Utkastet har sparats.")).to_be_visible()


def hand_in(page: Page):
    page.get_by_role("link", name="Lämna in uttalandet").click()
    check_page(page)
    page.get_by_role("button", name="Lämna in", exact=True).click()
    check_page(page)


def another_party_gets_page_not_found(page: Page, demo, username: str, url: str):
    log_in(page, username, demo.password)
    page.goto(url)
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan hittades inte")
    log_out(page)


def test_j4_party_secretaries_write_a_reservation_and_a_special_statement(
    page: Page, demo
):
    log_in(page, "partisekreterare.m", demo.password)
    announce(
        page,
        kind="Reservation",
        party="Moderaterna (M)",
        signatories=["Magnus Exempelsson (M), vice ordförande"],
    )
    reservation_url = page.url
    page.get_by_role("link", name="Lägg till en undertecknare").click()
    check_page(page)
    page.get_by_label("Person").select_option(label="Oskar Exempelsson (M), ledamot")
    page.get_by_role("button", name="Lägg till").click()
    check_page(page)
    write(
        page,
        introduction="Vi föreslår kommunstyrelsen besluta att",
        clauses=RESERVATION_CLAUSES,
        text=RESERVATION_TEXT,
    )
    wording = page.get_by_role("main")
    expect(wording).to_contain_text(
        "Reservation anfördes av Magnus Exempelsson och Oskar Exempelsson (båda M)"
    )
    comparison = page.get_by_role("table", name=re.compile("att-sats"))
    for clause in RESERVATION_CLAUSES:
        expect(comparison).to_contain_text(clause)
    expect(comparison).to_contain_text("Avviker från förslaget")
    log_out(page)

    another_party_gets_page_not_found(
        page, demo, "partisekreterare.mp", reservation_url
    )

    log_in(page, "partisekreterare.s", demo.password)
    announce(
        page,
        kind="Särskilt uttalande",
        party="Socialdemokraterna (S)",
        signatories=["Ivar Exempelsson (S), ledamot", "Sofia Exempelsson (S), ledamot"],
    )
    statement_url = page.url
    write(page, text=STATEMENT_TEXT)
    expect(page.get_by_role("main")).to_contain_text(
        "Ivar Exempelsson och Sofia Exempelsson (båda S)"
    )
    hand_in(page)
    expect(page.get_by_role("main")).to_contain_text("Inlämnat")
    log_out(page)

    another_party_gets_page_not_found(page, demo, "partisekreterare.v", statement_url)

    log_in(page, "partisekreterare.m", demo.password)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Våra uttalanden"
    ).click()
    check_page(page)
    page.get_by_role("row").filter(has_text="Reservation (M)").get_by_role(
        "link", name=f"§ 1 {story.BOARD_CASE_TITLE}"
    ).click()
    check_page(page)
    hand_in(page)
    expect(page.get_by_role("main")).to_contain_text("Inlämnat")
    log_out(page)
