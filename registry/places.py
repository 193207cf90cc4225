"""Finding a place from what people type, and loading the country's geography.

Spreadsheets and forms write places as "จ.พะเยา", "จังหวัด พะเยา", "อ.เมืองพะเยา",
"เขตพระนคร" or with stray spaces. `PlaceIndex` matches them against the official names
after geothai's normalisation (prefixes, spaces and dots removed) and, when nothing
matches, says which official name the user probably meant.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

import geothai

from registry.scope import province_code_of

LEVEL_TH = {"province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล"}
# Bangkok (10) has เขต and แขวง where provinces have อำเภอ and ตำบล.
BANGKOK_CODE = "10"
LEVEL_TH_BANGKOK = {"province": "", "district": "เขต", "subdistrict": "แขวง"}


def _level_word(level: str, code: str) -> str:
    """The Thai word for a place of `level` under the place with `code` (any level)."""
    words = LEVEL_TH_BANGKOK if province_code_of(code) == BANGKOK_CODE else LEVEL_TH
    return words[level]


# Word processors and web forms leave invisible characters in pasted names.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_MARKS = re.compile(r"[\s.'-]")


def _clean(text: object) -> str:
    return " ".join(str(text).translate(_INVISIBLE).split())


def normalize_place(text: str) -> str:
    """One comparable form of a place name: no prefix, no spaces or dots, lower case."""
    return geothai.normalize(_clean(text))


def _bare(text: str) -> str:
    """The name with spaces and marks removed but its first word kept.

    Needed beside `normalize_place` for official names that look like a prefix: the
    subdistrict จ.ป.ร. (Ranong) normalises to "ปร", so "ต.จ.ป.ร." (→ "จปร") would
    otherwise miss it.
    """
    return _MARKS.sub("", _clean(text).lower())


class PlaceNotFound(ValueError):
    """No official place has this name; the message (Thai) carries a suggestion if any."""

    def __init__(
        self,
        level: str,
        text: str,
        within: str | None,
        suggestions: list[str],
        parent_code: str = "",
    ):
        self.level = level
        self.text = text
        self.within = within
        self.suggestions = suggestions
        parent_word = _level_word(_parent_level(level), parent_code)
        if within and parent_word and within.startswith(parent_word):
            parent_word = ""  # Bangkok's official names already read "เขตพระนคร"
        where = f" ใน{parent_word}{within}" if within else ""
        message = f"ไม่พบ{_level_word(level, parent_code)} '{text}'{where}"
        if suggestions:
            message += ": หมายถึง " + " หรือ ".join(suggestions) + "?"
        super().__init__(message)


def _parent_level(level: str) -> str:
    return {"district": "province", "subdistrict": "district"}.get(level, "province")


@dataclass(frozen=True)
class Place:
    code: str
    name_th: str


class PlaceIndex:
    """An in-memory index of places, built once and used for many lookups (imports).

    Built from (code, name_th) pairs so it works from the database or from geothai alike.
    """

    def __init__(
        self,
        provinces: list[tuple[str, str]],
        districts: list[tuple[str, str]],
        subdistricts: list[tuple[str, str]],
    ):
        self._provinces = self._by_name(provinces, lambda code: "")
        self._districts = self._by_name(districts, province_code_of)
        self._subdistricts = self._by_name(subdistricts, lambda code: code[:4])
        self._names = {code: name for code, name in [*provinces, *districts, *subdistricts]}

    @staticmethod
    def _by_name(rows, parent_of) -> dict[str, dict[str, Place]]:
        index: dict[str, dict[str, Place]] = defaultdict(dict)
        rows = list(rows)
        # Every name by its bare form first, then by its normalised form where that is
        # still free: "เขตพระนคร" is found as "พระนคร" too, and จ.ป.ร. keeps "จปร".
        for code, name in rows:
            index[parent_of(code)][_bare(name)] = Place(code, name)
        for code, name in rows:
            index[parent_of(code)].setdefault(normalize_place(name), Place(code, name))
        return index

    @classmethod
    def from_database(cls) -> PlaceIndex:
        from registry.models import District, Province, Subdistrict

        return cls(
            list(Province.objects.values_list("code", "name_th")),
            list(District.objects.values_list("code", "name_th")),
            list(Subdistrict.objects.values_list("code", "name_th")),
        )

    def province(self, text: str) -> Place:
        return self._find("province", text, "")

    def district(self, text: str, province_code: str) -> Place:
        return self._find("district", text, province_code)

    def subdistrict(self, text: str, district_code: str) -> Place:
        return self._find("subdistrict", text, district_code)

    def _find(self, level: str, text: str, parent_code: str) -> Place:
        table = {
            "province": self._provinces,
            "district": self._districts,
            "subdistrict": self._subdistricts,
        }[level].get(parent_code, {})
        key = normalize_place(text)
        for candidate in (key, _bare(text)):
            if candidate in table:
                return table[candidate]
        raise PlaceNotFound(
            level,
            _clean(text),
            self._names.get(parent_code),
            self._suggest(key, table),
            parent_code,
        )

    @staticmethod
    def _suggest(key: str, table: dict[str, Place]) -> list[str]:
        if not key:
            return []
        # A name that contains what was typed ("เมือง" → "เมืองพะเยา") is the likeliest
        # meaning; otherwise the closest spellings.
        # The table holds some places under two keys: name each place once.
        containing = {place.name_th for name, place in table.items() if key in name}
        if containing:
            return sorted(containing)[:3]
        close = difflib.get_close_matches(key, list(table), n=6, cutoff=0.6)
        return list(dict.fromkeys(table[name].name_th for name in close))[:3]


def geography_rows() -> tuple[list, list, list]:
    """All provinces, districts and subdistricts from geothai, as (code, th, en[, parent])."""
    provinces = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
    districts = []
    subdistricts = []
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            districts.append((d.code, d.name_th, d.name_en, p.code))
            for s in geothai.subdistricts(d.code):
                subdistricts.append((s.code, s.name_th, s.name_en, d.code))
    return provinces, districts, subdistricts


def load_geography(province_model, district_model, subdistrict_model) -> dict[str, int]:
    """Insert or update every place of Thailand from geothai; idempotent.

    Takes the model classes so a data migration can pass its historical models.
    Returns the number of rows of each level.
    """
    provinces, districts, subdistricts = geography_rows()
    province_model.objects.bulk_create(
        [province_model(code=c, name_th=th, name_en=en) for c, th, en in provinces],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en"],
        batch_size=1000,
    )
    district_model.objects.bulk_create(
        [
            district_model(code=c, name_th=th, name_en=en, province_id=parent)
            for c, th, en, parent in districts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en", "province"],
        batch_size=1000,
    )
    subdistrict_model.objects.bulk_create(
        [
            subdistrict_model(code=c, name_th=th, name_en=en, district_id=parent)
            for c, th, en, parent in subdistricts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en", "district"],
        batch_size=1000,
    )
    return {
        "provinces": len(provinces),
        "districts": len(districts),
        "subdistricts": len(subdistricts),
    }
