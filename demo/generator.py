"""The generator the demo registry files were made with, once (not run by `seed_demo`).

`fixtures/demo-registry.xlsx` and `fixtures/demo-participation.xlsx` are the demo data:
`seed_demo` loads them through the registry importers. This module made them, and remakes
them with `manage.py demo_write_fixtures` when the design below has to change (then check
the tests that state the design's numbers, and commit the files). `build_demo_registry()`
makes the whole data set in memory from a fixed seed (no database, so the same call always
gives the same rows); `registry_rows()` and `participation_rows()` lay it out as the
registry contract's sheets (../shared/spec/REGISTRY-FORMAT.md).

What the sheets cannot carry (the contract has no column for them): a producer's own
registration year (the importer takes the earliest year of its products) and the OPC
scores of the star ratings (the demo's ratings have no score).

Codes (made up, shaped like the registry's and unique across Thailand):
- producer ``SSSSSS-NNNN``: the producer's 6-digit DOPA subdistrict code and a serial within
  that subdistrict, e.g. ``560107-0003`` (third producer of ต.บ้านต๋อม, อ.เมืองพะเยา);
- product ``SSSSSS-NNNN-PP``: the producer code and the product's number, e.g. ``560107-0003-01``.

The data is built to exercise the KBO FY 2568 rules of seed 001 (see `KBO_2568_DESIGN`):
in each Phayao district a known number of community groups are tier-1 candidates (a product
rated 1–3 stars in 2567, not a KBO participant in FY 2567) and a known number are fallback
candidates (a Quadrant D product in 2567, not a KBO participant in FY 2567, not a QD target of
FY 2568). Every other community group is kept out of both on purpose, and decoys sit just
outside each rule (1–3 stars but in KBO FY 2567; D but a QD FY 2568 target; 1–3 stars only
in 2565; 4–5 stars in 2567; single owners and SMEs with 1–3 stars or D).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from demo.registry import KBO_2568_DESIGN
from registry.labels import thai_label
from registry.models import (
    Category,
    ProducerType,
    ProgramCode,
)

SEED = 2568
PROVINCE_CODE = "56"
OTHER_PROVINCE_CODE = "57"
REGISTRATION_YEARS = range(2557, 2568)  # 2557–2567
OPC_YEARS = (2559, 2562, 2565, 2567)
QUADRANT_YEARS = (2565, 2566, 2567, 2568)
RULE_YEAR = 2567  # the year the FY 2568 rules read stars and quadrants from

# Producers per Phayao district (district code → count): about 400 in all, bigger districts
# with more, as in the real registry.
PHAYAO_PRODUCERS = {
    "5601": 88,  # เมืองพะเยา
    "5602": 36,  # จุน
    "5603": 56,  # เชียงคำ
    "5604": 22,  # เชียงม่วน
    "5605": 60,  # ดอกคำใต้
    "5606": 36,  # ปง
    "5607": 42,  # แม่ใจ
    "5608": 30,  # ภูซาง
    "5609": 26,  # ภูกามยาว
}
CHIANG_RAI_PRODUCERS = {"5701": 14, "5705": 10, "5707": 8}

# Decoys per Phayao district, each kept out of both tiers by exactly one rule.
DECOYS = {
    "star_in_kbo_2567": 2,  # 1–3 stars in 2567, but a KBO participant in FY 2567
    "d_in_kbo_2567": 1,  # Quadrant D in 2567, but a KBO participant in FY 2567
    "d_in_qd_2568": 2,  # Quadrant D in 2567, but its D product is a QD target of FY 2568
}

PRODUCER_TYPE_WEIGHTS = (
    (ProducerType.COMMUNITY_GROUP, 62),
    (ProducerType.SINGLE_OWNER, 28),
    (ProducerType.SME, 10),
)
CATEGORY_WEIGHTS = (
    (Category.FOOD, 34),
    (Category.DRINK, 12),
    (Category.TEXTILE, 22),
    (Category.HOUSEHOLD, 20),
    (Category.HERBAL, 12),
)

PRODUCT_NAMES = {
    Category.FOOD: [
        "ข้าวแต๋นน้ำแตงโม", "น้ำพริกตาแดง", "น้ำพริกหนุ่ม", "แคบหมูไร้มัน", "ปลาส้มกว๊านพะเยา",
        "กุ้งฝอยทอดกรอบ", "ข้าวกล้องหอมมะลิ", "ข้าวไรซ์เบอร์รี่", "ข้าวก่ำล้านนา", "ลำไยอบแห้ง",
        "กล้วยตากพลังงานแสงอาทิตย์", "ไส้อั่วสมุนไพร", "แหนมหมู", "ข้าวเกรียบฟักทอง",
        "ถั่วลิสงคั่วทราย", "น้ำผึ้งดอกลำไย", "หมูยอ", "ผักกาดดองสามรส", "มะขามแช่อิ่ม",
        "เห็ดหลินจืออบแห้ง", "ปลาแห้งกว๊านพะเยา", "ขนมจีนเส้นแห้ง",
    ],
    Category.DRINK: [
        "น้ำลำไยสกัดเข้มข้น", "ชาใบหม่อน", "ชาดอกกาแฟ", "กาแฟอาราบิก้าดอยหลวง",
        "น้ำมะขามป้อม", "ไวน์ลิ้นจี่", "สุราแช่ข้าวก่ำ", "น้ำกระเจี๊ยบแดง", "ชาตะไคร้ใบเตย",
        "น้ำขิงผง", "กาแฟโรบัสต้าคั่วบด", "น้ำเสาวรสพร้อมดื่ม",
    ],
    Category.TEXTILE: [
        "ผ้าทอไทลื้อ", "ผ้าซิ่นตีนจก", "เสื้อฝ้ายย้อมคราม", "ผ้าพันคอฝ้ายทอมือ",
        "กระเป๋าผ้าทอไทลื้อ", "ผ้าย้อมสีธรรมชาติ", "เสื้อม่อฮ่อม", "ผ้าซิ่นมัดหมี่",
        "ผ้าปักชาวเขาเผ่าเมี่ยน", "ย่ามผ้าทอ", "ผ้าคลุมไหล่ลายน้ำไหล", "ผ้าห่มฝ้ายทอมือ",
    ],
    Category.HOUSEHOLD: [
        "เครื่องจักสานผักตบชวา", "ตะกร้าไม้ไผ่", "หมวกกุ๊บ", "ของใช้จากกะลามะพร้าว",
        "โคมไฟล้านนา", "เครื่องปั้นดินเผา", "ตุ๊กตาผ้า", "ไม้กวาดดอกหญ้า", "กระติบข้าวเหนียว",
        "ร่มกระดาษสา", "เทียนหอมดอกไม้", "กระเป๋าสานพลาสติก", "ไม้แกะสลักรูปช้าง",
    ],
    Category.HERBAL: [
        "ยาหม่องสมุนไพร", "สบู่สมุนไพรขมิ้นชัน", "ลูกประคบสมุนไพร", "น้ำมันเหลืองสมุนไพร",
        "แชมพูมะกรูด", "ครีมน้ำผึ้งบำรุงผิว", "สเปรย์ตะไคร้หอมไล่ยุง", "ยาดมสมุนไพร",
        "เจลว่านหางจระเข้", "สบู่น้ำนมข้าว",
    ],
}  # fmt: skip

# How a community group names itself, by the category of its main product.
GROUP_NAMES = {
    Category.FOOD: ["กลุ่มแม่บ้านเกษตรกร", "กลุ่มแปรรูปอาหาร", "วิสาหกิจชุมชนแปรรูปผลผลิตเกษตร"],
    Category.DRINK: ["กลุ่มเครื่องดื่มสมุนไพร", "วิสาหกิจชุมชนกาแฟ", "กลุ่มแปรรูปลำไย"],
    Category.TEXTILE: ["กลุ่มทอผ้า", "กลุ่มทอผ้าไทลื้อ", "กลุ่มตัดเย็บเสื้อผ้า"],
    Category.HOUSEHOLD: ["กลุ่มจักสาน", "กลุ่มหัตถกรรม", "กลุ่มจักสานผักตบชวา"],
    Category.HERBAL: ["กลุ่มสมุนไพร", "กลุ่มแพทย์แผนไทย", "วิสาหกิจชุมชนสมุนไพร"],
}
VILLAGES = [
    "ร่องไฮ", "สันป่าม่วง", "ต๋อม", "ดอกบัว", "ทุ่งกล้วย", "ห้วยแก้ว", "หนองเล็งทราย", "ม่วงชุม",
    "แม่ต๋ำ", "ศรีถ้อย", "สันเวียงใหม่", "ป่าแฝก", "ปางงุ้น", "ดงเจน", "บ่อเบี้ย", "สบบง",
    "ทุ่งต้นศรี", "หนองหล่ม", "ปางปูเลาะ", "ห้วยทรายขาว", "น้ำจุน", "ดอนไชย", "แม่ทะลาย",
    "ผาช้างมูบ", "บุญเรือง", "สันติสุข", "ห้วยบง", "โป่งเกลือ", "ร่มเย็น", "ดงอินตา",
]  # fmt: skip
FIRST_NAMES = [
    "สมศรี", "บัวเขียว", "คำปัน", "จันทร์เพ็ญ", "ศรีนวล", "อำพร", "บุญมา", "สมบูรณ์",
    "ประยูร", "แสงเดือน", "ทองสุข", "พรทิพย์", "วันเพ็ญ", "อุไร", "สุดใจ", "คำแปง",
]  # fmt: skip
LAST_NAMES = [
    "ใจดี", "ปัญญาวงศ์", "อินต๊ะ", "ศรีวิชัย", "คำลือ", "ยอดเมือง", "กันทะวงศ์", "ไชยลังกา",
    "สุริยะ", "ธิวงค์", "จันทร์แก้ว", "มูลเมือง", "ปินตา", "อุ่นเรือน",
]  # fmt: skip
SME_NAMES = [
    "บริษัท พะเยาฟู้ดส์ จำกัด", "ห้างหุ้นส่วนจำกัด กว๊านพะเยาโปรดักส์", "บริษัท ล้านนาเฮิร์บ จำกัด",
    "บริษัท ดอยหลวงคอฟฟี่ จำกัด", "ห้างหุ้นส่วนจำกัด ไทลื้อแฮนด์เมด", "บริษัท ภูลังกาฟาร์ม จำกัด",
    "บริษัท เวียงลอเทรดดิ้ง จำกัด", "ห้างหุ้นส่วนจำกัด ข้าวก่ำพะเยา",
]  # fmt: skip
BRANDS = ["ตราแม่ศรี", "ตรากว๊าน", "ตราดอยหลวง", "ตราบ้านเฮา", "ตราคำแสน", "ตราลำไยทอง", ""]


@dataclass
class ProductSpec:
    code: str
    name: str
    category: str
    registered_year: int
    stars: dict[int, int] = field(default_factory=dict)  # OPC year → 1–5
    quadrants: dict[int, str] = field(default_factory=dict)  # year → A–D


@dataclass
class ProducerSpec:
    code: str
    name: str
    producer_type: str
    district_code: str
    subdistrict_code: str
    village_no: int
    address: str
    phone: str
    registered_year: int
    products: list[ProductSpec] = field(default_factory=list)


@dataclass
class ParticipationSpec:
    program: str
    fiscal_year: int
    producer_code: str
    product_code: str | None = None


@dataclass
class DemoRegistry:
    producers: list[ProducerSpec]
    participations: list[ParticipationSpec]


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _random_stars(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[10, 20, 35, 25, 10])[0]


def _quadrant_history(rng: random.Random, registered_year: int) -> dict[int, str]:
    """A product's quadrant over the years: mostly stable, sometimes moving up a group."""
    current = rng.choices("ABCD", weights=[8, 17, 35, 40])[0]
    history = {}
    for year in QUADRANT_YEARS:
        if year < registered_year:
            continue
        history[year] = current
        if current in "CD" and rng.random() < 0.15:
            current = "C" if current == "D" else "B"
    return history


