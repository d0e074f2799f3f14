"""교육 신청: every training session, upcoming first then past, with its
seats counted per state (among the bookings the user may see) in one query."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from services.models import TrainingSession
from services.models.request_details import Seat
from services.requests import access
from services.requests.staff.common import STAFF_CSS
from services.training.staff.links import INDEX_LABEL, INDEX_URL_NAME, session_url
from services.training.staff.permissions import TrainingStaffMixin


def seat_counts(user):
    """Annotations: a session's bookings per seat state, among those `user` may see."""
    visible = access.visible_through(user, "bookings__request__")
    if visible is None:
        visible = Q(pk__in=[])

    def count(*seats):
        return Count("bookings", filter=visible & Q(bookings__seat__in=seats), distinct=True)

    return {
        "confirmed_count": count(Seat.CONFIRMED),
        "pending_count": count(Seat.PENDING),
        "waitlisted_count": count(Seat.WAITLISTED),
        "closed_count": count(Seat.CANCELLED, Seat.DECLINED),
    }


class SessionTitleColumn(TitleColumn):
    def get_value(self, instance):
        title = instance.page.title
        if instance.is_cancelled or instance.page.is_cancelled:
            return f"{title} (취소)"
        return title


class SessionIndexView(TrainingStaffMixin, BaseListingView):
    page_title = INDEX_LABEL
    header_icon = "date"
    model = TrainingSession
    index_url_name = INDEX_URL_NAME
    paginate_by = 50
    verbose_name = "교육 회차"
    verbose_name_plural = "교육 회차"
    results_template_name = "services/admin/training_session_index_results.html"
    columns = [
        SessionTitleColumn("title", label="교육", get_url=session_url),
        Column("when", label="일시"),
        Column("place", label="장소"),
        Column("capacity", label="정원"),
        Column("confirmed_count", label="확정"),
        Column("pending_count", label="승인 대기"),
        Column("waitlisted_count", label="대기"),
        Column("closed_count", label="취소·거절"),
    ]

    def get_base_queryset(self):
        today = timezone.localdate()
        return (
            TrainingSession.objects.select_related("page")
            .annotate(
                **seat_counts(self.request.user),
                is_past=Case(When(date__lt=today, then=Value(1)), default=Value(0),
                             output_field=IntegerField()),
                upcoming_date=Case(When(date__gte=today, then=F("date"))),
            )
        )

    def order_queryset(self, queryset):
        # Upcoming sessions first, the soonest at the top; then past ones, the latest first.
        return queryset.order_by(
            "is_past", F("upcoming_date").asc(nulls_last=True), F("date").desc(), "start_time", "pk",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["media"] = context["media"] + STAFF_CSS
        return context
