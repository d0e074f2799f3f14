"""Every periodic job of the site, behind one entry point:
``python manage.py run_periodic_jobs`` (the scheduler container runs it
every 15 minutes; cron can too).

Each job has its own schedule — every N minutes, or daily at a local time —
and the database remembers when each last succeeded
(`services.models.PeriodicJobRun`). A run does only the jobs that are due,
so running the entry point more often than any job needs is always safe:
after a restart nothing runs twice, and a job missed while the machine was
down runs at the next tick. A job that fails is due again at the next tick.

Each job runs in its own try, so one failure does not stop the rest; the
run prints one line per job and reports failure (the command's exit code)
if any job failed. A PostgreSQL advisory lock lets one run at a time: a
second one started meanwhile (cron and a scheduler container, two
replicas) does nothing.

Every job is idempotent on its own (reminders and surveys are claimed per
booking, purges and clean-ups only delete what is expired), so `--all`
or an interrupted run never does harm.
"""

from __future__ import annotations

import datetime
import importlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key: one run of the entry point at a time.
LOCK_ID = 7_204_517_302
# A job every hour that last ran at 10:00:40 is due at the 11:00:05 tick.
SLACK = datetime.timedelta(minutes=5)
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
RATE_LIMIT_MODULE = "agency_site.ratelimit"


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]  # does the work; returns what it did, in one line
    description: str
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None  # local time (Asia/Seoul)

    @property
    def schedule(self) -> str:
        if self.daily_at is not None:
            return f"매일 {self.daily_at:%H:%M}"
        minutes = int(self.every.total_seconds() // 60)
        return f"{minutes // 60}시간마다" if minutes % 60 == 0 else f"{minutes}분마다"

    def due_from(self, last_succeeded: datetime.datetime | None, now: datetime.datetime):
        """When the job is next due, given its last success (None: never ran, due now)."""
        if last_succeeded is None:
            return now
        if self.every is not None:
            return last_succeeded + self.every - SLACK
        # Daily: the first HH:MM after the last success.
        local = timezone.localtime(last_succeeded)
        slot = local.replace(hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0)
        return slot if slot > local else slot + datetime.timedelta(days=1)


def _command(name: str, *args: str) -> Callable[[], str]:
    def run() -> str:
        out = io.StringIO()
        call_command(name, *args, stdout=out)
        return " ".join(out.getvalue().split()) or "완료"

    return run


def _clear_sessions() -> str:
    # Sessions hold unsent answers (name, phone, disability): they must not outlive their expiry.
    # What `manage.py clearsessions` does, counting what goes.
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):  # database-backed sessions (the default)
        expired = store.get_model_class().objects.filter(expire_date__lt=timezone.now()).count()
        call_command("clearsessions")
        return f"만료된 세션 {expired}개를 지웠습니다"
    try:
        store.clear_expired()
    except NotImplementedError:
        return "건너뜀: 이 세션 저장소(캐시·쿠키)는 만료된 세션을 스스로 없앱니다"
    return "만료된 세션을 지웠습니다"


def _remove_stale_uploads() -> str:
    from services.requests.attachments import remove_stale_uploads

    return f"오래 남은 임시 첨부파일 {remove_stale_uploads()}개를 지웠습니다"


