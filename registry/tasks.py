"""Background tasks of the registry (django.tasks; django_tasks_db in production).

Start the worker with ``python manage.py db_worker``. With TASKS_IMMEDIATE=true (tests,
embedded default) tasks run inline when enqueued.
"""

from django.tasks import task

from registry.importing.service import import_batch_preview, import_batch_run


@task()
def run_import_batch(batch_id: int) -> str:
    """Run a confirmed ImportBatch; returns its final status."""
    return import_batch_run(batch_id=batch_id)


@task()
def preview_import_batch(batch_id: int) -> str:
    """Read and validate an uploaded ImportBatch (a dry run); returns its status."""
    from registry.models import ImportBatch

    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.VALIDATING:
        return batch.status
    import_batch_preview(batch=batch)
    batch.refresh_from_db()
    return batch.status
