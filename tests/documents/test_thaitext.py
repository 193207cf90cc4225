"""Thai break opportunities and spans kept whole (documents.thaitext)."""

from django.test import SimpleTestCase

from documents.thaitext import NBSP, ZWSP, for_print, plain, thai_word_breaks


def marked(text):
    return for_print(text).replace(ZWSP, "|").replace(NBSP, "_")


class ForPrintTestCase(SimpleTestCase):
    def test_it_puts_break_opportunities_between_thai_words(self):
        self.assertEqual(marked("สำนักงานพัฒนาชุมชนจังหวัด"), "สำนักงาน|พัฒนา|ชุมชน|จังหวัด")

    def test_it_keeps_dates_whole(self):
        self.assertIn("วันที่_๔_มิถุนายน_๒๕๖๗", marked("ภายในวันที่ ๔ มิถุนายน ๒๕๖๗ ตาม"))
        self.assertIn("๕_ธ.ค._๒๕๖๗", marked("ลงวันที่ ๕ ธ.ค. ๒๕๖๗"))

    def test_it_keeps_counts_ranges_and_years_whole(self):
        self.assertIn("จำนวน_๑_ฉบับ", marked("แนวทางการคัดเลือก จำนวน ๑ ฉบับ"))
        self.assertIn("๑_-_๓_ดาว", marked("ระดับ ๑ - ๓ ดาว"))
        self.assertIn("พ.ศ._๒๕๕๗_-_๒๕๖๑", marked("ลงทะเบียนในปี พ.ศ. ๒๕๕๗ - ๒๕๖๑"))
        self.assertIn("๖_ผลิตภัณฑ์", marked("อำเภอละ ๖ ผลิตภัณฑ์ขึ้นไป"))

    def test_it_changes_no_visible_character(self):
        text = "เรียน นายอำเภอ ทุกอำเภอ (Knowledge Based OTOP : KBO) ๑๒ ธันวาคม ๒๕๖๗"
        self.assertEqual(plain(for_print(text)), text)

    def test_it_leaves_latin_text_alone(self):
        self.assertEqual(for_print("Knowledge Based OTOP"), "Knowledge Based OTOP")
        self.assertEqual(thai_word_breaks("OTOP KBO"), ())
