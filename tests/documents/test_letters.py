"""The circular letter of a round: every element in the HTML, the PDF read back."""

import logging
import os
import re

from documents.letters import RoundNotReady, letter_context, letter_html, letter_pdf
from documents.pdfcheck import pdf_fonts, pdf_text, thai_round_trip
from documents.thaitext import plain
from tests.base import BaseTestCase
from tests.documents.data import make_seed_round


def visible_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", plain(text))


class LetterHtmlTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_it_holds_every_element_of_the_letter(self):
        html = letter_html(self.round)
        text = visible_text(html)
        for field in (
            "urgency", "emblem", "number", "office", "date", "subject", "addressee",
            "reference", "enclosures", "body", "closing", "signature", "owner", "slogan",
        ):  # fmt: skip
            self.assertIn(f'data-field="{field}"', html, field)
        for expected in (
            "ด่วนที่สุด",
            "ที่ พย ๐๐๑๙.๒/ว ๑๕๒๘๖",
            "ศาลากลางจังหวัดพะเยา",
            "ถนนพหลโยธิน พย ๕๖๐๐๐",
            "๕ ธันวาคม ๒๕๖๗",
            "เรื่อง",
            "เรียน นายอำเภอ ทุกอำเภอ",
            "อ้างถึง หนังสือกรมการพัฒนาชุมชน",
            "สิ่งที่ส่งมาด้วย",
            "จำนวน ๑ ฉบับ",
            "ภายในวันที่ ๒๐ ธันวาคม ๒๕๖๗",
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            "ขอแสดงความนับถือ",
            "(นายรัช ใสสม)",
            "ผู้ว่าราชการจังหวัดพะเยา",
            "กลุ่มงานส่งเสริมการพัฒนาชุมชน",
            "โทร. ๐-๕๕๕๕-๕๕๕๕",
            "โทรสาร ๐-๕๕๕๕-๕๕๕๖",
        ):
            self.assertIn(expected, text)
        self.assertEqual(text.count("จำนวน ๑ ฉบับ"), 3)
        self.assertIn('class="urgency"', html)

    def test_guidelines_number_the_rules_and_introduce_the_fallback_tier(self):
        context = letter_context(self.round)
        labels = [item.label for item in context.guidelines]
        # Tier 1: three rules; tier 2 repeats producer type and "not KBO 2567": two new ones.
        self.assertEqual(labels, ["(๑)", "(๒)", "(๓)", "(๔)", "(๕)"])
        self.assertTrue(context.guidelines[3].intro.startswith("ในกรณีกลุ่มเป้าหมาย"))
        self.assertIn("ไม่เพียงพอ ให้พิจารณา", context.guidelines[3].intro)
        self.assertIn("Quadrant D", context.guidelines[3].text)
        self.assertIn("ต้องเป็นไปตามแนวทางข้อ (๑), (๓) ด้วย", context.guidelines[4].text)
        self.assertIn("๒๕๖๗", context.guidelines[1].text)

    def test_allocation_register_has_every_district_and_the_total(self):
        html = letter_html(self.round)
        text = visible_text(html)
        for name, amount in (("เมืองพะเยา", "๖"), ("ดอกคำใต้", "๔"), ("ภูซาง", "๒")):
            self.assertRegex(text, rf"{name} {amount} ")
        self.assertIn("รวม ๒๐", text)

    def test_user_text_in_the_round_is_escaped(self):
        self.round.subject = '<img src="file:///etc/passwd">'
        html = letter_html(self.round)
        self.assertIn("&lt;img src=&quot;file:///etc/passwd&quot;&gt;", html)
        self.assertNotIn('<img src="file:', html)

    def test_a_round_that_fails_its_checks_has_no_letter(self):
        self.round.deadline = self.round.letter_date.replace(month=6)  # seed 001's mistake
        with self.assertRaises(RoundNotReady) as caught:
            letter_context(self.round)
        self.assertTrue(caught.exception.messages)
        self.assertTrue(all(re.search(r"[ก-๙]", m) for m in caught.exception.messages))


class LetterPdfTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_the_pdf_reads_back_with_its_digits_fonts_and_pages(self):
        with self.assertNoLogs("weasyprint", logging.WARNING):
            result = letter_pdf(self.round)
        if os.environ.get("DOCUMENTS_KEEP_PDF"):
            with open(os.environ["DOCUMENTS_KEEP_PDF"], "wb") as handle:
                handle.write(result.pdf)
        self.assertEqual(result.warnings, [])
        self.assertEqual(result.refused, [])
        self.assertIn("asset:garuda", result.fetched)
        # Letter (1–2 pages), guidelines, register, form: each enclosure on its own page.
        self.assertIn(result.pages, (4, 5))
        fonts = pdf_fonts(result.pdf)
        self.assertTrue(all(f["emb"] == "yes" for f in fonts), fonts)
        self.assertTrue(any("Laksaman" in f["name"] for f in fonts))
        text = re.sub(r"[ \t]+", " ", pdf_text(result.pdf))
        for expected in ("พย ๐๐๑๙.๒/ว ๑๕๒๘๖", "๕ ธันวาคม ๒๕๖๗", "๒๐ ธันวาคม ๒๕๖๗", "๒๐"):
            self.assertIn(expected, text)
        self.assertRegex(text, r"รวม\s+๒๐")
        self.assertRegex(text, r"เมืองพะเยา\s+๖")

    def test_the_letters_thai_words_round_trip_through_pdftotext(self):
        html = letter_html(self.round)
        result = letter_pdf(self.round)
        trip = thai_round_trip(visible_text(html), result.pdf)
        self.assertGreater(trip.total, 300)
        self.assertGreaterEqual(trip.share, 0.99, trip.missing[:20])
