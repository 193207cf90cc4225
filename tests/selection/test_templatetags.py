"""The round status filters (`{% load rounds %}`): badge colour and the round page's move,
from the transition table, so no template compares statuses."""

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from selection import rules
from selection.models import RoundStatus
from selection.templatetags.rounds import round_status_action, round_status_badge


class NextStatusTestCase(SimpleTestCase):
    def test_it_gives_the_one_target_of_each_status(self):
        table = [
            (RoundStatus.DRAFT, RoundStatus.OPEN),
            (RoundStatus.OPEN, RoundStatus.CLOSED),
            (RoundStatus.CLOSED, RoundStatus.OPEN),
            ("unknown", None),
        ]
        for current, target in table:
            with self.subTest(current=current):
                self.assertEqual(rules.next_status(current), target)

    def test_every_next_status_is_a_move_the_service_accepts(self):
        for current in RoundStatus.values:
            with self.subTest(current=current):
                rules.check_transition(current, rules.next_status(current))


class RoundStatusBadgeTestCase(SimpleTestCase):
    def test_it_colours_each_status(self):
        table = [
            (RoundStatus.DRAFT, "text-bg-secondary"),
            (RoundStatus.OPEN, "text-bg-success"),
            (RoundStatus.CLOSED, "text-bg-dark"),
            ("", "text-bg-dark"),
        ]
        for status, css in table:
            with self.subTest(status=status):
                self.assertEqual(round_status_badge(status), css)


class RoundStatusActionTestCase(SimpleTestCase):
    def test_it_offers_the_move_of_the_transition_table(self):
        table = [
            (RoundStatus.DRAFT, RoundStatus.OPEN, "เปิดรอบ", "btn-success"),
            (RoundStatus.OPEN, RoundStatus.CLOSED, "ปิดรอบ", "btn-dark"),
            (RoundStatus.CLOSED, RoundStatus.OPEN, "เปิดรอบ", "btn-success"),
        ]
        with translation.override("th"):
            for current, target, label, css in table:
                with self.subTest(current=current):
                    action = round_status_action(current)
                    self.assertEqual(
                        (action.status, action.label, action.button_class), (target, label, css)
                    )

    def test_it_offers_nothing_for_an_unknown_status(self):
        self.assertIsNone(round_status_action("unknown"))

    def test_the_round_page_form_posts_the_target(self):
        template = Template(
            "{% load rounds %}{% with action=status|round_status_action %}"
            "{{ action.status }} {{ action.label }}{% endwith %}"
        )
        with translation.override("th"):
            html = template.render(Context({"status": RoundStatus.OPEN}))
        self.assertEqual(html, "closed ปิดรอบ")
