"""Destroy requests whose retention period has ended (개인정보 보호법 제21조).

A request is kept for `services.consent.RETENTION_YEARS` years after it was
closed (완료·반려·취소: its last change). Deleting it deletes its details,
history and attachments (files included). Run daily, e.g. from cron:
`python manage.py purge_expired_requests`.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from services.consent import RETENTION_YEARS
from services.models import OPEN_STATUSES, ServiceRequest


def expired_requests(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=365 * RETENTION_YEARS)
    return ServiceRequest.objects.exclude(status__in=OPEN_STATUSES).filter(updated_at__lt=cutoff)


class Command(BaseCommand):
    help = "Deletes closed requests older than the retention period, with their files."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, dry_run, **options):
        expired = expired_requests()
        count = expired.count()
        if dry_run:
            self.stdout.write(f"보관 기간이 지난 요청 {count}건 (삭제하지 않음)")
            return
        with transaction.atomic():
            for request in expired.iterator():
                request.delete()  # details, history and attachment rows cascade; files go on commit
        self.stdout.write(self.style.SUCCESS(f"보관 기간이 지난 요청 {count}건을 파기했습니다."))
