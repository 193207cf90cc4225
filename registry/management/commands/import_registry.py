from registry.importing.kinds import REGISTRY_KIND
from registry.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    kind = REGISTRY_KIND
    help = "นำเข้าทะเบียนผู้ผลิตและผลิตภัณฑ์ OTOP จากไฟล์ .xlsx (exit 0 สำเร็จ, 1 มีแถวไม่ถูกต้อง, 2 อ่านไฟล์ไม่ได้)"
