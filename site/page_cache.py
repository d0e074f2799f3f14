"""A cache of whole public pages for anonymous visitors.

Almost every visitor is anonymous and reads the same ~100 pages, which change
only when an editor publishes something. So the finished response (status,
headers, body, plus gzip and Brotli versions of the body) is kept and served
again without running sessions, authentication, the database or templates.
(wagtail-cache would do this but does not support Wagtail 8.)

What is stored: a GET answered with 200 by a view that opted in (every Wagtail
page type whose class says `page_cache = True`, i.e. BasePage and all but the
request forms; the search results), for a visitor without a session, when the
response sets no cookie, did not use the CSRF token or a CSP nonce, is not
private/no-store and was not a preview. Everything else simply passes through.

Why this is safe with CSRF and personal data: a page that renders a CSRF
token calls `get_token()`, which marks the request
(META["CSRF_COOKIE_NEEDS_UPDATE"]) and makes the response set the CSRF cookie;
either one keeps it out of the cache. Those pages are exactly the forms, and
the request forms also carry a person's answers; they are never cached (they
say `page_cache = False` and send `Cache-Control: private, no-store` as
well). Anyone with a session cookie (editors, staff, an applicant half-way
through a form, someone who looked up a request's status) bypasses the cache
entirely, both ways: they are never served a stored page and never store one.

Keys: scheme + host + path + query string with its parameters in a stable
order (`?a=1&b=2` and `?b=2&a=1` are one page; repeated parameters keep their
order), plus a fingerprint of the static files manifest, so that after a
deploy no page points at CSS/JS names that no longer exist.

Invalidation: the site is small (~100 pages), so any change that could show on
a page — a page published, unpublished, saved, moved or deleted, a snippet,
site setting, image, document, tag, view restriction or Site edited — drops
the whole cache rather than working out which pages show what. It is done by
changing a *generation* token that every entry records; an entry from another
generation is a miss. The token lives where every process serving the site
sees it:

- pages in per-process memory (the default; no server needed): a small file
  (PAGE_CACHE_GENERATION_FILE) that all gunicorn workers of a machine read —
  one small read per hit; an empty setting keeps it in process memory (tests,
  a single process);
- pages in a shared cache (Redis when REDIS_URL is set): a key in that cache.

The token is read *before* a page is rendered and stored with it, so a page
rendered from data that changed while it was rendering is stored under the
old generation and never served. The token changes at once (the editor sees
the result straight away) and again after the transaction commits (so a
render that read the old data in the meantime is not kept either).

Staleness is bounded by PAGE_CACHE_SECONDS (10 minutes by default) for what no
signal reports: the date passing, a deploy that changes templates only.

The same generation also keeps, between edits, what every page needs (the
Site, the main menu, the footer's settings: `memo()`), so pages that cannot
come from the cache skip those queries too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import re
import tempfile
import threading
import uuid
from operator import itemgetter
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import brotli
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"  # hit | miss (rendered and stored) | off (not cacheable)
_ALLOWED = "_page_cache_allowed"
_GENERATION_KEY = "generation"
# Responses that vary on anything else are not stored (the key does not say).
_HARMLESS_VARY = {"cookie", "accept-encoding"}
_UNCACHEABLE = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_ACCEPTS_BR = re.compile(r"\bbr\b")
_NOT_STORED_HEADERS = {"set-cookie", "content-length", "content-encoding", HEADER.lower()}
_BROTLI_QUALITY = 5  # a fraction of a millisecond per page; level 11 is ~100× slower for ~5 % less


def allow(request) -> None:
    """Mark the response to `request` as the same for every anonymous visitor."""
    setattr(request, _ALLOWED, True)


def cacheable(view):
    """Decorator for a view whose anonymous GET responses may be cached."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        allow(request)
        return view(request, *args, **kwargs)

    wrapped.page_cache_view = True
    return wrapped


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


# --- storage -----------------------------------------------------------------


class Generation:
    """The token that says which entries are current (see the module docstring)."""

    def __init__(self):
        self._local = uuid.uuid4().hex
        self._lock = threading.Lock()

    @staticmethod
    def _cache():
        return caches[settings.PAGE_CACHE_ALIAS]

    @classmethod
    def _shared_cache(cls):
        """The pages cache when other processes see it too, else None."""
        cache = cls._cache()
        return None if isinstance(cache, LocMemCache) else cache

    @staticmethod
    def _file() -> Path | None:
        name = getattr(settings, "PAGE_CACHE_GENERATION_FILE", "")
        return Path(name) if name else None

    def current(self) -> str | None:
        """The current token, or None when it cannot be read (then nothing is cached)."""
        try:
            return self._current()
        except OSError:
            logger.exception("Cannot read the page cache generation; pages are not cached")
            return None

    def _current(self) -> str:
        shared = self._shared_cache()
        if shared is not None:
            token = shared.get(_GENERATION_KEY)
            if token is None:  # first use, or evicted: start a fresh one
                shared.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                token = shared.get(_GENERATION_KEY) or ""
            return token
        path = self._file()
        if path is None:
            return self._local
        try:
            return path.read_text()
        except FileNotFoundError:
            self.bump()
            return path.read_text()

    def bump(self) -> None:
        token = uuid.uuid4().hex
        shared = self._shared_cache()
        if shared is not None:
            shared.set(_GENERATION_KEY, token, timeout=None)
            return
        path = self._file()
        if path is None:
            self._local = token
            return
        with self._lock:
            # Write then rename: a reader sees the old token or the new one, never half.
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".generation-")
            try:
                with os.fdopen(fd, "w") as file:
                    file.write(token)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise


