"""The 민원 큐 panel on the admin home, and the counts the admin menu shows.

Per queue the user sees: 새 요청 (접수, nobody has looked yet), 담당자 없음,
오늘 마감 and 기한 지남, each number a link to the listing filtered to
exactly those requests (the filters are services.requests.staff.filters,
which define each count once). Every figure comes from
`requests_visible_to(user)` and from one aggregate query grouped by queue,
kept on the user object for the request: the menu asks for it on every
admin page, the panel on the home page, and neither should ask twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from services.models import OPEN_STATUSES, Status
from services.requests.access import queues_visible_to, requests_visible_to
from services.requests.staff.common import STAFF_CSS_FILE, listing_url, mine_url, overdue_url
from services.requests.staff.filters import (
    OPEN,
    TODAY,
    YES,
    due_today_q,
    needs_attention_q,
    new_q,
    overdue_q,
    unassigned_q,
)

_CACHE_ATTRIBUTE = "_services_queue_counts"
COUNTED = ("new", "unassigned", "due_today", "overdue", "attention", "mine")


@dataclass
class QueueCounts:
    queue_id: int | None = None  # None: all the user's queues together
    name: str = ""
    new: int = 0
    unassigned: int = 0
    due_today: int = 0
    overdue: int = 0
    attention: int = 0  # new, unassigned or overdue: what the menu counts
    mine: int = 0

    def add(self, other: QueueCounts) -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def _url(self, **params) -> str:
        if self.queue_id is not None:
            params = {"queue": self.queue_id, **params}
        return listing_url(**params)

    # The listing each number links to: the same conditions as the count.
    @property
    def new_url(self) -> str:
        return self._url(status=Status.SUBMITTED)

    @property
    def unassigned_url(self) -> str:
        return self._url(state=OPEN, assignee="null")

    @property
    def due_today_url(self) -> str:
        return self._url(due=TODAY)

    @property
    def overdue_url(self) -> str:
        return self._url(overdue=YES)


def counts_by_queue(user) -> dict[int, QueueCounts]:
    """{queue id: its counts} for the open requests `user` may see; queues
    without open requests are left out. One query, once per request."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    now = timezone.now()
    rows = (
        requests_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .values("queue")
        .annotate(
            new=Count("pk", filter=new_q()),
            unassigned=Count("pk", filter=unassigned_q()),
            due_today=Count("pk", filter=due_today_q(now)),
            overdue=Count("pk", filter=overdue_q(now)),
            attention=Count("pk", filter=needs_attention_q(now)),
            mine=Count("pk", filter=Q(assignee=user.pk)),
        )
        .order_by()
    )
    counts = {
        row["queue"]: QueueCounts(queue_id=row["queue"], **{n: row[n] for n in COUNTED}) for row in rows
    }
    setattr(user, _CACHE_ATTRIBUTE, counts)
    return counts


def total(counts) -> QueueCounts:
    result = QueueCounts(name="합계")
    for queue_counts in counts:
        result.add(queue_counts)
    return result


class RequestQueuePanel(Component):
    name = "service_requests"
    order = 50
    template_name = "services/admin/dashboard_panel.html"

    class Media:
        css = {"all": [STAFF_CSS_FILE]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        counts = counts_by_queue(self.user)
        # Every queue the user works that is in use, and any other still holding open requests.
        queues = queues_visible_to(self.user).filter(Q(is_active=True) | Q(pk__in=list(counts)))
        rows = []
        for queue in queues.order_by("name"):
            row = counts.get(queue.pk) or QueueCounts(queue_id=queue.pk)
            row.name = queue.name
            rows.append(row)
        totals = total(counts.values())
        return {
            "rows": rows,
            "totals": totals if len(rows) > 1 else None,
            "mine": totals.mine,
            "overdue": totals.overdue,
            "mine_url": mine_url(self.user),
            "overdue_url": overdue_url(),
            "listing_url": listing_url(),
        }
