"""Hostile workbooks (see hostile.py): every one is refused, in Thai, by the shared check
and through every upload that reads a workbook, with the memory of the process bounded.

python-calamine must never see these files: given one, it can abort the whole process
(SIGABRT on a failed allocation). So the tests in this process run with calamine
replaced by a guard that fails the test instead (`calamine_guard`), and the one test
that lets the real calamine run does so in a child process (`MemoryTestCase`).
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from unittest import mock

import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from registry.importing import reader
from registry.importing.errors import UnreadableFile
from registry.importing.reader import check_bytes, open_workbook
from registry.models import ImportBatch, ImportStatus, Producer
from tests.base import PASSWORD, BaseTestCase
from tests.registry.importing import hostile
from tests.registry.importing.corpus import (
    HEADERS,
    TempMediaMixin,
    million_empty_rows,
    registry_row,
    xlsx,
)

ROOT = Path(__file__).resolve().parents[3]
ROWS = "แถวมากเกินกำหนด"
COLUMNS = "คอลัมน์มากเกินกำหนด"
GRID = "ตารางใหญ่เกินกำหนด"
# What each refusal says (besides being Thai): the limit it hit, and the sheet it names.
EXPECTED = {
    "single_quotes_far_cell": (ROWS, "1,048,576", "'ทะเบียน'"),
    "double_quotes_far_cell": (ROWS, "1,048,576"),
    "moved_sheet_part": (ROWS, "1,048,576"),
    "sheet_outside_xl": (ROWS, "1,048,576"),
    "moved_workbook": (ROWS, "1,048,576"),
    "huge_dimension": (ROWS, "1,048,576"),
    "huge_dimension_single_quotes": (ROWS, "1,048,576"),
    "sparse_far_cell": (GRID, "GR300000", "60,000,000"),
    "lowercase_reference": (GRID, "GR300000"),
    "rows_without_references": (ROWS, "300,000 แถว"),
    "positional_rows": (COLUMNS, "150,003 แถว"),
    "prefixed_elements": (ROWS, "1,048,576"),
    "foreign_namespace_cell": (ROWS, "1,048,576"),
    "far_cell_after_comment_and_cdata": (ROWS, "1,048,576"),
    "far_cell_reference_not_first": (ROWS, "1,048,576"),
    "doctype_entity": ("DTD",),
    "many_sheets_last_hostile": (GRID, "'ท้าย'", "GR300000"),
    "second_sheet_hostile": (ROWS, "'อื่น'"),
    "unreferenced_worksheet_part": (ROWS, "sheet9.xml"),
    "case_and_backslash_paths": (ROWS, "1,048,576"),
    "shared_string_count": ("shared strings", "1,000,000,000,000"),
    "shared_string_fanout": ("ข้อความในเซลล์", "'ทะเบียน'"),
}


class CalamineReached(BaseException):
    """python-calamine was handed a workbook that the check should have refused.

    A BaseException, so that no `except Exception` on the way up can swallow it."""


def calamine_guard():
    """Replace python-calamine in the reader by one that fails the test when used."""

    def refuse(*args, **kwargs):
        raise CalamineReached("python-calamine was given a hostile workbook")

    names = {n: getattr(python_calamine, n) for n in dir(python_calamine) if n[:2] != "__"}
    fake = types.SimpleNamespace(**names)
    fake.CalamineWorkbook = types.SimpleNamespace(from_filelike=refuse)
    return mock.patch.object(reader, "python_calamine", fake)


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


class CheckTestCase(SimpleTestCase):
    """The shared check (check_bytes, and open_workbook which starts with it)."""

    def test_every_hostile_workbook_is_refused_in_thai_before_calamine(self):
        self.assertEqual(set(EXPECTED), set(hostile.VARIANTS))
        for name, fragments in EXPECTED.items():
            data = hostile.build(name)
            self.assertLess(len(data), 400 * 1024)  # a small upload, allowed everywhere
            with self.subTest(name), calamine_guard():
                with self.assertRaises(UnreadableFile) as caught:
                    check_bytes(data)
                message = str(caught.exception)
                self.assertTrue(is_thai(message), message)
                for fragment in fragments:
                    self.assertIn(fragment, message)
                with self.assertRaisesMessage(UnreadableFile, message):
                    open_workbook(data)

    @override_settings(IMPORT_MAX_CELLS=100)
    def test_the_cell_limit_is_a_setting(self):
        rows = [registry_row(f"P{i}", f"X{i}") for i in range(10)]  # 11 rows × 17 columns
        data = hostile.one_sheet(hostile.sheet_xml(hostile.rows_xml([HEADERS, *rows])))
        with calamine_guard(), self.assertRaisesMessage(UnreadableFile, "สูงสุด 100 ช่อง"):
            check_bytes(data)

    @override_settings(IMPORT_MAX_CHECK_SECONDS=0)
    def test_the_check_has_a_time_budget(self):
        with calamine_guard(), self.assertRaisesMessage(UnreadableFile, "ตรวจไฟล์นานเกินกำหนด"):
            check_bytes(hostile.one_sheet(hostile.sheet_xml(hostile.good_rows())))


class HonestTwinsTestCase(SimpleTestCase):
    """Odd but honest files open and read as calamine reads them, while their twin with
    one far cell (or a lower limit) is refused: the check follows what calamine follows,
    neither less nor more."""

    def read(self, data: bytes, sheet=None) -> list[list]:
        return [row for _n, row in open_workbook(data).sheet(sheet).rows()]

    def assertRefused(self, data: bytes, fragment: str):
        with calamine_guard(), self.assertRaisesMessage(UnreadableFile, fragment):
            check_bytes(data)

    def test_quoting_prefixes_and_part_locations_change_nothing(self):
        def files(body):
            return {
                "single quotes": hostile.one_sheet(hostile.sheet_xml(body), quote="'"),
                "prefixed": hostile.one_sheet(hostile.sheet_xml(body, prefix="x")),
                "moved": hostile.package([("ทะเบียน", "xl/data/s.xml", hostile.sheet_xml(body))]),
            }

        honest, far = files(hostile.good_rows()), files(hostile.good_rows() + hostile.FAR_CELL)
        for label in honest:
            with self.subTest(label):
                self.assertEqual(self.read(honest[label])[0][:3], HEADERS[:3])
                self.assertRefused(far[label], "1,048,576 แถว")

    def test_cells_and_rows_without_references_take_the_next_position(self):
        body = (
            "<row><c><v>1</v></c><c><v>2</v></c></row><row/>"
            "<row><c r='C3'><v>3</v></c><c><v>4</v></c></row>"
        )
        data = hostile.one_sheet(hostile.sheet_xml(body))
        self.assertEqual(self.read(data), [[1, 2, "", ""], ["", "", "", ""], ["", "", 3, 4]])
        with override_settings(IMPORT_MAX_ROWS=2, IMPORT_MAX_COLUMNS=3):
            self.assertRefused(data, "3 แถว สูงสุด 2 แถว")
        with override_settings(IMPORT_MAX_COLUMNS=3):
            self.assertRefused(data, "4 คอลัมน์ สูงสุด 3")
        with override_settings(IMPORT_MAX_CELLS=11):
            self.assertRefused(data, "3 แถว × 4 คอลัมน์ = 12 ช่อง")

    @staticmethod
    def shared_strings_file() -> bytes:
        """53 cells: three name a 1,000-character string, fifty a 1-character one."""
        sst = (
            f'<sst xmlns="{hostile.MAIN}" uniqueCount="2">'
            f"<si><t>{'ก' * 1000}</t></si><si><t>x</t></si></sst>"
        )
        cells = [f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in (1, 2, 3)]
        cells += [f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(4, 54)]
        return hostile.one_sheet(hostile.sheet_xml("".join(cells)), shared_strings=sst)

    def test_shared_strings_are_counted_as_each_cell_repeats_them(self):
        # 53 × 1,000 would pass no limit under 53,000; the cells really repeat 3,050.
        data = self.shared_strings_file()
        with override_settings(IMPORT_MAX_CELL_TEXT=5_000):
            self.assertEqual(len(self.read(data)), 53)
        with override_settings(IMPORT_MAX_CELL_TEXT=3_000):
            self.assertRefused(data, "ข้อความในเซลล์")

    def test_every_sheet_is_checked_and_an_honest_second_sheet_is_read(self):
        first = ("ทะเบียน", "xl/worksheets/sheet1.xml", hostile.sheet_xml(hostile.good_rows()))
        second = hostile.sheet_xml(hostile.rows_xml([["a", "b"], [1, 2]]))
        data = hostile.package([first, ("อื่น", "xl/worksheets/sheet2.xml", second)])
        self.assertEqual(self.read(data, "อื่น"), [["a", "b"], [1, 2]])
        far = hostile.sheet_xml(hostile.rows_xml([["a", "b"], [1, 2]]) + hostile.SPARSE_FAR)
        data = hostile.package([first, ("อื่น", "xl/worksheets/sheet2.xml", far)])
        self.assertRefused(data, "ชีต 'อื่น' มีตารางใหญ่เกินกำหนด")


class ByteScanTestCase(SimpleTestCase):
    """The byte scan of sheets written as spreadsheet programs write them only makes the
    check faster: with or without it, every file gets the same verdict (accepted, or
    refused in the same words)."""

    def verdict(self, data: bytes) -> str:
        try:
            with calamine_guard():
                check_bytes(data)
        except UnreadableFile as exc:
            return str(exc)
        return "accepted"

    def test_the_verdict_is_the_same_without_the_byte_scan(self):
        honest = {
            "openpyxl": xlsx([registry_row(f"P{i}", f"X{i}") for i in range(30)]),
            "hand-written": hostile.one_sheet(hostile.sheet_xml(hostile.good_rows())),
            "shared strings": HonestTwinsTestCase.shared_strings_file(),
        }
        files = {name: hostile.build(name) for name in hostile.VARIANTS} | honest
        limits = [
            {},
            {"IMPORT_MAX_CELLS": 60},
            {"IMPORT_MAX_ROWS": 20},
            {"IMPORT_MAX_COLUMNS": 10},
            {"IMPORT_MAX_CELL_TEXT": 2_000},
        ]
        no_scan = mock.patch.object(reader._CanonicalScan, "run", side_effect=reader._NotCanonical)
        for overrides in limits:
            for name, data in files.items():
                with self.subTest(name=name, **overrides), override_settings(**overrides):
                    fast = self.verdict(data)
                    with no_scan:
                        self.assertEqual(fast, self.verdict(data))
        # And it does the work alone for an honest file (no element-by-element scan).
        element_scan = mock.patch.object(reader._QuickScan, "__init__", side_effect=AssertionError)
        with element_scan:
            self.assertEqual(self.verdict(honest["openpyxl"]), "accepted")


CHILD = """
import json, os, resource, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from registry.importing.errors import UnreadableFile
from registry.importing.reader import open_workbook

