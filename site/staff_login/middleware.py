"""Until the second step is done, the admin is closed.

Placed after django_otp's OTPMiddleware (which tells whether this session
was verified with a code). For a logged-in person who has not entered a code
in this session, every admin URL — and the staff-only views outside /admin/
— redirects: to 인증 코드 입력 when they have an authenticator, to
2단계 인증 등록 when they must have one and do not. Their own verify and enrol
pages, logging in and out, and what those pages load stay open.
"""

from functools import partial
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from agency_site.staff_login import policy

OPEN_VIEWS = frozenset({
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "staff_login:verify",
    "staff_login:enrol",
})
# Staff-only views served outside the admin's URL prefix: a request's attachments.
STAFF_VIEWS_OUTSIDE_ADMIN = frozenset({"request_attachment"})


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # One level of laziness over the real User (see policy.real_user), so
        # that audit-log entries about request.user are written.
        otp_user = request.user
        request.user = SimpleLazyObject(partial(policy.real_user, otp_user))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS or match.view_name.startswith(
            "wagtailadmin_password_reset"
        ):
            return None
        in_admin = request.path.startswith(reverse("wagtailadmin_home"))
        if not in_admin and match.view_name not in STAFF_VIEWS_OUTSIDE_ADMIN:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if policy.has_second_factor(user):
            target = "staff_login:verify"
        elif policy.must_use_second_factor(user):
            target = "staff_login:enrol"
        else:
            return None  # not required and not enrolled (an editor)
        return redirect(with_next(reverse(target), request.get_full_path()))
