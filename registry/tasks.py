"""Background tasks of the registry (django.tasks; django_tasks_db in production).

Start the worker with ``python manage.py db_worker``. With TASKS_IMMEDIATE=true (tests,
embedded default) tasks run inline when enqueued.

A task never leaves its batch VALIDATING, QUEUED or RUNNING: the services end it
(previewed, rejected, succeeded, partial, failed) whatever the file does, and anything
that escapes them is recorded on the batch here before the task reports its failure.
A worker that dies mid-task is caught later by `import_batch_fail_stale`.
"""

from django.tasks import task

from registry.importing.service import (
    import_batch_fail_stale,
    import_batch_fail_unexpected,
    import_batch_preview,
    import_batch_run,
)


@task()
def run_import_batch(batch_id: int) -> str:
    """Run a confirmed ImportBatch; returns its final status."""
    try:
        import_batch_fail_stale()
        return import_batch_run(batch_id=batch_id)
    except Exception as exc:
        import_batch_fail_unexpected(batch_id=batch_id, error=exc)
        raise


@task()
def preview_import_batch(batch_id: int) -> str:
    """Read and validate an uploaded ImportBatch (a dry run); returns its status."""
    from registry.models import ImportBatch

    try:
        import_batch_fail_stale()
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.status != ImportBatch.Status.VALIDATING:
            return batch.status
        import_batch_preview(batch=batch)
        batch.refresh_from_db()
        return batch.status
    except Exception as exc:
        import_batch_fail_unexpected(batch_id=batch_id, error=exc)
        raise
