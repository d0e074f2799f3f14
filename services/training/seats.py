"""Seats in training sessions: book, cancel, promote from the waiting list.

Capacity is enforced by the database: every change to a session's seats
first locks that session's row (SELECT … FOR UPDATE), then counts the seats
held in the same transaction, so two people can never take the last seat at
once — whatever the number of processes. The partial unique constraints on
TrainingBooking refuse a second active booking by the same phone or e-mail.

A booking is a request of kind TRAINING: services.requests.pipeline creates it
(reference, queue, history, e-mail) and this module adds the seat.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from services.models import RequestKind, ServiceRequest, Status, TrainingBooking, TrainingSession
from services.models.request_details import ACTIVE_SEATS, HOLDING_SEATS, Seat
from services.requests import pipeline
from services.training import events

DUPLICATE_MESSAGE = (
    "이 전화번호나 전자우편으로 이미 이 회차에 신청하셨습니다. "
    "한 사람은 한 회차에 한 자리만 신청할 수 있습니다."
)


def locked_session(session_id) -> TrainingSession:
    """The session, its row locked until the transaction ends."""
    return TrainingSession.objects.select_for_update().select_related("page").get(pk=session_id)


def seats_held(session) -> int:
    return session.bookings.filter(seat__in=HOLDING_SEATS).count()


def seats_left(session) -> int:
    return max(session.capacity - seats_held(session), 0)


def waitlist_position(booking) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if booking.seat != Seat.WAITLISTED:
        return None
    ahead = booking.session.bookings.filter(seat=Seat.WAITLISTED, booked_at__lt=booking.booked_at)
    return ahead.count() + 1


def _seat_when_free(session) -> str:
    return Seat.PENDING if session.page.requires_approval else Seat.CONFIRMED


@transaction.atomic
def book(service_request: ServiceRequest, session_id, *, organisation_name, business_number,
         provider_type, role, submission_key=None) -> TrainingBooking:
    """Give the request a seat in the session, or a place on its waiting list.
    Raises ValidationError (in Korean) when the session takes no bookings or
    the person already has one."""
    session = locked_session(session_id)
    # Taken under the lock, so the waiting list's order is the order seats were decided in.
    now = timezone.now()
    refusal = session.refusal(now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    phone, email = service_request.phone, service_request.email.lower()
    if session.bookings.filter(seat__in=ACTIVE_SEATS, attendee_phone=phone).exists() or (
        session.bookings.filter(seat__in=ACTIVE_SEATS, attendee_email=email).exists()
    ):
        raise ValidationError(DUPLICATE_MESSAGE, code="duplicate")
    seat = _seat_when_free(session) if seats_held(session) < session.capacity else Seat.WAITLISTED
    try:
        with transaction.atomic():
            booking = TrainingBooking.objects.create(
                request=service_request, session=session, seat=seat,
                organisation_name=organisation_name, business_number=business_number,
                provider_type=provider_type, role=role, attendee_phone=phone, attendee_email=email,
                submission_key=submission_key, booked_at=now, seat_changed_at=now,
            )
    except IntegrityError as error:  # the constraint, should the check above ever miss
        raise ValidationError(DUPLICATE_MESSAGE, code="duplicate") from error
    return booking


def booking_of(service_request) -> TrainingBooking | None:
    """The seat of a training request (with `position` on the waiting list), else None."""
    if service_request.kind != RequestKind.TRAINING:
        return None
    booking = TrainingBooking.objects.select_related("session__page").filter(request=service_request).first()
    if booking:
        booking.position = waitlist_position(booking)
    return booking


@transaction.atomic
def cancel(booking: TrainingBooking, actor=None, reason: str = "") -> TrainingBooking | None:
    """Cancel a booking (the attendee's own action, or staff's). A freed seat
    goes to the first person waiting, who is told by e-mail. Returns the
    promoted booking, if any."""
    _lock_request(booking)
    session = locked_session(booking.session_id)
    booking.refresh_from_db()
    if booking.seat not in ACTIVE_SEATS:
        return None
    if actor is None and session.has_started():
        raise PermissionDenied("이미 시작했거나 끝난 교육은 누리집에서 취소할 수 없습니다.")
    freed = booking.seat in HOLDING_SEATS
    _set_seat(booking, Seat.CANCELLED)
    if actor is None:
        pipeline.withdraw(booking.request)
    else:
        pipeline.change_status(booking.request, Status.WITHDRAWN, actor, text=reason)
    return _promote_next(session) if freed else None


@transaction.atomic
def decline(booking: TrainingBooking, actor, reason: str = "") -> TrainingBooking | None:
    """Staff refuse a pending booking; the seat goes to the next person waiting."""
    _lock_request(booking)
    session = locked_session(booking.session_id)
    booking.refresh_from_db()
    if booking.seat != Seat.PENDING:
        raise ValidationError("승인 대기 중인 신청만 거절할 수 있습니다.", code="not_pending")
    _set_seat(booking, Seat.DECLINED)
    pipeline.change_status(booking.request, Status.REJECTED, actor, text=reason)
    return _promote_next(session)


@transaction.atomic
def approve(booking: TrainingBooking, actor) -> None:
    locked_session(booking.session_id)
    booking.refresh_from_db()
    if booking.seat != Seat.PENDING:
        raise ValidationError("승인 대기 중인 신청만 승인할 수 있습니다.", code="not_pending")
    _set_seat(booking, Seat.CONFIRMED)
    pipeline.inform_applicant(booking.request, "담당자가 승인해 교육 자리가 확정되었습니다.", actor,
                              event=events.SEAT)


def release(service_request, closing_status) -> TrainingBooking | None:
    """A training request was closed through the pipeline (취소 or 반려 in
    민원 큐, say) rather than through cancel()/decline(): its seat goes too,
    to the first person waiting. Called by pipeline.change_status with the
    request's row locked; nothing to do when the seat is already given up."""
    booking = TrainingBooking.objects.filter(request=service_request).first()
    if booking is None or booking.seat not in ACTIVE_SEATS:
        return None
    session = locked_session(booking.session_id)
    booking.refresh_from_db()
    if booking.seat not in ACTIVE_SEATS:
        return None
    freed = booking.seat in HOLDING_SEATS
    _set_seat(booking, Seat.DECLINED if closing_status == Status.REJECTED else Seat.CANCELLED)
    return _promote_next(session) if freed else None


def _lock_request(booking) -> None:
    """Rows are always locked request first, then session — the order
    pipeline.change_status takes them in — so two staff actions never
    wait for each other in a circle."""
    ServiceRequest.objects.select_for_update(no_key=True).filter(pk=booking.request_id).first()


def _promote_next(session) -> TrainingBooking | None:
    """Called with the session locked: the first person waiting takes a free seat."""
    if seats_held(session) >= session.capacity or session.has_started():
        return None
    waiting = session.bookings.filter(seat=Seat.WAITLISTED).select_related("request").first()
    if waiting is None:
        return None
    _set_seat(waiting, _seat_when_free(session))
    text = ("대기하던 교육에 자리가 나서 신청이 확정되었습니다." if waiting.seat == Seat.CONFIRMED
            else "대기하던 교육에 자리가 나서 담당자 승인을 기다립니다.")
    pipeline.inform_applicant(waiting.request, text, event=events.SEAT)
    return waiting


def _set_seat(booking, seat) -> None:
    booking.seat = seat
    booking.seat_changed_at = timezone.now()
    booking.save(update_fields=["seat", "seat_changed_at"])

