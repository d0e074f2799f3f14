"""Forget every page in the anonymous page cache, in every process that
serves the site (e.g. after deploying changed templates with a shared
Redis cache; editors' changes clear it by themselves)."""

from django.core.management.base import BaseCommand

from agency_site import page_cache


class Command(BaseCommand):
    help = "공개 페이지 캐시를 모두 비웁니다 (모든 서버 프로세스)."

    def handle(self, *args, **options):
        page_cache.clear()
        self.stdout.write("페이지 캐시를 비웠습니다.")
