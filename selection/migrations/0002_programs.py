"""The four programs of the seed letters, as reference data every database needs."""

from django.db import migrations

PROGRAMS = [
    (
        "KBO",
        "การพัฒนาศักยภาพเครือข่ายองค์ความรู้ (Knowledge-Based OTOP : KBO)",
        "Knowledge-Based OTOP network (KBO)",
        "producer",
    ),
    (
        "QD",
        "พัฒนาคุณภาพมาตรฐานผลิตภัณฑ์ OTOP กลุ่มปรับตัวสู่การพัฒนา (Quadrant D)",
        "Quadrant D product standard development (QD)",
        "product",
    ),
    (
        "PSO",
        "สุดยอดผลิตภัณฑ์ OTOP เด่นจังหวัด (Provincial Star OTOP : PSO)",
        "Provincial Star OTOP (PSO)",
        "product",
    ),
    (
        "OPC",
        "การคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย (OTOP Product Champion : OPC)",
        "OTOP Product Champion (OPC)",
        "product",
    ),
]


def create_programs(apps, schema_editor):
    Program = apps.get_model("selection", "Program")
    for code, name_th, name_en, unit in PROGRAMS:
        Program.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "unit": unit}
        )


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]

    operations = [migrations.RunPython(create_programs, migrations.RunPython.noop)]