def _remove_expired_rate_limits() -> str:
    # Another part of the site may keep rate-limit counters that need pruning:
    # call it when it exists, and say so when it does not.
    try:
        module = importlib.import_module(RATE_LIMIT_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name != RATE_LIMIT_MODULE:  # the module exists but is broken: that is a failure
            raise
        return f"건너뜀: {RATE_LIMIT_MODULE} 모듈이 없습니다"
    remove_expired = getattr(module, "remove_expired", None)
    if remove_expired is None:
        return f"건너뜀: {RATE_LIMIT_MODULE}.remove_expired 가 없습니다"
    removed = remove_expired()
    return f"만료된 요청 제한 기록 {removed}개를 지웠습니다" if isinstance(removed, int) else "완료"


def _warn_deadlines() -> str:
    from services.requests.deadline_warnings import warn_deadlines

    return warn_deadlines()


HOUR = datetime.timedelta(hours=1)

JOBS: tuple[Job, ...] = (
    Job("clearsessions", _clear_sessions, every=HOUR,
        description="만료된 세션(보내지 않은 신청 답변이 들어 있을 수 있음)을 지웁니다."),
    Job("remove_stale_uploads", _remove_stale_uploads, every=HOUR,
        description="신청을 마치지 않아 임시 폴더에 오래 남은 첨부파일을 지웁니다."),
    Job("remove_expired_rate_limits", _remove_expired_rate_limits, every=HOUR,
        description="만료된 요청 제한 기록을 지웁니다 (agency_site.ratelimit.remove_expired 가 있을 때)."),
    Job("purge_expired_requests", _command("purge_expired_requests"), daily_at=datetime.time(3, 0),
        description="보관 기간이 끝난 종료 요청을 기록·첨부파일과 함께 파기합니다."),
    Job("send_training_reminders", _command("send_training_reminders", "--days", "2"),
        daily_at=datetime.time(8, 0),
        description="이틀 안에 열리는 교육의 확정 참석자에게 미리 알림을 보냅니다."),
    Job("send_training_surveys", _command("send_training_surveys"), daily_at=datetime.time(19, 0),
        description="끝난 교육의 참석자에게 만족도 조사 링크를 보냅니다."),
    Job("warn_deadlines", _warn_deadlines, every=datetime.timedelta(minutes=15),
        description="처리 기한이 다가오거나 지난 요청을 담당자(없으면 큐의 알림 받는 주소)에게 알립니다."),
)
JOB_NAMES = tuple(job.name for job in JOBS)


@dataclass
class Outcome:
    name: str
    ran: bool
    ok: bool
    summary: str

    @property
    def line(self) -> str:
        if not self.ran:
            return f"{self.name}: {self.summary}"
        return f"{self.name}: {'완료' if self.ok else '실패'} — {self.summary}"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(DATETIME_FORMAT)


def run(*, only: tuple[str, ...] = (), force: bool = False, now=None, write=print) -> list[Outcome] | None:
    """Run the jobs that are due (all of `only` or every job when `force`).
    Returns one Outcome per job, or None when another run holds the lock."""
    from services.models import PeriodicJobRun

    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
        if not cursor.fetchone()[0]:
            write("다른 run_periodic_jobs 가 실행 중이어서 아무것도 하지 않았습니다.")
            return None
        try:
            outcomes = []
            for job in JOBS:
                if only and job.name not in only:
                    continue
                record, _ = PeriodicJobRun.objects.get_or_create(name=job.name)
                due = job.due_from(record.last_succeeded_at, now)
                if not (force or only) and due > now:
                    waiting = f"할 때가 아님 (다음 실행 {_local(due)})"
                    outcome = Outcome(job.name, ran=False, ok=True, summary=waiting)
                else:
                    outcome = _run_one(job, record, now)
                write(outcome.line)
                outcomes.append(outcome)
            return outcomes
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])


def _run_one(job: Job, record, now) -> Outcome:
    record.last_started_at = now
    record.save(update_fields=["last_started_at"])
    try:
        summary = job.run()
    except Exception as error:  # one job's failure must not stop the others
        logger.exception("periodic job %s failed", job.name)
        outcome = Outcome(job.name, ran=True, ok=False, summary=f"{type(error).__name__}: {error}")
    else:
        outcome = Outcome(job.name, ran=True, ok=True, summary=summary)
        record.last_succeeded_at = now
    record.last_ok = outcome.ok
    record.last_summary = outcome.summary[:2000]
    record.last_finished_at = timezone.now()
    record.save(update_fields=["last_ok", "last_summary", "last_finished_at", "last_succeeded_at"])
    return outcome


def describe(now=None) -> list[str]:
    """The schedule and each job's last run, for `run_periodic_jobs --list`."""
    from services.models import PeriodicJobRun

    now = now or timezone.now()
    records = {record.name: record for record in PeriodicJobRun.objects.all()}
    lines = []
    for job in JOBS:
        record = records.get(job.name)
        last = record.last_succeeded_at if record else None
        if record and record.last_started_at:
            state = f"마지막 실행 {_local(record.last_started_at)} {'완료' if record.last_ok else '실패'}"
        else:
            state = "아직 실행한 적 없음"
        due = job.due_from(last, now)
        next_run = _local(max(due, now))
        lines.append(f"{job.name} ({job.schedule}): {job.description} {state}; 다음 실행 {next_run}")
    return lines
