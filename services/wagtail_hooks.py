"""The services app in the Wagtail admin: the request pipeline's screens
(services.requests.staff) and the training staff's (services.training.staff),
their log actions and the dashboard panel."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from services.models import ServiceRequest
from services.requests import audit, failed_notifications
from services.requests.staff import report
from services.requests.staff.dashboard import RequestQueuePanel
from services.requests.staff.viewsets import (
    RequestConfigurationGroup,
    RequestQueueGroup,
    request_permission_policy,
)
from services.training.staff import survey_results
from services.training.staff.session_page import (
    ATTENDANCE_ACTION,
    ATTENDANCE_LABEL,
    MESSAGED_ACTION,
    MESSAGED_LABEL,
)
from services.training.staff.viewset import TrainingBookingViewSet

# Registered before any view asks for ServiceRequest's policy: visibility by
# queue team instead of Django model permissions (see services.requests.staff.viewsets).
register_permission_policy(ServiceRequest, request_permission_policy)


@hooks.register("register_admin_viewset")
def register_request_configuration():
    return RequestConfigurationGroup()


@hooks.register("register_admin_viewset")
def register_request_queues():
    return RequestQueueGroup()


@hooks.register("register_admin_viewset")
def register_training_bookings():
    return TrainingBookingViewSet()


@hooks.register("register_log_actions")
def register_request_log_actions(actions):
    audit.register_actions(actions)  # every staff access to personal data
    actions.register_action(MESSAGED_ACTION, MESSAGED_LABEL, MESSAGED_LABEL)
    actions.register_action(ATTENDANCE_ACTION, ATTENDANCE_LABEL, ATTENDANCE_LABEL)
    actions.register_action(
        failed_notifications.RESOLVED_ACTION, failed_notifications.RESOLVED_LABEL,
        failed_notifications.RESOLVED_LABEL,
    )


@hooks.register("construct_homepage_panels")
def add_request_queue_panel(request, panels):
    if request_permission_policy.user_has_permission(request.user, "view"):
        panels.append(RequestQueuePanel(request.user))


@hooks.register("register_admin_urls")
def register_request_report_urls():
    return report.urlpatterns  # its menu item is in 민원 큐 (services.requests.staff.viewsets.QueueMenu)


@hooks.register("register_admin_urls")
def register_training_survey_urls():
    return survey_results.urlpatterns


@hooks.register("register_admin_menu_item")
def register_training_survey_menu_item():
    return survey_results.menu_item()


@hooks.register("insert_global_admin_css")
def message_contrast_css():
    return format_html('<link rel="stylesheet" href="{}">', static("services/admin/contrast.css"))
