"""처리 현황 보고서: how the queues are doing, week by week.

For a period (지난 4주, 12주, 올해 or chosen dates) and one queue or all the
user may see:
(a) requests received per ISO week (Monday to Sunday, Seoul) and kind;
(b) of the requests closed each week (완료 or 반려: a request the applicant
    withdrew was not handled), the share closed by its deadline — `due_at`,
    which a pause for the applicant's answer has already moved on;
(c) the median time from receipt to the first contact with the applicant
    (ServiceRequest.first_contact_at), per week of receipt, in hours;
and the same per queue for the whole period. Each chart is followed by its
table; `?format=csv` hands out the same figures.

Everything is counted from `requests_visible_to(user)`: a queue the user
does not work is neither offered nor counted. The page shows counts only,
no one's personal data, so opening it writes nothing to the audit log.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, Count, F, FloatField, Func, Q
from django.db.models.functions import TruncWeek
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from services.models import RequestKind, Status
from services.requests.access import requests_visible_to
from services.requests.staff.common import STAFF_CSS
from services.requests.staff.report_charts import Series, bar_chart
from services.requests.staff.report_figures import Figures, ReportForm, week_labels
from services.requests.staff.viewsets import request_permission_policy

MENU_LABEL = "처리 현황 보고서"
HANDLED = (Status.RESOLVED, Status.REJECTED)


class Median(Aggregate):
    """PostgreSQL's exact median (percentile_cont) of a number."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def hours_between(later: str, earlier: str) -> Func:
    return Func(
        F(later) - F(earlier),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 3600.0",
        output_field=FloatField(),
    )


