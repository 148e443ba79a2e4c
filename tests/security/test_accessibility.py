"""Every page the URL matrix lets a role read is built for keyboards and screen
readers: the language is declared, a skip link leads to the main content, there
is one top heading and the levels do not jump, every form control has a name,
every image a text and every table header cells. Figure: pages and
renderings checked, problems (0)."""

from html.parser import HTMLParser

import pytest

from tests.security.conftest import clients_for, report
from tests.security.test_xss import fetch, readable_pages

pytestmark = pytest.mark.django_db

UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """What the checks need from one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.images_without_text = 0
        self.tables = 0
        self.header_cells = 0
        self.skip_targets: list[str] = []
        self._label_depth = 0
        self._svg_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "svg":
            self._svg_depth += 1
        if self._svg_depth:
            return
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in {"input", "select", "textarea"}:
            if attributes.get("type", "text") not in UNNAMED_TYPES:
                self.controls.append(
                    {**attributes, "_tag": tag, "_wrapped": self._label_depth > 0}
                )
        elif tag == "img" and attributes.get("alt") is None:
            self.images_without_text += 1
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.header_cells += 1
        elif tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.skip_targets.append(attributes["href"][1:])

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        elif tag == "label" and self._label_depth:
            self._label_depth -= 1


def _named(control: dict, page: Page) -> bool:
    return bool(
        control["_wrapped"]
        or control.get("aria-label")
        or control.get("aria-labelledby")
        or control.get("title")
        or (control.get("id") and control["id"] in page.label_for)
    )


def problems_of(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    found = []
    if not page.lang:
        found.append("no lang on <html>")
    if "main" not in page.ids or "main" not in page.skip_targets:
        found.append("no skip link to #main")
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} <h1>")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            found.append(f"heading level jumps from h{before} to h{after}")
            break
    for control in page.controls:
        if not _named(control, page):
            name = control.get("name") or control.get("id") or control["_tag"]
            found.append(f"form control {name!r} has no label")
    if page.images_without_text:
        found.append(f"{page.images_without_text} images without alt")
    if page.tables and not page.header_cells:
        found.append("a table without header cells")
    return found


def test_every_readable_page_is_usable_with_a_keyboard_and_a_screen_reader(world):
    clients = clients_for(world)
    pages, checked, bad = set(), 0, []
    for label, url, roles in readable_pages(world):
        for role in roles:
            response, text = fetch(clients[role], url)
            if response.status_code != 200 or "html" not in response.get(
                "Content-Type", ""
            ):
                continue
            pages.add(label)
            checked += 1
            bad += [f"{label} as {role}: {p}" for p in problems_of(text)]
    report(
        f"Accessibility: {len(pages)} pages, {checked} renderings (every role "
        f"that may read each), {len(bad)} problems"
    )
    for problem in bad:
        print(f"  A11Y {problem}")
    assert len(pages) > 80
    assert not bad


def test_the_checks_find_what_they_look_for():
    """The checker itself: a page with each fault is reported for each."""
    faulty = (
        "<html><body><h2>x</h2><h4>y</h4><input name='q'>"
        "<img src='a.png'><table><tr><td>1</td></tr></table></body></html>"
    )
    found = " | ".join(problems_of(faulty))
    for expected in (
        "no lang",
        "skip link",
        "0 <h1>",
        "jumps from h2 to h4",
        "'q' has no label",
        "images without alt",
        "table without header",
    ):
        assert expected in found
    good = (
        '<html lang="sv"><body><a href="#main">Hoppa</a><main id="main">'
        '<h1>Rubrik</h1><label for="q">Sök</label><input id="q" name="q">'
        '<img src="a.png" alt=""><table><tr><th>A</th></tr></table></main>'
        "</body></html>"
    )
    assert problems_of(good) == []
