"""Users in the Django admin: admins find them and create officers with their district."""

from django.urls import reverse

from accounts.models import Role, User
from tests.base import BaseTestCase


class UserAdminTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_changelist_finds_a_user_by_district_name(self):
        response = self.client.get(reverse("admin:accounts_user_changelist"), {"q": "แม่ใจ"})
        self.assertEqual(response.status_code, 200)
        found = {user.username for user in response.context["cl"].result_list}
        self.assertEqual(found, {"officer_maechai"})

    def test_the_change_page_shows_role_and_place(self):
        response = self.client.get(reverse("admin:accounts_user_change", args=[self.officer.pk]))
        self.assertContains(response, 'name="role"')
        self.assertContains(response, 'name="district"')

    def test_an_admin_creates_a_district_officer_whose_province_follows_the_district(self):
        response = self.client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "new-officer",
                "usable_password": "true",
                "password1": "a-long-pass-phrase-2569",
                "password2": "a-long-pass-phrase-2569",
                "role": Role.DISTRICT_OFFICER,
                "district": self.mae_chai.code,
            },
        )
        self.assertEqual(
            response.status_code, 302, response.context and response.context.get("errors")
        )
        user = User.objects.get(username="new-officer")
        self.assertEqual(
            (user.district_id, user.province_id), (self.mae_chai.code, self.phayao.code)
        )

    def test_a_district_officer_without_a_district_is_refused_in_thai(self):
        response = self.client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "no-district",
                "usable_password": "true",
                "password1": "a-long-pass-phrase-2569",
                "password2": "a-long-pass-phrase-2569",
                "role": Role.DISTRICT_OFFICER,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "เจ้าหน้าที่อำเภอต้องระบุอำเภอ")
        self.assertFalse(User.objects.filter(username="no-district").exists())
