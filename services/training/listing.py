"""What the training pages show: the upcoming trainings with their filters,
the archive, and each session's seat label.

Seat labels are worked out from the database when the page is built: one
query counts the seats held (bookings in HOLDING_SEATS) of every session
shown, whatever the number of trainings, and the label follows the same
rules as services.training.seats.book(), which has the last word when someone
books. "Now" is the site's time zone (Asia/Seoul): sessions are stored as a
local date and local times.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from services.models.trainings import Audience, Topic, TrainingPage, TrainingSession, registration_open
from services.training import seats as bookings

PAGE_SIZE = 10


@dataclass(frozen=True)
class Availability:
    """A session's seats in words, for a status badge (the words carry the
    meaning; the colour only repeats it)."""

    label: str  # "12석 남음", "대기 가능", "마감", "취소", "신청 예정"
    colour: str  # badge colour: agency-tag--<colour> in site.css
    bookable: bool  # the booking form will take it (a seat or the waiting list)
    full: bool = False  # a booking now goes to the waiting list
    reason: str = ""  # why it is not bookable, in a sentence


def availability(session: TrainingSession, now=None) -> Availability:
    """The label for one session. Uses `session.seats_held` when the query
    annotated it, else counts (the editor's preview of a draft)."""
    now = now or timezone.now()
    page = session.page
    reason = session.refusal(now)
    if page.is_cancelled or session.is_cancelled:
        return Availability("취소", "red", False, reason=reason)
    if reason:
        not_yet = (page.registration_opens_at and now < page.registration_opens_at
                   and not session.has_started(now))
        if not_yet:
            return Availability("신청 예정", "blue", False, reason=reason)
        return Availability("마감", "grey", False, reason=reason)
    held = getattr(session, "seats_held", None)
    if held is None:
        held = bookings.seats_held(session) if session.pk else 0
    left = session.capacity - held
    if left > 0:
        return Availability(f"{left}석 남음", "green", True)
    return Availability("대기 가능", "yellow", True, full=True)


def label_sessions(page, sessions, now=None) -> list:
    """`sessions` (of `page`) as a list, each with its `availability`."""
    sessions = list(sessions)
    for session in sessions:
        session.page = page  # already loaded: no query per session
        session.availability = availability(session, now)
    return sessions


# --- the listing ---------------------------------------------------------------


def _month_value(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_q(month: str) -> Q:
    year, number = (int(part) for part in month.split("-"))
    return Q(date__year=year, date__month=number)


def _open_with_seats(now) -> Q:
    """Trainings with a session that takes a booking for a seat right now."""
    sessions_with_room = (
        TrainingSession.objects.not_started(now).filter(page=OuterRef("pk"), is_cancelled=False)
        .with_seats_held().filter(seats_held__lt=F("capacity"))
    )
    return Q(Exists(sessions_with_room), is_cancelled=False) & registration_open(now)


def _filters(request, months) -> dict:
    """The visitor's choices, each kept only if it is one the form offers."""
    month = request.GET.get("month", "")
    topic = request.GET.get("topic", "")
    audience = request.GET.get("audience", "")
    return {
        "month": month if month in {value for value, _ in months} else "",
        "topic": topic if topic in Topic.values else "",
        "audience": audience if audience in Audience.values else "",
        "seats": request.GET.get("seats") == "1",
    }


def listing(index_page, request, *, archive=False, now=None) -> dict:
    """Template context for the training index: upcoming trainings, next
    session first, or (archive) those whose sessions are all over, the most
    recent first. A fixed number of queries whatever the number of trainings."""
    now = now or timezone.now()
    trainings = TrainingPage.objects.child_of(index_page).live().public()
    sessions_left = TrainingSession.objects.not_over(now).filter(page=OuterRef("pk"))
    context = {"archive": archive}

    if archive:
        any_session = TrainingSession.objects.filter(page=OuterRef("pk"))
        trainings = (
            trainings.filter(~Exists(sessions_left), Exists(any_session))
            .annotate(last_date=Max("sessions__date"))
            .order_by("-last_date", "title", "pk")
        )
        filtered = False
    else:
        trainings = trainings.filter(Exists(sessions_left))
        months = [
            (_month_value(day), f"{day.year}년 {day.month}월")
            for day in TrainingSession.objects.not_over(now).filter(page__in=trainings.values("pk"))
            .dates("date", "month")
        ]
        selected = _filters(request, months)
        if selected["month"]:
            in_month = sessions_left.filter(_month_q(selected["month"]))
            trainings = trainings.filter(Exists(in_month))
        if selected["topic"]:
            trainings = trainings.filter(topic=selected["topic"])
        if selected["audience"]:
            trainings = trainings.filter(audiences__contains=[selected["audience"]])
        if selected["seats"]:
            trainings = trainings.filter(_open_with_seats(now))
        next_session = sessions_left.order_by("date", "start_time")
        trainings = trainings.annotate(
            next_date=Subquery(next_session.values("date")[:1]),
            next_time=Subquery(next_session.values("start_time")[:1]),
        ).order_by("next_date", "next_time", "title", "pk")
        filtered = any(selected.values())
        context.update(months=months, topics=Topic.choices, audiences=Audience.choices, selected=selected)

    page = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {training.pk: training for training in page.object_list}
    for training in shown.values():
        training.shown_sessions = []
    if archive:
        sessions = TrainingSession.objects.filter(page__in=shown.keys())
    else:
        sessions = TrainingSession.objects.not_over(now).filter(page__in=shown.keys()).with_seats_held()
    for session in sessions.order_by("date", "start_time", "pk"):
        training = shown[session.page_id]
        training.shown_sessions.extend(label_sessions(training, [session], now))
    context.update(trainings=page, filtered=filtered)
    return context


def training_sessions(training, request, now=None) -> list:
    """All the sessions of one training, in date order, labelled. A preview
    shows the draft's sessions, saved or not."""
    if getattr(request, "is_preview", False):
        sessions = sorted(training.sessions.all(), key=lambda s: (s.date, s.start_time))
    else:
        sessions = TrainingSession.objects.filter(page=training).with_seats_held().order_by(
            "date", "start_time", "pk"
        )
    return label_sessions(training, sessions, now)
