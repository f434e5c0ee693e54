"""Static files come from disk; nothing else is fetched."""

from pathlib import Path

import pytest
from django.conf import settings

from reports import rendering
from reports.rendering import MissingStaticFile, RefusedURL, StaticFileFetcher, pdf_static


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/tracker.png",
        "https://example.com/static/css/print.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "https://pdf.delaktig.invalid/media/reports/x.pdf",
        "https://pdf.delaktig.invalid/static/../../config/settings.py",
    ],
)
def test_everything_but_our_static_files_is_refused(url):
    with pytest.raises(RefusedURL):
        StaticFileFetcher().fetch(url)


def test_a_font_is_read_from_disk():
    response = StaticFileFetcher().fetch(pdf_static("fonts/DejaVuSans.ttf"))
    on_disk = Path(settings.BASE_DIR, "static/fonts/DejaVuSans.ttf").read_bytes()
    assert response.read() == on_disk
    assert response.content_type == "font/ttf"


def test_a_missing_static_file_stops_the_render():
    with pytest.raises(MissingStaticFile):
        StaticFileFetcher().fetch(pdf_static("fonts/NoSuchFont.ttf"))


def test_the_stylesheet_refers_to_the_shipped_fonts():
    css = Path(settings.BASE_DIR, "static/css/print.css").read_text()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert f'url("/static/fonts/{name}")' in css
        assert Path(settings.BASE_DIR, "static/fonts", name).is_file()
    assert Path(settings.BASE_DIR, "static/fonts/LICENSE-DejaVu.txt").is_file()


def test_page_counter_follows_the_translations_word_order(monkeypatch):
    monkeypatch.setattr(rendering, "gettext", lambda message: "%(pages)s: s. %(page)s")
    css = rendering.page_counter_css()
    assert 'content: counter(pages) ": s. " counter(page);' in css


def test_page_counter_escapes_css_strings(monkeypatch):
    monkeypatch.setattr(rendering, "gettext", lambda message: 'P"</style> %(page)s')
    css = rendering.page_counter_css()
    assert "</style>" not in css
    assert '"P\\"\\3c /style> " counter(page)' in css
