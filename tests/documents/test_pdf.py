"""The PDF renderer: static-only fetching, escaping, fonts, justification, searchable Thai."""

import logging
import re

from django.template import engines
from django.test import SimpleTestCase

from documents.pdf import FetchRefused, render_pdf, resolve_static, static_only_fetcher
from documents.thaitext import for_print
from tests.documents.pdfcheck import pdf_fonts, pdf_text, thai_round_trip

PAGE = """{% load static documents %}<!DOCTYPE html><html lang="th"><head>
<link rel="stylesheet" href="{% static 'documents/letter.css' %}"></head>
<body><div class="body justify">{% for p in paragraphs %}<p>{{ p|for_print }}</p>{% endfor %}
{{ extra }}</div></body></html>"""

SEED_TEXT = (
    "ด้วย กรมการพัฒนาชุมชน ได้กำหนดดำเนินโครงการส่งเสริมกระบวนการเครือข่ายองค์ความรู้ "
    "(Knowledge Based OTOP : KBO) โดยมีวัตถุประสงค์เพื่อส่งเสริมให้คณะกรรมการเครือข่ายองค์ความรู้"
    "จังหวัด เป็นศูนย์กลางในการให้ความช่วยเหลือและสนับสนุนการพัฒนาขีดความสามารถของผู้ผลิต "
    "ผู้ประกอบการ OTOP ในการยกระดับการพัฒนาผลิตภัณฑ์ให้มีคุณภาพมาตรฐาน มีมูลค่าเพิ่ม "
    "รายงานรายชื่อกลุ่มเป้าหมายฯ ให้สำนักงานพัฒนาชุมชนจังหวัด ภายในวันที่ ๔ มิถุนายน ๒๕๖๗ "
    "นายอำเภอ ทุกอำเภอ จำนวน ๑ ฉบับ น้ำพริก ผ้าไหมมัดหมี่"
)


def render(paragraphs, extra=""):
    html = engines["django"].from_string(PAGE).render({"paragraphs": paragraphs, "extra": extra})
    return html, render_pdf(html)


class FetcherTestCase(SimpleTestCase):
    def test_it_reads_static_files_through_the_finders(self):
        fetcher = static_only_fetcher()
        response = fetcher.fetch("/static/documents/letter.css")
        self.assertIn(b"@page", response.read())
        response = fetcher.fetch("static:documents/garuda-placeholder.svg")
        self.assertIn(b"<svg", response.read())

    def test_it_refuses_everything_that_is_not_a_static_file(self):
        fetcher = static_only_fetcher()
        for url in (
            "file:///etc/passwd",
            "http://example.invalid/x.css",
            "https://example.invalid/x.png",
            "ftp://example.invalid/x",
            "data:text/html,<b>x</b>",
            "/static/../otop_site/settings.py",
            "static:../otop_site/settings.py",
            "/etc/passwd",
            "//example.invalid/static/documents/letter.css",
            "/static/documents/no-such-file.css",
            "asset:no-such-asset",
        ):
            with (
                self.subTest(url=url),
                self.assertLogs("documents.pdf", "WARNING"),
                self.assertRaises(FetchRefused),
            ):
                fetcher.fetch(url)
        self.assertEqual(fetcher.fetched, [])

    def test_it_serves_data_image_urls(self):
        fetcher = static_only_fetcher()
        response = fetcher.fetch("data:image/svg+xml;base64,PHN2Zy8+")
        self.assertEqual(response.read(), b"<svg/>")

    def test_resolve_static_gives_the_file_on_disk(self):
        self.assertTrue(str(resolve_static("/static/documents/letter.css")).endswith("letter.css"))


class RenderSafetyTestCase(SimpleTestCase):
    def test_user_text_with_markup_is_escaped_and_fetches_nothing(self):
        hostile = (
            '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://evil.invalid/x.css">'
            '<style>@import "file:///etc/passwd";</style>'
        )
        html, result = render([hostile])
        self.assertNotIn("<img", html.split("<body>")[1])
        self.assertIn("&lt;img src=&quot;file:///etc/passwd&quot;&gt;", html)
        self.assertEqual(result.refused, [])
        self.assertEqual(result.fetched, ["/static/documents/letter.css"])
        self.assertNotIn("root:", pdf_text(result.pdf))

    def test_a_template_level_file_url_is_refused_by_the_fetcher(self):
        from django.utils.safestring import mark_safe

        extra = mark_safe(
            '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
            '<img src="../../../../etc/hostname">'
        )
        with self.assertLogs("documents.pdf", "WARNING") as logs:
            _html, result = render(["ทดสอบ"], extra)
        self.assertIn("file:///etc/passwd", result.refused)
        self.assertIn("http://127.0.0.1:9/x.png", result.refused)
        self.assertEqual(len(result.refused), 3)
        self.assertTrue(all("refused" in line for line in logs.output))


