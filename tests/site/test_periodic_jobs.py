"""The one entry point for periodic jobs: `manage.py run_periodic_jobs`
(agency_site.periodic_jobs): every job, each in its own try, a line each,
each on its own schedule remembered in the database, one run at a time."""

import dataclasses
import datetime
import io
import os
import sys
import time
import types
import zoneinfo

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from agency_site import periodic_jobs
from services.requests import attachments

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
EVERY_JOB = (
    "clearsessions", "remove_stale_uploads", "remove_expired_rate_limits",
    "purge_expired_requests", "send_training_reminders", "send_training_surveys", "warn_deadlines",
)
HOURLY = ("clearsessions", "remove_stale_uploads", "remove_expired_rate_limits", "warn_deadlines")
QUARTERLY = {"warn_deadlines"}  # every 15 minutes


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def run_command(*args):
    out = io.StringIO()
    call_command("run_periodic_jobs", *args, stdout=out)
    return out.getvalue().splitlines()


def line_of(lines, job):
    [line] = [line for line in lines if line.startswith(f"{job}: ")]
    return line


@pytest.fixture
def spied_commands(monkeypatch):
    """The management commands the entry point calls, recorded and still run."""
    calls = []
    real = periodic_jobs.call_command

    def call(name, *args, **options):
        calls.append((name, *args))
        return real(name, *args, **options)

    monkeypatch.setattr(periodic_jobs, "call_command", call)
    return calls


def test_one_entry_point_runs_every_job_and_says_what_each_did(site_content, spied_commands):
    lines = run_command("--all")
    assert [line.split(":")[0] for line in lines] == list(EVERY_JOB)
    for job in EVERY_JOB:
        assert line_of(lines, job).startswith(f"{job}: 완료 — ")
    assert spied_commands == [
        ("clearsessions",),
        ("purge_expired_requests",),
        ("send_training_reminders", "--days", "2"),
        ("send_training_surveys",),
    ]
    assert "보관 기간이 지난 요청 0건" in line_of(lines, "purge_expired_requests")
    assert "미리 알림 0건" in line_of(lines, "send_training_reminders")


def test_expired_sessions_holding_unsent_answers_are_cleared():
    answers = {"form-answers": {"name": "홍길동", "phone": "010-2345-6789", "disability": "지체장애"}}
    now = timezone.now()
    expired = Session.objects.create(
        session_key="e" * 32, session_data=SessionStore().encode(answers),
        expire_date=now - datetime.timedelta(minutes=1),
    )
    live = Session.objects.create(
        session_key="l" * 32, session_data=SessionStore().encode(answers),
        expire_date=now + datetime.timedelta(hours=1),
    )
    lines = run_command()  # never ran before: due at once
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=live.pk).exists()
    assert "만료된 세션 1개를 지웠습니다" in line_of(lines, "clearsessions")


def test_abandoned_uploads_are_removed(private_root):
    folder = private_root / attachments.TEMP_DIR
    folder.mkdir(parents=True)
    old, fresh = folder / ("a" * 32 + ".pdf"), folder / ("b" * 32 + ".pdf")
    old.write_bytes(b"%PDF-1.4")
    fresh.write_bytes(b"%PDF-1.4")
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(old, (three_days_ago, three_days_ago))
    lines = run_command("--job", "remove_stale_uploads")
    assert [line.split(":")[0] for line in lines] == ["remove_stale_uploads"]
    assert not old.exists() and fresh.exists()
    assert "임시 첨부파일 1개를 지웠습니다" in lines[0]


def test_rate_limit_counters_are_pruned_when_that_function_exists(monkeypatch):
    module = types.ModuleType("agency_site.ratelimit")
    module.remove_expired = lambda: 3
    monkeypatch.setitem(sys.modules, "agency_site.ratelimit", module)
    [line] = run_command("--job", "remove_expired_rate_limits")
    assert line == "remove_expired_rate_limits: 완료 — 만료된 요청 제한 기록 3개를 지웠습니다"


def test_without_that_function_the_rate_limit_job_says_so_and_is_no_failure(monkeypatch):
    monkeypatch.setitem(sys.modules, "agency_site.ratelimit", None)  # not importable
    [line] = run_command("--job", "remove_expired_rate_limits")
    assert line.startswith("remove_expired_rate_limits: 완료 — 건너뜀")


