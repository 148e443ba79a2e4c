"""At 390 px wide every main page fits: no sideways scrolling, the whole menu
reachable, and axe-core finds nothing (issue 9: the case page was 1 058 px
wide and the menu cut off)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, check_page, log_in

MENU = ["Mina uppgifter", "Uppgifter att ta", "Ärenden", "Remisser", "Sammanträden"]


def visit_menu(page, names):
    menu = page.get_by_role("navigation", name="Huvudmeny")
    for name in names:
        link = menu.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        link.click()
        check_page(page)


@pytest.mark.parametrize(
    "username, extra",
    [
        ("registrator", []),
        ("karin.dhakal", []),
        ("sekreterare.trn", []),
        ("partisekreterare.s", ["Våra uttalanden"]),
        ("revisor", ["Granskning"]),
    ],
)
def test_the_main_pages_fit_a_390_px_screen(page, demo, username, extra):
    page.set_viewport_size(PHONE)
    log_in(page, username, demo.password)
    visit_menu(page, MENU + extra)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Ärenden", exact=True
    ).click()
    cases = page.locator("main table a")
    if cases.count():
        cases.first.click()
        check_page(page)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        documents = page.locator("main table a[href*='/handlingar/']")
        if documents.count():
            documents.first.click()
            check_page(page)


def test_the_registration_form_fits_a_390_px_screen(page, demo):
    page.set_viewport_size(PHONE)
    log_in(page, "registrator", demo.password)

    page.get_by_role("link", name="Registrera ett ärende").click()

    check_page(page)
    expect(page.get_by_label("Klassificeringskod")).to_be_visible()
