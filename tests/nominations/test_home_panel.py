"""The home page's open-rounds panel: its rows come from the view, the template reads none."""

from django.template.loader import render_to_string
from django.urls import reverse

from tests.base import BaseTestCase


class HomePanelTestCase(BaseTestCase):
    def test_the_panel_template_runs_no_query(self):
        with self.assertNumQueries(0):
            html = render_to_string(
                "includes/home_panels.html", {"open_rounds": [], "user": self.officer}
            )
        self.assertNotIn('data-testid="open-rounds"', html)

    def test_the_view_gives_the_open_rounds(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["open_rounds"], [])
