"""The request listing of 민원 큐 (and its CSV/XLSX export).

Always limited to `services.requests.access.requests_visible_to(user)`;
every page, results fragment, search and export is one entry in Wagtail's
audit log (services.requests.audit). The columns and the export's fields are
declared on the viewset (services.requests.staff.viewsets).
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic import IndexView

from services.models import RequestKind, Status
from services.requests import audit, failed_notifications, references
from services.requests.access import requests_visible_to
from services.requests.staff.common import STAFF_CSS_FILE, display_name, local_text
from services.requests.staff.request_summary import time_apart
from services.requests.validators import normalise_korean_phone

# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------


class StatusColumn(Column):
    """상태 as a labelled tag (the colour only repeats what the words say)."""

    cell_template_name = "services/admin/cells/status_cell.html"

    class Media:
        css = {"all": [STAFF_CSS_FILE]}

    def get_value(self, instance):
        return instance.get_status_display()


class DueColumn(Column):
    """처리 기한 with how long is left ("5시간 남음"), or the words "기한 지남"
    when an open request is late; a request waiting for the applicant's answer
    says so instead, its deadline standing still (ServiceRequest.paused_at)."""

    cell_template_name = "services/admin/cells/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        paused = instance.is_open and instance.paused_at is not None
        left = instance.due_at - timezone.now() if instance.is_open and not paused else None
        context.update(
            paused=paused,
            time_left=f"{time_apart(left)} 남음" if left is not None and left >= datetime.timedelta() else "",
            time_late=f"{time_apart(left)} 지남" if left is not None and left < datetime.timedelta() else "",
        )
        return context


class DateTimeColumn(Column):
    cell_template_name = "services/admin/cells/datetime_cell.html"


class AssigneeColumn(Column):
    def get_value(self, instance):
        return display_name(instance.assignee) or "미배정"


class RequestTable(Table):
    """The listing's table: a late request's whole row stands out (the
    "기한 지남" tag in its 처리 기한 cell says it in words)."""

    def get_row_classname(self, instance):
        return "sr-row--overdue" if instance.is_overdue else ""


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def _label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _naive_local(value):
    return timezone.make_naive(value)  # for Excel, which keeps no time zone


class ExcelReadableCsv:
    """For Wagtail's spreadsheet exports: a byte order mark, so that Excel
    reads the Korean text of a CSV as UTF-8."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


# ---------------------------------------------------------------------------
# The listing
# ---------------------------------------------------------------------------


class RequestIndexView(ExcelReadableCsv, IndexView):
    results_template_name = "services/admin/request_index_results.html"
    table_class = RequestTable

    # The listing shows, searches and exports only what the user may see.
    def get_base_queryset(self):
        # has_failed_notification: the "알림 발송 실패" flag in the status column.
        return failed_notifications.flag_open_failures(
            requests_visible_to(self.request.user).select_related("queue", "assignee")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        # A whole reference however typed (digits only: under every prefix), or a part of one.
        matches = Q(reference__in=references.candidates(references.normalise(query)))
        matches |= Q(reference__icontains=query)
        matches |= Q(applicant_name__icontains=query)
        with contextlib.suppress(ValidationError):  # a caller's whole number, however typed
            matches |= Q(phone=normalise_korean_phone(query))
        return queryset.filter(matches)

    def render_to_response(self, context, **response_kwargs):
        # Every page, results fragment and export shows or hands out names:
        # one audit entry each (services.requests.audit), before the response is built.
        audit.record_listing(
            self.request,
            filterset=self.filters,
            query=self.search_query or "",
            rows=len(context["object_list"]),
            total=context["items_count"],
            export_format=self.request.GET.get("export") if self.is_export else None,
            page=self.request.GET.get(self.page_kwarg),
        )
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def add_item_label(self):
        return "전화·방문 접수 등록"

    def get_page_subtitle(self):
        if self.filters.is_valid():
            queue = self.filters.form.cleaned_data.get("queue")
            if queue:
                return queue.name
        return super().get_page_subtitle()

    # -- export --------------------------------------------------------------
    custom_field_preprocess = {
        "kind": dict.fromkeys(("csv", "xlsx"), _label(RequestKind.choices)),
        "status": dict.fromkeys(("csv", "xlsx"), _label(Status.choices)),
        "queue": dict.fromkeys(("csv", "xlsx"), lambda queue: queue.name),
        "assignee": dict.fromkeys(("csv", "xlsx"), display_name),
        "is_overdue": dict.fromkeys(("csv", "xlsx"), lambda late: "예" if late else "아니요"),
        "submitted_at": {"csv": local_text, "xlsx": _naive_local},
        "due_at": {"csv": local_text, "xlsx": _naive_local},
    }

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"
