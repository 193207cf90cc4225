# ruff: noqa: E501 — XML literals and report lines read better unwrapped
"""Registry import benchmark: one command, one deterministic national file, all figures.

    .venv/bin/python bench/import_registry.py [--rows 100000] [--ie-rows 10000]

Generates a deterministic registry .xlsx (--rows product rows, ~0.4 producers per row,
producers in every province with real geothai names, star and Quadrant history), then in
throwaway databases (SQLite file; PostgreSQL too when DATABASE_URL is set) measures:

1. the app's import into an empty database, and the re-import of the same file;
2. the floor: python-calamine read + plain bulk_create of the same rows (no validation);
3. django-import-export 4.x through ModelResources with ForeignKeyWidgets (producer by
   code, district by name within the row's province), on the first --ie-rows rows, with
   the app measured on the same rows for the ratio;
4. the peak memory (max RSS) of a process doing the app's import of the whole file
   (target < 700 MB), and how long the safety check before parsing takes (part of 1).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = [
    "รหัสผู้ผลิต", "ชื่อผู้ผลิต", "ประเภทผู้ผลิต", "จังหวัด", "อำเภอ", "ตำบล", "หมู่ที่",
    "ที่อยู่", "โทรศัพท์", "รหัสผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์",
    "ปีที่ลงทะเบียน", "ระดับดาว", "ปีที่คัดสรร", "กลุ่ม Quadrant", "ปีที่จัดกลุ่ม",
]  # fmt: skip
TYPES = ["กลุ่มผู้ผลิตชุมชน", "เจ้าของรายเดียว", "SME"]
CATEGORIES = ["อาหาร", "เครื่องดื่ม", "ผ้า เครื่องแต่งกาย", "ของใช้ ของตกแต่ง ของที่ระลึก",
              "สมุนไพรที่ไม่ใช่อาหาร"]  # fmt: skip
WORDS = ["ทอผ้า", "จักสาน", "น้ำพริก", "ข้าวแต๋น", "สมุนไพร", "เครื่องปั้น", "ผ้าไหม", "กาแฟ",
         "น้ำผึ้ง", "ไม้แกะสลัก", "ขนมไทย", "ชาใบหม่อน", "ผ้าฝ้าย", "เครื่องเงิน", "ปลาร้า"]  # fmt: skip


# -- the file ---------------------------------------------------------------------------
def generate_rows(n_rows: int, seed: int = 2568) -> list[list]:
    import geothai

    rng = random.Random(seed)
    places = []
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for s in geothai.subdistricts(d.code):
                places.append((p.name_th, d.name_th, s.name_th))
    places.sort()
    n_producers = max(1, int(n_rows * 0.4))
    # Every province first, then the rest at random.
    by_province: dict[str, list] = {}
    for place in places:
        by_province.setdefault(place[0], []).append(place)
    producer_places = [rng.choice(v) for v in by_province.values()]
    producer_places += [rng.choice(places) for _ in range(n_producers - len(producer_places))]
    rows = []
    for i in range(n_rows):
        pi = i % n_producers if i < n_producers else rng.randrange(n_producers)
        province, district, subdistrict = producer_places[pi]
        prng = random.Random(seed * 1_000_003 + pi)  # producer columns repeat identically
        year = 2557 + (i % 11)
        row = [
            f"OT{pi:07d}",
            f"กลุ่ม{prng.choice(WORDS)}บ้าน{subdistrict} {pi}",
            prng.choice(TYPES),
            province,
            district,
            subdistrict,
            prng.randint(1, 20),
            f"{prng.randint(1, 300)} หมู่ {prng.randint(1, 20)}",
            f"08{prng.randint(10_000_000, 99_999_999)}",
            f"PD{i:08d}",
            f"{rng.choice(WORDS)}{rng.choice(WORDS)} {i}",
            rng.choice(CATEGORIES),
            year,
            rng.randint(1, 5) if rng.random() < 0.6 else "",
            "",
            rng.choice("ABCD") if rng.random() < 0.7 else "",
            "",
        ]
        if row[13] != "":
            row[14] = rng.choice([2559, 2562, 2565, 2567])
        if row[15] != "":
            row[16] = rng.choice([2566, 2567])
        rows.append(row)
    # Producer registration year must be consistent; products carry their own.
    return rows


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def write_xlsx(rows: list[list], path: Path) -> None:
    """A plain .xlsx with shared strings, written directly (openpyxl takes ~20 s for this)."""
    strings: dict[str, int] = {}
    cols = [_col(i) for i in range(len(HEADERS))]

    def cell(ref, value):
        if value == "" or value is None:
            return ""
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    body = []
    for r, row in enumerate([HEADERS, *rows], start=1):
        body.append(
            f'<row r="{r}">'
            + "".join(cell(f"{cols[c]}{r}", v) for c, v in enumerate(row))
            + "</row>"
        )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{cols[-1]}{len(rows) + 1}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    ns_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns_rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{ns_rel}"><sheets><sheet name="ทะเบียน" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns_rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns_rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": sst,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


# -- Django in a throwaway database ------------------------------------------------------
def setup_django(backend: str, workdir: Path, name: str):
    os.environ.setdefault("SECRET_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "false"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "otop_site.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})
    if backend == "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = str(workdir / f"{name}.sqlite3")
    else:
        settings.DATABASES["default"]["TEST"]["NAME"] = f"otop_bench_{name}"
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    if backend == "sqlite":
        with connection.cursor() as cursor:  # as the app's settings do for the real file
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
    return connection


def teardown_django(connection):
    from django.db import connection as conn

    conn.creation.destroy_test_db(conn.settings_dict["NAME"], verbosity=0, keepdb=False)


def clear_registry():
    from registry.models import ImportBatch, Producer, Product, QuadrantRating, StarRating

    for model in (StarRating, QuadrantRating, Product, Producer, ImportBatch):
        model.objects.all().delete()


def timed(fn):
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def app_import(data: bytes):
    from registry.importing import import_file

    result = import_file(kind="registry", data=data)
    assert result.outcome == "ok", result.summary["errors"][:5]
    return result.summary["counts"]


def floor_import(data: bytes):
    """calamine read + plain bulk_create of the same rows: no validation, no diffing."""
    import python_calamine

    from registry.models import District, Producer, Product, QuadrantRating, StarRating, Subdistrict

    gc.disable()
    gc.freeze()
    try:
        sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(
            0
        )
        rows = sheet.to_python()[1:]
        districts = {
            (d.province.name_th, d.name_th): d.code
            for d in District.objects.select_related("province")
        }
        subs = {(s.district_id, s.name_th): s.code for s in Subdistrict.objects.all()}
        producers = {}
        for r in rows:
            if r[0] not in producers:
                dcode = districts[(r[3], r[4])]
                producers[r[0]] = Producer(
                    code=r[0],
                    name=r[1],
                    producer_type="group",
                    district_id=dcode,
                    subdistrict_id=subs.get((dcode, r[5])),
                    village_no=int(r[6]),
                    address=r[7],
                    phone=str(r[8]),
                    registered_year=int(r[12]),
                )
        Producer.objects.bulk_create(producers.values(), batch_size=2000)
        products = [
            Product(
                code=r[9],
                producer_id=producers[r[0]].pk,
                name=r[10],
                category="food",
                registered_year=int(r[12]),
            )
            for r in rows
        ]
        Product.objects.bulk_create(products, batch_size=2000)
        StarRating.objects.bulk_create(
            [
                StarRating(product_id=p.pk, year=int(r[14]), stars=int(r[13]))
                for p, r in zip(products, rows, strict=True)
                if r[13] != ""
            ],
            batch_size=2000,
        )
        QuadrantRating.objects.bulk_create(
            [
                QuadrantRating(product_id=p.pk, year=int(r[16]), quadrant=r[15])
                for p, r in zip(products, rows, strict=True)
                if r[15] != ""
            ],
            batch_size=2000,
        )
    finally:
        gc.unfreeze()
        gc.enable()


def import_export_run(data: bytes):
    """django-import-export 4.x: four ModelResources over the same rows, FK widgets."""
    import tablib
    from import_export import fields, resources, widgets

    from registry.models import District, Producer, Product, QuadrantRating, StarRating

    class DistrictWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return District.objects.filter(province__name_th=row["จังหวัด"])

    class ProducerResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="รหัสผู้ผลิต")
        name = fields.Field(attribute="name", column_name="ชื่อผู้ผลิต")
        producer_type = fields.Field(attribute="producer_type", column_name="ptype")
        district = fields.Field(
            attribute="district", column_name="อำเภอ", widget=DistrictWidget(District, "name_th")
        )
        village_no = fields.Field(attribute="village_no", column_name="หมู่ที่")
        address = fields.Field(attribute="address", column_name="ที่อยู่")
        phone = fields.Field(attribute="phone", column_name="โทรศัพท์")

        class Meta:
            model = Producer
            import_id_fields = ("code",)
            fields = ("code", "name", "producer_type", "district", "village_no", "address", "phone")

    class ProductResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="รหัสผลิตภัณฑ์")
        producer = fields.Field(
            attribute="producer",
            column_name="รหัสผู้ผลิต",
            widget=widgets.ForeignKeyWidget(Producer, "code"),
        )
        name = fields.Field(attribute="name", column_name="ชื่อผลิตภัณฑ์")
        category = fields.Field(attribute="category", column_name="cat")
        registered_year = fields.Field(attribute="registered_year", column_name="ปีที่ลงทะเบียน")

        class Meta:
            model = Product
            import_id_fields = ("code",)
            fields = ("code", "producer", "name", "category", "registered_year")

    class StarResource(resources.ModelResource):
        product = fields.Field(
            attribute="product",
            column_name="รหัสผลิตภัณฑ์",
            widget=widgets.ForeignKeyWidget(Product, "code"),
        )
        year = fields.Field(attribute="year", column_name="ปีที่คัดสรร")
        stars = fields.Field(attribute="stars", column_name="ระดับดาว")

        class Meta:
            model = StarRating
            import_id_fields = ("product", "year")
            fields = ("product", "year", "stars")

    class QuadrantResource(resources.ModelResource):
        product = fields.Field(
            attribute="product",
            column_name="รหัสผลิตภัณฑ์",
            widget=widgets.ForeignKeyWidget(Product, "code"),
        )
        year = fields.Field(attribute="year", column_name="ปีที่จัดกลุ่ม")
        quadrant = fields.Field(attribute="quadrant", column_name="กลุ่ม Quadrant")

        class Meta:
            model = QuadrantRating
            import_id_fields = ("product", "year")
            fields = ("product", "year", "quadrant")

    dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    types = {"กลุ่มผู้ผลิตชุมชน": "group", "เจ้าของรายเดียว": "single", "SME": "sme"}
    dataset.append_col([types[t] for t in dataset["ประเภทผู้ผลิต"]], header="ptype")
    dataset.append_col(["food"] * len(dataset), header="cat")
    stars = tablib.Dataset(headers=dataset.headers)
    quads = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        if row[13] not in ("", None):
            stars.append(row)
        if row[15] not in ("", None):
            quads.append(row)
    for model_resource, ds in ((ProducerResource(), dataset), (ProductResource(), dataset),
                         (StarResource(), stars), (QuadrantResource(), quads)):  # fmt: skip
        result = model_resource.import_data(ds, dry_run=False, raise_errors=True)
        assert not result.has_errors()


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- children ------------------------------------------------------------------------------
def child_measure(args) -> dict:
    workdir = Path(args.workdir)
    data = Path(args.file).read_bytes()
    small = Path(args.small_file).read_bytes()
    conn = setup_django(args.backend, workdir, "measure")
    out = {}
    try:
        from registry.importing.reader import check_bytes

        out["check"], _ = timed(lambda: check_bytes(data))
        out["app_first"], counts = timed(lambda: app_import(data))
        out["counts"] = counts
        out["app_reimport"], counts2 = timed(lambda: app_import(data))
        assert all(c["create"] == 0 and c["update"] == 0 for c in counts2.values()), counts2
        clear_registry()
        out["floor"], _ = timed(lambda: floor_import(data))
        clear_registry()
        out["app_small"], _ = timed(lambda: app_import(small))
        clear_registry()
        if not args.skip_ie:
            out["ie_small"], _ = timed(lambda: import_export_run(small))
            clear_registry()
    finally:
        teardown_django(conn)
    return out


def child_memory(args) -> dict:
    workdir = Path(args.workdir)
    data = Path(args.file).read_bytes()
    conn = setup_django(args.backend, workdir, "memory")
    try:
        before = max_rss_mb()
        app_import(data)
        after = max_rss_mb()
    finally:
        teardown_django(conn)
    return {"rss_before": before, "rss_peak": after}


def run_child(mode: str, args, backend: str, workdir: Path, file: Path, small: Path) -> dict:
    env = dict(os.environ)
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
    cmd = [sys.executable, __file__, f"--child-{mode}", "--backend", backend, "--workdir", str(workdir),
           "--file", str(file), "--small-file", str(small)]  # fmt: skip
    if args.skip_ie:
        cmd.append("--skip-ie")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{mode} child failed on {backend}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ensure_import_export() -> bool:
    try:
        import import_export  # noqa: F401

        return True
    except ImportError:
        print("installing bench/requirements.txt (django-import-export) …", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", str(ROOT / "bench/requirements.txt")],
                       check=True)  # fmt: skip
        return True


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--ie-rows", type=int, default=10_000)
    parser.add_argument("--skip-ie", action="store_true", help="leave django-import-export out")
    parser.add_argument("--child-measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--backend", default="sqlite", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--small-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_measure:
        print(json.dumps(child_measure(args)))
        return
    if args.child_memory:
        print(json.dumps(child_memory(args)))
        return

    if not args.skip_ie:
        ensure_import_export()
    with tempfile.TemporaryDirectory(prefix="otop-bench-") as tmp:
        workdir = Path(tmp)
        t0 = time.perf_counter()
        rows = generate_rows(args.rows)
        file = workdir / "registry.xlsx"
        write_xlsx(rows, file)
        small = workdir / "registry-small.xlsx"
        write_xlsx(rows[: args.ie_rows], small)
        producers = len({r[0] for r in rows})
        provinces = len({r[3] for r in rows})
        print(f"file: {args.rows:,} product rows, {producers:,} producers, {provinces} provinces, "
              f"{file.stat().st_size / 1e6:.1f} MB (generated in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        backends = ["sqlite"] + (
            ["postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else []
        )
        for backend in backends:
            m = run_child("measure", args, backend, workdir, file, small)
            mem = run_child("memory", args, backend, workdir, file, small)
            print(f"\n== {backend} ==")
            for entity, c in m["counts"].items():
                print(f"  {entity}: created {c['create']:,}")
            print(f"  app import, empty DB ({args.rows:,} rows):   {m['app_first']:7.2f} s"
                  f"   (of which the check before parsing: {m['check']:.2f} s)")  # fmt: skip
            print(f"  app re-import, no changes:             {m['app_reimport']:7.2f} s"
                  f"   (re-import / first = {m['app_reimport'] / m['app_first']:.2f})")  # fmt: skip
            print(f"  floor (calamine + plain bulk_create):  {m['floor']:7.2f} s"
                  f"   (app / floor = {m['app_first'] / m['floor']:.2f}, target <= 2)")  # fmt: skip
            if "ie_small" in m:
                print(f"  django-import-export, {args.ie_rows:,} rows:   {m['ie_small']:7.2f} s"
                      f"   (app on the same {args.ie_rows:,} rows: {m['app_small']:.2f} s;"
                      f" import-export / app = {m['ie_small'] / m['app_small']:.1f}x, target >= 10x)")  # fmt: skip
                est = m["ie_small"] * args.rows / args.ie_rows
                print(f"    (import-export extrapolated linearly to {args.rows:,} rows: ~{est:.0f} s;"
                      f" / app full import = {est / m['app_first']:.1f}x)")  # fmt: skip
            print(f"  peak memory (max RSS of an import process): {mem['rss_peak']:.0f} MB"
                  f" (Django + geography before import: {mem['rss_before']:.0f} MB; target < 700 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
