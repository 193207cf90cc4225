"""The circular letter of a round: every element in the HTML, the PDF read back."""

import logging
import os
import re

from documents.letters import RoundNotReady, letter_context, letter_html, letter_pdf
from documents.thaitext import plain
from tests.base import BaseTestCase
from tests.documents.data import make_seed_round
from tests.documents.pdfcheck import pdf_fonts, pdf_text, thai_round_trip


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
        self.round.letter.subject = '<img src="file:///etc/passwd">'
        html = letter_html(self.round)
        self.assertIn("&lt;img src=&quot;file:///etc/passwd&quot;&gt;", html)
        self.assertNotIn('<img src="file:', html)

    def test_a_round_that_fails_its_checks_has_no_letter(self):
        self.round.deadline = self.round.letter.letter_date.replace(month=6)  # seed 001's mistake
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


THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]  # fmt: skip
PAGE_NUMBER_LINE = re.compile(r"^\s*-\s*([๐-๙]+)\s*-\s*$", re.M)


def thai_date(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year + 543}".translate(THAI)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class SeedRoundLettersTestCase(BaseTestCase):
    """Each round of the seed letters, as loaded from its round definition file: its
    letter HTML holds every element the round has data for (checked against the files)."""

    @classmethod
    def setUpTestData(cls):
        from demo.rounds import load_seed_rounds

        super().setUpTestData()
        load_seed_rounds()

    def test_every_seed_round_letter_holds_every_element(self):
        from demo.rounds import seed_round_definitions
        from selection.models import Round

        urgency = {"urgent": "ด่วน", "very_urgent": "ด่วนมาก", "most_urgent": "ด่วนที่สุด"}
        # The rounds with a letter (the PSO round's file has none), as the loader's specs.
        specs = [
            {
                "slug": d.round.slug,
                "letter": {**d.letter, "deadline": d.round.deadline},
                "tiers": d.round.tiers,
            }
            for d in seed_round_definitions()
            if d.letter
        ]
        self.assertEqual(len(specs), 5)
        for spec in specs:
            with self.subTest(round=spec["slug"]):
                round_ = Round.objects.get(slug=spec["slug"])
                letter = spec["letter"]
                html = letter_html(round_, check=False)
                text = squash(visible_text(html))
                fields = ["emblem", "number", "date", "subject", "addressee", "enclosures",
                          "body", "closing", "signature", "owner"]  # fmt: skip
                fields += [f for f in ("urgency", "reference", "slogan") if letter.get(f)]
                fields += ["office"] if letter.get("office_address") else []
                for field in fields:
                    self.assertIn(f'data-field="{field}"', html, field)
                expected = [
                    "ขอแสดงความนับถือ",
                    f"({letter['signatory_name']})",
                    *letter["signatory_position"].split("\n"),
                    f"โทร. {letter['phone']}".translate(THAI),
                ]
                if letter.get("letter_number"):
                    expected.append(f"ที่ {letter['letter_number']}".translate(THAI))
                if letter.get("letter_date"):
                    expected.append(thai_date(letter["letter_date"]))
                if letter.get("deadline"):
                    expected.append(f"ภายในวันที่ {thai_date(letter['deadline'])}")
                for name in ("subject", "reference", "slogan", "addressee"):
                    if letter.get(name):
                        expected.append(squash(letter[name]).translate(THAI))
                if letter.get("fax"):
                    expected.append(f"โทรสาร {letter['fax']}".translate(THAI))
                if letter.get("urgency"):
                    expected.append(urgency[letter["urgency"]])
                expected += letter.get("office_address", "").split("\n")
                for item in letter.get("enclosures", []):
                    expected += [item["title"], f"จำนวน {item['count']}"]
                for tier in spec["tiers"]:
                    for criterion in tier["criteria"]:
                        if criterion.get("explanation"):
                            expected.append(squash(criterion["explanation"]).translate(THAI))
                for snippet in expected:
                    if snippet:
                        self.assertIn(squash(snippet), text)
                # The register: every district of the round's quotas and the total.
                quotas = list(round_.quotas.select_related("district"))
                for quota in quotas:
                    self.assertIn(quota.district.name_th, text)
                if quotas:
                    total = str(sum(q.amount for q in quotas)).translate(THAI)
                    self.assertIn(f"รวม {total}", text)


class PageNumberTestCase(BaseTestCase):
    """Page numbers in Thai digits on the letter's pages from page 2 only."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        enclosures = [{"title": f"เอกสารประกอบการพิจารณาชุดที่ {n} ของจังหวัด", "count": "๑ ฉบับ"}
                      for n in range(1, 25)]  # fmt: skip
        cls.round = make_seed_round(cls.phayao, enclosures=enclosures)

    def test_the_number_shows_from_page_2_of_the_letter_and_not_on_enclosures(self):
        from tests.documents.pdfcheck import pdf_page_text

        result = letter_pdf(self.round)
        pages = [pdf_page_text(result.pdf, n) for n in range(1, result.pages + 1)]
        self.assertGreaterEqual(result.pages, 5)
        self.assertEqual(PAGE_NUMBER_LINE.findall(pages[0]), [])
        self.assertIn("ขอแสดงความนับถือ", pages[1])  # the letter runs onto page 2
        self.assertEqual(PAGE_NUMBER_LINE.findall(pages[1]), ["๒"])
        # Enclosures (from "สิ่งที่ส่งมาด้วย ๑" on) carry no letter page number.
        heads = [next(line.strip() for line in t.splitlines() if line.strip()) for t in pages]
        first_enclosure = next(i for i, head in enumerate(heads) if head.startswith("สิ่งที่ส่ง"))
        self.assertGreater(first_enclosure, 1)
        for page in pages[first_enclosure:]:
            self.assertEqual(PAGE_NUMBER_LINE.findall(page), [])


class MissingGlyphTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_seed_round(cls.phayao)

    def test_the_letter_logs_no_missing_glyph_and_uses_only_the_thai_face(self):
        with self.assertNoLogs("weasyprint", logging.WARNING):
            result = letter_pdf(self.round)
        self.assertEqual([w for w in result.warnings if "glyph" in w], [])
        faces = {f["name"].split("+", 1)[-1] for f in pdf_fonts(result.pdf)}
        self.assertTrue(faces)
        self.assertTrue(all(face.startswith("Laksaman") for face in faces), faces)

    def test_a_character_the_font_lacks_is_caught(self):
        # The control: the same check does see a .notdef glyph when one is drawn.
        self.round.letter.slogan = "คำขวัญ 漢字"
        with self.assertLogs("weasyprint", logging.WARNING):
            result = letter_pdf(self.round)
        self.assertTrue(any(".notdef" in w for w in result.warnings), result.warnings)