def _make_producer(rng, district_code, subdistricts, serials) -> ProducerSpec:
    subdistrict_code, subdistrict_name = rng.choice(subdistricts)
    serials[subdistrict_code] = serials.get(subdistrict_code, 0) + 1
    code = f"{subdistrict_code}-{serials[subdistrict_code]:04d}"
    producer_type = _weighted(rng, PRODUCER_TYPE_WEIGHTS)
    main_category = _weighted(rng, CATEGORY_WEIGHTS)
    village = rng.choice(VILLAGES)
    village_no = rng.randint(1, 15)
    if producer_type == ProducerType.COMMUNITY_GROUP:
        name = f"{rng.choice(GROUP_NAMES[main_category])}บ้าน{village}"
    elif producer_type == ProducerType.SINGLE_OWNER:
        name = f"นาง{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    else:
        name = rng.choice(SME_NAMES)
    registered_year = rng.choice(REGISTRATION_YEARS)
    producer = ProducerSpec(
        code=code,
        name=name,
        producer_type=producer_type,
        district_code=district_code,
        subdistrict_code=subdistrict_code,
        village_no=village_no,
        address=f"{rng.randint(1, 199)} หมู่ {village_no} บ้าน{village} ต.{subdistrict_name}",
        # The stored form of a phone: digits only (registry.thai.phone_canonical).
        phone=f"08{rng.randint(0, 9)}{rng.randint(100, 999)}{rng.randint(1000, 9999)}",
        registered_year=registered_year,
    )
    for number in range(1, rng.choices([1, 2, 3], weights=[50, 35, 15])[0] + 1):
        category = main_category if number == 1 else _weighted(rng, CATEGORY_WEIGHTS)
        product_year = rng.randint(registered_year, max(REGISTRATION_YEARS))
        brand = rng.choice(BRANDS)
        product = ProductSpec(
            code=f"{code}-{number:02d}",
            name=f"{rng.choice(PRODUCT_NAMES[category])} {brand}".strip(),
            category=category,
            registered_year=product_year,
            quadrants=_quadrant_history(rng, product_year),
        )
        for year in OPC_YEARS:
            if year >= product_year and rng.random() < 0.4:
                product.stars[year] = _random_stars(rng)
        producer.products.append(product)
    return producer