def _week(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date()


def count_figures(user, queue, start: datetime.date, end: datetime.date) -> Figures:
    """The report's figures, from six grouped queries whatever the period."""
    begins = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    ends = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    visible = requests_visible_to(user)
    if queue is not None:
        visible = visible.filter(queue=queue)
    figures = Figures(start, end, kinds=list(RequestKind.choices))

    received = visible.filter(submitted_at__gte=begins, submitted_at__lt=ends)
    for row in (
        received.values("kind", "queue__name", week=TruncWeek("submitted_at"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures.add_received(_week(row["week"]), row["kind"], row["queue__name"], row["n"])

    closed = visible.filter(status__in=HANDLED, closed_at__gte=begins, closed_at__lt=ends)
    for row in (
        closed.values("queue__name", week=TruncWeek("closed_at"))
        .annotate(n=Count("pk"), within=Count("pk", filter=Q(closed_at__lte=F("due_at"))))
        .order_by()
    ):
        figures.add_closed(_week(row["week"]), row["queue__name"], row["n"], row["within"])

    contacted = received.filter(first_contact_at__isnull=False)
    hours = hours_between("first_contact_at", "submitted_at")
    for row in (
        contacted.values(week=TruncWeek("submitted_at"))
        .annotate(n=Count("pk"), median=Median(hours))
        .order_by()
    ):
        figures.weekly_contact[_week(row["week"])] = (row["n"], row["median"])
    for row in contacted.values("queue__name").annotate(n=Count("pk"), median=Median(hours)).order_by():
        figures.queue_row(row["queue__name"]).contact = (row["n"], row["median"])
    overall = contacted.aggregate(n=Count("pk"), median=Median(hours))
    figures.total_contact = (overall["n"], overall["median"])
    return figures


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def charts(figures: Figures) -> dict:
    short = [label for label, _long in week_labels(figures.weeks)]
    busiest = max(figures.weekly_totals(), default=0)
    most = f"가장 많은 주는 {busiest}건입니다." if busiest else "접수된 요청이 없습니다."
    volume = bar_chart(
        "chart-volume",
        "주별 접수 건수 (종류별로 쌓은 막대)",
        f"{figures.period_text}, 주마다 접수된 요청 수입니다. {most} "
        "같은 수치가 아래 표 ‘주별 접수 건수’에 있습니다.",
        short,
        [Series(label, figures.received_series(kind)) for kind, label in figures.kinds],
        value_text=lambda value: f"{value}건",
        unit="건",
        whole=True,
    )
    share = bar_chart(
        "chart-deadline",
        "주별 기한 내 처리 비율",
        f"{figures.period_text}, 주마다 종결된 요청 가운데 기한 안에 종결된 비율입니다. "
        f"기간 전체로는 {figures.total_share_text}입니다. 같은 수치가 아래 표에 있습니다.",
        short,
        [Series("기한 내 처리 비율", figures.share_series())],
        value_text=lambda value: f"{value:g}%",
        top=100,
        unit="%",
    )
    contact = bar_chart(
        "chart-contact",
        "주별 첫 연락까지 걸린 시간 (중앙값)",
        f"{figures.period_text}, 주마다 접수된 요청이 신청인에게 처음 연락하기까지 걸린 시간의 "
        f"중앙값입니다. 기간 전체로는 {figures.total_median_text}입니다. 같은 수치가 아래 표에 있습니다.",
        short,
        [Series("첫 연락까지 중앙값", figures.median_series())],
        value_text=lambda value: f"{value:g}시간",
        unit="시간",
    )
    return {"volume_chart": volume, "share_chart": share, "contact_chart": contact}


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def _cell(value):
    """A spreadsheet must not read a queue's name as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_response(figures: Figures, queue_text: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def rows(*lines):
        writer.writerows([[_cell(value) for value in line] for line in lines])

    rows(["처리 현황 보고서"], ["기간", figures.period_text], ["큐", queue_text], [])
    long_labels = [long for _short, long in week_labels(figures.weeks)]
    rows(["주별 접수 건수"], ["주", *[label for _kind, label in figures.kinds], "합계"])
    for label, week in zip(long_labels, figures.weeks, strict=True):
        counts = [figures.received.get((week, kind), 0) for kind, _label in figures.kinds]
        rows([label, *counts, sum(counts)])
    rows(
        [
            "합계",
            *[sum(figures.received_series(kind)) for kind, _label in figures.kinds],
            sum(figures.weekly_totals()),
        ],
        [],
    )
    rows(["주별 기한 내 처리"], ["주", "종결 건수", "기한 내 종결", "비율(%)"])
    for label, week in zip(long_labels, figures.weeks, strict=True):
        closed, within = figures.weekly_closed.get(week, (0, 0))
        rows([label, closed, within, figures.percent(closed, within)])
    rows([], ["주별 첫 연락까지 걸린 시간"], ["주", "연락한 요청", "중앙값(시간)"])
    for label, week in zip(long_labels, figures.weeks, strict=True):
        contacted, median = figures.weekly_contact.get(week, (0, None))
        rows([label, contacted, figures.hours(median)])
    rows(
        [],
        ["큐별 요약"],
        ["큐", "접수", "종결", "기한 내 종결", "비율(%)", "연락한 요청", "첫 연락 중앙값(시간)"],
    )
    for row in sorted(figures.queues.values(), key=lambda row: row.name):
        rows(
            [
                row.name,
                row.received,
                row.closed,
                row.within,
                figures.percent(row.closed, row.within),
                row.contact[0],
                figures.hours(row.contact[1]),
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="request-report-{figures.start:%Y%m%d}-{figures.end:%Y%m%d}.csv"'
    )
    return response


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "services/admin/request_report.html"
    page_title = MENU_LABEL
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        # The staff of 민원 큐 only; what each of them sees is their queues' figures.
        if not request_permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        self.form = ReportForm(request.user, data=ReportForm.data_from(request.GET))
        self.figures = None
        if self.form.is_valid():
            start, end = self.form.dates()
            self.figures = count_figures(request.user, self.form.cleaned_data["queue"], start, end)
            if request.GET.get("format") == "csv":
                return csv_response(self.figures, self.form.queue_text())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, figures=self.figures, media=STAFF_CSS)
        if self.figures is not None:
            query = self.request.GET.copy()
            query["format"] = "csv"
            context.update(
                charts(self.figures),
                csv_url=f"{reverse('service_request_report')}?{query.urlencode()}",
                weeks=self.figures.week_rows(),
                queue_rows=self.figures.queue_rows(),
                queue_text=self.form.queue_text(),
            )
        return context


urlpatterns = [path("service-requests/report/", ReportView.as_view(), name="service_request_report")]
