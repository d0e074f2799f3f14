"""Refuse request bodies larger than any valid form could send, before
anything reads them.

Django parses a multipart body the first time anything touches
`request.POST` or `request.FILES`, streaming every file in it to a temporary
file on disk (over 2.5MB) — and CsrfViewMiddleware touches `request.POST` for
every POST before any view runs. A check in the page would therefore come
after the whole body was read and written to disk; this middleware, placed
near the top of MIDDLEWARE, looks only at the declared Content-Length and
answers 413 with a Korean page instead. Django never reads more than
Content-Length, and a body without one (chunked) is not read at all, so the
declared length bounds what is read.

The largest valid body: the application form's attachments (3 × 10MB), or a
document uploaded in the admin (WAGTAILDOCS_MAX_UPLOAD_SIZE, 20MB), plus
1MB for the other fields and the multipart framing.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from services.requests.upload_checks import MAX_ATTACHMENTS, MAX_UPLOAD_SIZE

FIELDS_ALLOWANCE = 1024 * 1024


def max_body_size() -> int:
    largest_upload = max(
        MAX_ATTACHMENTS * MAX_UPLOAD_SIZE,
        getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 0) or 0,
        getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 0) or 0,
    )
    return largest_upload + FIELDS_ALLOWANCE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = max_body_size()

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads nothing for a length it cannot parse either
        if declared > self.limit:
            # The servers (gunicorn, runserver) discard the unread body; no
            # Connection header here, which WSGI leaves to them.
            # Fixed text, like the other error pages: rendered without the request.
            context = {"max_files": MAX_ATTACHMENTS, "max_file_mb": MAX_UPLOAD_SIZE // (1024 * 1024)}
            return HttpResponse(render_to_string("413.html", context), status=413)
        return self.get_response(request)
