"""Building trainings for tests: an index page, a training, its sessions."""

import contextlib
import datetime
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections, transaction
from django.utils import timezone
from wagtail.models import Site

from services.models import (
    RequestKind,
    ServiceRequest,
    TrainingBooking,
    TrainingIndexPage,
    TrainingPage,
    TrainingSession,
)
from services.models.trainings import Audience, Topic
from services.requests import pipeline
from services.training import seats as bookings

_numbers = itertools.count(1)


def training_index(home_page) -> TrainingIndexPage:
    existing = TrainingIndexPage.objects.child_of(home_page).first()
    if existing:
        return existing
    index = TrainingIndexPage(title="교육 안내", slug="trainings")
    home_page.add_child(instance=index)
    return index


def make_training(home_page, *, capacity=30, days_ahead=14, sessions=1, **fields) -> TrainingPage:
    n = next(_numbers)
    training = TrainingPage(
        title=fields.pop("title", f"시험 교육 {n}"), slug=f"test-training-{n}",
        summary="시험용 교육입니다.", topic=Topic.DEMENTIA, audiences=[Audience.CARE_WORKER], **fields,
    )
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    for i in range(sessions):
        training.sessions.add(TrainingSession(
            date=day + datetime.timedelta(days=7 * i),
            start_time=datetime.time(14), end_time=datetime.time(17), capacity=capacity,
        ))
    training_index(home_page).add_child(instance=training)
    return training


def booking_for(session, n, *, email=None, phone=None, notify_sms=False):
    """Book a seat as the n-th attendee (the whole pipeline: request + seat)."""
    applicant = pipeline.Applicant(
        name=f"참석자{n}", phone=phone or f"010-{5000 + n // 10000:04d}-{n % 10000:04d}",
        email=email or f"attendee{n}@example.com", notify_sms=notify_sms,
    )
    consent = pipeline.Consent(notice_version="test", given_at=timezone.now())
    with transaction.atomic():  # as the booking form does: no request without its seat
        request = pipeline.submit(RequestKind.TRAINING, "마포구", applicant, consent)
        return bookings.book(
            request, session.pk, organisation_name="햇살재가복지센터", business_number="123-45-67891",
            provider_type="long_term_care", role="요양보호사",
        )


# --- concurrency: real threads, each with its own database connection ---------
#
# Threads only see committed rows, so the training they book is committed —
# outside any test transaction — and removed again afterwards; the test
# database keeps the seeded site for the other tests.

WORKERS = 40  # connections at once (the embedded server allows 100 in all)


@contextlib.contextmanager
def committed_training(django_db_blocker, **options):
    """The sessions of a committed training (make_training's options)."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"].startswith("test_")  # never the real database
        home = Site.objects.get(is_default_site=True).root_page
        training = make_training(home, **options)
        sessions = list(training.sessions.order_by("date"))
    try:
        yield sessions
    finally:
        with django_db_blocker.unblock():
            # The requests take their bookings and history with them.
            ServiceRequest.objects.filter(training_booking__session__in=sessions).delete()
            assert not TrainingBooking.objects.filter(session__in=sessions).exists()
            training.delete()
            connections.close_all()


def in_parallel(jobs):
    """Run the callables at once, as nearly as threads allow (the first
    WORKERS start together); returns (results, errors)."""
    first_wave = jobs[:WORKERS]
    start = threading.Barrier(len(first_wave))
    results, errors = [], []

    def run(job):
        try:
            if any(job is first for first in first_wave):
                start.wait()
            results.append(job())
        except Exception as error:  # noqa: BLE001 — every failure is reported by the caller
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, jobs))
    return results, errors