outcomes = {}
for path in sorted(os.listdir(sys.argv[1])):
    data = open(os.path.join(sys.argv[1], path), "rb").read()
    try:
        book = open_workbook(data)
        for name in book.sheet_names:
            sum(1 for _ in book.sheet(name).rows())
        outcomes[path] = "opened"
    except UnreadableFile as exc:
        outcomes[path] = str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"outcomes": outcomes, "peak_bytes": peak}))
"""
CHILD_MEMORY_CAP = 4 * 1024**3  # address space: without the check, calamine fails fast
PEAK_LIMIT = 300 * 1024**2


class MemoryTestCase(SimpleTestCase):
    """The real calamine, in a child process: every file refused, the peak RSS bounded."""

    def test_a_process_opening_every_hostile_workbook_stays_small(self):
        with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
            for name in hostile.VARIANTS:
                Path(folder, f"{name}.xlsx").write_bytes(hostile.build(name))
            # The spec's "a million empty rows": its memory is measured here, in the child
            # (tracemalloc in the test process made its parse six times slower).
            Path(folder, "million-empty-rows.xlsx").write_bytes(million_empty_rows())
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "otop_site.test_settings"}
            child = subprocess.run(
                [sys.executable, "-c", CHILD, folder],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                preexec_fn=lambda: resource.setrlimit(
                    resource.RLIMIT_AS, (CHILD_MEMORY_CAP, CHILD_MEMORY_CAP)
                ),
            )
        self.assertEqual(child.returncode, 0, child.stderr[-2000:])  # -6: SIGABRT
        report = json.loads(child.stdout.strip().splitlines()[-1])
        for name, fragments in EXPECTED.items():
            with self.subTest(name):
                self.assertIn(fragments[0], report["outcomes"][f"{name}.xlsx"])
        self.assertIn(ROWS, report["outcomes"]["million-empty-rows.xlsx"])
        self.assertLess(report["peak_bytes"], PEAK_LIMIT)


# -- the three upload paths ----------------------------------------------------------------


class UploadPathsTestCase(TempMediaMixin, BaseTestCase):
    """Each page and command that takes a workbook refuses every hostile one, with the
    check's Thai message, and calamine never sees it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.documents.data import make_open_seed_round
        from tests.selection.data import make_round

        cls.quota_round = make_round("KBO", 2568, cls.phayao, slug="kbo-hostile")
        cls.form_round = make_open_seed_round(cls.phayao)

    def setUp(self):
        guard = calamine_guard()
        guard.start()
        self.addCleanup(guard.stop)

    def assertRefused(self, response, name):
        self.assertEqual(response.status_code, 200)
        for fragment in EXPECTED[name]:
            self.assertContains(response, fragment.replace("'", "&#x27;"))

    def test_the_registry_import_page_rejects_them(self):
        producers = Producer.objects.count()
        self.client.force_login(self.admin)
        for name in hostile.VARIANTS:
            with self.subTest(name):
                upload = SimpleUploadedFile(f"{name}.xlsx", hostile.build(name))
                url = reverse("registry:import_upload")
                with self.captureOnCommitCallbacks(execute=True):  # the preview task
                    response = self.client.post(url, {"file": upload, "kind": "registry"})
                self.assertRefused(self.client.get(response["Location"]), name)
                batch = ImportBatch.objects.latest("pk")
                self.assertEqual(batch.status, ImportStatus.REJECTED)
        self.assertEqual(Producer.objects.count(), producers)

    def test_the_quota_register_page_rejects_them(self):
        self.client.login(username="staff", password=PASSWORD)
        url = reverse("allocations:quota_upload", args=[self.quota_round.slug])
        for name in hostile.VARIANTS:
            with self.subTest(name):
                upload = SimpleUploadedFile(f"{name}.xlsx", hostile.build(name))
                payload = {"file": upload, "default_kind": "exact"}
                response = self.client.post(url, payload, follow=True)
                self.assertRefused(response, name)
                batch = ImportBatch.objects.filter(kind="quota").latest("pk")
                self.assertEqual(batch.status, ImportStatus.REJECTED)
        self.assertFalse(self.quota_round.quotas.exists())

    def test_the_filled_form_page_refuses_them_for_the_lowest_role(self):
        self.client.force_login(self.officer)  # a district officer
        kwargs = {"round_slug": self.form_round.slug, "district_code": self.mueang.code}
        url = reverse("documents:form_upload", kwargs=kwargs)
        for name in hostile.VARIANTS:
            with self.subTest(name):
                file = io.BytesIO(hostile.build(name))
                file.name = f"{name}.xlsx"
                self.assertRefused(self.client.post(url, {"file": file}), name)

    def test_the_import_commands_exit_2_with_the_message(self):
        producers = Producer.objects.count()
        from allocations.management.commands.import_quotas import Command as QuotaCommand
        from registry.management.commands.import_registry import Command as RegistryCommand

        commands = {
            "import_registry": (RegistryCommand, {}),
            "import_quotas": (QuotaCommand, {"round": self.quota_round.slug, "kind": "exact"}),
        }
        with tempfile.TemporaryDirectory() as folder:
            for name in hostile.VARIANTS:
                path = Path(folder, f"{name}.xlsx")
                path.write_bytes(hostile.build(name))
                for label, (command, options) in commands.items():
                    with self.subTest(name=name, command=label):
                        out, err = io.StringIO(), io.StringIO()
                        code = command(stdout=out, stderr=err).run(file=str(path), **options)
                        self.assertEqual(code, 2)
                        for fragment in EXPECTED[name]:
                            self.assertIn(fragment, err.getvalue())
        self.assertEqual(Producer.objects.count(), producers)
