"""교육 신청 in the Wagtail admin: the sessions (.sessions), one session's
attendee list (.session_page) and 거절/취소 of one booking (.bookings), under
one menu item shown only to training staff (.permissions). Each booking's
history and single-request actions stay in 민원 큐 (services.requests.staff).

Registered from services/wagtail_hooks.py; the URL names ("training_bookings:index",
":session", ":decline", ":cancel") are used by the templates.
"""

from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from services.training.staff.bookings import BookingReasonView
from services.training.staff.links import INDEX_LABEL
from services.training.staff.permissions import TrainingMenuItem
from services.training.staff.session_page import SessionView
from services.training.staff.sessions import SessionIndexView


class TrainingBookingViewSet(ViewSet):
    name = "training_bookings"
    url_prefix = "training-bookings"
    icon = "date"
    menu_label = INDEX_LABEL
    menu_name = "training-bookings"
    menu_order = 155  # just after 민원 큐
    add_to_admin_menu = True
    menu_item_class = TrainingMenuItem

    def get_urlpatterns(self):
        reason_view = BookingReasonView.as_view
        return [
            path("", SessionIndexView.as_view(), name="index"),
            path("<int:session_id>/", SessionView.as_view(), name="session"),
            path("<int:session_id>/bookings/<int:booking_id>/decline/", reason_view(operation="decline"),
                 name="decline"),
            path("<int:session_id>/bookings/<int:booking_id>/cancel/", reason_view(operation="cancel"),
                 name="cancel"),
        ]
