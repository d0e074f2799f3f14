"""Wagtail admin screens for the request pipeline's configuration.

Queues and routing rules are edited by administrators (anyone with the
model permissions: superusers by default) under 설정 → 민원 배정.
Staff queue listings come with the request forms (next step of the issue).
"""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from services.models import Queue, RoutingRule


class QueueViewSet(ModelViewSet):
    model = Queue
    icon = "tasks"
    menu_label = "민원 큐"
    list_display = ["name", "team", "sla_value", "sla_unit", "is_active", "is_fallback"]
    list_filter = ["is_active", "team"]
    form_fields = ["name", "team", "sla_value", "sla_unit", "notify_emails", "is_active", "is_fallback"]
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
