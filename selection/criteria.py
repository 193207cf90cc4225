"""The vocabulary of eligibility criteria: one small class per kind.

Each class gives the engine two things that must always agree (a test checks it on a
varied registry):

- `q(unit)`: a `Q` on the candidates' model (`Producer` for a producer round, `Product`
  for a product round), so a tier's candidates come from one set-based query;
- `verdict(facts)`: a pure decision for one candidate, from plain facts loaded once
  (`CandidateFacts`), with its explanation in Thai digits
  ("ดาว ๒ ดาว ปี ๒๕๖๗: อยู่ในช่วง ๑–๓ ✓").

Two kinds of text, two languages:

- a verdict's text and a `clean_params` error are shown on the officer's pages, so they
  go through `gettext` (Thai msgids, named placeholders) when the verdict is made, in the
  request's language, with choice labels in that language and Thai digits only in Thai
  (`_n`). Nothing caches them: the engine's per-process cache keeps SQL only.
- `describe()`, the criterion's own sentence, is printed in the circular letter and kept
  as the criterion's explanation: it stays Thai (no gettext, `thai_label`, Thai digits)
  whatever the visitor's language.

Product-level criteria in a producer round read "has a product that …", each criterion
on its own: two product criteria of one tier may be met by two different products of the
producer. Seed 001 tier 1 ("a community group with a product rated 1–3 stars in 2567")
has a single product criterion, so the reading makes no difference there; where a round
needs one product to meet several conditions, that is a new criterion kind.

Adding a kind: subclass `Rule` (or `ProductRule`), set `kind` and `label`, declare its
parameters in `params_fields` (a tuple of `Param`: what the rules editor shows, so nobody
types JSON), implement `clean_params`, `q`/`product_q` and `verdict`/`product_check`, and
decorate with `@register`.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.labels import thai_label
from registry.models import (
    MAX_YEAR_BE,
    MIN_YEAR_BE,
    Category,
    Participation,
    ProducerType,
    Product,
    ProgramCode,
    Quadrant,
    QuadrantRating,
    StarRating,
    Target,
)
from registry.thai import thai_digits
from selection.units import Unit

# The unit values under the short names the criteria (and their callers) use.
PRODUCER, PRODUCT = Unit.PRODUCER, Unit.PRODUCT
PASS_MARK = "✓"  # noqa: S105 (a check mark, not a password)
FAIL_MARK = "✗"


# ---------------------------------------------------------------- facts and verdicts


@dataclass(frozen=True)
class ProductFacts:
    """What the criteria may know of one product: registry values and yearly history."""

    pk: int
    code: str
    name: str
    category: str
    registered_year: int | None
    stars: Mapping[int, int] = field(default_factory=dict)  # year -> stars
    quadrants: Mapping[int, str] = field(default_factory=dict)  # year -> A..D


@dataclass(frozen=True)
class CandidateFacts:
    """One candidate (a producer, or a product with its producer) as plain data.

    `products` is the producer's products for a producer round and the product itself
    for a product round. `participations` and `targets` (nominated in a round of the app,
    `registry.Target`) are (program, fiscal year) pairs that concern the candidate: for a
    product, its own rows and its producer's rows that name no product.
    """

    unit: str
    pk: int
    code: str
    name: str
    producer_code: str
    producer_name: str
    producer_type: str
    producer_registered_year: int | None
    district_code: str
    products: tuple[ProductFacts, ...] = ()
    participations: frozenset[tuple[str, int]] = frozenset()
    targets: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class Verdict:
    kind: str
    passed: bool
    text: str
    key: int | None = None
    any_group: int | None = None
    needs_justification: bool = False


# ---------------------------------------------------------------- parameter declarations

MULTI = "multi"  # several values of `choices` (a list in the params)
CHOICE = "choice"  # one value of `choices` (its Python type is kept: int stays int)
YEAR = "year"  # a Buddhist Era year
FLAG = "flag"  # a bool, shown as two labelled options (`choices`: false label, true label)
TEXT = "text"  # one line of Thai text


@dataclass(frozen=True)
class Param:
    """One parameter of a criterion kind, as the rules editor shows it.

    Only a declaration: the editor's form (`selection.forms`) turns it into a widget and
    the kind's own `clean_params` stays the one place that decides what is valid.
    """

    name: str
    label: str
    type: str
    choices: tuple = ()
    initial: object = None
    help: str = ""


_STAR_CHOICES = tuple((n, thai_digits(n)) for n in range(1, 6))
_LATEST_CHOICES = (gettext_lazy("ของปีที่ระบุเท่านั้น"), gettext_lazy("ล่าสุดไม่เกินปีที่ระบุ"))
_UNIT_CHOICES = ((PRODUCER, gettext_lazy("ผู้ผลิต (กลุ่ม)")), (PRODUCT, gettext_lazy("ผลิตภัณฑ์")))


# ---------------------------------------------------------------- parameter helpers


def _year(value, label: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(label)s: ต้องเป็นปี พ.ศ. (ตัวเลข)") % {"label": label}) from None
    if not MIN_YEAR_BE <= year <= MAX_YEAR_BE:
        raise ValidationError(
            _("%(label)s: ปี พ.ศ. %(year)s ไม่อยู่ในช่วง %(min)s–%(max)s")
            % {"label": label, "year": year, "min": MIN_YEAR_BE, "max": MAX_YEAR_BE}
        )
    return year


def _choices(values, allowed: Iterable[str], label: str) -> list[str]:
    allowed = list(allowed)
    if isinstance(values, str):
        values = [values]
    if not values or not isinstance(values, list):
        raise ValidationError(_("%(label)s: ต้องเลือกอย่างน้อย ๑ ค่า") % {"label": label})
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise ValidationError(
            _("%(label)s: ไม่รู้จักค่า %(values)s")
            % {"label": label, "values": ", ".join(map(str, wrong))}
        )
    return [v for v in allowed if v in values]  # canonical order, no duplicates


def _program(value) -> str:
    if value not in ProgramCode.values:
        raise ValidationError(_("ไม่รู้จักโครงการ '%(program)s'") % {"program": value})
    return value


def _th(value) -> str:
    """Thai digits, always: for the Thai texts of documents (`describe`)."""
    return thai_digits(value)


def _n(value) -> str:
    """Digits of the active language: Thai digits in Thai (and with no language), Arabic
    digits otherwise; for the texts shown on pages (verdicts, errors)."""
    language = translation.get_language()
    if language is None or language.split("-")[0] == "th":
        return thai_digits(value)
    return str(value)


def _span(low: int, high: int, digits=_th) -> str:
    return digits(f"{low}–{high}") if low != high else digits(low)


def _labels(choices, values) -> str:
    """Thai labels, whatever the language: for `describe`."""
    return ", ".join(thai_label(choices(v).label) for v in values)


def _shown_labels(choices, values) -> str:
    """Labels in the active language: for verdicts."""
    return ", ".join(str(choices(v).label) for v in values)


# ---------------------------------------------------------------- the base classes

CRITERIA: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    CRITERIA[cls.kind] = cls
    return cls


def build(kind: str, params: dict, *, explanation: str = "", key=None, any_group=None) -> Rule:
    return CRITERIA[kind](params, explanation=explanation, key=key, any_group=any_group)


class Rule:
    """A criterion kind. Subclasses set `kind`, `label`, and implement the four methods."""

    kind: ClassVar[str]
    label: ClassVar[str]
    params_fields: ClassVar[tuple[Param, ...]] = ()
    requires_justification: ClassVar[bool] = False

    def __init__(self, params: dict, *, explanation: str = "", key=None, any_group=None):
        self.params = self.clean_params(dict(params or {}))
        self.explanation = explanation or self.describe()
        self.key = key
        self.any_group = any_group

    @classmethod
    def clean_params(cls, params: dict) -> dict:
        raise NotImplementedError

    def describe(self) -> str:
        """A default Thai sentence for the rule, used when no explanation is typed."""
        raise NotImplementedError

    def q(self, unit: str) -> Q:
        raise NotImplementedError

    def verdict(self, facts: CandidateFacts) -> Verdict:
        raise NotImplementedError

    def programs(self) -> list[tuple[str, int]]:
        """(program, fiscal year) pairs the rule refers to (for round validation)."""
        return []

    def years(self) -> list[int]:
        return []

    def _verdict(self, passed: bool, text: str) -> Verdict:
        mark = PASS_MARK if passed else FAIL_MARK
        return Verdict(
            self.kind,
            passed,
            f"{text} {mark}",
            self.key,
            self.any_group,
            self.requires_justification,
        )


class ProductRule(Rule):
    """A rule on a product; in a producer round it reads "has a product that …"."""

    def product_q(self) -> Q:
        raise NotImplementedError

    def product_check(self, product: ProductFacts) -> tuple[bool, str]:
        raise NotImplementedError

    def missing_text(self) -> str:
        """The failed verdict of a producer without a matching product; kinds override it
        (the default quotes `describe`, Thai)."""
        return _("ไม่มีผลิตภัณฑ์ที่%(description)s") % {"description": self.describe()}

    def q(self, unit: str) -> Q:
        if unit == PRODUCT:
            return self.product_q()
        products = Product.objects.filter(self.product_q(), producer=OuterRef("pk"))
        return Q(correlated(products.order_by(), Value(True)))

    def verdict(self, facts: CandidateFacts) -> Verdict:
        checks = [(p, *self.product_check(p)) for p in facts.products]
        if facts.unit == PRODUCT:
            product, passed, text = checks[0]
            return self._verdict(passed, text)
        for product, passed, text in checks:
            if passed:
                return self._verdict(
                    True,
                    _("ผลิตภัณฑ์ “%(product)s”: %(verdict)s")
                    % {"product": product.name, "verdict": text},
                )
        if not checks:
            return self._verdict(False, _("ไม่มีผลิตภัณฑ์ในทะเบียน"))
        shown = "; ".join(f"“{p.name}” {text}" for p, _passed, text in checks[:3])
        more = ""
        if len(checks) > 3:
            more = " " + _("และอีก %(count)s ผลิตภัณฑ์") % {"count": _n(len(checks) - 3)}
        return self._verdict(False, f"{self.missing_text()} ({shown}{more})")


def correlated(queryset, when_found) -> Coalesce:
    """True if `queryset` (correlated by OuterRef) has a row and its first row gives
    `when_found`; False otherwise (never NULL, so it negates like EXISTS).

    A scalar subquery with LIMIT 1 rather than EXISTS, on purpose. PostgreSQL may run an
    EXISTS that sits inside the engine's CASE as a "hashed SubPlan": the subquery
    computed once for the whole registry (every product of the country, or every
    Quadrant row with an anti-join for "latest up to a year") and probed per row. For
    one province that costs hundreds of ms; the LIMIT 1 scalar subquery cannot be
    hashed, so it stays a per-row index probe (Product by producer, ratings by their
    unique (product, year) index), a few µs per candidate row.
    """
    first = queryset.annotate(found=when_found).values("found")[:1]
    return Coalesce(
        Subquery(first, output_field=BooleanField()),
        Value(False),
        output_field=BooleanField(),
    )


def _producer_prefix(unit: str) -> str:
    return "" if unit == PRODUCER else "producer__"


# ---------------------------------------------------------------- the kinds


@register
class ProducerTypeRule(Rule):
    """Producer type in a set: {"types": ["group"]}."""

    kind = "producer_type"
    label = gettext_lazy("ประเภทผู้ผลิตอยู่ในกลุ่มที่กำหนด")
    params_fields = (
        Param("types", gettext_lazy("ประเภทผู้ผลิต"), MULTI, tuple(ProducerType.choices)),
    )

    @classmethod
    def clean_params(cls, params):
        return {"types": _choices(params.get("types"), ProducerType.values, _("ประเภทผู้ผลิต"))}

    def describe(self):
        return f"เป็น{_labels(ProducerType, self.params['types'])}"

    def q(self, unit):
        return Q(**{f"{_producer_prefix(unit)}producer_type__in": self.params["types"]})

    def verdict(self, facts):
        types = self.params["types"]
        found = _("ไม่ระบุ")
        if facts.producer_type:
            found = str(ProducerType(facts.producer_type).label)
        if facts.producer_type in types:
            return self._verdict(True, _("ประเภทผู้ผลิต: %(found)s") % {"found": found})
        return self._verdict(
            False,
            _("ประเภทผู้ผลิต: %(found)s (ต้องเป็น %(allowed)s)")
            % {"found": found, "allowed": _shown_labels(ProducerType, types)},
        )


class _YearRange:
    @staticmethod
    def clean_range(params) -> dict:
        low = _year(params.get("min"), _("ปีเริ่มต้น"))
        high = _year(params.get("max"), _("ปีสิ้นสุด"))
        if low > high:
            raise ValidationError(
                _("ช่วงปีไม่ถูกต้อง: ปีเริ่มต้น %(low)s มากกว่าปีสิ้นสุด %(high)s")
                % {"low": _n(low), "high": _n(high)}
            )
        return {"min": low, "max": high}


@register
class RegistrationYearRule(ProductRule):
    """Producer or product registration year in a range: {"of": "producer", "min", "max"}."""

    kind = "registration_year"
    label = gettext_lazy("ปีที่ลงทะเบียน (ผู้ผลิตหรือผลิตภัณฑ์) อยู่ในช่วง")
    params_fields = (
        Param("of", gettext_lazy("ปีที่ลงทะเบียนของ"), CHOICE, _UNIT_CHOICES, initial=PRODUCER),
        Param("min", gettext_lazy("ตั้งแต่ปี พ.ศ."), YEAR),
        Param("max", gettext_lazy("ถึงปี พ.ศ."), YEAR),
    )

    @classmethod
    def clean_params(cls, params):
        of = params.get("of", PRODUCER)
        if of not in (PRODUCER, PRODUCT):
            raise ValidationError(_("ปีที่ลงทะเบียนของ: ต้องเป็น producer หรือ product"))
        return {"of": of, **_YearRange.clean_range(params)}

    def years(self):
        return [self.params["min"], self.params["max"]]

    def _range(self, digits=_th):
        return _span(self.params["min"], self.params["max"], digits)

    def describe(self):
        who = "ผู้ผลิต" if self.params["of"] == PRODUCER else "ผลิตภัณฑ์"
        return f"ลงทะเบียน{who}ปี {self._range()}"

    def missing_text(self):
        return _("ไม่มีผลิตภัณฑ์ที่ลงทะเบียนปี %(range)s") % {"range": self._range(_n)}

    def _in_range(self, year) -> bool:
        return year is not None and self.params["min"] <= year <= self.params["max"]

    def product_q(self):
        return Q(registered_year__gte=self.params["min"], registered_year__lte=self.params["max"])

    def product_check(self, product):
        return self._year_check(product.registered_year, PRODUCT)

    def _year_check(self, year, of) -> tuple[bool, str]:
        if year is None:
            if of == PRODUCT:
                return False, _("ลงทะเบียนผลิตภัณฑ์: ไม่ระบุปี")
            return False, _("ลงทะเบียนผู้ผลิต: ไม่ระบุปี")
        inside = self._in_range(year)
        if of == PRODUCT and inside:
            text = _("ลงทะเบียนผลิตภัณฑ์ปี %(year)s: อยู่ในช่วง %(range)s")
        elif of == PRODUCT:
            text = _("ลงทะเบียนผลิตภัณฑ์ปี %(year)s: ไม่อยู่ในช่วง %(range)s")
        elif inside:
            text = _("ลงทะเบียนผู้ผลิตปี %(year)s: อยู่ในช่วง %(range)s")
        else:
            text = _("ลงทะเบียนผู้ผลิตปี %(year)s: ไม่อยู่ในช่วง %(range)s")
        return inside, text % {"year": _n(year), "range": self._range(_n)}

    def q(self, unit):
        if self.params["of"] == PRODUCT:
            return super().q(unit)
        prefix = _producer_prefix(unit)
        return Q(
            **{
                f"{prefix}registered_year__gte": self.params["min"],
                f"{prefix}registered_year__lte": self.params["max"],
            }
        )

    def verdict(self, facts):
        if self.params["of"] == PRODUCT:
            return super().verdict(facts)
        return self._verdict(*self._year_check(facts.producer_registered_year, PRODUCER))


class _HistoryRule(ProductRule):
    """A rule on a product's yearly history (stars, quadrant): for one year, or the
    latest entry up to a year ({"latest": true})."""

    history_model: ClassVar[type]
    related_name: ClassVar[str]

    def years(self):
        return [self.params["year"]]

    def _year_text(self):
        """Thai, for `describe`."""
        prefix = "ล่าสุดถึงปี" if self.params["latest"] else "ปี"
        return f"{prefix} {_th(self.params['year'])}"

    def _shown_year_text(self):
        """In the active language, for verdicts."""
        if self.params["latest"]:
            return _("ล่าสุดถึงปี %(year)s") % {"year": _n(self.params["year"])}
        return _("ปี %(year)s") % {"year": _n(self.params["year"])}

    def _match_q(self) -> Q:
        raise NotImplementedError

    def product_q(self):
        # The product's entry of the year, or its latest up to the year (the newest row
        # by the unique (product, year) index), then the match tested on that one row.
        year = self.params["year"]
        rows = self.history_model.objects.filter(product=OuterRef("pk"))
        if self.params["latest"]:
            rows = rows.filter(year__lte=year).order_by("-year")
        else:
            rows = rows.filter(year=year).order_by()  # one row at most; no default ordering
        return Q(correlated(rows, self._match_q()))

    def _entry(self, history: Mapping[int, object]):
        """(year, value) the rule looks at, or None."""
        year = self.params["year"]
        if not self.params["latest"]:
            return (year, history[year]) if year in history else None
        years = [y for y in history if y <= year]
        return (max(years), history[max(years)]) if years else None


@register
class StarLevelRule(_HistoryRule):
    """Product star level in a range for a rating year: {"min": 1, "max": 3, "year": 2567}."""

    kind = "star_level"
    label = gettext_lazy("ระดับดาวของผลิตภัณฑ์อยู่ในช่วง (ปีที่คัดสรร)")
    params_fields = (
        Param("min", gettext_lazy("ระดับดาวต่ำสุด"), CHOICE, _STAR_CHOICES, initial=1),
        Param("max", gettext_lazy("ระดับดาวสูงสุด"), CHOICE, _STAR_CHOICES, initial=3),
        Param("year", gettext_lazy("ปีที่คัดสรร (พ.ศ.)"), YEAR),
        Param("latest", gettext_lazy("ใช้ผลการคัดสรร"), FLAG, _LATEST_CHOICES, initial=False),
    )
    history_model = StarRating

    @classmethod
    def clean_params(cls, params):
        try:
            low, high = int(params.get("min", 1)), int(params.get("max", 5))
        except (TypeError, ValueError):
            raise ValidationError(_("ระดับดาว: ต้องเป็นตัวเลข ๑–๕")) from None
        if not 1 <= low <= high <= 5:
            raise ValidationError(_("ระดับดาว: ช่วงต้องอยู่ใน ๑–๕ และต่ำสุดไม่เกินสูงสุด"))
        year = _year(params.get("year"), _("ปีที่คัดสรร"))
        return {"min": low, "max": high, "year": year, "latest": bool(params.get("latest"))}

    def _stars(self, digits=_th):
        return _span(self.params["min"], self.params["max"], digits)

    def describe(self):
        return f"มีระดับ {self._stars()} ดาว {self._year_text()}"

    def missing_text(self):
        return _("ไม่มีผลิตภัณฑ์ระดับ %(stars)s ดาว %(when)s") % {
            "stars": self._stars(_n),
            "when": self._shown_year_text(),
        }

    def _match_q(self):
        return Q(stars__gte=self.params["min"], stars__lte=self.params["max"])

    def product_check(self, product):
        entry = self._entry(product.stars)
        if entry is None:
            return False, _("ไม่มีระดับดาว%(when)s") % {"when": self._shown_year_text()}
        year, stars = entry
        inside = self.params["min"] <= stars <= self.params["max"]
        if inside:
            text = _("ดาว %(stars)s ดาว ปี %(year)s: อยู่ในช่วง %(range)s")
        else:
            text = _("ดาว %(stars)s ดาว ปี %(year)s: ไม่อยู่ในช่วง %(range)s")
        return inside, text % {"stars": _n(stars), "year": _n(year), "range": self._stars(_n)}


@register
class QuadrantRule(_HistoryRule):
    """Product quadrant in a set for a year: {"quadrants": ["D"], "year": 2567}."""

    kind = "quadrant"
    label = gettext_lazy("กลุ่ม Quadrant ของผลิตภัณฑ์ (ปีที่จัดกลุ่ม)")
    params_fields = (
        Param("quadrants", gettext_lazy("กลุ่ม Quadrant"), MULTI, tuple(Quadrant.choices)),
        Param("year", gettext_lazy("ปีที่จัดกลุ่ม (พ.ศ.)"), YEAR),
        Param("latest", gettext_lazy("ใช้ผลการจัดกลุ่ม"), FLAG, _LATEST_CHOICES, initial=False),
    )
    history_model = QuadrantRating

    @classmethod
    def clean_params(cls, params):
        return {
            "quadrants": _choices(params.get("quadrants"), Quadrant.values, _("กลุ่ม Quadrant")),
            "year": _year(params.get("year"), _("ปีที่จัดกลุ่ม")),
            "latest": bool(params.get("latest")),
        }

    def _set(self):
        return "/".join(self.params["quadrants"])

    def describe(self):
        return f"อยู่ในกลุ่ม Quadrant {self._set()} {self._year_text()}"

    def missing_text(self):
        return _("ไม่มีผลิตภัณฑ์กลุ่ม Quadrant %(quadrants)s %(when)s") % {
            "quadrants": self._set(),
            "when": self._shown_year_text(),
        }

    def _match_q(self):
        return Q(quadrant__in=self.params["quadrants"])

    def product_check(self, product):
        entry = self._entry(product.quadrants)
        if entry is None:
            return False, _("ไม่มีการจัดกลุ่ม Quadrant %(when)s") % {"when": self._shown_year_text()}
        year, quadrant = entry
        inside = quadrant in self.params["quadrants"]
        if inside:
            text = _("Quadrant %(quadrant)s ปี %(year)s: อยู่ในกลุ่ม %(quadrants)s")
        else:
            text = _("Quadrant %(quadrant)s ปี %(year)s: ไม่อยู่ในกลุ่ม %(quadrants)s")
        return inside, text % {"quadrant": quadrant, "year": _n(year), "quadrants": self._set()}


@register
class CategoryRule(ProductRule):
    """Product category in a set: {"categories": ["food", "drink"]}."""

    kind = "category"
    label = gettext_lazy("ประเภทผลิตภัณฑ์อยู่ในกลุ่มที่กำหนด")
    params_fields = (
        Param("categories", gettext_lazy("ประเภทผลิตภัณฑ์"), MULTI, tuple(Category.choices)),
    )

    @classmethod
    def clean_params(cls, params):
        return {
            "categories": _choices(params.get("categories"), Category.values, _("ประเภทผลิตภัณฑ์"))
        }

    def describe(self):
        return f"เป็นประเภท {_labels(Category, self.params['categories'])}"

    def missing_text(self):
        return _("ไม่มีผลิตภัณฑ์ที่เป็นประเภท %(categories)s") % {
            "categories": _shown_labels(Category, self.params["categories"])
        }

    def product_q(self):
        return Q(category__in=self.params["categories"])

    def product_check(self, product):
        label = str(Category(product.category).label)
        if product.category in self.params["categories"]:
            return True, _("ประเภท %(category)s") % {"category": label}
        return False, _("ประเภท %(category)s (ต้องเป็น %(allowed)s)") % {
            "category": label,
            "allowed": _shown_labels(Category, self.params["categories"]),
        }


class _ProgramYearRule(Rule):
    params_fields = (
        Param("program", gettext_lazy("โครงการ"), CHOICE, tuple(ProgramCode.choices)),
        Param("fiscal_year", gettext_lazy("ปีงบประมาณ (พ.ศ.)"), YEAR),
    )

    @classmethod
    def clean_params(cls, params):
        return {
            "program": _program(params.get("program")),
            "fiscal_year": _year(params.get("fiscal_year"), _("ปีงบประมาณ")),
        }

    def programs(self):
        return [(self.params["program"], self.params["fiscal_year"])]

    def years(self):
        return [self.params["fiscal_year"]]

    def _pair(self):
        return (self.params["program"], self.params["fiscal_year"])

    def _what(self):
        """Thai, for `describe`."""
        return f"{self.params['program']} ปีงบประมาณ {_th(self.params['fiscal_year'])}"

    def _shown(self, message: str) -> str:
        """A verdict `message` (gettext'ed, with %(program)s and %(year)s) filled in."""
        return message % {
            "program": self.params["program"],
            "year": _n(self.params["fiscal_year"]),
        }

    def _participation_q(self, unit) -> Q:
        return self._rows_q(Participation, unit)

    def _rows_q(self, model, unit) -> Q:
        """Has a row of `model` (Participation or Target, keyed alike) of the program and
        year: the producer's own; for a product, its own or its producer's with no product."""
        rows = model.objects.filter(
            program=self.params["program"], fiscal_year=self.params["fiscal_year"]
        )
        if unit == PRODUCER:
            return Q(Exists(rows.filter(producer=OuterRef("pk"))))
        return Q(
            Exists(
                rows.filter(
                    Q(product=OuterRef("pk"))
                    | Q(product__isnull=True, producer=OuterRef("producer"))
                )
            )
        )


@register
class NotParticipantRule(_ProgramYearRule):
    """Not a participant of program P in FY F (reads registry Participation):
    {"program": "KBO", "fiscal_year": 2567}."""

    kind = "not_participant"
    label = gettext_lazy("ไม่เคยเข้าร่วมโครงการ (ปีงบประมาณ)")

    def describe(self):
        return f"ไม่ซ้ำกับผู้เข้าร่วม {self._what()}"

    def q(self, unit):
        return ~self._participation_q(unit)

    def verdict(self, facts):
        if self._pair() in facts.participations:
            return self._verdict(False, self._shown(_("เข้าร่วม %(program)s ปีงบประมาณ %(year)s แล้ว")))
        return self._verdict(True, self._shown(_("ไม่เคยเข้าร่วม %(program)s ปีงบประมาณ %(year)s")))


@register
class NotTargetRule(_ProgramYearRule):
    """Not a target of program P in FY F: neither nominated in a round of P in F in the
    app (the registry's `Target`, which the nomination services keep in step) nor recorded
    as a participant of P in F (targets chosen outside the app)."""

    kind = "not_target"
    label = gettext_lazy("ไม่เป็นกลุ่มเป้าหมายของโครงการอื่น (ปีงบประมาณ)")

    def describe(self):
        return f"ไม่ซ้ำกับกลุ่มเป้าหมาย {self._what()}"

    def q(self, unit):
        return ~self._rows_q(Target, unit) & ~self._participation_q(unit)

    def verdict(self, facts):
        if self._pair() in facts.targets:
            return self._verdict(
                False,
                self._shown(_("เป็นกลุ่มเป้าหมาย %(program)s ปีงบประมาณ %(year)s แล้ว (เสนอชื่อในระบบ)")),
            )
        if self._pair() in facts.participations:
            return self._verdict(
                False,
                self._shown(_("เป็นกลุ่มเป้าหมาย %(program)s ปีงบประมาณ %(year)s แล้ว (ประวัติการเข้าร่วม)")),
            )
        return self._verdict(True, self._shown(_("ไม่เป็นกลุ่มเป้าหมาย %(program)s ปีงบประมาณ %(year)s")))


@register
class OfficerJudgementRule(Rule):
    """An officer's judgement the round requires: every candidate passes the filter, and
    the district officer must write a justification when nominating:
    {"text": "มีศักยภาพ ความพร้อมในการเข้าสู่กระบวนการพัฒนาผลิตภัณฑ์"}."""

    kind = "officer_judgement"
    label = gettext_lazy("ดุลยพินิจของเจ้าหน้าที่ (ต้องระบุเหตุผล)")
    params_fields = (
        Param(
            "text",
            gettext_lazy("สิ่งที่เจ้าหน้าที่ต้องพิจารณา"),
            TEXT,
            initial="มีศักยภาพ ความพร้อมในการเข้าสู่กระบวนการพัฒนาผลิตภัณฑ์",
        ),
    )
    requires_justification = True

    @classmethod
    def clean_params(cls, params):
        text = " ".join(str(params.get("text", "")).split())
        if not text:
            raise ValidationError(_("ต้องระบุสิ่งที่เจ้าหน้าที่ต้องพิจารณา"))
        return {"text": text}

    def describe(self):
        return self.params["text"]

    def q(self, unit):
        return Q()

    def verdict(self, facts):
        return self._verdict(
            True,
            _("เจ้าหน้าที่อำเภอพิจารณาและระบุเหตุผล: %(text)s") % {"text": self.params["text"]},
        )


KIND_CHOICES = [(kind, cls.label) for kind, cls in CRITERIA.items()]


# ---------------------------------------------------------------- tiers


def tier_q(rules: list[Rule], unit: str) -> Q:
    """The Q of a tier: every ungrouped rule, and one rule of each `any_group`."""
    combined = Q()
    groups: dict[int, list[Q]] = {}
    for rule in rules:
        if rule.any_group is None:
            combined &= rule.q(unit)
        else:
            groups.setdefault(rule.any_group, []).append(rule.q(unit))
    for alternatives in groups.values():
        combined &= reduce(operator.or_, alternatives)
    return combined


def tier_passes(verdicts: list[Verdict]) -> bool:
    """The pure counterpart of `tier_q`."""
    groups: dict[int, bool] = {}
    for verdict in verdicts:
        if verdict.any_group is None:
            if not verdict.passed:
                return False
        else:
            groups[verdict.any_group] = groups.get(verdict.any_group, False) or verdict.passed
    return all(groups.values())
