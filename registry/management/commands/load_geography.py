from django.core.management.base import BaseCommand
from django.db import transaction

from registry.models import District, Province, Subdistrict
from registry.places import load_geography


class Command(BaseCommand):
    help = "โหลดหรือปรับปรุงข้อมูลจังหวัด อำเภอ ตำบล ทั้งประเทศจากแพ็กเกจ geothai (ทำซ้ำได้)"

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_geography(Province, District, Subdistrict)
        self.stdout.write(
            f"จังหวัด {counts['provinces']} อำเภอ {counts['districts']} ตำบล {counts['subdistricts']}"
        )
