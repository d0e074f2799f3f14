"""What a training booking adds to the applicant's e-mails, and the e-mails
only trainings send (services.requests.kinds: the training kind's events).

Every e-mail about a booking says which session and what seat it holds, with
the session's calendar file; the online address only once the seat is
confirmed.
"""

from __future__ import annotations

from services.requests import notifications
from services.training import calendar as training_calendar
from services.training import seats
from services.training import survey as surveys
from services.training.events import REMINDER, SEAT, SURVEY

SEAT_SUBJECTS = {
    "confirmed": "교육 자리가 확정되었습니다",
    "pending": "대기하던 교육에 자리가 나서 승인을 기다립니다",
}


def email_extras(request):
    """({"booking": what the e-mail says about the seat}, [the session's .ics])."""
    booking = seats.booking_of(request)
    if booking is None:
        return {"booking": None}, []
    session = booking.session
    page_url = notifications.absolute_url(session.page.url or "/")
    confirmed = booking.seat == booking.Seat.CONFIRMED
    details = {
        "title": session.page.title,
        "when": session.when,
        "place": session.place,
        "seat": booking.get_seat_display(),
        "seat_code": booking.seat,
        "position": booking.position,
        "online_url": session.online_url if confirmed and session.venue == session.Venue.ONLINE else "",
    }
    calendar = training_calendar.build(
        session.page.title, training_calendar.session_uid(session, training_calendar.domain(page_url)),
        [(session, page_url)],
    )
    return {"booking": details}, [("training.ics", calendar.to_ical(), "text/calendar; charset=utf-8")]


def _booking(request):
    return getattr(request, "training_booking", None)


def seat_email(request, update=None):
    subject = SEAT_SUBJECTS.get(getattr(_booking(request), "seat", ""))
    if subject is None:  # cancelled or declined since: nothing to announce
        return None
    return notifications.for_applicant(request, "seat", subject, subject_text=subject)


def reminder_email(request, update=None):
    booking = _booking(request)
    if booking is None or booking.seat != booking.Seat.CONFIRMED:
        return None
    subject = "신청하신 교육이 곧 열립니다"
    return notifications.for_applicant(request, "seat", subject, subject_text=subject)


def survey_email(request, update=None):
    booking = _booking(request)
    # Refused since it was queued (cancelled, marked absent) or already answered: nothing to ask.
    if booking is None or surveys.refusal(booking) or surveys.already_answered(booking):
        return None
    return notifications.for_applicant(
        request, "survey", "교육 만족도 조사에 응답해 주세요", with_attachments=False,  # its date is no news
        survey_url=surveys.survey_link(booking), survey_days=surveys.TOKEN_MAX_AGE_DAYS,
    )


EVENTS = {SEAT: seat_email, REMINDER: reminder_email, SURVEY: survey_email}


# By SMS too, to those who chose it: a few words (services.requests.notifications
# adds the reference and the link). The survey is not worth a text message.


def seat_sms(request, update=None):
    subject = SEAT_SUBJECTS.get(getattr(_booking(request), "seat", ""))
    return f"{subject}." if subject else None


def reminder_sms(request, update=None):
    booking = _booking(request)
    if booking is None or booking.seat != booking.Seat.CONFIRMED:
        return None
    return f"신청하신 교육이 곧 열립니다({booking.session.when})."


SMS_EVENTS = {SEAT: seat_sms, REMINDER: reminder_sms}
