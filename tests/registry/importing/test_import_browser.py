import pytest

from accounts.models import Role
from registry.models import ImportBatch, ImportStatus, Producer
from tests.base import make_user
from tests.registry.importing.corpus import registry_row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(page, live_server, login, data):
    make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)
    login(page, "admin")
    page.get_by_role("link", name="นำเข้าข้อมูล").click()
    page.get_by_role("link", name="นำเข้าไฟล์").click()
    page.get_by_label("ชนิดข้อมูล").select_option("registry")
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(
        files=[{"name": "registry.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="ตรวจไฟล์และดูตัวอย่าง").click()
    page.wait_for_url("**/registry/imports/*/")


def test_upload_preview_confirm_and_complete(page, live_server, login, media):
    data = xlsx([registry_row("P1", "X1"), registry_row("P2", "X2", name="กลุ่มสอง")])
    _upload(page, live_server, login, data)

    counts = page.get_by_test_id("counts").inner_text()
    assert "ผู้ผลิต" in counts and "2" in counts
    assert Producer.objects.count() == 0

    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.get_by_test_id("batch-status").filter(has_text="สำเร็จ").wait_for()
    assert "100%" in page.get_by_test_id("import-progress").inner_text()
    assert Producer.objects.count() == 2
    assert ImportBatch.objects.get().status == ImportStatus.SUCCEEDED

    page.get_by_role("link", name="ประวัติการนำเข้า").click()
    assert "registry.xlsx" in page.get_by_test_id("import-history").inner_text()


def test_upload_then_cancel_writes_nothing(page, live_server, login, media):
    _upload(page, live_server, login, xlsx([registry_row("P1", "X1")]))
    page.get_by_role("button", name="ยกเลิก").click()
    page.wait_for_url("**/registry/imports/")
    assert "ยกเลิกการนำเข้าแล้ว" in page.content()
    assert Producer.objects.count() == 0
    assert ImportBatch.objects.get().status == ImportStatus.CANCELLED


def test_a_running_import_shows_progress_that_updates_by_polling(page, live_server, login, media):
    _upload(page, live_server, login, xlsx([registry_row("P1", "X1")]))
    batch = ImportBatch.objects.get()
    # Simulate a worker mid-run (the test backend runs tasks inline, so freeze one here).
    from django.utils import timezone

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING,
        rows_total=1000,
        rows_done=250,
        phase="read",
        started_at=timezone.now(),
    )
    page.reload()
    progress = page.get_by_test_id("import-progress")
    assert "25%" in progress.inner_text()
    ImportBatch.objects.filter(pk=batch.pk).update(rows_done=750)
    page.get_by_text("75%").wait_for()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.SUCCEEDED, rows_done=1000, finished_at=timezone.now()
    )
    page.get_by_test_id("batch-status").filter(has_text="สำเร็จ").wait_for()
