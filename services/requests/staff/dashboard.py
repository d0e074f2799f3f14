"""The 민원 큐 panel on the admin home: the user's open requests and the
overdue ones among those they may see, each linking to the listing."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from services.models import OPEN_STATUSES
from services.requests.access import requests_visible_to
from services.requests.staff.common import STAFF_CSS_FILE, listing_url, mine_url, overdue_url


class RequestQueuePanel(Component):
    name = "service_requests"
    order = 50
    template_name = "services/admin/dashboard_panel.html"

    class Media:
        css = {"all": [STAFF_CSS_FILE]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        counts = requests_visible_to(self.user).filter(status__in=OPEN_STATUSES).aggregate(
            mine=Count("pk", filter=Q(assignee=self.user)),
            overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        )
        return {
            "mine": counts["mine"],
            "overdue": counts["overdue"],
            "mine_url": mine_url(self.user),
            "overdue_url": overdue_url(),
            "listing_url": listing_url(),
        }
