"""Every .xlsx the app hands out, downloaded with hostile text in every text field.

OWASP "CSV injection": a producer named `=HYPERLINK("http://x","err")` must come back as
that text, never as a live formula or DDE call, in every workbook: the web downloads
(test client) and the files the commands write. Each workbook is opened with openpyxl and
every cell checked: no formula at all (but the app's own, by exact text, of which there
are none today), and every text that a spreadsheet would read as a formula (= + - @, a
leading tab or line break, their full-width forms) is a string cell with the quote
prefix. Each hostile string must also be found intact as a cell's value, so an export
that drops or mangles the field cannot pass by showing nothing.

The exports are listed below, and the test also discovers them: every URL whose name ends
in `_xlsx` or whose route ends in `.xlsx`, and every command with an output file option,
must be listed, so a new export cannot be added without being checked here.
"""

import io
import os
import re
import tempfile
from contextlib import suppress
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands, load_command_class
from django.test import SimpleTestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from nominations.models import Nomination
from opc import services as opc_services
from registry.models import Category, ImportBatch
from selection.models import Round
from tests.base import BaseTestCase, make_producer, make_product, make_user
from tests.documents.data import make_seed_round
from tests.opc.data import add_member, make_opc_round, make_pso_round
from tests.registry.importing.corpus import HEADERS, TempMediaMixin, registry_row
from tests.test_url_auth import walk

HOSTILE = [
    '=HYPERLINK("http://x","err")',
    "@SUM(1)",
    "+cmd|'/c calc'!A0",
    "-2+3+cmd|'/c calc'!A0",
    "\t=1+1",
    "＝1+1",
]
# What a spreadsheet may read as the start of a formula (kept apart from the app's list
# on purpose: the test must not trust the code it checks).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# The app's own formulas, by exact text (e.g. "=SUM(F6:F20)"): none today.
APP_FORMULAS: frozenset[str] = frozenset()

# Web exports: URL name → the test method that downloads it.
WEB_EXPORTS = {
    "documents:consolidated_xlsx": "test_the_consolidated_list",
    "documents:form_xlsx": "test_the_return_forms",
    "opc:results_xlsx": "test_the_opc_results",
    "opc:pso_xlsx": "test_the_pso_results",
    "registry:import_errors": "test_the_registry_and_participation_error_workbooks",
    "allocations:quota_upload_errors": "test_the_quota_error_workbook",
}
# Commands that write a file: command → the test method that runs it (or why not .xlsx).
COMMAND_EXPORTS = {
    "render_form": "test_the_return_forms",
    "import_registry": "test_the_error_workbooks_of_the_import_commands",
    "import_participation": "test_the_error_workbooks_of_the_import_commands",
    "import_quotas": "test_the_error_workbooks_of_the_import_commands",
}
# Commands whose files hold no user text (still written through registry.xlsx_safe, which
# NoBypassTestCase checks), or that write no .xlsx at all.
NOT_XLSX_COMMANDS = {
    "render_letter": "writes the circular letter as PDF or HTML",
    "demo_write_fixtures": "writes the demo registry from the generator's fixed word lists",
}
OUTPUT_OPTIONS = {"-o", "--output", "--out", "--errors-out"}
OPENPYXL_IMPORT = re.compile(r"from openpyxl[\w.]*\s+import\s+(\([^)]*\)|[^\n]*)")


def _makes_a_workbook(source: str) -> bool:
    """Whether `source` imports openpyxl's Workbook (or a write-only sheet) itself."""
    imports = [m.group(1) for m in OPENPYXL_IMPORT.finditer(source)]
    return any(re.search(r"\bWorkbook\b|WriteOnly", names) for names in imports) or bool(
        re.search(r"openpyxl\.Workbook\b", source)
    )


def hostile(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)]


def upload_xlsx(headers: list, rows: list[list]) -> bytes:
    """An uploaded sheet as an attacker makes it: the hostile values are string cells."""
    book = Workbook()
    for r, values in enumerate([headers, *rows], start=1):
        for c, value in enumerate(values, start=1):
            cell = book.active.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl alone would store "=…" as a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REGISTRY_UPLOAD = upload_xlsx(
    [*HEADERS, "หมายเหตุอื่น"],
    [
        [
            *registry_row(
                f"R{i}",
                f"RX{i}",
                name=hostile(i),
                address=hostile(i + 1),
                phone=hostile(i + 2),
                product_name=hostile(i + 3),
                stars=hostile(i + 4),  # not a star level: every row is invalid
            ),
            hostile(i + 5),
        ]
        for i in range(len(HOSTILE))
    ],
)
PARTICIPATION_UPLOAD = upload_xlsx(
    ["โครงการ", "ปีงบประมาณ", "รหัสผู้ผลิต", "รหัสผลิตภัณฑ์"],
    [[hostile(i), 2567, hostile(i + 1), hostile(i + 2)] for i in range(len(HOSTILE))],
)
QUOTA_UPLOAD = upload_xlsx(
    ["ที่", "อำเภอ", "จำนวน", "หมายเหตุ"],
    [[i + 1, hostile(i), hostile(i + 1), hostile(i + 2)] for i in range(len(HOSTILE))],
)