class ThaiRenderingTestCase(SimpleTestCase):
    def test_it_embeds_the_thai_font_and_logs_no_missing_glyph(self):
        with self.assertNoLogs("weasyprint", logging.WARNING):
            _html, result = render([SEED_TEXT] * 3)
        self.assertEqual(result.warnings, [])
        fonts = pdf_fonts(result.pdf)
        self.assertTrue(fonts)
        self.assertTrue(all(f["emb"] == "yes" for f in fonts), fonts)
        self.assertTrue(any(f["name"].endswith("+Laksaman") for f in fonts), fonts)

    def test_thai_words_and_digits_read_back_from_the_pdf(self):
        _html, result = render([SEED_TEXT])
        trip = thai_round_trip(SEED_TEXT, result.pdf)
        self.assertEqual(trip.missing, [])
        text = pdf_text(result.pdf)
        for expected in ("อำเภอ", "น้ำพริก", "๔ มิถุนายน ๒๕๖๗", "จำนวน ๑ ฉบับ", "ด้วย"):
            self.assertIn(expected, text)
        self.assertNotIn("\u200b", text)

    def test_justified_lines_end_flush_with_the_right_margin(self):
        from weasyprint import HTML
        from weasyprint.formatting_structure import boxes

        from documents.pdf import BASE_URL, install_weasyprint_patches

        install_weasyprint_patches()
        long_thai = re.sub(r"\s+", "", SEED_TEXT) * 2
        html = engines["django"].from_string(PAGE).render({"paragraphs": [long_thai]})
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()).render()

        def walk(box):
            yield box
            for child in getattr(box, "children", []):
                yield from walk(child)

        paragraph = next(b for b in walk(document.pages[0]._page_box) if b.element_tag == "p")
        right_edge = paragraph.content_box_x() + paragraph.width
        lines = [b for b in walk(paragraph) if isinstance(b, boxes.LineBox)]
        self.assertGreater(len(lines), 3)
        for line in lines[:-1]:
            text_right = max(child.position_x + child.width for child in line.children)
            self.assertAlmostEqual(text_right, right_edge, delta=0.5)

    def test_without_break_opportunities_thai_lines_stay_ragged(self):
        # The control for the test above: the same text without for_print's ZWSPs.
        from weasyprint import HTML
        from weasyprint.formatting_structure import boxes

        from documents.pdf import BASE_URL, install_weasyprint_patches

        install_weasyprint_patches()
        long_thai = re.sub(r"\s+", "", SEED_TEXT) * 2
        html = (
            '<link rel="stylesheet" href="/static/documents/letter.css">'
            f'<div class="body justify"><p>{long_thai}</p></div>'
        )
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()).render()
        page = document.pages[0]._page_box
        stack, lines, paragraph = [page], [], None
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", None) == "p" and paragraph is None:
                paragraph = box
            if isinstance(box, boxes.LineBox):
                lines.append(box)
            stack.extend(getattr(box, "children", []))
        right_edge = paragraph.content_box_x() + paragraph.width
        gaps = [
            right_edge - max(c.position_x + c.width for c in line.children)
            for line in sorted(lines, key=lambda b: b.position_y)[:-1]
        ]
        self.assertGreater(max(gaps), 2)

    def test_renders_share_one_font_configuration_per_thread(self):
        import threading

        from documents.pdf import _font_config

        first = _font_config()
        _html, result = render(["ทดสอบ"])
        self.assertIs(_font_config(), first)
        self.assertTrue(any("Laksaman" in f["name"] for f in pdf_fonts(result.pdf)))
        other = []
        thread = threading.Thread(target=lambda: other.append(_font_config()))
        thread.start()
        thread.join()
        self.assertIsNot(other[0], first)

    def test_for_print_output_is_escaped_like_any_text(self):
        self.assertEqual(for_print("<b>"), "<b>")
        html, _ = render(["<b>ตัวหนา</b>"])
        self.assertIn("&lt;b&gt;", html)
