"""Renders whose worker died, the CLI's language, how the decision basis counts its sources, and
that report files are served only through the permission-checked download."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from dialog.models import Activity, ImportBatch, InputItem
from reports import services
from reports.models import Report
from reports.selectors import dialogue_for_reports

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def left_running(cast, dialogue, monkeypatch) -> Report:
    """A decision basis whose render was cut off mid-way, as when its worker is killed: the
    report is running and nothing will ever finish it."""

    def killed(document):
        raise SystemExit("worker terminated")  # not an Exception: nothing records a failure

    monkeypatch.setattr(services, "_enqueue", lambda report: None)
    report = services.request_report(
        user=cast.clerk, kind=Report.Kind.DECISION_BASIS, dialogue_id=dialogue.pk, point="final"
    )
    with monkeypatch.context() as patch:
        patch.setattr(services, "render_pdf", killed)
        with pytest.raises(SystemExit):
            services.render_stored(report.pk)
    monkeypatch.undo()
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and report.started_at is not None
    return report


def test_a_render_left_running_is_failed_by_the_job_and_the_retry_makes_the_pdf(
    client, cast, full, monkeypatch
):
    dialogue, _extra = full
    report = left_running(cast, dialogue, monkeypatch)
    client.force_login(cast.clerk)
    retry = reverse("reports:retry", args=[report.pk])

    # Within the timeout it may still be working: the job leaves it, "try again" refuses.
    assert services.fail_stuck_renders(now=report.started_at + timedelta(minutes=4)) == 0
    client.post(retry)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING

    # Past REPORT_RENDER_TIMEOUT (5 minutes by default) the job marks it failed, in Swedish.
    assert services.fail_stuck_renders(now=report.started_at + timedelta(minutes=6)) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "mer än 5 minuter" in report.error  # needs the Swedish catalogue merge
    page = client.get(reverse("reports:dialogue", args=[dialogue.pk])).content.decode()
    assert retry in page  # the row offers "Try again"

    response = client.post(retry)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.version == 1 and report.attempts == 2
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert dialogue.case_number in pdf_text(download.content)


def test_the_periodic_command_fails_a_render_running_too_long(cast, full, monkeypatch, settings):
    dialogue, _extra = full
    report = left_running(cast, dialogue, monkeypatch)
    settings.REPORT_RENDER_TIMEOUT = 60
    call_command("fail_stuck_reports")
    assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING
    # The clock moved: the render started two minutes ago.
    Report.objects.filter(pk=report.pk).update(started_at=F("started_at") - timedelta(minutes=2))
    call_command("fail_stuck_reports")
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "1 minut " in report.error


def test_a_render_whose_worker_ended_is_failed_before_the_timeout(cast, full, settings):
    """With the database backend the worker records a task it could not finish (a second
    Ctrl-C, a SystemExit) as failed: the report is then dead at once, not after 5 minutes."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    dialogue, _extra = full
    report = services.request_report(
        user=cast.clerk, kind=Report.Kind.DECISION_BASIS, dialogue_id=dialogue.pk, point="final"
    )
    assert report.status == Report.Status.QUEUED and report.task_id
    # The worker took it up and was stopped mid-render.
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, started_at=timezone.now(), attempts=1
    )
    assert services.fail_stuck_renders() == 0  # its task is still running
    DBTaskResult.objects.filter(id=report.task_id).update(status="FAILED")
    assert services.fail_stuck_renders() == 1
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "bakgrundsprocessen" in report.error


def test_an_attempt_that_finishes_after_being_taken_for_dead_is_dropped(
    cast, full, monkeypatch, fake_render
):
    """The first attempt outlived the timeout and was queued again; when it does finish, the
    newer attempt owns the version, and no file is stored under the old one."""
    dialogue, _extra = full
    monkeypatch.setattr(services, "_enqueue", lambda report: None)
    report = services.request_report(
        user=cast.clerk, kind=Report.Kind.DECISION_BASIS, dialogue_id=dialogue.pk, point="final"
    )

    def slow(document):
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.QUEUED, attempts=F("attempts") + 1
        )
        return b"%PDF-1.7 late"

    monkeypatch.setattr(services, "render_pdf", slow)
    assert services.render_stored(report.pk) == Report.Status.QUEUED
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED and not report.file


def test_the_cli_pdf_says_what_the_web_pdf_says(client, cast, full, tmp_path):
    """`export_pdf` renders in the municipality's language whatever language is active."""
    dialogue, _extra = full
    client.force_login(cast.clerk)
    client.post(
        reverse("reports:generate", args=[dialogue.pk]),
        {"kind": "decision-basis", "point": "final"},
    )
    report = Report.objects.get(kind=Report.Kind.DECISION_BASIS)
    web = pdf_text(client.get(reverse("reports:download", args=[report.pk])).content)
    target = tmp_path / "basis.pdf"
    with translation.override("en"):
        call_command(
            "export_pdf",
            dialogue.case_number,
            "--kind",
            "decision-basis",
            "--point",
            "final",
            "-o",
            str(target),
            stdout=io.StringIO(),
        )
    cli = pdf_text(target.read_bytes())
    assert cli == web
    assert "BESLUTSUNDERLAG" in cli.upper() and "DECISION BASIS" not in cli.upper()
    assert "Background" not in cli


