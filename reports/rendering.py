"""HTML to PDF: Django templates, the print stylesheet and WeasyPrint, nothing fetched over HTTP.

The documents are archived by a Swedish authority, so every PDF is
- PDF/A-2b (`pdf_variant="pdf/a-2b"`: XMP `pdfaid:part=2`, `conformance=B`, an sRGB output
  intent, every font embedded) and
- tagged (`pdf_tags=True`: `/MarkInfo << /Marked true >>`, a `/StructTreeRoot`, `/Lang`).

WeasyPrint 70 offers one variant per document. "pdf/a-2a" and "pdf/a-3a" would claim PDF/A level A
(full accessibility conformance) and "pdf/ua-1" PDF/UA, without PDF/A; we claim only what we can
stand behind without a validator in the pipeline (level B, which asks for visual fidelity) and add
the tag structure on top, which is what level A and PDF/UA build on. Switching to "pdf/a-2a" once
the output has been checked with veraPDF is a one-line change of PDF_VARIANT.

Static files (the stylesheet, the fonts) are read from disk by `StaticFileFetcher`: the document's
base URL is a reserved `.invalid` host that never resolves, and the fetcher maps `/static/...` on
it to the file the staticfiles finders (or STATIC_ROOT) give. Any other URL is refused.
"""

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-2b"
PDF_TAGS = True

# A host under the reserved .invalid top-level domain (RFC 2606): it can never be fetched.
PDF_BASE_URL = "https://pdf.delaktig.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"


class RefusedURL(ValueError):
    """A URL outside our static files: WeasyPrint skips the resource and logs a warning."""


class MissingStaticFile(FatalURLFetchingError):
    """One of our own static files is missing: the PDF would lack its fonts; stop the render."""


def pdf_static(path: str) -> str:
    """The URL of a static file as the PDF's HTML refers to it."""
    return STATIC_PREFIX + path.lstrip("/")


class StaticFileFetcher(URLFetcher):
    """Serves `/static/...` under PDF_BASE_URL from disk and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self._cache: dict[Path, bytes] = {}

    def static_path(self, url: str) -> Path:
        if not url.startswith(STATIC_PREFIX):
            raise RefusedURL(f"Refused to fetch {url[:200]}: PDFs use local static files only.")
        relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
        try:
            found = finders.find(relative) if relative else None
            if not found and settings.STATIC_ROOT:
                candidate = Path(safe_join(settings.STATIC_ROOT, relative))
                found = candidate if candidate.is_file() else None
        except SuspiciousFileOperation as exc:
            raise RefusedURL(f"Refused to fetch {url[:200]}: outside the static files.") from exc
        if not found:
            raise MissingStaticFile(f"The static file {relative!r} does not exist.")
        return Path(found)

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        data = self._cache.get(path)
        if data is None:
            data = self._cache[path] = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            content_type = "font/ttf"
        return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type})


_fetcher = StaticFileFetcher()


def _css_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    )
    return f'"{escaped}"'


def page_counter_css() -> str:
    """`@page` bottom-right content: "Page X of Y" in the active language, from CSS counters.

    The translation may move the numbers, so the message is split around its placeholders.
    """
    message = gettext("Page %(page)s of %(pages)s")
    tokens = []
    for part in re.split(r"(%\(pages?\)s)", message):
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(_css_string(part))
    content = " ".join(tokens)
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


@dataclass
class Document:
    """A PDF to render: its template and context, its metadata, and what it lacks."""

    kind: str
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def render_html(document: Document) -> str:
    """The document's HTML, in the installation's language (reports are Swedish documents)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **document.context,
            "doc": document,
            "language": settings.LANGUAGE_CODE,
            "municipality_name": settings.MUNICIPALITY_NAME,
            "stylesheet_url": pdf_static("css/print.css"),
            "page_counter_css": mark_safe(page_counter_css()),  # noqa: S308 (escaped above)
        }
        return render_to_string(document.template, context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone, with our fetcher and PDF options."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher).write_pdf(
        font_config=FontConfiguration(),
        pdf_variant=PDF_VARIANT,
        pdf_tags=PDF_TAGS,
    )


def render_pdf(document: Document) -> bytes:
    return html_to_pdf(render_html(document))
