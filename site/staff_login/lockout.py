"""The lockout after repeated wrong passwords (django-axes, database handler).

Axes counts failures per username and, separately, per client address
(AXES_LOCKOUT_PARAMETERS); either reaching AXES_FAILURE_LIMIT within
AXES_COOLOFF_TIME locks logins for it until that long after the last failure.
This module says so in Korean on Wagtail's login page, works out who is
locked for the admin screen, and unlocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpResponse
from django.utils import timezone

from agency_site.client_ip import UNKNOWN, client_ip

USERNAME, ADDRESS = "username", "ip_address"


def cool_off_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


def message() -> str:
    return (
        f"로그인에 여러 번 실패해 이 계정 또는 접속한 곳의 로그인이 잠겼습니다. "
        f"마지막 시도로부터 {cool_off_minutes()}분이 지나면 다시 로그인할 수 있습니다. "
        f"급한 경우 사이트 관리자에게 잠금 해제를 요청해 주세요."
    )


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address from agency_site.client_ip (which
    honours TRUSTED_PROXY_COUNT). Axes stores it in an IP-address column, so
    an address that cannot be known is None (one shared bucket) rather than
    the text "unknown"."""
    address = client_ip(request)
    return None if address == UNKNOWN else address


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE. The login form has already put the Korean
    message in Wagtail's own error area (staff_login.forms.LoginForm): keep
    that page, with 429 Too Many Requests."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if isinstance(original_response, HttpResponse) and original_response.status_code == 200:
        original_response.status_code = status
        return original_response
    return HttpResponse(message(), status=status, content_type="text/plain; charset=utf-8")


@dataclass
class Locked:
    parameter: str  # USERNAME or ADDRESS
    value: str
    failures: int
    last_failure: datetime
    until: datetime


def _threshold():
    return timezone.now() - get_cool_off()


def locked(parameter: str) -> list[Locked]:
    """Usernames or addresses locked now, counted as axes counts them: the
    failures of attempts whose last failure is within the cool-off period."""
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=_threshold())
        .exclude(**{f"{parameter}__isnull": True})
        .values(parameter)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        Locked(parameter, row[parameter], row["failures"], row["last"], row["last"] + get_cool_off())
        for row in rows
    ]


def failures_counted(parameter: str, value) -> int:
    if value is None:
        return 0
    total = AccessAttempt.objects.filter(attempt_time__gte=_threshold(), **{parameter: value}).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def unlock(parameter: str, value: str) -> int:
    """Forget the failures of a username or an address; returns how many
    attempt records were removed."""
    if parameter == USERNAME:
        return reset(username=value)
    return reset(ip=value)
