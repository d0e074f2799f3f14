"""Links between the training staff screens, by the URL names of the
교육 신청 viewset (services.training.staff.viewset) and of 교육 만족도
(services.training.staff.survey_results)."""

from django.urls import reverse

INDEX_URL_NAME = "training_bookings:index"
SESSION_URL_NAME = "training_bookings:session"
INDEX_LABEL = "교육 신청"


def index_crumb() -> dict:
    """The breadcrumb back to the sessions (교육 신청)."""
    return {"url": reverse(INDEX_URL_NAME), "label": INDEX_LABEL}


def session_url(session) -> str:
    return reverse(SESSION_URL_NAME, args=[session.pk])


def survey_results_url(session) -> str:
    """The satisfaction survey results of the session's training (admin → 교육 만족도)."""
    return reverse("training_survey", args=[session.page_id])