class ExportsFormulaSafeTestCase(TempMediaMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A provincial staff member whose name is hostile (PSO "picked by").
        cls.picker = make_user(
            "picker", Role.PROVINCIAL_STAFF, province=cls.phayao, first_name=hostile(5)
        )
        categories = list(Category)
        cls.products = []
        for i in range(len(HOSTILE)):
            producer = make_producer(
                f"=C{i}",
                cls.mueang,
                name=hostile(i),
                address=hostile(i + 1),
                phone=hostile(i + 2),
            )
            product = make_product(
                f"@P{i}",
                producer,
                name=hostile(i + 3),
                category=categories[i % len(categories)],
                stars={2567: 4},
            )
            cls.products.append(product)
        # KBO (one row per producer) and QD (one per product) rounds with nominations
        # whose justification is hostile; the first district by code (5601) has them all.
        cls.kbo = make_seed_round(cls.phayao)
        cls.qd = Round.objects.get(slug="qd-2568-56")
        for i, product in enumerate(cls.products):
            for round_ in (cls.kbo, cls.qd):
                Nomination.objects.create(
                    round=round_,
                    district=cls.mueang,
                    producer=product.producer,
                    product=product if round_ is cls.qd else None,
                    position=i,
                    justification=hostile(i + 4),
                )
        # OPC: every product applied and scored by a committee member.
        cls.opc = make_opc_round(cls.phayao, fiscal_year=2567)
        add_member(cls.opc, cls.staff, "chair")
        for product in cls.products:
            application = opc_services.application_create(
                round_=cls.opc, producer=product.producer, products=[product], user=cls.officer
            )
            opc_services.score_set(
                application=application,
                points={"production": "20", "marketing": "20", "quality": "40"},
                user=cls.staff,
            )
        # PSO: one pick per category with a hostile remark, by the hostile-named user.
        cls.pso = make_pso_round(cls.phayao, fiscal_year=2568)
        for i, product in enumerate(cls.products[: len(categories)]):
            opc_services.pso_pick_set(
                round_=cls.pso, product=product, remark=hostile(i), user=cls.picker
            )
        Round.objects.filter(pk__in=[cls.opc.pk, cls.pso.pk]).update(title=hostile(0))

    # -- checking one workbook

    def assert_formula_safe(self, data: bytes, *, label: str, expect=HOSTILE) -> None:
        """No formula but the app's own; formula-like text is quote-prefixed text; every
        string of `expect` is some cell's value, unchanged."""
        book = load_workbook(io.BytesIO(data))
        seen = set()
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    where = f"{label}: {ws.title}!{cell.coordinate} = {cell.value!r}"
                    if cell.data_type == "f":
                        self.assertIn(cell.value, APP_FORMULAS, f"{where} is a formula")
                        continue
                    if not isinstance(cell.value, str):
                        continue
                    seen.add(cell.value)
                    if cell.value.startswith(TRIGGERS):
                        self.assertEqual(cell.data_type, "s", where)
                        self.assertTrue(cell.quotePrefix, f"{where} has no quote prefix")
        missing = [text for text in expect if text not in seen]
        self.assertEqual(missing, [], f"{label}: hostile text missing or changed")

    def get_xlsx(self, user, url: str) -> bytes:
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        body = b"".join(response) if response.streaming else response.content
        self.assertEqual(body[:2], b"PK", url)
        return body

    # -- the web exports

    def test_the_consolidated_list(self):
        for round_ in (self.kbo, self.qd):
            url = reverse("documents:consolidated_xlsx", args=[round_.slug])
            self.assert_formula_safe(self.get_xlsx(self.staff, url), label=url)

    def test_the_return_forms(self):
        for round_ in (self.kbo, self.qd):
            url = reverse("documents:form_xlsx", args=[round_.slug, "5601"])
            self.assert_formula_safe(self.get_xlsx(self.staff, url), label=url)
            blank = self.get_xlsx(self.staff, f"{url}?blank=1")
            self.assert_formula_safe(blank, label=f"{url}?blank=1", expect=[])
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "form.xlsx"
                call_command(
                    "render_form", round_.slug, "--district", "5601", "-o", str(path),
                    stdout=io.StringIO(),
                )  # fmt: skip
                self.assert_formula_safe(path.read_bytes(), label=f"render_form {round_.slug}")

    def test_the_opc_results(self):
        url = reverse("opc:results_xlsx", args=[self.opc.slug])
        self.assert_formula_safe(self.get_xlsx(self.staff, url), label=url)

    def test_the_pso_results(self):
        url = reverse("opc:pso_xlsx", args=[self.pso.slug])
        self.assert_formula_safe(self.get_xlsx(self.staff, url), label=url)

    def test_the_registry_and_participation_error_workbooks(self):
        self.client.force_login(self.admin)
        for kind, data in (("registry", REGISTRY_UPLOAD), ("participation", PARTICIPATION_UPLOAD)):
            with self.captureOnCommitCallbacks(execute=True):
                file = SimpleUploadedFile(f"{kind}.xlsx", data)
                self.client.post(reverse("registry:import_upload"), {"kind": kind, "file": file})
            batch = ImportBatch.objects.filter(kind=kind).latest("pk")
            self.assertTrue(batch.errors_file, f"{kind}: no error workbook")
            url = reverse("registry:import_errors", args=[batch.pk])
            self.assert_formula_safe(self.get_xlsx(self.admin, url), label=url)

    def test_the_quota_error_workbook(self):
        self.client.force_login(self.staff)
        file = SimpleUploadedFile("register.xlsx", QUOTA_UPLOAD)
        upload = reverse("allocations:quota_upload", args=[self.kbo.slug])
        data = {"file": file, "default_kind": "exact", "sheet_name": ""}
        self.assertEqual(self.client.post(upload, data).status_code, 302)
        batch = ImportBatch.objects.filter(kind="quota").latest("pk")
        url = reverse("allocations:quota_upload_errors", args=[self.kbo.slug, batch.pk])
        self.assert_formula_safe(self.get_xlsx(self.staff, url), label=url)

    # -- the commands

    def test_the_error_workbooks_of_the_import_commands(self):
        runs = [
            ("import_registry", REGISTRY_UPLOAD, []),
            ("import_participation", PARTICIPATION_UPLOAD, []),
            ("import_quotas", QUOTA_UPLOAD, ["--round", self.kbo.slug]),
        ]
        for command, data, extra in runs:
            with self.subTest(command=command), tempfile.TemporaryDirectory() as tmp:
                source, errors = Path(tmp) / "in.xlsx", Path(tmp) / "errors.xlsx"
                source.write_bytes(data)
                with suppress(SystemExit):  # exit 1: invalid rows
                    call_command(
                        command, str(source), "--errors-out", str(errors), *extra,
                        stdout=io.StringIO(), stderr=io.StringIO(),
                    )  # fmt: skip
                self.assert_formula_safe(errors.read_bytes(), label=command)

    # -- nothing left out

    def test_every_xlsx_url_of_the_urlconf_is_checked_here(self):
        found = set()
        for walked in walk():
            route = walked.route.removesuffix("$").replace("\\", "")
            if walked.name.endswith("_xlsx") or route.endswith(".xlsx"):
                found.add(walked.name)
        self.assertIn("documents:consolidated_xlsx", found)  # the discovery works
        self.assertEqual(sorted(found - set(WEB_EXPORTS)), [], "add these to WEB_EXPORTS")
        self.assertEqual(sorted(set(WEB_EXPORTS) - found), [], "stale WEB_EXPORTS entries")
        for method in {*WEB_EXPORTS.values(), *COMMAND_EXPORTS.values()}:
            self.assertTrue(hasattr(self, method), method)

    def test_every_command_that_writes_a_file_is_checked_here(self):
        base = str(Path(settings.BASE_DIR).resolve())
        ours = {
            config.name
            for config in apps.get_app_configs()
            if str(Path(config.path).resolve()).startswith(base) and ".venv" not in config.path
        }
        writers = set()
        for name, app in get_commands().items():
            if app not in ours:
                continue
            parser = load_command_class(app, name).create_parser("manage.py", name)
            options = {s for action in parser._actions for s in action.option_strings}
            if options & OUTPUT_OPTIONS:
                writers.add(name)
        self.assertIn("render_form", writers)  # the discovery works
        listed = set(COMMAND_EXPORTS) | set(NOT_XLSX_COMMANDS)
        self.assertEqual(sorted(writers - listed), [], "add these to COMMAND_EXPORTS")


class NoBypassTestCase(SimpleTestCase):
    def test_no_app_code_makes_an_openpyxl_workbook_of_its_own(self):
        # Workbooks come from registry.xlsx_safe.new_workbook(), whose save neutralises
        # every cell; a plain openpyxl Workbook would write "=…" as a formula.
        base = Path(settings.BASE_DIR)
        skip = {".venv", "tests", "bench", "node_modules", "static", "media", "locale"}
        offenders = []
        for folder, dirs, files in os.walk(base):
            dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
            for name in files:
                path = Path(folder, name)
                relative = path.relative_to(base)
                if (
                    name.endswith(".py")
                    and relative != Path("registry/xlsx_safe.py")
                    and _makes_a_workbook(path.read_text(encoding="utf-8"))
                ):
                    offenders.append(str(relative))
        self.assertEqual(offenders, [], "use registry.xlsx_safe.new_workbook()")