def test_a_failing_job_does_not_stop_the_rest_and_the_exit_code_says_so(monkeypatch, site_content):
    def broken():
        raise RuntimeError("disk full")

    jobs = tuple(
        dataclasses.replace(job, run=broken) if job.name == "purge_expired_requests" else job
        for job in periodic_jobs.JOBS
    )
    monkeypatch.setattr(periodic_jobs, "JOBS", jobs)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("run_periodic_jobs", "--all", stdout=out)
    assert failed.value.returncode == 1
    assert "purge_expired_requests" in str(failed.value)
    lines = out.getvalue().splitlines()
    failure = line_of(lines, "purge_expired_requests")
    assert failure == "purge_expired_requests: 실패 — RuntimeError: disk full"
    for job in ("send_training_reminders", "send_training_surveys"):  # after the failure, still run
        assert line_of(lines, job).startswith(f"{job}: 완료")
    from services.models import PeriodicJobRun

    record = PeriodicJobRun.objects.get(name="purge_expired_requests")
    assert not record.last_ok and record.last_succeeded_at is None


def seoul(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def recorded_jobs(monkeypatch):
    """Every job replaced by one that records that it ran."""
    ran = []

    def recorder(name):
        def run():
            ran.append(name)
            return "기록함"

        return run

    jobs = tuple(dataclasses.replace(job, run=recorder(job.name)) for job in periodic_jobs.JOBS)
    monkeypatch.setattr(periodic_jobs, "JOBS", jobs)
    return ran


def tick(ran, now):
    ran.clear()
    periodic_jobs.run(now=now, write=lambda line: None)
    return set(ran)


def test_each_job_runs_on_its_own_schedule_however_often_the_entry_point_runs(recorded_jobs):
    ran = recorded_jobs
    assert tick(ran, seoul(2, 7)) == set(EVERY_JOB)  # never ran: everything at once
    assert tick(ran, seoul(2, 7)) == set()  # run again at once: nothing twice
    assert tick(ran, seoul(2, 7, 15)) == QUARTERLY
    assert tick(ran, seoul(2, 7, 45)) == QUARTERLY
    assert tick(ran, seoul(2, 8)) == {*HOURLY, "send_training_reminders"}  # daily at 08:00
    assert tick(ran, seoul(2, 8, 15)) == QUARTERLY
    assert tick(ran, seoul(2, 9)) == set(HOURLY)
    assert tick(ran, seoul(2, 19)) == {*HOURLY, "send_training_surveys"}  # daily at 19:00
    assert tick(ran, seoul(2, 23, 45)) == set(HOURLY)
    assert tick(ran, seoul(3, 3)) == {*HOURLY, "purge_expired_requests"}  # daily at 03:00
    # The machine was off from 03:15 to 09:30: what was missed runs at the next tick, once.
    assert tick(ran, seoul(3, 9, 30)) == {*HOURLY, "send_training_reminders"}
    assert tick(ran, seoul(3, 9, 45)) == QUARTERLY


def test_a_failed_job_is_due_again_at_the_next_tick(recorded_jobs, monkeypatch):
    ran = recorded_jobs
    tick(ran, seoul(2, 7))
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("database unreachable")
        return "됨"

    jobs = tuple(
        dataclasses.replace(job, run=flaky) if job.name == "send_training_reminders" else job
        for job in periodic_jobs.JOBS
    )
    monkeypatch.setattr(periodic_jobs, "JOBS", jobs)
    outcomes = periodic_jobs.run(now=seoul(2, 8), write=lambda line: None)
    assert [o.ok for o in outcomes if o.name == "send_training_reminders"] == [False]
    periodic_jobs.run(now=seoul(2, 8, 15), write=lambda line: None)
    assert len(attempts) == 2
    periodic_jobs.run(now=seoul(2, 8, 30), write=lambda line: None)
    assert len(attempts) == 2  # succeeded at 08:15: not again until tomorrow


def test_a_second_run_while_one_is_running_does_nothing(recorded_jobs):
    with psycopg.connect(**connection.get_connection_params()) as other:  # another process's session
        other.execute("SELECT pg_advisory_lock(%s)", [periodic_jobs.LOCK_ID])
        lines = run_command()
        assert lines == ["다른 run_periodic_jobs 가 실행 중이어서 아무것도 하지 않았습니다."]
        assert recorded_jobs == []
        other.execute("SELECT pg_advisory_unlock(%s)", [periodic_jobs.LOCK_ID])  # that run ends
    assert len(run_command()) == len(EVERY_JOB)


def test_the_list_shows_each_jobs_schedule_and_last_run(recorded_jobs):
    run_command("--job", "clearsessions")
    lines = run_command("--list")
    assert [line.split(" ")[0] for line in lines] == list(EVERY_JOB)
    assert lines[0].startswith("clearsessions (1시간마다): ") and "마지막 실행" in lines[0]
    assert "(매일 08:00)" in lines[4] and "아직 실행한 적 없음" in lines[4]
    assert recorded_jobs == ["clearsessions"]  # --list runs nothing
