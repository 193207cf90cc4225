"""HTML to PDF with WeasyPrint, fetching nothing but the app's own static files.

Three things here, each small:

1. `StaticOnlyFetcher`: WeasyPrint's URL fetcher replaced by one that resolves
   `/static/…` and `static:…` through django.contrib.staticfiles finders and reads the
   file from disk, serves the named `asset:` files the settings point to (the Garuda
   emblem an office supplies), and `data:image/…` URLs. Everything else (`file:`,
   `http(s):`, `ftp:`, other `data:`) is refused and the refusal logged, so a template
   or a stray user string can never make the server read a local file or call out.
2. Thai distributed justification: WeasyPrint stretches only spaces and NBSP when it
   justifies. `_patch_justification` makes it stretch U+200B as well, which
   documents.thaitext inserts at Thai word boundaries.
3. Searchable Thai: WeasyPrint maps each glyph to the text of the first cluster it was
   drawn in, and HarfBuzz draws ำ as two glyphs, so `pdftotext` reads อำเภอ back as
   อาเภอ and shifted tone marks as other vowels. `_patch_actual_text` wraps every line of
   Thai text in a `/Span <</ActualText …>> BDC … EMC` marked-content sequence carrying
   the line's real text (PDF 1.7 §14.9.4), which text extraction and search use instead
   of the glyph mapping.

The patches are applied once, on first render, and change WeasyPrint only for text that
contains Thai characters or U+200B; they are tested in tests/documents/test_pdf.py.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

LOGGER = logging.getLogger("documents.pdf")

THAI_RE = re.compile(r"[\u0e00-\u0e7f]")
DATA_IMAGE_RE = re.compile(
    r"^data:(image/(?:png|jpeg|gif|svg\+xml))(;charset=[\w-]+)?(;base64)?,(.*)$", re.S
)
# The base URL given to WeasyPrint: not a real scheme, so urljoin leaves "/static/…"
# untouched and a relative URL can never resolve to a file on disk.
BASE_URL = "otop-document:///"


class FetchRefused(ValueError):
    """Raised (and logged) for every URL the document renderer will not fetch."""


def _static_url_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")


def asset_paths() -> dict[str, Path]:
    """Files outside static/ that documents may show, by name (`asset:<name>`).

    Only the Garuda emblem today: the office's official image when GARUDA_EMBLEM_PATH is
    set, otherwise the placeholder drawn for this project.
    """
    emblem = getattr(settings, "GARUDA_EMBLEM_PATH", "") or ""
    if emblem:
        return {"garuda": Path(emblem)}
    placeholder = finders.find("documents/garuda-placeholder.svg")
    return {"garuda": Path(placeholder)} if placeholder else {}


def _refuse(url: str, reason: str) -> FetchRefused:
    LOGGER.warning("Document renderer refused to fetch %r: %s", url[:200], reason)
    return FetchRefused(f"ไม่อนุญาตให้เรียกไฟล์นี้ในเอกสาร ({reason}): {url[:200]}")


def resolve_static(url: str) -> Path:
    """The file on disk for a `/static/…` or `static:…` URL, or FetchRefused."""
    if url.startswith("static:"):
        relative = url.removeprefix("static:").lstrip("/")
    else:
        parts = urlsplit(url)
        prefix = _static_url_prefix()
        if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
            raise _refuse(url, "not a static file")
        relative = parts.path.removeprefix(prefix)
    relative = unquote(relative)
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise _refuse(url, "bad static path")
    found = finders.find(relative)
    if not found:
        raise _refuse(url, "no such static file")
    return Path(found)


def _content_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _data_image(url: str) -> tuple[str, bytes]:
    match = DATA_IMAGE_RE.match(url)
    if not match:
        raise _refuse(url, "only data:image URLs are allowed")
    mime, _charset, is_base64, payload = match.groups()
    try:
        body = base64.b64decode(payload, validate=True) if is_base64 else unquote(payload).encode()
    except (binascii.Error, ValueError) as exc:
        raise _refuse(url, "malformed data URL") from exc
    return mime, body


# Never used (StaticOnlyFetcher.fetch opens no connection), but URLFetcher builds an
# HTTPS handler, and a default SSL context loads the system's CA store: 0.15 s a render.
_UNUSED_SSL_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint URL fetcher that reads only the app's static files (see module doc)."""

        def __init__(self, **kwargs):
            kwargs.setdefault("ssl_context", _UNUSED_SSL_CONTEXT)
            kwargs.setdefault("allowed_protocols", ())
            super().__init__(**kwargs)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                mime, body = self._read(url)
            except FetchRefused:
                self.refused.append(url)
                raise
            self.fetched.append(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

        def _read(self, url: str) -> tuple[str, bytes]:
            if url.startswith("data:"):
                return _data_image(url)
            if url.startswith("asset:"):
                path = asset_paths().get(url.removeprefix("asset:"))
                if path is None or not path.is_file():
                    raise _refuse(url, "unknown or missing asset")
                return _content_type(path), path.read_bytes()
            path = resolve_static(url)
            return _content_type(path), path.read_bytes()

    return StaticOnlyFetcher


_fetcher_class = None


def static_only_fetcher():
    """A new fetcher (it records what it fetched and refused, for tests and logs)."""
    global _fetcher_class
    if _fetcher_class is None:
        _fetcher_class = _make_fetcher_class()
    return _fetcher_class()


# --- WeasyPrint patches -------------------------------------------------------------

_patch_lock = threading.Lock()
_patched = False


def _patch_justification() -> None:
    """Let `text-align: justify` stretch U+200B as it stretches spaces and NBSP."""
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    original_count = inline.count_expandable_spaces

    def count_expandable_spaces(box):
        count = original_count(box)
        if isinstance(box, inline.boxes.TextBox):
            count += box.text.count("\u200b")
        return count

    inline.count_expandable_spaces = count_expandable_spaces

    original_set_text = line_break.Layout.set_text

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify=justify)
        spacing = self.justification_spacing if justify else 0
        if not spacing or "\u200b" not in self.text:
            return
        bytestring = self.text.encode()
        attr_list = pango.pango_layout_get_attributes(self.layout)
        if attr_list == ffi.NULL:
            attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        letter_spacing = self.style["letter_spacing"]
        letter_spacing = 0 if letter_spacing == "normal" else letter_spacing
        # Same arithmetic as WeasyPrint's for spaces: Pango gives half on the edges.
        space_spacing = int((self.style["word_spacing"] + spacing) * TO_UNITS + letter_spacing)
        edges = (0, len(bytestring) - len("\u200b".encode()))
        for match in re.finditer("\u200b".encode(), bytestring):
            attr = pango.pango_attr_letter_spacing_new(
                space_spacing * (1 + (match.start() in edges))
            )
            attr.start_index, attr.end_index = match.start(), match.end()
            pango.pango_attr_list_change(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)

    line_break.Layout.set_text = set_text


