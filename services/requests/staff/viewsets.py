"""Wagtail admin screens for the request pipeline.

- 민원 배정 설정: queues and routing rules, edited by administrators (anyone
  with the model permissions: superusers by default).
- 민원 큐: the staff side. One listing of service requests (filterable by
  queue, status, kind, district, assignee, overdue) with one menu item per
  queue the user may see, linking to the listing filtered to that queue;
  an inspect page with the history and the actions (assign, change status,
  internal note, message to the applicant); a form to take a request by
  phone or in person; a dashboard panel.

Why one listing rather than one viewset per queue: queues are data that
administrators add and rename at any time, while Wagtail viewsets (and
their URLs) are fixed when the server starts. A single listing with a
queue filter follows the queues as they change; the per-queue menu items
are built for each request from the queues the user's teams work.

The views: the listing (services.requests.staff.listing), a request's page
(.request_page), requests taken by phone or in person (.intake) and the
dashboard panel (.dashboard).

Who sees what is decided by `services.requests.access.requests_visible_to` alone
(the user's groups are the queues' teams; superusers see all). Staff need
no Django model permissions on ServiceRequest: a permission policy
(`ServiceRequestPermissionPolicy`) lets members of a queue team view
requests and take new ones on behalf of applicants; nobody edits or deletes
requests in the admin, every change goes through services.requests.pipeline.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path, reverse
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from services.models import Queue, RoutingRule, ServiceRequest
from services.requests.access import can_see, queues_visible_to, requests_visible_to
from services.requests.staff.common import listing_url, mine_url, overdue_url, works_queues_in_admin
from services.requests.staff.dashboard import counts_by_queue, total
from services.requests.staff.filters import ServiceRequestFilterSet
from services.requests.staff.intake import StaffSubmitView
from services.requests.staff.listing import (
    AssigneeColumn,
    DateTimeColumn,
    DueColumn,
    RequestIndexView,
    StatusColumn,
)
from services.requests.staff.request_page import RequestInspectView


class QueueViewSet(ModelViewSet):
    model = Queue
    icon = "tasks"
    menu_label = "큐 관리"
    list_display = ["name", "team", "sla_value", "sla_unit", "is_active", "is_fallback"]
    list_filter = ["is_active", "team"]
    form_fields = ["name", "team", "sla_value", "sla_unit", "working_days", "opens_at", "closes_at",
                   "observes_public_holidays", "notify_emails", "is_active", "is_fallback", "contact_team"]
    add_to_admin_menu = False


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = "배정 규칙"
    list_display = ["kind", "district", "queue"]
    list_filter = ["kind", "queue"]
    form_fields = ["kind", "district", "queue"]
    add_to_admin_menu = False


class RequestConfigurationGroup(ViewSetGroup):
    menu_label = "민원 배정 설정"
    menu_icon = "tasks"
    menu_order = 900
    items = (QueueViewSet, RoutingRuleViewSet)


# ---------------------------------------------------------------------------
# 민원 큐: the staff side
# ---------------------------------------------------------------------------


class ServiceRequestPermissionPolicy(BasePermissionPolicy):
    """Staff of a queue team (or a superuser) may view requests and take new
    ones ("add"); which requests they see is `requests_visible_to`. No one
    may change or delete a request through the generic admin views."""

    ALLOWED_ACTIONS = frozenset({"view", "add"})
    _cache_attribute = "_services_request_staff"

    def is_request_staff(self, user) -> bool:
        return works_queues_in_admin(user, queues_visible_to(user), self._cache_attribute)

    def user_has_permission(self, user, action):
        return action in self.ALLOWED_ACTIONS and self.is_request_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(action in self.ALLOWED_ACTIONS for action in actions) and self.is_request_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_see(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return requests_visible_to(user)
        return ServiceRequest.objects.none()

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.ALLOWED_ACTIONS.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__request_queues__isnull=False)).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(Q(is_superuser=True) | Q(groups=instance.queue.team_id)).distinct()


request_permission_policy = ServiceRequestPermissionPolicy(ServiceRequest)


class RequestAdminURLFinder(ModelAdminURLFinder):
    """Links from Wagtail's own screens (e.g. the site history report) go to
    the request's page, for those who may see it."""

    edit_url_name = "service_requests:inspect"

    def get_edit_url(self, instance):
        if self.user and not request_permission_policy.user_has_permission_for_instance(
            self.user, "view", instance
        ):
            return None
        return self.construct_edit_url(instance)


