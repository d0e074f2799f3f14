"""What the staff screens of 민원 큐 share: links into the listing and to a
request's page, how times and people are written, the screens' stylesheet.

The training staff screens (services.training.staff) use these too, so a
booking's row opens the same request page and reads the same way.
"""

from django.forms import Media
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.utils import get_user_display_name

from services.requests.staff.filters import OPEN, YES

STAFF_CSS_FILE = "services/admin/staff-queues.css"
STAFF_CSS = Media(css={"all": [STAFF_CSS_FILE]})
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def listing_url(**params) -> str:
    """The request listing, filtered by `params` (the filter names of
    services.requests.staff.filters)."""
    url = reverse("service_requests:index")
    return f"{url}?{urlencode(params)}" if params else url


def mine_url(user) -> str:
    return listing_url(assignee=user.pk, state=OPEN)


def overdue_url() -> str:
    return listing_url(overdue=YES)


def inspect_url(service_request) -> str:
    return reverse("service_requests:inspect", args=[service_request.pk])


def local_text(value) -> str:
    return timezone.localtime(value).strftime(DATETIME_FORMAT) if value else ""


def display_name(user) -> str:
    return get_user_display_name(user) if user else ""


def works_queues_in_admin(user, queues, cache_attribute: str) -> bool:
    """Whether `user` is staff for `queues` (some of the queues they see,
    from services.requests.access): superusers, and active users of the admin
    for whom `queues` is not empty. Kept on the user for the request, as the
    menus ask for every item."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, cache_attribute, None)
    if cached is None:
        cached = user.has_perm("wagtailadmin.access_admin") and queues.exists()
        setattr(user, cache_attribute, cached)
    return cached


def form_problems(form) -> str:
    """A form's errors as one sentence for a message at the top of the page."""
    return " ".join(message for errors in form.errors.values() for message in errors)
