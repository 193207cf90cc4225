"""Reading rendered PDFs back with poppler-utils, for the tests and bench/documents.py.

`pdftotext` and `pdffonts` come from Debian's poppler-utils (installed by bin/setup).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from documents.thaitext import plain, thai_word_breaks

_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(pdf)
        return subprocess.run(
            [tool, *args, handle.name, "-"] if tool == "pdftotext" else [tool, handle.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """The PDF's text as `pdftotext -enc UTF-8` reads it."""
    return _run("pdftotext", pdf, "-enc", "UTF-8", *(["-layout"] if layout else []))


def pdf_page_text(pdf: bytes, page: int) -> str:
    """The text of one page (1-based), as `pdftotext -layout -f N -l N` reads it (layout
    mode keeps a running header on its own line)."""
    return _run("pdftotext", pdf, "-f", str(page), "-l", str(page), "-enc", "UTF-8", "-layout")


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """`pdffonts` rows: name, type, emb (yes/no), sub, uni."""
    rows = _run("pdffonts", pdf).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type [type2] encoding emb sub uni object ID
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def thai_words(text: str) -> list[str]:
    """The Thai words of `text`, cut at libthai's word boundaries."""
    words = []
    for match in _THAI_RUN.finditer(plain(text)):
        run = match.group()
        cuts = [0, *thai_word_breaks(run), len(run)]
        words.extend(run[a:b] for a, b in itertools.pairwise(cuts) if b > a)
    return words


@dataclass
class RoundTrip:
    total: int
    found: int
    missing: list[str]

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 1.0


def thai_round_trip(source_text: str, pdf: bytes) -> RoundTrip:
    """How many of the Thai words of `source_text` come back from the PDF's text.

    Whitespace is ignored on both sides (a word may be split over a line end).
    """
    extracted = re.sub(r"\s+", "", pdf_text(pdf))
    words = thai_words(source_text)
    missing = [w for w in words if w not in extracted]
    return RoundTrip(total=len(words), found=len(words) - len(missing), missing=missing)