class ServiceRequestViewSet(ModelViewSet):
    model = ServiceRequest
    name = "service_requests"
    url_prefix = "service-requests"
    icon = "tasks"
    menu_label = "전체 요청"
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = RequestIndexView
    inspect_view_class = RequestInspectView

    list_display = [
        "reference",
        Column("kind", label="종류", accessor="get_kind_display", sort_key="kind"),
        StatusColumn("status", label="상태", sort_key="status"),
        Column("queue", label="큐", accessor="queue.name"),
        Column("district", label="자치구", sort_key="district"),
        Column("applicant_name", label="신청인 이름", sort_key="applicant_name"),
        AssigneeColumn("assignee", label="담당자"),
        DueColumn("due_at", label="처리 기한", sort_key="due_at"),
        DateTimeColumn("submitted_at", label="접수 시각", sort_key="submitted_at"),
    ]
    filterset_class = ServiceRequestFilterSet
    search_fields = ["reference", "applicant_name"]
    search_backend_name = None  # the database's own search (the model is not in the search index)
    ordering = "due_at"
    list_per_page = 50

    # Exports carry what is needed to count and follow up the work, and no
    # more: no applicant name, phone or e-mail (the reference finds them).
    list_export = [
        "reference", "kind", "status", "district", "queue", "assignee",
        "submitted_at", "due_at", "is_overdue",
    ]
    export_headings = {
        "reference": "접수번호", "kind": "종류", "status": "상태", "district": "자치구", "queue": "큐",
        "assignee": "담당자", "submitted_at": "접수 시각", "due_at": "처리 기한", "is_overdue": "기한 지남",
    }
    export_filename = "service-requests"

    url_finder_class = RequestAdminURLFinder

    def get_permissions_to_register(self):
        # Visibility is by queue team, not by Django model permissions.
        return Permission.objects.none()

    @property
    def add_view(self):
        return self.construct_view(
            StaffSubmitView,
            index_url_name=self.get_url_name("index"),
            add_url_name=self.get_url_name("add"),
            header_icon="plus",  # not the viewset's own icon, which construct_view would pass
        )

    def get_urlpatterns(self):
        # Only the screens staff use: no generic edit, delete, copy, history
        # or usage views (changes go through services.requests.pipeline).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


def counted(label: str, count: int, what: str) -> dict:
    """A menu item's label with its count, "긴급돌봄 서북권 (3)", and the words
    a screen reader says for the number (the sidebar shows labels as plain text)."""
    if not count:
        return {"label": label}
    return {"label": f"{label} ({count})", "attrs": {"aria-label": f"{label} ({what} {count}건)"}}


ATTENTION = "새 요청·담당자 없음·기한 지남"


class QueueMenu(Menu):
    """The 민원 큐 submenu: built per request from the queues the user sees,
    each with the count of its requests that need someone (new, unassigned
    or late: services.requests.staff.dashboard, one query per request)."""

    def menu_items_for_request(self, request):
        cached = getattr(request, "_services_queue_menu", None)
        if cached is not None:
            return cached
        user = request.user
        items = []
        if request_permission_policy.user_has_permission(user, "view"):
            counts = counts_by_queue(user)
            totals = total(counts.values())

            def item(label, url, count=0, what="", **kwargs):
                text = counted(label, count, what)
                return MenuItem(text["label"], url, attrs=text.get("attrs"), **kwargs)

            items.append(item("전체 요청", listing_url(), name="requests-all", icon_name="list-ul", order=1))
            items.append(item("내 담당 요청", mine_url(user), totals.mine, "처리 중",
                              name="requests-mine", icon_name="user", order=2))
            items.append(item("기한 지난 요청", overdue_url(), totals.overdue, "기한 지남",
                              name="requests-overdue", icon_name="warning", order=3))
            queues = queues_visible_to(user).filter(is_active=True).order_by("name")
            for position, queue in enumerate(queues, start=10):
                queue_counts = counts.get(queue.pk)
                items.append(item(
                    queue.name, listing_url(queue=queue.pk), queue_counts.attention if queue_counts else 0,
                    ATTENTION, name=f"queue-{queue.pk}", icon_name="folder-open-inverse", order=position,
                ))
            items.append(MenuItem("처리 현황 보고서", reverse("service_request_report"),
                                  name="requests-report", icon_name="doc-full", order=9_000))
            items.append(MenuItem("전화·방문 접수 등록", reverse("service_requests:add"), name="requests-new",
                                  icon_name="plus", order=10_000))
        request._services_queue_menu = items
        return items


class QueueSubmenuMenuItem(SubmenuMenuItem):
    """민원 큐 in the main menu, with the count of requests that need someone."""

    def render_component(self, request):
        component = super().render_component(request)
        if request_permission_policy.user_has_permission(request.user, "view"):
            text = counted(self.label, total(counts_by_queue(request.user).values()).attention, ATTENTION)
            component.label = text["label"]
            component.attrs = {**component.attrs, **text.get("attrs", {})}
        return component


class RequestQueueGroup(ViewSetGroup):
    menu_label = "민원 큐"
    menu_name = "request-queues"
    menu_icon = "tasks"
    menu_order = 150
    items = (ServiceRequestViewSet,)

    def get_menu_item(self, order=None):
        return QueueSubmenuMenuItem(
            label=self.menu_label,
            menu=QueueMenu(),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )

