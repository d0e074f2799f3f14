"""When each periodic job last ran (agency_site.periodic_jobs).

The schedule lives in code; this table remembers, per job, the last start,
the last success and what the last run said, so that the entry point
(`manage.py run_periodic_jobs`) can be run as often as one likes — every
15 minutes from cron or the scheduler container — and each job still runs
only when it is due, also after a restart. It lives in `services` because
that app owns the project's migrations for request data and jobs.
"""

from django.db import models


class PeriodicJobRun(models.Model):
    name = models.CharField("작업", max_length=60, unique=True)
    last_started_at = models.DateTimeField("마지막 시작", null=True, blank=True)
    last_finished_at = models.DateTimeField("마지막 종료", null=True, blank=True)
    # The start of the last run that succeeded: what the schedule counts from.
    last_succeeded_at = models.DateTimeField("마지막 성공 (시작 시각)", null=True, blank=True)
    last_ok = models.BooleanField("마지막 실행 성공", default=False)
    last_summary = models.TextField("마지막 실행 결과", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "정기 작업 기록"
        verbose_name_plural = "정기 작업 기록"

    def __str__(self):
        return self.name
