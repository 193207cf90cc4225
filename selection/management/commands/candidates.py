import json

from django.core.management.base import BaseCommand, CommandError

from registry.models import District
from registry.places import PlaceIndex, PlaceNotFound
from selection.engine import district_candidates
from selection.models import Round


def find_district(text: str, province_code: str) -> District:
    """A district of the province by DOPA code ("5601") or by name ("อ.เมืองพะเยา")."""
    text = text.strip()
    if text.isdigit():
        district = District.objects.filter(code=text).first()
        if district is None:
            raise CommandError(f"ไม่พบอำเภอรหัส {text}")
        return district
    province = [(province_code, "")]
    districts = list(
        District.objects.filter(province_id=province_code).values_list("code", "name_th")
    )
    try:
        place = PlaceIndex(province, districts, []).district(text, province_code)
    except PlaceNotFound as error:
        raise CommandError(str(error)) from error
    return District.objects.get(code=place.code)


class Command(BaseCommand):
    help = (
        "แสดงผู้มีสิทธิ์ของรอบในอำเภอหนึ่ง พร้อมชั้นเกณฑ์และเหตุผลทุกข้อ "
        "/ A round's candidates in one district with their tier and the reason for every rule."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument("--district", required=True, help="ชื่ออำเภอหรือรหัส เช่น เมืองพะเยา, 5601")
        parser.add_argument("--json", action="store_true", help="ผลเป็น JSON")
        parser.add_argument("--all", action="store_true", help="รวมรายการที่ไม่ผ่านเกณฑ์ (near misses)")

    def handle(self, *args, **options):
        round_ = (
            Round.objects.select_related("program", "province")
            .filter(slug=options["round_slug"])
            .first()
        )
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ '{options['round_slug']}'")
        district = find_district(options["district"], round_.province_id)
        result = district_candidates(round_, district.code, near_misses=options["all"])
        if options["json"]:
            data = [c.as_dict() for c in result.candidates]
            if options["all"]:
                data += [c.as_dict() for c in result.near_misses]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{round_.title} · อำเภอ{district.name_th} ({district.code})")
        for candidate in result.candidates:
            self._write(candidate, f"ชั้นที่ {candidate.tier}")
        self.stdout.write(f"รวมผู้มีสิทธิ์ {len(result.candidates)} ราย")
        if options["all"]:
            self.stdout.write(f"ไม่ผ่านเกณฑ์ {len(result.near_misses)} ราย")
            for miss in result.near_misses:
                self.stdout.write(f"✗ {miss.facts.code} {miss.facts.name}")
                for order, verdict in miss.first_failures:
                    self.stdout.write(f"    ชั้นที่ {order}: {verdict.text}")

    def _write(self, candidate, label):
        facts = candidate.facts
        self.stdout.write(f"[{label}] {facts.code} {facts.name}")
        for verdict in candidate.verdicts:
            self.stdout.write(f"    {verdict.text}")
