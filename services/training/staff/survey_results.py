"""교육 만족도: the survey results in the Wagtail admin, per training and,
for one training, per session with its comments.

Who may open it: the training staff of 교육 신청
(services.training.staff.permissions: superusers and the teams of the queues
training bookings are routed to). What they see is counted only from the
bookings whose requests they may see (services.requests.access), so the rule
stays the one the queues use. Others are refused as Wagtail refuses a screen
without permission (back to the admin home), not with a 404: the page holds
no one's personal data.

Figures: the number of answers against the attendees who were asked (seat
confirmed, not marked absent, session ended; see services.training.survey),
and each question's average to one decimal, rounded half up as people round.
Comments are listed without names: staff need what was said, not who said it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Q, Sum
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from services.models import TrainingBooking, TrainingFeedback, TrainingPage, TrainingSession
from services.models.feedback import QUESTIONS
from services.models.request_details import Seat
from services.requests.access import requests_visible_to
from services.training.staff.permissions import TrainingMenuItem, TrainingStaffMixin

MENU_LABEL = "교육 만족도"
QUESTION_NAMES = [name for name, _label in QUESTIONS]


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------


def one_decimal(total, count) -> Decimal | None:
    """The average to one decimal, half up (3.25 → 3.3); None without answers."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Result:
    label: str
    responses: int = 0
    asked: int = 0
    averages: list = field(default_factory=list)  # one per question, in QUESTIONS' order
    url: str = ""
    last_date: object = None

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.responses / self.asked) if self.asked else None


def _figures(user, key: str, feedback_filter=None, booking_filter=None) -> tuple[dict, dict]:
    """{key value: feedback sums} and {key value: (attendees asked, last date)},
    each counted by the database in one query."""
    feedback = TrainingFeedback.objects.filter(booking__request__in=requests_visible_to(user))
    asked = TrainingBooking.objects.filter(
        Q(attended__isnull=True) | Q(attended=True),
        session__in=TrainingSession.objects.over().values("pk"),
        request__in=requests_visible_to(user), seat=Seat.CONFIRMED,
        session__is_cancelled=False, session__page__is_cancelled=False,
    )
    if feedback_filter:
        feedback = feedback.filter(**feedback_filter)
    if booking_filter:
        asked = asked.filter(**booking_filter)
    sums = {
        row.pop("key"): row
        for row in feedback.values(key=F(f"booking__{key}")).annotate(
            responses=Count("pk"), **{name: Sum(name) for name in QUESTION_NAMES},
        ).order_by()
    }
    counts = {
        row["key"]: (row["asked"], row["last_date"])
        for row in asked.values(key=F(key))
        .annotate(asked=Count("pk"), last_date=Max("session__date"))
        .order_by()
    }
    return sums, counts


def _result(label, sums, counts, key, **extra) -> Result:
    figures = sums.get(key, {})
    responses = figures.get("responses", 0)
    asked, last_date = counts.get(key, (0, None))
    return Result(
        label=label, responses=responses, asked=asked, last_date=last_date,
        averages=[one_decimal(figures.get(name), responses) for name in QUESTION_NAMES], **extra,
    )


def training_results(user) -> list[Result]:
    """One row per training with answers or attendees asked, latest first."""
    sums, counts = _figures(user, "session__page")
    trainings = TrainingPage.objects.filter(pk__in=set(sums) | set(counts)).only("pk", "title")
    results = [
        _result(training.title, sums, counts, training.pk,
                url=reverse("training_survey", args=[training.pk]))
        for training in trainings
    ]
    results.sort(key=lambda r: r.label)
    results.sort(key=lambda r: r.last_date or timezone.localdate(), reverse=True)
    return results


def session_results(user, training) -> tuple[Result, list[Result]]:
    """The training's total and one row per session that has ended, in order."""
    sums, counts = _figures(user, "session", {"booking__session__page": training},
                            {"session__page": training})
    sessions = training.sessions.over().order_by("date", "start_time", "pk")
    rows = [
        _result(session.when + (" (취소)" if session.is_cancelled else ""), sums, counts, session.pk)
        for session in sessions
    ]
    total_sums, total_counts = _figures(user, "session__page", {"booking__session__page": training},
                                        {"session__page": training})
    return _result("교육 전체", total_sums, total_counts, training.pk), rows


def comments(user, training):
    return (
        TrainingFeedback.objects.filter(booking__request__in=requests_visible_to(user),
                                        booking__session__page=training)
        .exclude(comment="")
        .select_related("booking__session")
        .order_by("-submitted_at", "-pk")
    )


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


class SurveyAccessMixin(TrainingStaffMixin):
    def refuse(self):
        raise PermissionDenied


class SurveyIndexView(SurveyAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "services/admin/survey_index.html"
    page_title = MENU_LABEL
    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(results=training_results(self.request.user), questions=QUESTIONS)
        return context


class SurveyTrainingView(SurveyAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "services/admin/survey_training.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return f"{MENU_LABEL}: {self.training.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("training_surveys"), "label": MENU_LABEL},
            {"url": "", "label": self.training.title},
        ]

    @cached_property
    def training(self):  # looked up after the access check (TrainingStaffMixin.dispatch)
        return get_object_or_404(TrainingPage, pk=self.kwargs["training_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        total, sessions = session_results(self.request.user, self.training)
        context.update(training=self.training, total=total, sessions=sessions, questions=QUESTIONS,
                       comments=comments(self.request.user, self.training))
        return context


urlpatterns = [
    path("training-surveys/", SurveyIndexView.as_view(), name="training_surveys"),
    path("training-surveys/<int:training_id>/", SurveyTrainingView.as_view(), name="training_survey"),
]


def menu_item() -> TrainingMenuItem:
    return TrainingMenuItem(MENU_LABEL, reverse("training_surveys"), name="training-surveys",
                            icon_name="clipboard-list", order=160)
