"""Destroy requests whose retention period has ended (개인정보 보호법 제21조).

A request is kept for `services.requests.consent.RETENTION_YEARS` years after it was
closed (완료·반려·취소: its last change). Deleting it deletes its details,
history and attachments (files and folder included), its background-task
rows and what sessions hold of it, and anonymises the audit-log entries
about it (services.requests.retention says exactly what and why). Run daily at 03:00
by the periodic jobs' entry point (`manage.py run_periodic_jobs`).
"""

from django.core.management.base import BaseCommand

from services.requests import retention


class Command(BaseCommand):
    help = "Deletes closed requests older than the retention period, with their files and traces."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, dry_run, **options):
        expired = retention.expired_requests()
        if dry_run:
            self.stdout.write(f"보관 기간이 지난 요청 {expired.count()}건 (삭제하지 않음)")
            return
        report = retention.purge(expired)
        self.stdout.write(self.style.SUCCESS(
            f"보관 기간이 지난 요청 {report.requests}건을 파기했습니다. "
            f"(기록 익명 처리 {report.log_entries}건, 작업 기록 삭제 {report.tasks}건, "
            f"세션 정리 {report.sessions}건, 폴더 삭제 {report.folders}개)"
        ))
