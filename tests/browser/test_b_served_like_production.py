"""The demo server serves as production does (issue 9, `make run`): DEBUG off,
so an unknown address gets the Swedish "page not found" and not Django's
technical page listing every URL; static files under hashed names through
WhiteNoise, cached for good."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import check_page, log_in


def test_an_unknown_address_shows_the_swedish_page_not_found(page: Page, demo):
    log_in(page, "registrator", demo.password)

    response = page.goto("/finns-inte/")

    assert response.status == 404
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan hittades inte")
    body = page.content()
    assert "urlpatterns" not in body
    assert "Using the URLconf" not in body


def test_static_files_are_served_under_hashed_names_by_whitenoise(page: Page, demo):
    page.goto("/")
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    script = page.locator("script[src]").first.get_attribute("src")

    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheet)
    assert re.fullmatch(r"/static/js/site\.[0-9a-f]{12}\.js", script)
    response = page.request.get(stylesheet)
    assert response.ok
    assert "immutable" in response.headers["cache-control"]
