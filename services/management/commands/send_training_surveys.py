"""Ask attendees of a finished training for their satisfaction survey.

The periodic jobs' entry point (`manage.py run_periodic_jobs`) runs it daily
at 19:00. It e-mails a signed link
(services.training.survey) to every confirmed attendee not marked absent of a session
that ended within the last --days days. Each booking is asked at most once
(TrainingBooking.survey_sent_at, claimed in the database before the e-mail is
queued), so running it twice, or twice at the same moment, sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from services.models import TrainingBooking
from services.models.request_details import Seat
from services.requests import pipeline
from services.training import events


class Command(BaseCommand):
    help = "끝난 교육의 참석자에게 만족도 조사 링크를 전자우편으로 보냅니다 (한 사람에 한 번)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14,
                            help="며칠 전까지 끝난 교육을 대상으로 할지 (기본 14일).")

    def handle(self, days, **options):
        now = timezone.now()
        since = now - datetime.timedelta(days=days)
        candidates = (
            TrainingBooking.objects.filter(
                seat=Seat.CONFIRMED, survey_sent_at__isnull=True, feedback__isnull=True,
                session__is_cancelled=False, session__page__is_cancelled=False,
                session__date__gte=timezone.localtime(since).date(),
                session__date__lte=timezone.localdate(now),
            )
            .filter(Q(attended__isnull=True) | Q(attended=True))  # not marked absent
            .select_related("request", "session__page")
        )
        sent = 0
        for booking in candidates:
            session = booking.session
            if not since <= session.ends_at < now:  # ends_at is local time; the dates above are coarse
                continue
            with transaction.atomic():
                # The claim and the e-mail stand or fall together; a second run finds nothing to claim.
                claimed = TrainingBooking.objects.filter(pk=booking.pk, survey_sent_at__isnull=True).update(
                    survey_sent_at=now,
                )
                if not claimed:
                    continue
                pipeline.inform_applicant(
                    booking.request, f"{session.page.title} 교육 만족도 조사를 부탁드립니다.",
                    event=events.SURVEY,
                )
            sent += 1
        self.stdout.write(f"만족도 조사 {sent}건을 보냈습니다.")
