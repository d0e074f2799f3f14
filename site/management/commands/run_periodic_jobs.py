"""The one entry point for periodic jobs (agency_site.periodic_jobs).

    python manage.py run_periodic_jobs            # the jobs that are due (run it every 15 minutes)
    python manage.py run_periodic_jobs --list     # the schedule and each job's last run
    python manage.py run_periodic_jobs --all      # every job now
    python manage.py run_periodic_jobs --job clearsessions   # one job now (repeatable)

Prints one line per job; exits 1 when any job failed (for cron's mail and
monitoring), 0 otherwise — also when another run holds the lock.
"""

from django.core.management.base import BaseCommand, CommandError

from agency_site import periodic_jobs


class Command(BaseCommand):
    help = "정기 작업(보관 기간 만료 파기, 세션·임시 파일 정리, 교육 알림 등) 가운데 때가 된 것을 실행합니다."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--all", action="store_true", dest="run_all",
                           help="일정과 관계없이 모든 작업을 지금 실행합니다.")
        group.add_argument("--job", action="append", dest="job_names", choices=periodic_jobs.JOB_NAMES,
                           default=[], help="이 작업만 지금 실행합니다 (여러 번 쓸 수 있습니다).")
        group.add_argument("--list", action="store_true", dest="show_list",
                           help="일정과 마지막 실행 결과만 보여 줍니다.")

    def handle(self, *, run_all, job_names, show_list, **options):
        if show_list:
            for line in periodic_jobs.describe():
                self.stdout.write(line)
            return
        outcomes = periodic_jobs.run(only=tuple(job_names), force=run_all, write=self.stdout.write)
        failed = [outcome.name for outcome in outcomes or [] if not outcome.ok]
        if failed:
            raise CommandError(f"정기 작업 {len(failed)}개가 실패했습니다: {', '.join(failed)}", returncode=1)
