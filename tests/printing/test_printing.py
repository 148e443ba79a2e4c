"""The shared printing module: WeasyPrint reads our static files from disk and
nothing else, and writes PDF/A with the page's title."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from casework import printing
from tests.printing.conftest import (
    page_text,
    pdf_bookmarks,
    pdf_metadata,
    pdf_streams,
)

PAGE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Tjänsteutlåtande TN 2016/1234</title>
<link rel="stylesheet" href="/static/css/print.css">{extra}</head>
<body><main><h1>Rubrik med å, ä och ö</h1><p>Text.</p></main></body></html>"""


def static(name: str) -> str:
    return f"{printing.PRINT_ORIGIN}/static/{name}"


def test_the_fetcher_serves_our_static_files_from_disk():
    response = printing.StaticFilesOnly().fetch(static("css/print.css"))
    assert response.read() == Path(finders.find("css/print.css")).read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/static/css/print.css",
        "http://127.0.0.1:8000/static/css/print.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        static("../../casework/settings.py"),
        static("css/%2e%2e/%2e%2e/casework/settings.py"),
        static("css/missing.css"),
        static("/etc/passwd"),
        f"{printing.PRINT_ORIGIN}/admin/",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(address):
    """No network and no file outside the static files, whatever a page links."""
    with pytest.raises(printing.RefusedResource):
        printing.StaticFilesOnly().fetch(address)


def test_the_fetcher_refuses_to_climb_out_without_collected_files(settings):
    settings.STATIC_ROOT = None
    with pytest.raises(printing.RefusedResource):
        printing.StaticFilesOnly().fetch(static("../casework/settings.py"))


def test_a_page_linking_elsewhere_still_prints_without_fetching_it(monkeypatch):
    fetched = []
    original = printing.StaticFilesOnly.fetch

    def record(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(printing.StaticFilesOnly, "fetch", record)
    extra = '<link rel="stylesheet" href="https://example.com/x.css">'
    pdf = printing.pdf_from_html(PAGE.format(extra=extra))
    assert pdf.startswith(b"%PDF")
    assert fetched == [static("css/print.css"), "https://example.com/x.css"]


def test_the_pdf_is_pdf_a_3u_with_the_pages_title_and_headings():
    pdf = printing.pdf_from_html(PAGE.format(extra=""))
    metadata = pdf_metadata(pdf)
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="U"' in metadata
    assert "Tjänsteutlåtande TN 2016/1234" in metadata
    assert "Rubrik med å, ä och ö" in pdf_bookmarks(pdf)
    assert any(b"/Lang (sv)" in stream for stream in pdf_streams(pdf))


def test_a_link_on_the_page_is_a_link_in_the_pdf():
    """What the report's PDF test relies on to see that the page's tools are
    left out of the PDF."""
    html = PAGE.format(extra="").replace(
        "<p>Text.</p>", '<p><a href="/tjansteutlatanden/1/">Tillbaka</a></p>'
    )
    pdf = printing.pdf_from_html(html)
    assert any(b"/URI" in stream for stream in pdf_streams(pdf))


def test_a_file_name_writes_the_slashes_of_a_dnr_as_hyphens():
    assert printing.file_name("Tjänsteutlåtande", "TN 2016/1234") == (
        "Tjänsteutlåtande TN 2016-1234.pdf"
    )


def test_every_page_is_a4_and_numbered_in_swedish():
    """The print style sheet: A4, "Sida 1 av 3" in the margin of each page."""
    long_text = "<p>Stycke.</p>" * 60
    html = PAGE.format(extra="").replace("<p>Text.</p>", long_text)
    pages = printing.laid_out(html).pages
    count = len(pages)
    assert count > 1
    assert {(round(p.width), round(p.height)) for p in pages} == {(794, 1123)}
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {count}" in page_text(page)