def _neutralise(product: ProductSpec) -> None:
    """Keep a product out of both KBO FY 2568 tiers: no 1–3 stars and no D in 2567."""
    if product.stars.get(RULE_YEAR, 5) <= 3:
        product.stars[RULE_YEAR] = 4
    if product.quadrants.get(RULE_YEAR) == "D":
        product.quadrants[RULE_YEAR] = "C"


def _rate(product: ProductSpec, *, stars: int | None = None, quadrant: str | None = None):
    """Give a product a 2567 rating, registering it no later than 2567 so the rating is real."""
    product.registered_year = min(product.registered_year, RULE_YEAR)
    if stars is not None:
        product.stars[RULE_YEAR] = stars
    if quadrant is not None:
        product.quadrants[RULE_YEAR] = quadrant


def _shape_district(rng, groups, others, participations, design) -> None:
    """Give a Phayao district exactly the designed KBO FY 2568 candidates and decoys."""
    _quota, tier1_count, tier2_count = design
    for producer in groups:
        for product in producer.products:
            _neutralise(product)
    rng.shuffle(groups)
    needed = tier1_count + tier2_count + sum(DECOYS.values())
    if len(groups) < needed:
        raise ValueError(f"too few groups in {groups[0].district_code}: {len(groups)} < {needed}")
    picks = iter(groups)

    def take(count):
        return [next(picks) for _ in range(count)]

    def add(program, year, producer, product=None):
        participations.append(
            ParticipationSpec(program, year, producer.code, product.code if product else None)
        )

    tier1 = take(tier1_count)
    for index, producer in enumerate(tier1):
        _rate(producer.products[0], stars=rng.choice([1, 2, 3]))
        if index % 3 == 1:
            # A tier-1 group may also own a QD target and a D product: still tier 1.
            _rate(producer.products[-1], quadrant="D")
            add(ProgramCode.QD, 2568, producer, producer.products[-1])
        if index % 4 == 2:
            add(ProgramCode.KBO, 2566, producer)  # an older KBO year does not count
    for producer in take(tier2_count):
        _rate(producer.products[0], quadrant="D")
        older = [p for p in producer.products[1:] if p.registered_year <= 2565]
        if older:
            older[0].stars[2565] = 2  # 1–3 stars, but not in 2567
    for producer in take(DECOYS["star_in_kbo_2567"]):
        _rate(producer.products[0], stars=rng.choice([2, 3]), quadrant="D")
        add(ProgramCode.KBO, 2567, producer)
    for producer in take(DECOYS["d_in_kbo_2567"]):
        _rate(producer.products[0], quadrant="D")
        add(ProgramCode.KBO, 2567, producer)
    for producer in take(DECOYS["d_in_qd_2568"]):
        # Only this product is D in 2567, so "the group is a QD target" and "its D product
        # is a QD target" read the same here.
        _rate(producer.products[0], quadrant="D")
        add(ProgramCode.QD, 2568, producer, producer.products[0])
    rest = list(picks)
    for producer in rest[:2]:
        producer.products[0].stars[RULE_YEAR] = 5  # rated, but above 3 stars
    for year in (2565, 2566):
        for producer in rng.sample(rest, 2):
            add(ProgramCode.KBO, year, producer)

    # Single owners and SMEs with what would qualify a group: plenty of D in 2567.
    d_products = []
    for producer in others:
        for product in producer.products:
            if product.registered_year <= RULE_YEAR and rng.random() < 0.35:
                _rate(product, quadrant="D")
            if product.quadrants.get(RULE_YEAR) == "D":
                d_products.append((producer, product))
            if product.quadrants.get(2566) == "D" and rng.random() < 0.3:
                add(ProgramCode.QD, 2567, producer, product)
    for producer, product in rng.sample(d_products, min(3, len(d_products))):
        add(ProgramCode.QD, 2568, producer, product)
    for producer in rng.sample(rest, min(3, len(rest))):
        for product in producer.products:
            if product.quadrants.get(2566) == "D":
                add(ProgramCode.QD, 2567, producer, product)


