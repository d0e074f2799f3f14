"""Seats: booked, waitlisted in order, freed and passed on — never more than
the session holds, never two for one person — including under concurrency."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from services.models import RequestUpdate, Status
from services.models.request_details import Seat
from services.requests import pipeline
from services.training import seats as bookings
from tests.trainings import booking_for, committed_training, in_parallel, make_training


def seats(session):
    return dict(
        (seat, session.bookings.filter(seat=seat).count())
        for seat in (Seat.CONFIRMED, Seat.PENDING, Seat.WAITLISTED, Seat.CANCELLED)
    )


@pytest.fixture
def session(home_page):
    return make_training(home_page, capacity=2).sessions.get()


@pytest.mark.django_db
class TestBooking:
    def test_seats_are_confirmed_until_full_then_people_wait_in_order(self, session):
        first, second, third, fourth = (booking_for(session, n) for n in range(4))
        assert [first.seat, second.seat] == [Seat.CONFIRMED, Seat.CONFIRMED]
        assert [third.seat, fourth.seat] == [Seat.WAITLISTED, Seat.WAITLISTED]
        assert [bookings.waitlist_position(b) for b in (third, fourth)] == [1, 2]
        assert bookings.seats_left(session) == 0

    def test_training_needing_approval_holds_seats_as_pending(self, home_page):
        session = make_training(home_page, capacity=1, requires_approval=True).sessions.get()
        assert booking_for(session, 1).seat == Seat.PENDING
        assert booking_for(session, 2).seat == Seat.WAITLISTED  # a pending seat is taken

    def test_one_person_holds_one_booking_per_session(self, session):
        booking_for(session, 1, email="same@example.com")
        with pytest.raises(ValidationError, match="이미 이 회차에 신청하셨습니다"):
            booking_for(session, 2, email="SAME@example.com")
        with pytest.raises(ValidationError, match="이미 이 회차에 신청하셨습니다"):
            booking_for(session, 3, phone="010-5000-0001")
        assert session.bookings.count() == 1

    def test_after_cancelling_the_same_person_may_book_again(self, session):
        booking = booking_for(session, 1)
        bookings.cancel(booking)
        assert booking_for(session, 1).seat == Seat.CONFIRMED

    @pytest.mark.parametrize("change, message", [
        ({"is_cancelled": True}, "취소된 교육"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "마감"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "부터 받습니다"),
    ])
    def test_closed_trainings_refuse_with_a_reason(self, home_page, change, message):
        session = make_training(home_page, **change).sessions.get()
        with pytest.raises(ValidationError, match=message):
            booking_for(session, 1)
        assert not session.bookings.exists()

    def test_past_and_cancelled_sessions_refuse(self, home_page):
        past = make_training(home_page, days_ahead=-1).sessions.get()
        with pytest.raises(ValidationError, match="이미 시작했거나 끝난"):
            booking_for(past, 1)
        session = make_training(home_page).sessions.get()
        session.is_cancelled = True
        session.save()
        with pytest.raises(ValidationError, match="취소된"):
            booking_for(session, 2)

    def test_cancelling_promotes_the_first_person_waiting_and_tells_them(
        self, session, django_capture_on_commit_callbacks,
    ):
        first, _second, third, fourth = (booking_for(session, n) for n in range(4))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            promoted = bookings.cancel(first)
        assert promoted.pk == third.pk
        third.refresh_from_db()
        fourth.refresh_from_db()
        assert third.seat == Seat.CONFIRMED and bookings.waitlist_position(fourth) == 1
        assert first.request.status == Status.WITHDRAWN
        told = RequestUpdate.objects.get(request=third.request, kind=RequestUpdate.Kind.MESSAGE)
        assert told.is_public and "자리가 나서" in told.text
        # The one who got the seat is told; the one who cancelled gets the usual status e-mail.
        assert [third.request.email] in [m.to for m in mail.outbox]

    def test_the_person_promoted_is_texted_when_they_chose_sms(
        self, session, sms_outbox, django_capture_on_commit_callbacks,
    ):
        first, _second = booking_for(session, 1), booking_for(session, 2)
        waiting = booking_for(session, 3, phone="010-7777-8888", notify_sms=True)
        sms_outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            bookings.cancel(first)
        texts = [m.text for m in sms_outbox if m.to == "01077778888"]
        assert len(texts) == 1
        assert waiting.request.reference in texts[0] and "참석자3" not in texts[0]
        assert not [m for m in sms_outbox if m.to != "01077778888"]  # the others chose e-mail only

    def test_cancelling_a_waiting_place_promotes_nobody(self, session):
        booked = [booking_for(session, n) for n in range(4)]
        assert bookings.cancel(booked[2]) is None
        assert seats(session)[Seat.CONFIRMED] == 2
        booked[3].refresh_from_db()
        assert bookings.waitlist_position(booked[3]) == 1

    def test_declining_a_pending_booking_passes_the_seat_on(self, home_page, django_user_model):
        session = make_training(home_page, capacity=1, requires_approval=True).sessions.get()
        pending, waiting = booking_for(session, 1), booking_for(session, 2)
        staff = django_user_model.objects.create_superuser("trainer", "t@example.com", "x" * 16)
        promoted = bookings.decline(pending, staff, "대상이 아닙니다.")
        assert promoted.pk == waiting.pk
        waiting.refresh_from_db()
        assert waiting.seat == Seat.PENDING  # still needs approval
        bookings.approve(waiting, staff)
        waiting.refresh_from_db()
        assert waiting.seat == Seat.CONFIRMED
        pending.request.refresh_from_db()
        assert pending.request.status == Status.REJECTED


# --- concurrency: real threads, each with its own database connection ---------
#
# The threads must see the training, so it is committed — made by a module
# fixture, before any test transaction — and removed again afterwards; the
# test database keeps the seeded site for the other tests.

@pytest.fixture(scope="module")
def committed_sessions(django_db_setup, django_db_blocker):
    """Two 30-seat sessions of a committed training, one per test below."""
    with committed_training(django_db_blocker, capacity=30, sessions=2) as sessions:
        yield sessions


@pytest.mark.django_db
def test_a_hundred_simultaneous_bookings_fill_thirty_seats_exactly(committed_sessions):
    session = committed_sessions[0]
    results, errors = in_parallel([lambda n=n: booking_for(session, n) for n in range(100)])
    assert errors == []
    assert len(results) == 100
    assert seats(session) == {Seat.CONFIRMED: 30, Seat.PENDING: 0, Seat.WAITLISTED: 70, Seat.CANCELLED: 0}
    ordered = list(session.bookings.order_by("booked_at", "pk"))
    # Seats went to the first 30 decided; everyone after waits, in that order.
    assert [b.seat for b in ordered] == [Seat.CONFIRMED] * 30 + [Seat.WAITLISTED] * 70
    assert [bookings.waitlist_position(b) for b in ordered[30:]] == list(range(1, 71))
    assert len({b.attendee_phone for b in ordered}) == 100


@pytest.mark.django_db
def test_simultaneous_cancellations_and_bookings_never_overbook(committed_sessions):
    session = committed_sessions[1]
    first, errors = in_parallel([lambda n=n: booking_for(session, n) for n in range(40)])
    assert errors == []  # 30 seats taken, 10 waiting
    booked = sorted(first, key=lambda b: (b.booked_at, b.pk))
    jobs = [lambda b=b: bookings.cancel(b) for b in booked[:15]]
    jobs += [lambda n=n: booking_for(session, n) for n in range(100, 130)]
    results, errors = in_parallel(jobs)
    assert errors == []
    counts = seats(session)
    assert counts[Seat.CONFIRMED] == 30 and counts[Seat.CANCELLED] == 15
    assert counts[Seat.WAITLISTED] == 40 + 30 - 15 - 30
    # Everyone who was waiting before the rush got a seat before the newcomers.
    for early in booked[30:]:
        early.refresh_from_db()
        assert early.seat == Seat.CONFIRMED


@pytest.mark.django_db
def test_closing_the_request_in_the_staff_queue_frees_the_seat(session, django_user_model):
    """However a booking's request is closed — 반려 or 취소 from 민원 큐 too —
    its seat goes to the first person waiting."""
    staff = django_user_model.objects.create_superuser("queue-staff", "q@example.com", "x" * 16)
    first, second, waiting, last = (booking_for(session, n) for n in range(4))
    pipeline.change_status(first.request, Status.REJECTED, staff, text="중복 신청")
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.seat == Seat.DECLINED and waiting.seat == Seat.CONFIRMED
    pipeline.change_status(second.request, Status.WITHDRAWN, staff)
    second.refresh_from_db()
    last.refresh_from_db()
    assert second.seat == Seat.CANCELLED and last.seat == Seat.CONFIRMED
    assert seats(session)[Seat.CONFIRMED] == 2
