"""What the training pages serve beyond their fields: a training's sessions
with their seat labels and calendar files, the listing of all trainings with
its archive, and the calendar feed (services.models.trainings routes here)."""

from django.http import Http404

from services.models import RequestFormPage, RequestKind, TrainingPage, TrainingSession
from services.training import calendar as training_calendar
from services.training import listing as training_listing


def training_context(page, request) -> dict:
    sessions = training_listing.training_sessions(page, request)
    for session in sessions:
        session.calendar_url = page.session_calendar_url(session, request) if session.pk else ""
    booking_page = RequestFormPage.objects.live().filter(kind=RequestKind.TRAINING).first()
    return {"sessions": sessions, "booking_url": booking_page.get_url(request) if booking_page else ""}


def session_calendar(page, request, session_id):
    session = page.sessions.filter(pk=session_id).first()  # a session of this training only
    if session is None:
        raise Http404
    session.page = page
    url = page.get_full_url(request)
    calendar = training_calendar.build(
        page.title, f"training-session-{session.pk}-file@{training_calendar.domain(url)}",
        [(session, url)],
    )
    return training_calendar.response(calendar, f"training-{session.pk}-{session.date:%Y%m%d}.ics")


listing = training_listing.listing


def index_calendar(index, request):
    """Upcoming sessions that take place (not cancelled), as an iCalendar feed."""
    sessions = (
        TrainingSession.objects.not_over().filter(
            is_cancelled=False, page__is_cancelled=False,
            page__in=TrainingPage.objects.child_of(index).live().public().values("pk"),
        )
        .select_related("page")
        .order_by("date", "start_time", "pk")
    )
    base = index.get_full_url(request) or ""
    # Each training's address from the index's: no lookup per training.
    pairs = [(session, base + session.page.url_path[len(index.url_path):]) for session in sessions]
    calendar = training_calendar.build(
        index.title, f"training-calendar-{index.pk}@{training_calendar.domain(base)}", pairs,
    )
    return training_calendar.response(calendar, "trainings.ics")
