"""A district's filled return form loaded back as that district's nominations.

Three steps, the first two without any write:

1. `read_filled_form(data)`: pure. Opens the upload through the registry importer's safe
   reader (size, zip-bomb and sheet-shape checks, then python-calamine), reads the hidden
   `_meta` sheet that documents.forms wrote (kind, round, district, unit), finds the
   header row by its column titles (so inserted rows or moved columns do no harm) and
   returns one `FormRow` per filled row, stopping at the form's foot.
2. `check_identity` and `check_rows`: pure. The form must be a return form of this round
   and this district; every row needs a code that is in the registry, belongs to this
   district and is not repeated. Each bad row gets its Thai reasons.
3. `plan_loadback` gathers the registry facts for (2), looking codes up only among the
   producers and products the user may see (`Producer.objects.visible_to`: a
   code of another province reads as unknown, so the preview never names what the
   producer's page would refuse), and what the district has nominated already;
   `loadback_apply` makes the district's list what the form says, by calling the
   nomination services (nominations.services: nomination_add, _justify, _remove), so a
   loaded form passes exactly the checks of nominating in the browser (eligibility,
   quota, fallback tier, justification, deadline). Run with `dry_run=True`
   it does the same inside a transaction that is rolled back: that is the preview, and
   its per-row errors are the services' own messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.forms import form_columns
from documents.xlsx import META_SHEET
from registry.models import Producer, Product
from registry.thai import arabic_digits
from selection.units import Unit

MAX_FORM_BYTES = 2 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
# The foot of the form (documents.forms.form_xlsx): the rows end where it starts.
FOOT_PREFIXES = ("อำเภอ ", "ผู้รายงาน", "ลงชื่อ", "ตำแหน่ง", "วันที่ ", "ส่งสำนักงาน")

ADD, KEEP, ERROR = "add", "keep", "error"


class FormNotLoadable(Exception):
    """The file as a whole cannot be loaded back; `message` says why in Thai."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class FormRow:
    """One filled row of the form, as read, and what loading it will do."""

    row: int  # the sheet's row number, as Excel shows it
    code: str
    name: str = ""
    remark: str = ""
    errors: list[str] = field(default_factory=list)
    target_pk: int | None = None  # the producer's (or product's) pk once matched
    action: str = ""  # ADD, KEEP or ERROR, set by planning

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class FilledForm:
    meta: dict[str, str]
    rows: list[FormRow]
    sheet: str

    @property
    def unit(self) -> str:
        return self.meta.get("unit", "")


# ---------------------------------------------------------------- 1. reading (pure)


