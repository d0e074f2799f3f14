"""The site's error pages (400, 403, the CSRF failure, 404, 500), which must
never fail themselves.

An error page is shown when something is already wrong, so it depends on
nothing that might be: it is rendered from a fixed, self-contained template
(`errors/layout.html`) WITHOUT the request, so no context processor runs (one
that reads the request's POST data, the user, the site settings or the
database would fail again on the request that caused the error), and nothing
the request carried is put on the page. The one thing read is the agency's
name and 대표전화 (home.identity, usually from the cache), so that someone who
cannot go on here can call; when that fails too, e.g. with the database down,
the page names no one and gives no number rather than ones that may be out
of date. Django's own handlers are decorated with `requires_csrf_token`,
which reads the POST data again: for a body that could not be decoded
(`charset=utf-16`), that raised a second time and turned the 400 into a 500.
If even the template cannot be rendered (e.g. a static file missing from the
manifest), a plain Korean page built from constants is sent instead.

The 404 page is the exception: it is the whole site's layout (navigation,
search box), because a wrong address is ordinary; should that fail, the
self-contained version is sent.
"""

from __future__ import annotations

import contextlib
import logging

from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.views import defaults

from agency_site.contact_links import tel_href

logger = logging.getLogger(__name__)

# Headline and first sentence of each page, for the fallback when even the
# template fails (kept in step with the templates by tests/test_malformed_input.py).
PAGES = {
    400: ("400.html", "요청을 처리할 수 없습니다",
          "보내신 요청의 형식이 올바르지 않아 처리하지 못했습니다."),
    403: ("403.html", "이 페이지를 볼 수 없습니다",
          "이 페이지는 권한이 있는 분만 볼 수 있습니다."),
    "csrf": ("403_csrf.html", "페이지를 새로 고친 뒤 다시 보내 주세요",
             "보안 확인을 하지 못해 보내신 내용을 처리하지 않았습니다."),
    404: ("errors/404.html", "페이지를 찾을 수 없습니다",
          "주소를 직접 입력하셨다면 맞게 입력했는지 확인해 주세요."),
    500: ("500.html", "일시적인 오류가 발생했습니다", "죄송합니다. 잠시 후 다시 시도해 주세요."),
}

FALLBACK = (
    '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta name="robots" content="noindex">\n'
    "<title>{title}{suffix}</title>\n</head>\n<body>\n<main>\n"
    "<h1>{title}</h1>\n<p>{text}</p>\n{phone}"
    '<p><a href="/">첫 화면으로 가기</a></p>\n</main>\n</body>\n</html>\n'
)


def fallback_html(page, agency_name: str = "", phone: str = "") -> str:
    _template, title, text = PAGES[page]
    suffix = f" | {escape(agency_name)}" if agency_name else ""
    href = tel_href(phone)
    call = f'<p>문의: 대표전화 <a href="{href}">{escape(phone)}</a></p>\n' if href else ""
    return FALLBACK.format(title=escape(title), text=escape(text), suffix=suffix, phone=call)


def agency_identity() -> tuple[str, str]:
    """The agency's name and 대표전화 as the site shows them, or ("", "") when
    they cannot be read (the database may be the very reason for the error)."""
    try:
        from home import identity

        current = identity.current()
        return current.name, current.phone
    except Exception:  # whatever it is, the error page is sent without them
        logger.warning("The agency's name could not be read for an error page.", exc_info=True)
        return "", ""


def agency_name() -> str:
    return agency_identity()[0]


def error_page(page, status: int) -> HttpResponse:
    """The error page `page` (a key of PAGES) with `status`, rendered without the request."""
    template_name = PAGES[page][0]
    name, phone = agency_identity()
    try:
        # No request: no context processors, only what was read above.
        content = loader.get_template(template_name).render({"agency_name": name, "agency_phone": phone})
    except Exception:  # the last line of defence: anything at all, then the constant page
        logger.exception("Error page %s could not be rendered; sending the plain version.", template_name)
        content = fallback_html(page, name, phone)
    response = HttpResponse(content, status=status, content_type="text/html; charset=utf-8")
    # Not kept by browsers or proxies: the same address may work on the next try.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def forget_body(request) -> None:
    """Make the request's POST data empty for anything that still reads it
    after the error (the 404 template's context, a middleware on the way
    out): a body Django refused to decode would otherwise raise again, and
    nothing needs the answers once the error page is being sent. Django does
    the same itself for a body that is too big (`_mark_post_parse_error`)."""
    mark = getattr(request, "_mark_post_parse_error", None)
    if callable(mark):
        with contextlib.suppress(Exception):  # only a precaution: the page is sent anyway
            mark()


def bad_request(request, exception=None):
    """handler400: an undecodable body, too many fields, a bad Host header…"""
    forget_body(request)
    return error_page(400, 400)


def permission_denied(request, exception=None):
    """handler403."""
    forget_body(request)
    return error_page(403, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was open too long (its token is stale), or
    cookies are blocked. Django has already logged `reason`; it is not shown."""
    forget_body(request)
    return error_page("csrf", 403)


def page_not_found(request, exception=None):
    """handler404: the site's own 404.html (full layout), or the self-contained
    version if that cannot be rendered for this request."""
    forget_body(request)  # Django's handler reads it again (requires_csrf_token)
    try:
        return defaults.page_not_found(request, exception)
    except Exception:
        logger.exception("The 404 page could not be rendered; sending the self-contained version.")
        return error_page(404, 404)


def server_error(request):
    """handler500."""
    forget_body(request)
    return error_page(500, 500)
