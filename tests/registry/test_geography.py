from django.test import TestCase

from registry.models import District, Province, Subdistrict


class GeographyTestCase(TestCase):
    def test_it_has_all_of_thailand(self):
        self.assertEqual(Province.objects.count(), 77)
        self.assertEqual(District.objects.count(), 928)
        self.assertEqual(Subdistrict.objects.count(), 7436)

    def test_it_has_the_nine_districts_of_phayao(self):
        names = set(
            District.objects.filter(province__name_th="พะเยา").values_list("name_th", flat=True)
        )
        self.assertEqual(
            names,
            {"เมืองพะเยา", "แม่ใจ", "ภูกามยาว", "ดอกคำใต้", "จุน", "ปง", "เชียงม่วน", "เชียงคำ", "ภูซาง"},
        )

    def test_bangkok_has_fifty_khet(self):
        self.assertEqual(District.objects.filter(province_id="10").count(), 50)
