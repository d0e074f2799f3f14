"""Form bodies that cannot be read get the Korean 400 page, on every address
(public forms, the status lookup, the survey, the admin login).

Django reads a form's body lazily, wherever `request.POST` is first used (the
CSRF check, a view, a middleware), and what it does with a broken one varies:
a `charset` other than UTF-8 raises `BadRequest` on every access (the 400
handler itself used to fail on it); invalid UTF-8 is quietly decoded with
replacement characters (or as Latin-1), so a form would validate and store
mojibake; a multipart body cut short is parsed as far as it goes, so the last
answer arrives cut. This middleware refuses (400):

- a urlencoded body that declares a charset other than UTF-8 (Django's rule),
  or whose bytes, %-escapes decoded, are not valid UTF-8 (this includes
  encoded surrogates, which no browser sends), or that could not be read;
- a multipart body without a valid boundary (Django's MultiPartParserError)
  or that does not end with its closing boundary (cut short);
- either with more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields or, urlencoded,
  bigger than DATA_UPLOAD_MAX_MEMORY_SIZE (Django's own limits).

Browsers percent-encode what they send in UTF-8 and close every multipart
body, so no real form post is refused. A urlencoded body is read before the
CSRF check (it is small: Django caps it); a multipart one only after the CSRF
check passed, so that a post without a valid token is refused before any file
is written. The text fields of a multipart body are decoded by Django with
replacement characters: "�" cannot be refused, editors paste it into the admin.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import UnreadablePostError

from agency_site import errors

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
TAIL = 512  # bytes of a multipart body kept to find its closing boundary (at most 200 + 4)


def is_utf8_form(body: bytes) -> bool:
    """Whether a urlencoded body is UTF-8 text once its %-escapes are decoded.
    ("&", "=" and "+" are ASCII, so the whole body can be checked at once.)"""
    try:
        unquote_to_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse(request, message: str, cause=None):
    errors.forget_body(request)  # or every later access to request.POST raises again
    raise BadRequest(message) from cause


def check_form_body(request) -> None:
    """Raise BadRequest (→ the 400 page) for a urlencoded body that is not UTF-8 text."""
    try:
        # Parsed once here; the CSRF check and the view use the same result.
        # Django raises BadRequest for another charset, and TooManyFieldsSent
        # and RequestDataTooBig (which it answers with 400 itself).
        request.POST  # noqa: B018
    except UnreadablePostError as error:
        _refuse(request, "The request body could not be read.", error)
    except BadRequest as error:
        _refuse(request, str(error), error)
    if not is_utf8_form(request.body):
        _refuse(request, "The form data is not valid UTF-8.")


class _TailRecorder:
    """The request's input stream, remembering the last bytes read from it."""

    def __init__(self, stream):
        self._stream = stream
        self.tail = b""

    def _keep(self, data):
        self.tail = (self.tail + data)[-TAIL:]
        return data

    def read(self, *args):
        return self._keep(self._stream.read(*args))

    def readline(self, *args):
        return self._keep(self._stream.readline(*args))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def check_multipart_body(request, recorder: _TailRecorder) -> None:
    """Raise BadRequest (→ the 400 page) for a multipart body cut short."""
    try:
        request.POST  # noqa: B018 -- Django reads the whole body, to its end
    except UnreadablePostError as error:
        _refuse(request, "The request body could not be read.", error)
    boundary = request.content_params.get("boundary", "")
    closing = b"--" + boundary.encode("ascii", errors="replace") + b"--"
    if not recorder.tail.rstrip(b"\r\n\t ").endswith(closing):
        _refuse(request, "The multipart body does not end with its closing boundary.")


class RequestBodyMiddleware:
    """After the CSRF middleware: its request step runs before every view
    check (so a urlencoded body is checked before the CSRF check reads it),
    its view step after the CSRF check passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == FORM:
            check_form_body(request)
        elif request.method == "POST" and request.content_type == MULTIPART and hasattr(request, "_stream"):
            # Django's own stream attribute: the only place the body's end can be seen.
            request._stream = request._body_tail = _TailRecorder(request._stream)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        recorder = getattr(request, "_body_tail", None)
        if recorder is not None:
            check_multipart_body(request, recorder)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadablePostError):  # the client stopped sending the body
            return errors.bad_request(request, exception)
        return None