generation = Generation()


def invalidate(**_signal_kwargs) -> None:
    """Forget every stored page, now and once the current transaction commits."""
    try:
        generation.bump()
    except OSError:
        logger.exception("Could not invalidate the page cache")
    transaction.on_commit(_bump_quietly)


def _bump_quietly():
    try:
        generation.bump()
    except OSError:
        logger.exception("Could not invalidate the page cache")


def clear() -> None:
    """Forget every stored page (tests, `manage.py clear_page_cache`)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    # RedisCache.clear() would flush the whole Redis database (rate limits
    # too); there the new generation alone makes every entry unreachable.
    if isinstance(cache, LocMemCache):
        cache.clear()
    generation.bump()


_release = None


def _release_fingerprint() -> str:
    """Changes when the collected static files change (a deploy)."""
    global _release
    if _release is None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        # Only the manifest storage of production has one; elsewhere names never change.
        _release = getattr(staticfiles_storage, "manifest_hash", "") or ""
    return _release


def cache_key(request) -> str:
    """Scheme, host, path and the query string in a stable order."""
    query = request.META.get("QUERY_STRING", "")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(sorted(pairs, key=itemgetter(0)))  # stable: repeated keys keep their order
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "page:" + hashlib.sha256(f"{_release_fingerprint()}|{address}".encode()).hexdigest()


class Entry:
    """What is stored: the response in the three encodings browsers ask for."""

    __slots__ = ("generation", "status", "headers", "body", "gzip", "brotli")

    def __init__(self, generation_token, response):
        self.generation = generation_token
        self.status = response.status_code
        self.headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED_HEADERS]
        self.body = response.content
        # Compressed once here instead of by GZipMiddleware on every hit. The
        # bodies hold no secret (no CSRF token, nothing personal), so the
        # BREACH attack has nothing to find in them.
        self.gzip = compress_string(self.body)
        self.brotli = brotli.compress(self.body, quality=_BROTLI_QUALITY)

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def response(self, request, state: str) -> HttpResponse:
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        encoding = None
        body = self.body
        if _ACCEPTS_BR.search(accepted) and len(self.brotli) < len(body):
            encoding, body = "br", self.brotli
        elif _ACCEPTS_GZIP.search(accepted) and len(self.gzip) < len(body):
            encoding, body = "gzip", self.gzip
        response = HttpResponse(body, status=self.status, headers=self.headers)
        if encoding:
            # GZipMiddleware leaves a response alone once it has an encoding.
            response.headers["Content-Encoding"] = encoding
        response.headers["Content-Length"] = str(len(body))
        patch_vary_headers(response, ("Accept-Encoding",))
        response.headers[HEADER] = state
        return response


def memo(name: str, compute):
    """`compute()`, remembered until anything shown on pages changes (the
    same generation as the pages), for what every page needs and few edits
    change: the Site, the main menu, the contact settings. Saves the queries
    of pages that cannot come from the page cache (forms, visitors with a
    session, the first visitor after a change). Only with the page cache on,
    so tests, which roll the database back between them, see no leftovers.
    Values are pickled into the cache: each request gets its own copy."""
    if not enabled():
        return compute()
    token = generation.current()
    if token is None:
        return compute()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    key = f"memo:{name}"
    stored = cache.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    value = compute()
    cache.set(key, (token, value), settings.PAGE_CACHE_SECONDS)
    return value


def _remember_site(request) -> None:
    """Give Wagtail the request's Site (with its root page as its specific
    type, where routing starts) from the memo instead of two queries."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 (fetched now, so it is remembered with the site)
        return site

    site = memo(f"site:{hostname}:{port}", find)
    if site is not None:
        request._wagtail_site = site  # where Site.find_for_request keeps it


# --- middleware --------------------------------------------------------------


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


# --- what makes pages cacheable and what invalidates them ---------------------


def _allow_wagtail_page(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: page types opt in with `page_cache`."""
    if getattr(page, "page_cache", False):
        allow(request)


def _shown_on_pages(model) -> bool:
    """Models whose changes can show on a public page."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    if model is ContentType:
        return False
    shown = (Page, PageViewRestriction, Site, Tag, BaseSiteSetting, BaseGenericSetting,
             get_image_model(), get_document_model(), *get_snippet_models())
    return issubclass(model, shown)


_connected = False


def connect() -> None:
    """Hook into Wagtail and the model signals (from the app's ready())."""
    global _connected
    if _connected:
        return
    _connected = True
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import hooks
    from wagtail.signals import page_published, page_unpublished, post_page_move

    hooks.register("before_serve_page", _allow_wagtail_page)
    # Scheduled publishing (publish_scheduled) sends page_published too.
    page_published.connect(invalidate, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="page_cache_moved")
    # Any model: whether it matters is decided per class, once (see _memo).
    post_save.connect(_invalidate_for_model, dispatch_uid="page_cache_saved")
    post_delete.connect(_invalidate_for_model, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_invalidate_for_m2m, dispatch_uid="page_cache_m2m")


_memo: dict[type, bool] = {}


def _invalidate_for_model(sender, **kwargs):
    shown = _memo.get(sender)
    if shown is None:
        shown = _memo[sender] = _shown_on_pages(sender)
    if shown:
        invalidate()


def _invalidate_for_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _invalidate_for_model(type(instance))
