"""The one mechanism for periodic jobs: `manage.py run_scheduler` runs settings.PERIODIC_JOBS."""

import io
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from dialog.management.commands import run_scheduler

TZ = ZoneInfo("Europe/Stockholm")


def test_the_jobs_are_the_reminders_and_the_stuck_renders_on_cron_triggers(settings):
    scheduler = run_scheduler.build_scheduler()
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(settings.PERIODIC_JOBS) >= {"send_reminders", "fail_stuck_reports"}
    now = datetime(2026, 3, 2, 10, 30, 20, tzinfo=TZ)
    # Reminders once a day at 07:00; stuck renders every minute.
    assert jobs["send_reminders"].trigger.get_next_fire_time(None, now) == datetime(
        2026, 3, 3, 7, 0, tzinfo=TZ
    )
    assert jobs["fail_stuck_reports"].trigger.get_next_fire_time(None, now) == datetime(
        2026, 3, 2, 10, 31, tzinfo=TZ
    )
    assert all(tuple(job.args) == (job.id,) for job in jobs.values())


def test_a_job_runs_its_command_and_a_failing_job_does_not_stop_the_scheduler(
    db, monkeypatch, caplog
):
    ran = []

    def fake_call(name):
        ran.append(name)
        if name == "broken":
            raise RuntimeError("boom")

    monkeypatch.setattr(run_scheduler, "call_command", fake_call)
    run_scheduler.run_job("fail_stuck_reports")
    with caplog.at_level(logging.ERROR):
        run_scheduler.run_job("broken")  # logged, not raised
    assert ran == ["fail_stuck_reports", "broken"]
    assert "Periodic job broken failed" in caplog.text


def test_the_stuck_render_job_runs_for_real(db):
    run_scheduler.run_job("fail_stuck_reports")  # a real command against the database


def test_an_unknown_command_in_the_settings_is_refused(settings):
    settings.PERIODIC_JOBS = {"no_such_command": {"minute": "*"}}
    with pytest.raises(CommandError, match="no_such_command"):
        run_scheduler.build_scheduler()


def test_list_prints_the_schedule():
    out = io.StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    assert "send_reminders: cron[hour='7', minute='0']" in out.getvalue()
    assert "fail_stuck_reports: cron[minute='*']" in out.getvalue()
