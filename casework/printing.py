"""Printed documents: one template rendered as a page to print from the browser
and as an archival PDF (PDF/A-3u, fonts from the system, text searchable).

WeasyPrint reads nothing from the network: its fetcher serves our own static
files from disk and refuses every other address, so a document cannot leak a
request or depend on a resource that may change after it was printed."""

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from weasyprint import HTML, URLFetcher
from weasyprint.document import Document
from weasyprint.urls import URLFetcherResponse

# An origin that can never resolve (RFC 2606): relative URLs in a printed page
# become absolute under it, and the fetcher answers them from disk.
PRINT_ORIGIN = "https://print.casework.invalid"
PDF_VARIANT = "pdf/a-3u"
CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedResource(ValueError):
    """A printed document asked for something other than our static files."""


def static_path(url: str) -> Path:
    """The file on disk behind one of our static URLs; anything else is refused."""
    parts = urlsplit(url)
    prefix = urlsplit(settings.STATIC_URL).path
    if not prefix.startswith("/"):
        prefix = f"/{prefix}"
    if f"{parts.scheme}://{parts.netloc}" != PRINT_ORIGIN:
        raise RefusedResource(url)
    if not parts.path.startswith(prefix):
        raise RefusedResource(url)
    name = unquote(parts.path.removeprefix(prefix))
    if name.startswith("/") or ".." in PurePosixPath(name).parts:
        raise RefusedResource(url)
    path = _collected(name) or finders.find(name)
    if not path:
        raise RefusedResource(url)
    return Path(path)


def _collected(name: str) -> str | None:
    """The collected file (with its hashed name in production), if any."""
    if not settings.STATIC_ROOT:
        return None
    try:
        path = Path(safe_join(settings.STATIC_ROOT, name))
    except SuspiciousFileOperation as error:
        raise RefusedResource(name) from error
    return str(path) if path.is_file() else None


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, limited to our static files on disk."""

    def fetch(self, url, headers=None):
        path = static_path(url)
        content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}
        )


def laid_out(html: str) -> Document:
    """The page laid out on A4 pages with the print style sheet."""
    page = HTML(string=html, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
    return page.render(pdf_variant=PDF_VARIANT)


def pdf_from_html(html: str) -> bytes:
    """The page as an archival PDF."""
    return laid_out(html).write_pdf(pdf_variant=PDF_VARIANT)


def file_name(*words) -> str:
    """ "Tjänsteutlåtande TN 2016-1234.pdf": the words (lazy translations in
    Swedish) joined, and the slashes of a registration number, which no file
    system takes, written as hyphens."""
    with translation.override("sv"):
        name = " ".join(str(word) for word in words if word)
    return f"{name.replace('/', '-').replace(chr(92), '-')}.pdf"


def print_page(request, template: str, context: dict) -> HttpResponse:
    """The document as a page without the site's chrome, to print. A printed
    document is in Swedish, the language of the record, whatever the reader's
    interface language."""
    with translation.override("sv"):
        return render(request, template, context)


def pdf_response(request, template: str, context: dict, *, name: str) -> HttpResponse:
    """The same document as a PDF download named ``name``."""
    with translation.override("sv"):
        html = render_to_string(template, {**context, "as_pdf": True}, request)
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
