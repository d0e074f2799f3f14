"""Who may use the training staff screens (교육 신청, 교육 만족도).

Superusers and members of a team working a queue that training bookings
are routed to; the bookings they see are further limited by
services.requests.access, so a row always opens in 민원 큐. Everyone else
gets no menu item and no screen.
"""

from django.http import Http404
from wagtail.admin.menu import MenuItem

from services.models import Queue, RequestKind, TrainingBooking
from services.requests.access import queues_visible_to, requests_visible_to
from services.requests.staff.common import works_queues_in_admin


def training_queues():
    """The queues training bookings are routed to (the routing rules for 교육 신청)."""
    return Queue.objects.filter(rules__kind=RequestKind.TRAINING)


def may_run_trainings(user) -> bool:
    """Superusers, and members of a team that works a training queue (the
    same rule as services.requests.access: a queue is seen by its team)."""
    queues = queues_visible_to(user).filter(pk__in=training_queues().values("pk"))
    return works_queues_in_admin(user, queues, "_services_runs_trainings")


def visible_bookings(user):
    """The bookings whose requests `user` may open in 민원 큐."""
    return TrainingBooking.objects.filter(request__in=requests_visible_to(user).values("pk"))


class TrainingMenuItem(MenuItem):
    """Shown to training staff only."""

    def is_shown(self, request):
        return may_run_trainings(request.user)


class TrainingStaffMixin:
    """Every training staff view: training staff only. For other staff the
    booking screens do not exist (404, as another team's request in 민원 큐);
    the admin itself sends anonymous visitors to the login page."""

    def dispatch(self, request, *args, **kwargs):
        if not may_run_trainings(request.user):
            self.refuse()
        return super().dispatch(request, *args, **kwargs)

    def refuse(self):
        raise Http404("교육 신청 화면을 찾을 수 없습니다.")
