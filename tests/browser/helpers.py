"""What every journey does on every page: log in by typing, and check the page.

``check_page`` runs axe-core (0 violations of any impact), asserts that the page
does not scroll sideways at its width, and that the Content Security Policy
blocked nothing on it. Call it after every navigation.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}

# Recorded by the browser before any script of the page runs.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations = window.__cspViolations || [];
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

_axe = Axe()


def axe_violations(page: Page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def sideways_overflow(page: Page) -> int:
    """How many pixels the document is wider than the viewport."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_page(page: Page) -> None:
    page.wait_for_load_state("load")
    where = page.url
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n" + "\n".join(violations)
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{where} scrolls sideways by {overflow} px"
    blocked = page.evaluate("window.__cspViolations || []")
    assert not blocked, f"the Content Security Policy blocked on {where}: {blocked}"


def log_in(page: Page, username: str, password: str) -> None:
    """From the start page, log in as ``username`` by typing in the form."""
    page.goto("/")
    check_page(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    check_page(page)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()


def check_at_390_px(page: Page) -> None:
    """Check the page at a phone's width too, then go back to the desktop's."""
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    check_page(page)
    page.set_viewport_size(before)


def open_under_meetings(page: Page, link: str) -> None:
    """From the main menu's Sammanträden, follow one of the page's links (the
    delegation orders, delegated decisions, chair decisions, motions)."""
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sammanträden"
    ).click()
    check_page(page)
    page.get_by_role("main").get_by_role("link", name=link, exact=True).click()
    check_page(page)
