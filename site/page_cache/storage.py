"""The page cache's storage: entries, their keys, the generation token, memo."""

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
