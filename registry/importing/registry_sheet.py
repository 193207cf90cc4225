"""The registry sheet: one row per product, producer columns repeated on each row.

Decisions (see the package docstring for the whole contract):

- Codes are the keys. A blank optional cell never clears a stored value ("a row never
  deletes data that is not in the file"); only non-blank values are compared and written.
- Two rows of one producer (or product, or product-and-year rating) with different
  non-blank values are a conflict: every row of that code gets an error naming the other.
  "Different" means different once normalised: each column's parser is its one
  normaliser, and what it returns is both what rows are compared by and what is stored
  (a phone by its digits, so 054-523838 and 0-5452-3838 are one number; names and
  addresses as `registry.thai.clean_text` reads them; types, categories and places by
  their code). Stored values are read through the same normaliser before the update diff,
  so a value stored in an older form is "unchanged", not an update.
- A producer's `registered_year` is the earliest ปีที่ลงทะเบียน among its product rows,
  or the stored year when that is earlier: a registration year can only move back.
- Star and Quadrant history only grows: a row adds or corrects one (product, year).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.utils.translation import gettext_noop

from changelog.services import ChangeOrigin, change_build, change_record_many
from registry.history import PRODUCT_TYPE, STAR_RATING_CREATE, STAR_RATING_UPDATE
from registry.importing.errors import Issue
from registry.importing.kinds import REGISTRY_KIND
from registry.importing.plan import Plan, chunked, diff_fields, existing_rows
from registry.importing.sheet import Column, ParsedSheet, SheetSpec
from registry.importing.values import (
    CellError,
    parse_category,
    parse_code,
    parse_phone,
    parse_producer_name,
    parse_producer_type,
    parse_quadrant,
    parse_registry_text,
    parse_stars,
    parse_text,
    parse_village_no,
    parse_year,
)
from registry.models import Producer, Product, QuadrantRating, StarRating
from registry.places import PlaceIndex, PlaceNotFound

REGISTRY_SPEC = SheetSpec(
    title="ทะเบียนผู้ผลิตและผลิตภัณฑ์ OTOP",
    columns=(
        Column("producer_code", "รหัสผู้ผลิต", ("รหัสผู้ประกอบการ",), True, parse_code, False),
        Column(
            "producer_name",
            "ชื่อผู้ผลิต",
            ("ชื่อกลุ่ม", "ชื่อผู้ประกอบการ", "ชื่อกลุ่ม/ผู้ประกอบการ"),
            True,
            parse_producer_name,
            False,
        ),
        Column("producer_type", "ประเภทผู้ผลิต", ("ประเภทผู้ประกอบการ",), True, parse_producer_type),
        Column("province", "จังหวัด", ("province",), True, parse_text),
        Column("district", "อำเภอ", ("เขต", "district"), True, parse_text),
        Column("subdistrict", "ตำบล", ("แขวง", "subdistrict"), False, parse_text),
        Column("village_no", "หมู่ที่", ("หมู่", "village_no"), False, parse_village_no),
        Column("address", "ที่อยู่", ("address",), False, parse_registry_text, False),
        Column("phone", "โทรศัพท์", ("เบอร์โทร", "phone"), False, parse_phone, False),
        Column("product_code", "รหัสผลิตภัณฑ์", (), True, parse_code, False),
        Column("product_name", "ชื่อผลิตภัณฑ์", (), True, parse_registry_text, False),
        Column("category", "ประเภทผลิตภัณฑ์", ("category",), True, parse_category),
        Column("registered_year", "ปีที่ลงทะเบียน", ("ปีลงทะเบียน",), True, parse_year),
        Column("stars", "ระดับดาว", ("ดาว", "stars"), False, parse_stars),
        Column("rating_year", "ปีที่คัดสรร", ("ปีคัดสรร",), False, parse_year),
        Column("quadrant", "กลุ่ม Quadrant", ("Quadrant",), False, parse_quadrant),
        Column("quadrant_year", "ปีที่จัดกลุ่ม", (), False, parse_year),
    ),
)

PRODUCER = "ผู้ผลิต"
PRODUCT = "ผลิตภัณฑ์"
STARS = "ระดับดาว"
QUADRANT = "กลุ่ม Quadrant"

PRODUCER_LABELS = {
    "name": "ชื่อผู้ผลิต",
    "producer_type": "ประเภทผู้ผลิต",
    "district_id": "อำเภอ",
    "subdistrict_id": "ตำบล",
    "village_no": "หมู่ที่",
    "address": "ที่อยู่",
    "phone": "โทรศัพท์",
    "registered_year": "ปีที่ลงทะเบียน",
}
# Sheet columns a producer field comes from, for conflict messages.
PRODUCER_SOURCE = {
    "name": "producer_name",
    "producer_type": "producer_type",
    "district_id": "district_id",
    "subdistrict_id": "subdistrict_id",
    "village_no": "village_no",
    "address": "address",
    "phone": "phone",
}
# The normaliser of each stored text field: the parser of the column it comes from, so a
# value stored before a normaliser changed compares equal to the same value in the file.
PRODUCER_STORED_FORM = {"name": parse_producer_name, "address": parse_text, "phone": parse_phone}
PRODUCT_STORED_FORM = {"name": parse_text}
# Resolved values whose sheet column has another key.
SHEET_KEY = {"district_id": "district", "subdistrict_id": "subdistrict"}
PRODUCT_LABELS = {
    "producer_code": "รหัสผู้ผลิต",
    "name": "ชื่อผลิตภัณฑ์",
    "category": "ประเภทผลิตภัณฑ์",
    "registered_year": "ปีที่ลงทะเบียน",
}
PRODUCT_SOURCE = {
    "producer_code": "producer_code",
    "name": "product_name",
    "category": "category",
    "registered_year": "registered_year",
}


class RegistryImporter:
    """Producers, products and their star/Quadrant history from the registry sheet."""

    kind = REGISTRY_KIND
    label = gettext_noop("ทะเบียนผู้ผลิตและผลิตภัณฑ์")  # stored in summaries; translated where offered
    spec = REGISTRY_SPEC

    # -- plan ---------------------------------------------------------------------------
    def plan(self, sheet: ParsedSheet) -> Plan:
        plan = Plan(rows_total=len(sheet.rows), warnings=list(sheet.warnings))
        for row in sheet.rows:
            for issue in row.errors:
                plan.error(issue)
        self._check_rating_pairs(sheet, plan)
        rows = [r for r in sheet.rows if r.number not in plan.invalid_rows]
        self._resolve_places(sheet, rows, plan)
        rows = [r for r in rows if r.number not in plan.invalid_rows]
        producers = self._consolidate(sheet, rows, plan)
        rows = [r for r in rows if r.number not in plan.invalid_rows]
        producers = {c: p for c, p in producers.items() if not p["bad"]}
        products, stars, quadrants = self._consolidate_products(sheet, rows, plan)
        # A producer or product with no conflict of its own is imported from its valid
        # rows; its other rows (bad history) come back in the error workbook.
        rows_ok = {r.number for r in rows} - plan.invalid_rows
        products = {
            c: p
            for c, p in products.items()
            if not p["bad"] and any(n in rows_ok for n in p["rows"])
        }
        producers = {c: p for c, p in producers.items() if any(n in rows_ok for n in p["rows"])}
        products = {c: p for c, p in products.items() if p["producer_code"] in producers}
        stars = {k: v for k, v in stars.items() if k[0] in products and v[1] in rows_ok}
        quadrants = {k: v for k, v in quadrants.items() if k[0] in products and v[1] in rows_ok}
        plan.payload = self._compare(producers, products, stars, quadrants, plan)
        plan.errors.sort(key=lambda i: (i.row, i.column))
        return plan

    def _check_rating_pairs(self, sheet: ParsedSheet, plan: Plan) -> None:
        pairs = (("stars", "rating_year"), ("quadrant", "quadrant_year"))
        for value_key, year_key in pairs:
            if value_key not in sheet.columns and year_key not in sheet.columns:
                continue
            for row in sheet.rows:
                has_value = row.values.get(value_key) is not None
                has_year = row.values.get(year_key) is not None
                if has_value and not has_year and not _raw_present(sheet, row, year_key):
                    plan.error(
                        Issue(
                            row.number,
                            sheet.header_of(year_key),
                            "",
                            f"มี{sheet.header_of(value_key)}แต่ไม่มี{self.spec.column(year_key).header}",
                        )
                    )
                elif has_year and not has_value and not _raw_present(sheet, row, value_key):
                    plan.warnings.append(
                        Issue(
                            row.number,
                            sheet.header_of(year_key),
                            "",
                            f"มีปีแต่ไม่มี{self.spec.column(value_key).header}: ไม่นำเข้าปีนี้",
                        )
                    )

    def _resolve_places(self, sheet: ParsedSheet, rows, plan: Plan) -> None:
        index = PlaceIndex.from_database()
        cache: dict[tuple, tuple] = {}
        for row in rows:
            v = row.values
            key = (v["province"], v["district"], v.get("subdistrict"))
            if key not in cache:
                cache[key] = _resolve(index, *key)
            district, subdistrict, problem = cache[key]
            if problem:
                column_key, text, message = problem
                plan.error(Issue(row.number, sheet.header_of(column_key), text, message))
                continue
            v["district_id"] = district
            v["subdistrict_id"] = subdistrict

    def _consolidate(self, sheet: ParsedSheet, rows, plan: Plan) -> dict[str, dict]:
        producers: dict[str, dict] = {}
        for row in rows:
            v = row.values
            code = v["producer_code"]
            entry = producers.get(code)
            if entry is None:
                producers[code] = {
                    "fields": {f: v.get(src) for f, src in PRODUCER_SOURCE.items()},
                    "first": {f: row.number for f in PRODUCER_SOURCE},
                    "text": {f: v.get(k) for f, k in SHEET_KEY.items()},
                    "registered_year": v["registered_year"],
                    "rows": [row.number],
                    "bad": False,
                }
                continue
            entry["rows"].append(row.number)
            entry["registered_year"] = min(entry["registered_year"], v["registered_year"])
            _merge(entry, v, PRODUCER_SOURCE, row.number, sheet, plan, f"ผู้ผลิต {code}")
        self._spread_conflicts(producers, plan, "ผู้ผลิต")
        return producers

    def _consolidate_products(self, sheet: ParsedSheet, rows, plan: Plan):
        products: dict[str, dict] = {}
        stars: dict[tuple, tuple] = {}
        quadrants: dict[tuple, tuple] = {}
        for row in rows:
            v = row.values
            code = v["product_code"]
            entry = products.get(code)
            if entry is None:
                products[code] = entry = {
                    "fields": {f: v.get(src) for f, src in PRODUCT_SOURCE.items()},
                    "first": {f: row.number for f in PRODUCT_SOURCE},
                    "rows": [row.number],
                    "bad": False,
                }
                entry["producer_code"] = v["producer_code"]
            else:
                entry["rows"].append(row.number)
                _merge(entry, v, PRODUCT_SOURCE, row.number, sheet, plan, f"ผลิตภัณฑ์ {code}")
            for value_key, year_key, history, column_label in (
                ("stars", "rating_year", stars, "stars"),
                ("quadrant", "quadrant_year", quadrants, "quadrant"),
            ):
                value, year = v.get(value_key), v.get(year_key)
                if value is None or year is None:
                    continue
                seen = history.get((code, year))
                if seen is None:
                    history[(code, year)] = (value, row.number)
                elif seen[0] != value:
                    message = (
                        f"ผลิตภัณฑ์ {code} ปี {year}: {sheet.header_of(column_label)} "
                        f"'{value}' ไม่ตรงกับแถว {seen[1]} ('{seen[0]}')"
                    )
                    plan.error(
                        Issue(row.number, sheet.header_of(column_label), str(value), message)
                    )
                    plan.error(
                        Issue(
                            seen[1],
                            sheet.header_of(column_label),
                            str(seen[0]),
                            f"ขัดกับแถว {row.number}: {message}",
                        )
                    )
        self._spread_conflicts(products, plan, "ผลิตภัณฑ์")
        return products, stars, quadrants

    @staticmethod
    def _spread_conflicts(entries: dict[str, dict], plan: Plan, what: str) -> None:
        # A code with a conflict is ambiguous as a whole: none of its rows may be imported.
        for code, entry in entries.items():
            if entry["bad"]:
                for number in entry["rows"]:
                    if number not in plan.invalid_rows:
                        plan.error(
                            Issue(number, "", "", f"{what} {code} มีข้อมูลขัดกันในหลายแถว (ดูแถวอื่น)")
                        )

    # -- compare with the database ---------------------------------------------------------
    def _compare(self, producers, products, stars, quadrants, plan: Plan) -> dict:
        producer_fields = ["id", "code", *PRODUCER_LABELS]
        stored = {
            r["code"]: r
            for r in existing_rows(Producer.objects, "code", list(producers), producer_fields)
        }
        producer_create, producer_update = [], []
        counts = plan.count(PRODUCER)
        names = list(PRODUCER_LABELS)
        for code, entry in producers.items():
            new = dict(entry["fields"])
            old = stored.get(code)
            if old is None:
                new["registered_year"] = entry["registered_year"]
                for text_field in ("address", "phone"):
                    new[text_field] = new[text_field] or ""
                producer_create.append((code, new))
                counts.create += 1
                continue
            years = [y for y in (old["registered_year"], entry["registered_year"]) if y]
            new["registered_year"] = min(years) if years else None
            # A blank cell keeps the stored value.
            stored_form = _stored_form(old, PRODUCER_STORED_FORM, new)
            merged = {k: (stored_form[k] if new.get(k) is None else new[k]) for k in names}
            if all(stored_form[k] == merged[k] for k in names):  # the common re-import case
                counts.unchanged += 1
                continue
            producer_update.append((old["id"], merged))
            counts.update += 1
            plan.diff(PRODUCER, code, diff_fields(stored_form, merged, PRODUCER_LABELS))

        product_fields = ["id", "code", "producer__code", "name", "category", "registered_year"]
        stored_products = {
            r["code"]: r
            for r in existing_rows(Product.objects, "code", list(products), product_fields)
        }
        product_create, product_update = [], []
        counts = plan.count(PRODUCT)
        for code, entry in products.items():
            new = entry["fields"]
            old = stored_products.get(code)
            if old is None:
                product_create.append((code, new))
                counts.create += 1
                continue
            old = _stored_form(old, PRODUCT_STORED_FORM, new)
            if (
                old["producer__code"] == new["producer_code"]
                and old["name"] == new["name"]
                and old["category"] == new["category"]
                and old["registered_year"] == new["registered_year"]
            ):
                counts.unchanged += 1
                continue
            old_cmp = {**old, "producer_code": old["producer__code"]}
            product_update.append((old["id"], new))
            counts.update += 1
            plan.diff(PRODUCT, code, diff_fields(old_cmp, new, PRODUCT_LABELS))

        product_ids = [r["id"] for r in stored_products.values()]
        history = {}
        for model, field, entity, wanted in (
            (StarRating, "stars", STARS, stars),
            (QuadrantRating, "quadrant", QUADRANT, quadrants),
        ):
            rows = existing_rows(
                model.objects, "product_id", product_ids, ["id", "product__code", "year", field]
            )
            old = {(r["product__code"], r["year"]): (r["id"], r[field]) for r in rows}
            create, update = [], []
            counts = plan.count(entity)
            for key, (value, _row) in wanted.items():
                stored_value = old.get(key)
                if stored_value is None:
                    create.append((key, value))
                    counts.create += 1
                elif stored_value[1] != value:
                    update.append((stored_value[0], value))
                    counts.update += 1
                    plan.diff(entity, f"{key[0]} ปี {key[1]}", {entity: (stored_value[1], value)})
                else:
                    counts.unchanged += 1
            history[field] = (create, update)
        for entity in (PRODUCER, PRODUCT, STARS, QUADRANT):
            plan.count(entity)
        return {
            "producer_create": producer_create,
            "producer_update": producer_update,
            "product_create": product_create,
            "product_update": product_update,
            "history": history,
        }

    # -- write --------------------------------------------------------------------------
    def apply(
        self,
        plan: Plan,
        *,
        progress: Callable[[int, int], None] | None = None,
        origin: ChangeOrigin | None = None,
    ) -> None:
        """Write the plan (the caller holds the transaction). Every star rating created or
        changed gets a change log row (old and new level, who, which batch)."""
        p = plan.payload
        total = (
            len(p["producer_create"])
            + len(p["producer_update"])
            + len(p["product_create"])
            + len(p["product_update"])
            + sum(len(c) + len(u) for c, u in p["history"].values())
        )
        done = 0

        def step(n):
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        created = Producer.objects.bulk_create(
            [Producer(code=code, **fields) for code, fields in p["producer_create"]],
            batch_size=2000,
        )
        step(len(created))
        new_producer_ids = {o.code: o.pk for o in created if o.pk is not None}
        _bulk_update(Producer, p["producer_update"], list(PRODUCER_LABELS))
        step(len(p["producer_update"]))

        needed = {f["producer_code"] for _, f in p["product_create"]} | {
            f["producer_code"] for _, f in p["product_update"]
        }
        producer_ids = {c: new_producer_ids[c] for c in needed if c in new_producer_ids}
        producer_ids.update(_ids_by_code(Producer, needed - set(producer_ids)))
        created = Product.objects.bulk_create(
            [
                Product(
                    code=code,
                    producer_id=producer_ids[f["producer_code"]],
                    name=f["name"],
                    category=f["category"],
                    registered_year=f["registered_year"],
                )
                for code, f in p["product_create"]
            ],
            batch_size=2000,
        )
        step(len(created))
        new_product_ids = {o.code: o.pk for o in created if o.pk is not None}
        _bulk_update(
            Product,
            [
                (
                    pk,
                    {
                        "producer_id": producer_ids[f["producer_code"]],
                        "name": f["name"],
                        "category": f["category"],
                        "registered_year": f["registered_year"],
                    },
                )
                for pk, f in p["product_update"]
            ],
            ["producer_id", "name", "category", "registered_year"],
        )
        step(len(p["product_update"]))

        product_codes = {key[0] for c, _ in p["history"].values() for key, _v in c}
        product_ids = {c: new_product_ids[c] for c in product_codes if c in new_product_ids}
        product_ids.update(_ids_by_code(Product, product_codes - set(product_ids)))
        for model, field in ((StarRating, "stars"), (QuadrantRating, "quadrant")):
            create, update = p["history"][field]
            if model is StarRating:  # before the update overwrites the old levels
                _log_star_ratings(create, update, product_ids, origin or ChangeOrigin())
            model.objects.bulk_create(
                [
                    model(product_id=product_ids[code], year=year, **{field: value})
                    for (code, year), value in create
                ],
                batch_size=2000,
            )
            _bulk_update(model, [(pk, {field: value}) for pk, value in update], [field])
            step(len(create) + len(update))


def _log_star_ratings(create, update, product_ids: dict[str, int], origin: ChangeOrigin) -> None:
    """Change log rows of the star ratings an import writes, in bulk: the old levels of
    updated ratings are read set-based (by id, in chunks), never one query per row."""
    rows = [
        change_build(
            user=origin.user,
            object_type=PRODUCT_TYPE,
            object_id=product_ids[code],
            action=STAR_RATING_CREATE,
            before={},
            after={"year": year, "stars": value},
            source=origin.source,
            source_ref=origin.source_ref,
        )
        for (code, year), value in create
    ]
    new_levels = dict(update)
    for chunk in chunked(list(new_levels)):
        for pk, product_id, year, stars in StarRating.objects.filter(pk__in=chunk).values_list(
            "pk", "product_id", "year", "stars"
        ):
            rows.append(
                change_build(
                    user=origin.user,
                    object_type=PRODUCT_TYPE,
                    object_id=product_id,
                    action=STAR_RATING_UPDATE,
                    before={"year": year, "stars": stars},
                    after={"year": year, "stars": new_levels[pk]},
                    source=origin.source,
                    source_ref=origin.source_ref,
                )
            )
    change_record_many(rows)


def _stored_form(row: dict, normalisers: dict, new: dict) -> dict:
    """A stored row with its text fields in the form an import stores (see the module
    docstring); a stored value its parser refuses (typed in the admin) stays as it is.

    A stored value equal to the file's (already in stored form) needs no parsing: that is
    every field of an unchanged re-import, so only values that differ pay for it.
    """
    row = dict(row)
    for name, parse in normalisers.items():
        value = row[name]
        if value and value != new.get(name):
            with contextlib.suppress(CellError):
                row[name] = parse(value)
    return row


def _raw_present(sheet: ParsedSheet, row, key: str) -> bool:
    """True when the cell of `key` was not blank (it failed to parse: already an error)."""
    index = sheet.columns.get(key)
    if index is None or index >= len(row.raw):
        return False
    raw = row.raw[index]
    return not (raw is None or (isinstance(raw, str) and not raw.strip()))


def _resolve(index: PlaceIndex, province, district, subdistrict):
    try:
        p = index.province(province)
    except PlaceNotFound as exc:
        return None, None, ("province", province, str(exc))
    try:
        d = index.district(district, p.code)
    except PlaceNotFound as exc:
        return None, None, ("district", district, str(exc))
    if subdistrict is None:
        return d.code, None, None
    try:
        s = index.subdistrict(subdistrict, d.code)
    except PlaceNotFound as exc:
        return None, None, ("subdistrict", subdistrict, str(exc))
    return d.code, s.code, None


def _merge(entry, values, source, number, sheet, plan, what) -> None:
    """Fold one more row of a code into its entry; a differing non-blank value is a conflict."""
    fields = entry["fields"]
    for name, src in source.items():
        new = values.get(src)
        if new is None:
            continue
        old = fields[name]
        if old is None:
            fields[name] = new
            entry["first"][name] = number
            if name in SHEET_KEY:
                entry["text"][name] = values.get(SHEET_KEY[name])
        elif old != new:
            entry["bad"] = True
            key = SHEET_KEY.get(src, src)
            header = sheet.header_of(key)
            first = entry["first"][name]
            if name in SHEET_KEY:  # show the place names as written, not their codes
                old = entry["text"][name]
            plan.error(
                Issue(
                    number,
                    header,
                    str(values.get(key)),
                    f"{what}: {header} ไม่ตรงกับแถว {first} ('{old}')",
                )
            )


def _ids_by_code(model, codes) -> dict[str, int]:
    rows = existing_rows(model.objects, "code", list(codes), ["code", "id"])
    return {r["code"]: r["id"] for r in rows}


def _bulk_update(model, updates: list[tuple[int, dict]], fields: list[str]) -> None:
    if not updates:
        return
    objects = []
    for pk, values in updates:
        obj = model(pk=pk)
        for name in fields:
            setattr(obj, name, values[name])
        objects.append(obj)
    model.objects.bulk_update(objects, fields, batch_size=500)
