"""Serving and storing anonymous pages (agency_site.page_cache)."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost

from .storage import (
    _ALLOWED,
    _HARMLESS_VARY,
    _UNCACHEABLE,
    HEADER,
    Entry,
    _remember_site,
    cache_key,
    enabled,
    generation,
)

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    """Serves and stores anonymous pages. Placed right after WhiteNoise and
    GZip and before the session middleware, so a hit costs no session,
    authentication or database work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further in
        if request.method not in ("GET", "HEAD") or self._personal(request):
            return self.get_response(request)
        key = cache_key(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        token = generation.current()
        if token is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None and entry.generation == token:
            return entry.response(request, "hit")

        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            entry = Entry(token, response)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            return entry.response(request, "miss")
        response.headers.setdefault(HEADER, "off")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """For the views that show site pages (Wagtail's, the search), the
        Site from the memo. Only for them: the health checks must not touch
        the database even once."""
        from wagtail.views import serve

        if enabled() and (view_func is serve or getattr(view_func, "page_cache_view", False)):
            _remember_site(request)

    @staticmethod
    def _personal(request) -> bool:
        """A visitor whose pages may differ from everyone else's."""
        cookies = request.COOKIES
        return (
            settings.SESSION_COOKIE_NAME in cookies
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
            or "HTTP_AUTHORIZATION" in request.META
        )

    @staticmethod
    def _storable(request, response) -> bool:
        if not getattr(request, _ALLOWED, False) or getattr(request, "is_preview", False):
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # The page rendered a CSRF token (a form): it is per visitor.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        # The page carries a CSP nonce (django-csp's lazy `request.csp_nonce`
        # is true once read): valid for this response's header only.
        if getattr(request, "csp_nonce", None):
            return False
        if _UNCACHEABLE.search(response.get("Cache-Control", "")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= _HARMLESS_VARY:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
