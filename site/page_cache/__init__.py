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

from .invalidation import connect
from .middleware import PageCacheMiddleware
from .storage import HEADER, allow, cacheable, clear, enabled, invalidate, memo

__all__ = [
    "HEADER", "PageCacheMiddleware", "allow", "cacheable", "clear", "connect", "enabled", "invalidate",
    "memo",
]