def _text(value: object) -> str:
    """A cell as text: whole floats without ".0" (calamine gives 2567.0), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()


def _code(value: object) -> str:
    return arabic_digits(_text(value)).replace(" ", "").strip()


def read_filled_form(data: bytes) -> FilledForm:
    """The rows of a filled return form; FormNotLoadable (Thai) when it is not one."""
    from registry.importing.errors import UnreadableFile
    from registry.importing.reader import open_workbook

    if len(data) > MAX_FORM_BYTES:
        raise FormNotLoadable(_("ไฟล์ใหญ่เกินกว่าแบบรายงานของอำเภอ (สูงสุด 2 MB)"))
    try:
        book = open_workbook(data)
    except UnreadableFile as problem:
        raise FormNotLoadable(str(problem)) from None
    if META_SHEET not in book.sheet_names:
        raise FormNotLoadable(
            _(
                "ไฟล์นี้ไม่ใช่แบบรายงานที่ดาวน์โหลดจากระบบ (ไม่พบข้อมูลระบุรอบและอำเภอ) "
                "กรุณาดาวน์โหลดแบบรายงานของอำเภอจากระบบ กรอกแล้วส่งไฟล์นั้นกลับมา"
            )
        )
    meta = {
        _text(row[0]): _text(row[1])
        for _number, row in book.sheet(META_SHEET).rows()
        if len(row) >= 2 and _text(row[0])
    }
    if meta.get("kind") != "return_form":
        raise FormNotLoadable(_("ไฟล์นี้ไม่ใช่แบบรายงานของอำเภอ (อาจเป็นบัญชีรวมของจังหวัด)"))
    unit = meta.get("unit", "")
    sheet_name = next(name for name in book.sheet_names if name != META_SHEET)
    rows = _data_rows(book.sheet(sheet_name).rows(), unit)
    return FilledForm(meta=meta, rows=rows, sheet=sheet_name)


def _data_rows(rows, unit: str) -> list[FormRow]:
    columns = form_columns(unit)
    code_key = "product_code" if unit == Unit.PRODUCT else "producer_code"
    name_key = "product_name" if unit == Unit.PRODUCT else "producer_name"
    headers = {c.header: c.key for c in columns}
    code_header = next(c.header for c in columns if c.key == code_key)
    index: dict[str, int] | None = None
    found: list[FormRow] = []
    for number, values in rows:
        cells = [_text(v) for v in values]
        if index is None:
            if code_header in cells:
                index = {headers[t]: i for i, t in enumerate(cells) if t in headers}
            elif number > HEADER_SEARCH_ROWS:
                break
            continue
        by_key = {key: cells[i] if i < len(cells) else "" for key, i in index.items()}
        code = _code(by_key.get(code_key))
        if not code and any(c.startswith(FOOT_PREFIXES) for c in cells if c):
            break
        if not any(value for key, value in by_key.items() if key != "no"):
            continue  # a numbered row left blank
        found.append(
            FormRow(
                row=number,
                code=code,
                name=by_key.get(name_key, ""),
                remark=by_key.get("remark", ""),
            )
        )
    if index is None:
        raise FormNotLoadable(
            _("ไม่พบแถวหัวตาราง (คอลัมน์ '%(header)s') ในแบบรายงาน") % {"header": code_header}
        )
    return found


# ---------------------------------------------------------------- 2. checking (pure)


@dataclass(frozen=True)
class Target:
    """What the checks need to know of a registry entry named by a code."""

    pk: int
    district_code: str
    district_name: str
    name: str


def check_identity(
    meta: dict[str, str], *, round_slug: str, district_code: str, unit: str
) -> list[str]:
    """Why this form is not this round's and this district's form (Thai), or []."""
    problems = []
    if meta.get("round") != round_slug:
        problems.append(
            _("แบบรายงานนี้เป็นของรอบ '%(found)s' ไม่ใช่รอบ '%(round)s' กรุณาดาวน์โหลดแบบรายงานของรอบนี้")
            % {"found": meta.get("round") or "-", "round": round_slug}
        )
    if meta.get("district") != district_code:
        problems.append(
            _(
                "แบบรายงานนี้เป็นของอำเภอรหัส %(found)s "
                "ไม่ใช่อำเภอรหัส %(district)s กรุณาใช้แบบรายงานของอำเภอนี้"
            )
            % {"found": meta.get("district") or "-", "district": district_code}
        )
    if meta.get("unit") and meta.get("unit") != unit:
        problems.append(_("แบบรายงานนี้ใช้กับโครงการคนละประเภท (รายกลุ่ม/รายผลิตภัณฑ์)"))
    return problems


def check_rows(
    rows: list[FormRow], *, unit: str, district_code: str, targets: dict[str, Target]
) -> list[FormRow]:
    """Give each row its Thai errors and its matched target; returns the rows."""
    what = _("รหัสผลิตภัณฑ์") if unit == Unit.PRODUCT else _("รหัสผู้ผลิต")
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.code:
            row.errors.append(
                _("ไม่ได้กรอก%(what)s ของ '%(name)s'") % {"what": what, "name": row.name}
                if row.name
                else _("ไม่ได้กรอก%(what)s") % {"what": what}
            )
            continue
        if row.code in first_row:
            row.errors.append(
                _("%(what)s %(code)s ซ้ำกับแถวที่ %(row)s")
                % {"what": what, "code": row.code, "row": first_row[row.code]}
            )
            continue
        first_row[row.code] = row.row
        target = targets.get(row.code)
        if target is None:
            row.errors.append(
                _("ไม่พบ%(what)s %(code)s ในทะเบียน OTOP") % {"what": what, "code": row.code}
            )
            continue
        if target.district_code != district_code:
            row.errors.append(
                _("%(what)s %(code)s (%(name)s) อยู่ในอำเภอ%(district)s ไม่ใช่อำเภอนี้")
                % {
                    "what": what,
                    "code": row.code,
                    "name": target.name,
                    "district": target.district_name,
                }
            )
            continue
        row.target_pk = target.pk
    return rows


# ---------------------------------------------------------------- 3. planning and applying


@dataclass
class LoadPlan:
    round: object
    district: object
    form: FilledForm
    form_errors: list[str]
    rows: list[FormRow]
    to_remove: list = field(default_factory=list)  # nominations the form no longer lists

    @property
    def to_add(self) -> list[FormRow]:
        return [r for r in self.rows if r.action == ADD]

    @property
    def kept(self) -> list[FormRow]:
        return [r for r in self.rows if r.action == KEEP]

    @property
    def bad_rows(self) -> list[FormRow]:
        return [r for r in self.rows if r.errors]

    @property
    def can_confirm(self) -> bool:
        return not self.form_errors and bool(self.to_add or self.kept or self.to_remove)


def _targets(unit: str, codes: list[str], *, user) -> dict[str, Target]:
    """The registry entries named by `codes` that `user` may see (their registry pages'
    scope); any other code is simply not found."""
    if unit == Unit.PRODUCT:
        rows = (
            Product.objects.visible_to(user)
            .filter(code__in=codes)
            .values_list(
                "code", "pk", "producer__district_id", "producer__district__name_th", "name"
            )
        )
    else:
        rows = (
            Producer.objects.visible_to(user)
            .filter(code__in=codes)
            .values_list("code", "pk", "district_id", "district__name_th", "name")
        )
    return {code: Target(pk, d, dn, name) for code, pk, d, dn, name in rows}


def plan_loadback(form: FilledForm, *, round_, district, by) -> LoadPlan:
    """Match the form's rows to the registry `by` may see and to the district's
    nominations (reads only)."""
    unit = round_.program.unit
    form_errors = check_identity(
        form.meta, round_slug=round_.slug, district_code=district.code, unit=unit
    )
    rows = form.rows
    if not form_errors:
        targets = _targets(unit, [r.code for r in rows if r.code], user=by)
        check_rows(rows, unit=unit, district_code=district.code, targets=targets)
    existing = list(
        round_.nominations.filter(district=district).select_related("producer", "product")
    )
    key = (lambda n: n.product_id) if unit == Unit.PRODUCT else (lambda n: n.producer_id)
    nominated = {key(n): n for n in existing}
    listed = {r.target_pk for r in rows if r.target_pk}
    for row in rows:
        if row.errors:
            row.action = ERROR
        elif row.target_pk is not None:
            row.action = KEEP if row.target_pk in nominated else ADD
    to_remove = [] if form_errors else [n for k, n in nominated.items() if k not in listed]
    return LoadPlan(round_, district, form, form_errors, rows, to_remove)


class _DryRun(Exception):
    pass


def loadback_apply(plan: LoadPlan, *, by, dry_run: bool = False) -> LoadPlan:
    """Make the district's nominations what the form lists, through the nomination
    services; each row the services refuse gets their Thai message and is skipped.

    Removals go first (they free quota), then remarks of kept rows, then additions in
    the form's order. With `dry_run` everything is rolled back: the preview.
    """
    if plan.form_errors:
        return plan
    try:
        with transaction.atomic():
            _apply(plan, by)
            # A load refused as a whole (form_errors) writes nothing, not the removals
            # made before the refusal.
            if dry_run or plan.form_errors:
                raise _DryRun
    except _DryRun:
        pass
    return plan


def _apply(plan: LoadPlan, by) -> None:
    from nominations import rules, services

    round_, district = plan.round, plan.district
    unit = round_.program.unit
    try:
        # Whether this user may load this district's form now at all (role, status,
        # round open, deadline): said once for the file rather than on every row.
        # LOAD_FORM is the workflow's action for it: the district's officer, or the
        # province's staff and admins; every edit below is checked and logged under it.
        # The district's submission stays locked until the load commits, so what is read
        # below is not changed by another user half-way (see nominations.services).
        services.submission_lock_for_load(round_=round_, district_code=district.code, by=by)
        for nomination in plan.to_remove:
            services.nomination_remove(nomination=nomination, by=by, through=rules.LOAD_FORM)
    except ValidationError as error:
        plan.form_errors.extend(error.messages)
        return
    key = "product_id" if unit == Unit.PRODUCT else "producer_id"
    current = {getattr(n, key): n for n in round_.nominations.filter(district=district)}
    for row in plan.rows:
        if row.action not in (ADD, KEEP):
            continue
        try:
            with transaction.atomic():
                if row.action == KEEP:
                    if row.target_pk not in current:  # withdrawn since the form was read
                        raise services.StaleState()
                    services.nomination_justify(
                        nomination=current[row.target_pk],
                        justification=row.remark,
                        by=by,
                        through=rules.LOAD_FORM,
                    )
                else:
                    services.nomination_add(
                        round_=round_,
                        district_code=district.code,
                        candidate_pk=row.target_pk,
                        by=by,
                        justification=row.remark,
                        through=rules.LOAD_FORM,
                    )
        except ValidationError as error:
            row.errors.extend(error.messages)
            row.action = ERROR
    services.submission_form_loaded(
        round_=round_,
        district_code=district.code,
        by=by,
        added=len(plan.to_add),
        removed=len(plan.to_remove),
        kept=len(plan.kept),
        refused=len(plan.bad_rows),
    )
