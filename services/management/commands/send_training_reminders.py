"""Remind confirmed attendees of their training a few days before.

The periodic jobs' entry point (`manage.py run_periodic_jobs`) runs it daily
at 08:00 as `send_training_reminders --days 2`. Each booking is reminded
at most once (TrainingBooking.reminded_at), so running it twice, or daily with
a larger --days, never sends a second reminder.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from services.models import TrainingBooking
from services.models.request_details import Seat
from services.requests import pipeline
from services.training import events


class Command(BaseCommand):
    help = "교육 며칠 전, 자리가 확정된 참석자에게 미리 알림 전자우편을 보냅니다."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2,
                            help="교육 시작 며칠 전부터 알릴지 (기본 2일).")

    def handle(self, days, **options):
        today = timezone.localdate()
        due = TrainingBooking.objects.filter(
            seat=Seat.CONFIRMED, reminded_at__isnull=True,
            session__is_cancelled=False, session__page__is_cancelled=False,
            session__date__gte=today, session__date__lte=today + datetime.timedelta(days=days),
        ).select_related("request", "session__page")
        sent = 0
        for booking in due:
            if booking.session.has_started():
                continue
            with transaction.atomic():
                booking.reminded_at = timezone.now()
                booking.save(update_fields=["reminded_at"])
                pipeline.inform_applicant(
                    booking.request, f"{booking.session.page.title} 교육이 곧 열립니다.",
                    event=events.REMINDER,
                )
            sent += 1
        self.stdout.write(f"미리 알림 {sent}건을 보냈습니다.")
