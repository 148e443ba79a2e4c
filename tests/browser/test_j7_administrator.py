"""J7: the system administrator lifts a log-in lock (issue 10, point 4).

A member of exploateringsnämnden whom no other chapter signs in types a wrong
password five times: the account is locked, and the right password is refused
while it is. The system administrator finds the lock from the start page by
clicking, lifts it with a reason, and the member logs in. The lock is lifted
and the member's failures are cleared, so the chapter leaves no lock behind;
the server's database is new for every run.
"""

from playwright.sync_api import Page, expect

from tests.browser.helpers import check_at_390_px, check_page, log_in, log_out

HOLDER = "viktor.fiktivsson"
ADMINISTRATOR = "it.forvaltare"
REASON = "Viktor Fiktivsson ringde från sitt registrerade nummer; identiteten är kontrollerad."
LOCKED = "Inloggningen är spärrad"


def try_to_log_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    check_page(page)


def test_j7_a_locked_out_member_is_let_in_again_by_the_system_administrator(
    page: Page, demo
):
    page.goto("/")
    check_page(page)
    for attempt in range(1, 5):
        try_to_log_in(page, HOLDER, f"fel-losenord-{attempt}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    try_to_log_in(page, HOLDER, "fel-losenord-5")
    expect(page.get_by_role("heading", level=1)).to_have_text(LOCKED)
    expect(page.get_by_role("alert")).to_contain_text("upp till 15 minuter")
    check_at_390_px(page)

    # While locked, the right password is refused with the same page.
    page.get_by_role("link", name="Tillbaka till inloggningssidan").click()
    check_page(page)
    try_to_log_in(page, HOLDER, demo.password)
    expect(page.get_by_role("heading", level=1)).to_have_text(LOCKED)
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)

    log_in(page, ADMINISTRATOR, demo.password)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Spärrade inloggningar"
    ).click()
    check_page(page)
    check_at_390_px(page)
    locks = page.get_by_role("table", name="Gällande spärrar")
    row = locks.get_by_role("row").filter(has_text=HOLDER)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Konto")
    row.get_by_role("link", name=f"Lås upp {HOLDER}").click()
    check_page(page)
    check_at_390_px(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lås upp {HOLDER}")

    # A reason is required: the form says so instead of lifting the lock.
    page.get_by_role("button", name="Lås upp").click()
    check_page(page)
    expect(page.get_by_role("main")).to_contain_text("Detta fält måste fyllas i.")
    page.get_by_label("Skäl").fill(REASON)
    page.get_by_role("button", name="Lås upp").click()
    check_page(page)
    expect(page.get_by_text("Spärren är hävd.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Inget konto och ingen adress är spärrad."
    )
    log_out(page)

    log_in(page, HOLDER, demo.password)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    log_out(page)
