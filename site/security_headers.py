"""Security headers on every response: Content-Security-Policy (django-csp)
with a second, looser policy for the Wagtail admin, and Permissions-Policy.

Both middlewares sit right after Django's SecurityMiddleware, before
WhiteNoise and the page cache, so static files and pages served from the
page cache get the headers too, built afresh for each response: a stored
page never carries an old policy (see README, "Headers").
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse

_admin_prefix: str | None = None


def admin_prefix() -> str:
    """Where the Wagtail admin is mounted ("/admin/", with any script
    prefix, as request.path has it), read once from the URLs."""
    global _admin_prefix
    if _admin_prefix is None:
        _admin_prefix = reverse("wagtailadmin_home")
    return _admin_prefix


def is_admin(request) -> bool:
    return request.path.startswith(admin_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ADMIN_CONTENT_SECURITY_POLICY instead of
    CONTENT_SECURITY_POLICY under the admin's address. A response that sets
    its own Content-Security-Policy (private attachments: `sandbox`; Wagtail's
    image and document serving) keeps it: django-csp never overwrites one."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": []}` → `camera=()`; `{"fullscreen": ["self"]}` → `fullscreen=(self)`."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class PermissionsPolicyMiddleware:
    """Permissions-Policy from settings.PERMISSIONS_POLICY on every response:
    the browser features the site never uses are switched off for it and for
    anything it frames, so an injected script cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