def test_the_worker_renders_in_the_municipality_s_language(cast, full, monkeypatch):
    """A worker has no request to take a language from; whatever is active, the PDF is Swedish."""
    dialogue, _extra = full
    monkeypatch.setattr(services, "_enqueue", lambda report: None)
    report = services.request_report(
        user=cast.clerk, kind=Report.Kind.DECISION_BASIS, dialogue_id=dialogue.pk, point="final"
    )
    with translation.override("en"):
        assert services.render_stored(report.pk) == Report.Status.DONE
    report.refresh_from_db()
    with report.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "BESLUTSUNDERLAG" in text.upper() and "Förslag till beslut" in text
    assert "Proposal for decision" not in text


def test_the_decision_basis_counts_views_by_their_source(cast, full):
    """55 imported views and no activity marked held once read "55 synpunkter kom in vid 0
    aktiviteter"; now each source is counted as it is. Needs the Swedish catalogue merge."""
    from reports import rendering, selectors

    dialogue, _extra = full
    Activity.objects.filter(dialogue=dialogue).update(status=Activity.Status.PLANNED)
    batch = ImportBatch.objects.create(
        dialogue=dialogue, file_name="enkat.xlsx", imported_by=cast.official, row_count=3
    )
    base = {"dialogue": dialogue, "received_on": "2025-04-10", "created_by": cast.official}
    for n in range(3):
        InputItem.objects.create(
            text=f"Enkätsvar {n}", source=InputItem.Source.SURVEY, import_batch=batch, **base
        )
    InputItem.objects.create(text="Via webben", source=InputItem.Source.WEB_FORM, **base)
    InputItem.objects.create(text="Ett brev", source=InputItem.Source.LETTER, **base)

    document = selectors.decision_basis(dialogue_for_reports(dialogue.pk), "final")
    text = " ".join(pdf_text(rendering.render_pdf(document)).split())
    assert (
        "10 synpunkter kom in: 5 vid 1 aktivitet, 3 importerade, 1 via webbformuläret, "
        "1 registrerad för hand." in text
    )
    assert "Vid aktiviteten ”Trygghetsvandring vid busstationen” 5" in text
    assert "0 aktiviteter" not in text

    # Only imported views: no activity is mentioned at all.
    InputItem.objects.filter(dialogue=dialogue, import_batch__isnull=True).delete()
    document = selectors.decision_basis(dialogue_for_reports(dialogue.pk), "final")
    assert document.context["memo"]["dialogue"]["sentence"] == "3 synpunkter kom in: 3 importerade."


def test_report_files_are_served_only_through_the_checked_download(client, cast, full, settings):
    dialogue, _extra = full
    client.force_login(cast.clerk)
    client.post(reverse("reports:generate", args=[dialogue.pk]), {"kind": "extract"})
    report = Report.objects.get()
    assert report.is_done and (settings.MEDIA_ROOT / report.file.name).is_file()

    # The media folder is not served: the stored path answers 404 to anyone.
    assert client.get(report.file.url).status_code == 404
    page = client.get(reverse("reports:dialogue", args=[dialogue.pk])).content.decode()
    assert report.file.name not in page and settings.MEDIA_URL + "reports" not in page

    download = reverse("reports:download", args=[report.pk])
    assert client.get(download).status_code == 200
    client.force_login(cast.outsider)
    assert client.get(download).status_code == 403
    client.logout()
    assert client.get(download).status_code == 302  # to the log-in page


def test_the_follow_up_does_not_say_no_activities_were_held_for_views_from_elsewhere(cast, full):
    """Needs the Swedish catalogue merge."""
    from reports import rendering, selectors

    dialogue, _extra = full
    Activity.objects.filter(dialogue=dialogue).update(status=Activity.Status.PLANNED)
    text = " ".join(pdf_text(rendering.render_pdf(selectors.follow_up(cast.body, 2025))).split())
    assert "Invånarna lämnade 5 synpunkter." in text
    assert "0 aktiviteter" not in text
    Activity.objects.filter(dialogue=dialogue).update(status=Activity.Status.HELD)
    text = " ".join(pdf_text(rendering.render_pdf(selectors.follow_up(cast.body, 2025))).split())
    assert "Invånarna lämnade 5 synpunkter. 2 aktiviteter genomfördes." in text
