"""The e-archive export in the background, in Chromium: the button queues it, the packages page
says so and polls (htmx) until a worker has made the package, then reloads itself and lists it."""

import pytest

from dialog.models import State
from reports import archive_exports
from reports.models import ArchiveExport, ArchivePackage
from tests.factories import Cast, make_dialogue, put_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_packages_page_follows_the_export_until_the_package_is_there(
    page, login, settings, tmp_path, monkeypatch
):
    # A queue that keeps the task for a worker: the test is the worker, below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("reports.archive.render_pdf", lambda document: b"%PDF-1.7 fake")
    cast = Cast()
    dialogue = put_in_state(make_dialogue(cast), State.CANCELLED)

    login(cast.clerk)
    page.goto(f"/rapporter/dialoger/{dialogue.pk}/e-arkiv/")
    page.click("#archive-export button[type=submit]")
    status = page.locator("#archive-export-status")
    status.wait_for()
    assert status.get_attribute("data-status") == "queued"
    assert page.locator("#archive-export").count() == 0  # no second click offered
    export = ArchiveExport.objects.get()

    archive_exports.run_export(export.pk)
    package = ArchivePackage.objects.get()
    # The polling notices the end and reloads the page: the new package, no status box.
    page.locator(f"#package-{package.pk}").wait_for(timeout=10_000)
    assert page.locator("#archive-export-status").count() == 0
