"""Background jobs (django-tasks: the database backend and `manage.py db_worker` in production,
the immediate backend in tests)."""

from django_tasks import task


@task()
def render_report(report_id: int) -> str:
    """Render and store one queued report; failures are recorded on the report itself."""
    from .services import render_stored

    return str(render_stored(report_id))


@task()
def export_archive(export_id: int) -> str:
    """Make the e-archive package of one queued export; failures are recorded on the export."""
    from .archive_exports import run_export

    return str(run_export(export_id))
