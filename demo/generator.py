"""A realistic, deterministic demo registry for Phayao (56), with a few Chiang Rai (57) rows.

`build_demo_registry()` makes the whole data set in memory from a fixed seed (no database,
so the same call always gives the same rows); `registry_upsert_demo()` writes it keyed by
codes, so running it twice leaves the same state and never duplicates a row.

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

from django.db import transaction

from registry.models import (
    Category,
    Participation,
    Producer,
    ProducerType,
    Product,
    ProgramCode,
    QuadrantRating,
    StarRating,
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

# KBO FY 2568 (seed 001): the quota of each district, and how many tier-1 and fallback
# (tier-2) candidates the demo gives it. ภูกามยาว and ดอกคำใต้ are short in tier 1 but the
# fallback covers them; ภูซาง is short even with the fallback; ปง and เชียงม่วน have exactly
# their quota in tier 1.
KBO_2568_DESIGN = {
    # district: (quota, tier 1, tier 2)
    "5601": (6, 14, 5),
    "5607": (2, 5, 3),
    "5609": (1, 0, 3),
    "5605": (4, 2, 4),
    "5602": (1, 3, 2),
    "5606": (2, 2, 2),
    "5604": (1, 1, 1),
    "5603": (1, 6, 3),
    "5608": (2, 1, 0),
}
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


def _score_for(rng: random.Random, stars: int) -> float:
    """A score in the band of the default cut-offs 90/80/70/50 (DOMAIN.md, OPC)."""
    low, high = {5: (90, 99), 4: (80, 89.9), 3: (70, 79.9), 2: (50, 69.9), 1: (35, 49.9)}[stars]
    return round(rng.uniform(low, high), 2)


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


@transaction.atomic
def registry_upsert_demo(*, demo: DemoRegistry) -> dict[str, int]:
    """Write the demo registry keyed by codes: insert what is missing, update what differs,
    and drop history rows of demo products that the demo no longer has.

    Rows of producers outside the demo set are never touched. Returns row counts.
    """
    Producer.objects.bulk_create(
        [
            Producer(
                code=p.code,
                name=p.name,
                producer_type=p.producer_type,
                district_id=p.district_code,
                subdistrict_id=p.subdistrict_code,
                village_no=p.village_no,
                address=p.address,
                phone=p.phone,
                registered_year=p.registered_year,
            )
            for p in demo.producers
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "producer_type",
            "district",
            "subdistrict",
            "village_no",
            "address",
            "phone",
            "registered_year",
        ],
        batch_size=500,
    )
    producer_codes = [p.code for p in demo.producers]
    producer_ids = dict(Producer.objects.filter(code__in=producer_codes).values_list("code", "id"))
    products = [(p, product) for p in demo.producers for product in p.products]
    Product.objects.bulk_create(
        [
            Product(
                code=product.code,
                producer_id=producer_ids[p.code],
                name=product.name,
                category=product.category,
                registered_year=product.registered_year,
            )
            for p, product in products
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["producer", "name", "category", "registered_year"],
        batch_size=500,
    )
    product_ids = dict(
        Product.objects.filter(producer_id__in=producer_ids.values()).values_list("code", "id")
    )
    demo_product_ids = [product_ids[product.code] for _, product in products]

    stars = [
        StarRating(
            product_id=product_ids[product.code],
            year=year,
            stars=level,
            score=_score_for(random.Random(f"{product.code}-{year}"), level),  # noqa: S311
        )
        for _, product in products
        for year, level in sorted(product.stars.items())
    ]
    StarRating.objects.bulk_create(
        stars,
        update_conflicts=True,
        unique_fields=["product", "year"],
        update_fields=["stars", "score"],
        batch_size=500,
    )
    _delete_missing(StarRating, demo_product_ids, {(r.product_id, r.year) for r in stars})

    quadrants = [
        QuadrantRating(product_id=product_ids[product.code], year=year, quadrant=value)
        for _, product in products
        for year, value in sorted(product.quadrants.items())
    ]
    QuadrantRating.objects.bulk_create(
        quadrants,
        update_conflicts=True,
        unique_fields=["product", "year"],
        update_fields=["quadrant"],
        batch_size=500,
    )
    _delete_missing(QuadrantRating, demo_product_ids, {(r.product_id, r.year) for r in quadrants})

    wanted = {
        (
            item.program,
            item.fiscal_year,
            producer_ids[item.producer_code],
            product_ids[item.product_code] if item.product_code else None,
        )
        for item in demo.participations
    }
    existing = Participation.objects.filter(producer_id__in=producer_ids.values())
    stale = [
        pk
        for pk, *key in existing.values_list(
            "pk", "program", "fiscal_year", "producer_id", "product_id"
        )
        if tuple(key) not in wanted
    ]
    Participation.objects.filter(pk__in=stale).delete()
    # Participation's unique constraints are partial indexes, which ON CONFLICT … DO UPDATE
    # cannot name; the rows have nothing to update, so skipping duplicates is enough.
    Participation.objects.bulk_create(
        [
            Participation(program=p, fiscal_year=y, producer_id=pr, product_id=pd)
            for p, y, pr, pd in sorted(wanted, key=str)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return {
        "producers": len(demo.producers),
        "products": len(products),
        "star_ratings": len(stars),
        "quadrant_ratings": len(quadrants),
        "participations": len(wanted),
    }


def _delete_missing(model, product_ids: list[int], keep: set[tuple[int, int]]) -> None:
    rows = model.objects.filter(product_id__in=product_ids).values_list("pk", "product_id", "year")
    stale = [pk for pk, product_id, year in rows if (product_id, year) not in keep]
    model.objects.filter(pk__in=stale).delete()


# ---------------------------------------------------------------------------------------
# Demo users. The registry sits below accounts, so this part reaches the user model only
# through get_user_model() and the role values documented in accounts/models.py.

DEMO_PASSWORD = "demo-pass-1234"  # noqa: S105 (printed; same as tests/base.py)
PHAYAO_OFFICERS = {
    "5601": "phayao-mueang",
    "5602": "phayao-chun",
    "5603": "phayao-chiangkham",
    "5604": "phayao-chiangmuan",
    "5605": "phayao-dokkhamtai",
    "5606": "phayao-pong",
    "5607": "phayao-maechai",
    "5608": "phayao-phusang",
    "5609": "phayao-phukamyao",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # accounts.models.Role value
    first_name: str
    last_name: str
    province_code: str | None = None
    district_code: str | None = None
    is_admin: bool = False


def demo_users(district_names: dict[str, str]) -> list[DemoUser]:
    """Admin, Phayao provincial staff, one officer per Phayao district, Chiang Rai staff."""
    users = [
        DemoUser("admin", "admin", "ผู้ดูแลระบบ", "OTOP Select", is_admin=True),
        DemoUser("phayao", "province", "เจ้าหน้าที่", "สำนักงานพัฒนาชุมชนจังหวัดพะเยา", "56"),
    ]
    for code, username in PHAYAO_OFFICERS.items():
        users.append(
            DemoUser(
                username,
                "district",
                "เจ้าหน้าที่",
                f"สำนักงานพัฒนาชุมชนอำเภอ{district_names[code]}",
                "56",
                code,
            )
        )
    users.append(DemoUser("chiangrai", "province", "เจ้าหน้าที่", "สำนักงานพัฒนาชุมชนจังหวัดเชียงราย", "57"))
    return users


@transaction.atomic
def users_upsert_demo(*, users: list[DemoUser], password: str = DEMO_PASSWORD) -> None:
    """Create or reset the demo users (role, scope and password), keyed by username."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    user_model = get_user_model()
    # One hash for all: a slow password hasher per user would cost seconds.
    password_hash = make_password(password)
    user_model.objects.bulk_create(
        [
            user_model(
                username=u.username,
                password=password_hash,
                role=u.role,
                first_name=u.first_name,
                last_name=u.last_name,
                province_id=u.province_code,
                district_id=u.district_code,
                is_staff=u.is_admin,
                is_superuser=u.is_admin,
                is_active=True,
            )
            for u in users
        ],
        update_conflicts=True,
        unique_fields=["username"],
        update_fields=[
            "password",
            "role",
            "first_name",
            "last_name",
            "province",
            "district",
            "is_staff",
            "is_superuser",
            "is_active",
        ],
    )