def build_demo_registry(subdistricts_by_district: dict[str, list[tuple[str, str]]]) -> DemoRegistry:
    """The whole demo data set, the same on every call.

    `subdistricts_by_district` maps each district code to its (code, name) subdistricts;
    the caller reads them from the database so this function stays free of it.
    """
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    producers: list[ProducerSpec] = []
    participations: list[ParticipationSpec] = []
    serials: dict[str, int] = {}
    for district_code, count in {**PHAYAO_PRODUCERS, **CHIANG_RAI_PRODUCERS}.items():
        subdistricts = subdistricts_by_district[district_code]
        district = [_make_producer(rng, district_code, subdistricts, serials) for _ in range(count)]
        producers.extend(district)
        if district_code in KBO_2568_DESIGN:
            groups = [p for p in district if p.producer_type == ProducerType.COMMUNITY_GROUP]
            others = [p for p in district if p.producer_type != ProducerType.COMMUNITY_GROUP]
            _shape_district(rng, groups, others, participations, KBO_2568_DESIGN[district_code])
        else:
            # Chiang Rai: left as generated, with some history, so scoping can be seen.
            for producer in rng.sample(district, 2):
                participations.append(ParticipationSpec(ProgramCode.KBO, 2567, producer.code))
    return DemoRegistry(producers, _unique(participations))


