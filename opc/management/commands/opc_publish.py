from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opc.services import round_publish
from selection.models import Round


class Command(BaseCommand):
    help = (
        "ประกาศผลรอบ OPC: บันทึกระดับดาวของผลิตภัณฑ์ลงทะเบียน (เฉพาะที่เปลี่ยน) / "
        "Publish an OPC round's star levels into the registry (only what changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument("--user", required=True, help="ชื่อผู้ใช้ผู้ประกาศผล / publishing user")

    def handle(self, *args, **options):
        round_ = Round.objects.filter(slug=options["round_slug"]).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ {options['round_slug']}")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ {options['user']}")
        try:
            done = round_publish(round_=round_, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{round_.slug} ปี {done.year}: เพิ่มใหม่ {done.created} แก้ไข {done.updated} "
            f"ไม่เปลี่ยนแปลง {done.unchanged} ลบออก {done.removed}"
        )
