from registry.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    kind = "participation"
    help = (
        "นำเข้าประวัติการเข้าร่วมโครงการ (KBO, QD, PSO, OPC) จากไฟล์ .xlsx "
        "(exit 0 สำเร็จ, 1 มีแถวไม่ถูกต้อง, 2 อ่านไฟล์ไม่ได้)"
    )