def _unique(participations: list[ParticipationSpec]) -> list[ParticipationSpec]:
    seen = {}
    for item in participations:
        key = (item.program, item.fiscal_year, item.product_code or item.producer_code)
        seen.setdefault(key, item)
    return list(seen.values())


# ---------------------------------------------------------------------------------------
# The registry contract's sheets (REGISTRY-FORMAT.md), as rows under their canonical headers.

REGISTRY_HEADERS = [
    "รหัสผู้ผลิต", "ชื่อผู้ผลิต", "ประเภทผู้ผลิต", "จังหวัด", "อำเภอ", "ตำบล", "หมู่ที่", "ที่อยู่",
    "โทรศัพท์", "รหัสผลิตภัณฑ์", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ปีที่ลงทะเบียน", "ระดับดาว",
    "ปีที่คัดสรร", "กลุ่ม Quadrant", "ปีที่จัดกลุ่ม",
]  # fmt: skip
PARTICIPATION_HEADERS = ["โครงการ", "ปีงบประมาณ", "รหัสผู้ผลิต", "รหัสผลิตภัณฑ์"]


def registry_rows(demo: DemoRegistry, names: dict[str, str]) -> list[list]:
    """One row per product and history year: a product's star ratings and Quadrant
    groups, oldest first, side by side (row i holds its i-th of each), producer columns
    repeated on every row. `names` maps place codes to their official Thai names."""
    rows = []
    for producer in demo.producers:
        province = producer.district_code[:2]
        place = [names[province], names[producer.district_code], names[producer.subdistrict_code]]
        for product in producer.products:
            stars = sorted(product.stars.items())
            quadrants = sorted(product.quadrants.items())
            for index in range(max(len(stars), len(quadrants), 1)):
                star_year, level = stars[index] if index < len(stars) else (None, None)
                quadrant_year, group = quadrants[index] if index < len(quadrants) else (None, None)
                rows.append(
                    [
                        producer.code,
                        producer.name,
                        thai_label(ProducerType(producer.producer_type).label),
                        *place,
                        producer.village_no,
                        producer.address,
                        producer.phone,
                        product.code,
                        product.name,
                        thai_label(Category(product.category).label),
                        product.registered_year,
                        level,
                        star_year,
                        group,
                        quadrant_year,
                    ]
                )
    return rows


def _participation_key(item: ParticipationSpec):
    return (item.program, item.fiscal_year, item.producer_code, item.product_code or "")


def participation_rows(demo: DemoRegistry) -> list[list]:
    """One row per participation: a producer code for KBO, a product code for QD."""
    return [
        [item.program, item.fiscal_year, item.producer_code, item.product_code or ""]
        for item in sorted(
            demo.participations,
            key=lambda i: (i.program, i.fiscal_year, i.producer_code, i.product_code or ""),
        )
    ]