def _utf16_hex(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _patch_actual_text() -> None:
    """Give every drawn line of Thai text an /ActualText with its real characters."""
    from weasyprint.draw import text as draw_text

    original = draw_text.draw_first_line

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        start = len(stream.stream)
        result = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            return result
        if len(stream.stream) == start:
            return result
        layout = textbox.pango_layout
        line, _ = layout.get_first_line()
        raw = layout.text.encode()
        shown = raw[line.start_index : line.start_index + line.length].decode(errors="replace")
        if not THAI_RE.search(shown):
            return result
        actual = shown.replace("\u200b", "").replace("\u00ad", "").replace("\u00a0", " ")
        stream.stream.insert(start, b"/Span <</ActualText " + _utf16_hex(actual) + b">> BDC")
        stream.stream.append(b"EMC")
        return result

    draw_text.draw_first_line = draw_first_line


def install_weasyprint_patches() -> None:
    """Apply the justification and ActualText patches once per process."""
    global _patched
    with _patch_lock:
        if _patched:
            return
        _patch_justification()
        _patch_actual_text()
        _patched = True


# --- Rendering ----------------------------------------------------------------------


@dataclass
class RenderResult:
    """A rendered PDF and what happened on the way (for tests, logs and benchmarks)."""

    pdf: bytes
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


_fonts = threading.local()


def _font_config():
    """One fontconfig configuration per thread, reused by every render: building it loads
    and scans the system's fonts (about 0.3 s), and our documents add no @font-face."""
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf(html: str) -> RenderResult:
    """Render an HTML string (already escaped by Django templates) to PDF bytes.

    Relative URLs are resolved against a base that is no real scheme, and every fetch
    goes through `StaticOnlyFetcher`. WeasyPrint's warnings (missing glyphs, refused
    URLs) are collected into the result as well as logged.
    """
    from weasyprint import HTML

    install_weasyprint_patches()
    fetcher = static_only_fetcher()
    collector = _Collect()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collector)
    started = time.perf_counter()
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=_font_config()
        )
        pdf = document.write_pdf()
    finally:
        weasy_logger.removeHandler(collector)
    return RenderResult(
        pdf=pdf,
        pages=len(document.pages),
        seconds=time.perf_counter() - started,
        warnings=collector.messages,
        fetched=fetcher.fetched,
        refused=fetcher.refused,
    )
