"""The applicant's own view of a request: status lookup and withdrawal.

/requests/status/            reference + phone number → the status page
/requests/status/<token>/    the signed link from our e-mail: checked, then 303 to view/
/requests/status/view/       the status page of the request verified in this session
/requests/status/withdraw/   "신청 취소하기", with a confirmation step
/requests/status/reply/      the answer to a 보완요청 (text and files; services.requests.replies)
/requests/status/end/        forget the verified request (shared computers)

A person sees a request only after proving they know its reference and the
phone number given with it, or by opening the signed link we e-mailed. The
proof is kept in the session (the request's pk and when it was given) for
`VERIFIED_FOR`; withdrawal and replies are reachable only through it. A wrong reference
and a wrong phone number get exactly the same answer, so the form does not
tell anyone which references exist. Lookups are rate-limited per client.
No response here is cached or indexed.

The signed link is a bearer key (valid for 180 days, it allows withdrawal),
so it is used once and gets out of the way: its address only checks the
token, keeps the proof in the session (server-side; only a random session
id travels in the cookie) and answers 303 with the token-free address of
the status page. So the token appears in one request line of the access log
(and the production access log masks it: agency_site.access_log), never in
a page's address, history entry, form or Referer header; that response
says `Referrer-Policy: no-referrer` and `Cache-Control: no-store`.
"""

from __future__ import annotations

import hmac
import logging
import time
from functools import wraps

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agency_site.http import SeeOther
from services.models import RequestUpdate, ServiceRequest, Status, contacts
from services.requests import kinds, notifications, pipeline, ratelimit, references, replies, status_page
from services.requests.sms.links import initial_reference
from services.requests.validators import normalise_korean_phone

logger = logging.getLogger(__name__)

SESSION_KEY = "request_status_verified"
FLASH_KEY = "request_status_flash"
VERIFIED_FOR = 60 * 60  # seconds a successful lookup stays valid in the session

NOT_FOUND = (
    "접수번호와 전화번호가 맞는 신청을 찾지 못했습니다. "
    "접수 안내 문자나 전자우편에 있는 접수번호와 신청할 때 적은 전화번호를 다시 확인해 주세요."
)
LINK_INVALID = (
    "이 링크는 기간이 지났거나 올바르지 않습니다. 접수번호와 전화번호로 진행 상황을 조회해 주세요."
)

# Why a request that is not (or no longer) withdrawable cannot be cancelled here.
NOT_WITHDRAWABLE_REASONS = {
    Status.IN_PROGRESS: (
        "담당자가 이미 신청하신 일을 진행하고 있어 누리집에서 취소할 수 없습니다. "
        "취소하려면 담당 부서로 연락해 주세요."
    ),
    Status.RESOLVED: "처리가 끝난 신청이라 취소할 수 없습니다.",
    Status.REJECTED: "처리가 끝난 신청이라 취소할 수 없습니다.",
    Status.WITHDRAWN: "이미 취소된 신청입니다.",
}


# ---------------------------------------------------------------------------
# Form
# ---------------------------------------------------------------------------


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label="접수번호", max_length=40,
        help_text=(
            f"신청을 마친 뒤 받은 번호입니다. 예: {references.EXAMPLE} "
            "(앞의 영문 두 글자와 붙임표(-)는 빼고 숫자만 적어도 됩니다)"
        ),
        error_messages={
            "required": "접수번호를 입력해 주세요.",
            "max_length": references.FORMAT_MESSAGE,
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    phone = forms.CharField(
        label="전화번호", max_length=40,
        help_text="신청할 때 적은 전화번호를 입력해 주세요. 예: 010-1234-5678",
        error_messages={
            "required": "전화번호를 입력해 주세요.",
            "max_length": "전화번호는 010-1234-5678 처럼 입력해 주세요.",
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_reference(self):
        # Full-width digits, spaces, hyphens, a missing prefix: services.requests.references.
        reference = references.normalise(self.cleaned_data["reference"])
        if not references.is_well_formed(reference):
            raise ValidationError(references.FORMAT_MESSAGE, code="invalid")
        if not references.is_valid(reference):  # a misheard or mistyped digit: no query needed
            raise ValidationError(references.TYPO_MESSAGE, code="check_digit")
        return references.resolve(reference, ServiceRequest.objects)

    def clean_phone(self):
        try:
            return normalise_korean_phone(self.cleaned_data["phone"])
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=getattr(error, "code", "invalid")) from error

    def find(self) -> ServiceRequest | None:
        """The request with this reference and phone number, or None.

        Both outcomes take the same path: when the reference does not exist
        the typed number is still compared (with a placeholder), in constant time.
        """
        typed = self.cleaned_data["phone"].encode()
        found = ServiceRequest.objects.filter(reference=self.cleaned_data["reference"]).first()
        stored = found.phone.encode() if found else b"\x00" * len(typed)
        return found if hmac.compare_digest(stored, typed) and found else None


# ---------------------------------------------------------------------------
# The verified request in the session
# ---------------------------------------------------------------------------


def remember(http_request, service_request: ServiceRequest) -> None:
    http_request.session.cycle_key()  # a new session id for the new privilege
    http_request.session[SESSION_KEY] = {"pk": service_request.pk, "at": int(time.time())}


def verified_request(http_request) -> ServiceRequest | None:
    """The request this session has proved it may see, while the proof is fresh."""
    proof = http_request.session.get(SESSION_KEY)
    if not isinstance(proof, dict) or not isinstance(proof.get("at"), int):
        return None
    if time.time() - proof["at"] > VERIFIED_FOR:
        forget(http_request)
        return None
    found = ServiceRequest.objects.filter(pk=proof.get("pk")).first()
    if found is None:
        forget(http_request)
    return found


def forget(http_request) -> None:
    http_request.session.pop(SESSION_KEY, None)


def private_page(view):
    """Never cached, never indexed: these pages are about one person's request
    (the status lookup, the training survey)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


def token_page(view):
    """For an address that carries a signed token (the e-mailed links): private
    like the rest, and the browser never sends that address on as a Referer
    (from the page, nor from where a redirect leads)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return private_page(wrapped)


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def _lookup_page(request, form, *, status=200, notice=""):
    # Before a request is found the page gives the 대표전화; without one, the
    # team of the queue for requests no rule matches (a callable: read only then).
    context = {"form": form, "notice": notice, "contact_team": contacts.default_team}
    return render(request, "services/status_lookup.html", context, status=status)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request):
    if request.method != "POST":
        # The SMS's short link fills in the reference; the phone number is still asked.
        return _lookup_page(request, StatusLookupForm(initial=initial_reference(request.GET)))
    if not ratelimit.hit(request, ratelimit.LOOKUP):
        return _rate_limited(request)
    form = StatusLookupForm(request.POST)
    if form.is_valid():
        found = form.find()
        if found is not None:
            remember(request, found)
            return redirect("request_status:detail")
        form.add_error(None, NOT_FOUND)
    return _lookup_page(request, form)


@token_page
@require_safe
def signed(request, token):
    pk = notifications.request_pk_from_token(token)
    found = ServiceRequest.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        return _lookup_page(request, StatusLookupForm(), status=400, notice=LINK_INVALID)
    remember(request, found)
    return SeeOther(reverse("request_status:detail"))  # the token stays out of the address bar


def _detail_page(request, service_request, *, status=200, error="", error_title="", flash="",
                 reply_form=None, unsent_reply=""):
    public = list(service_request.updates.filter(is_public=True).prefetch_related("attachments")
                  .order_by("created_at", "pk"))
    timeline = [u for u in public if u.kind != RequestUpdate.Kind.MESSAGE]
    messages = [u for u in public if u.kind == RequestUpdate.Kind.MESSAGE]
    waiting = service_request.status == Status.WAITING
    waiting_for = status_page.waiting_request(service_request)  # what staff asked for
    context = {
        "service_request": service_request,
        "timeline": timeline,
        "staff_messages": messages,
        "waiting_for": waiting_for,
        "reply_form": (reply_form or replies.ReplyForm()) if waiting else None,
        "unsent_reply": unsent_reply,
        "withdrawable": service_request.status in pipeline.WITHDRAWABLE,
        "not_withdrawable_reason": NOT_WITHDRAWABLE_REASONS.get(service_request.status, ""),
        "error": error,
        "error_title": error_title or "신청을 취소할 수 없습니다",
        "flash": flash,
        # What the status means, the promise, the next steps; the kind may say it its own way.
        **status_page.context(service_request),
        **kinds.page_context(service_request),
    }
    return render(request, "services/status_detail.html", context, status=status)


@private_page
@require_safe
def detail(request):
    found = verified_request(request)
    if found is None:
        return redirect("request_status:lookup")
    return _detail_page(request, found, flash=request.session.pop(FLASH_KEY, ""))


def _rate_limited(request):
    # "급하시면 전화로 문의해 주세요": with the number to call.
    context = {"message": ratelimit.MESSAGE, "contact_team": contacts.default_team}
    return render(request, "services/status_rate_limited.html", context, status=429)


def _applicant_action(request):
    """(the verified request, None), or (None, the page to answer with instead).
    Every POST counts against the lookup's allowance (one per client for the
    status pages), so that withdrawing and answering cannot be used to probe."""
    if request.method == "POST" and not ratelimit.hit(request, ratelimit.LOOKUP):
        return None, _rate_limited(request)
    found = verified_request(request)
    if found is None:
        return None, redirect("request_status:lookup")
    return found, None


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request):
    """GET or a POST without `confirm`: ask "정말 취소할까요?"; POST with confirm: withdraw."""
    found, refused = _applicant_action(request)
    if refused:
        return refused
    if found.status not in pipeline.WITHDRAWABLE:
        return _detail_page(request, found, status=409, error=NOT_WITHDRAWABLE_REASONS.get(found.status, ""))
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "services/status_withdraw_confirm.html", {"service_request": found})
    try:
        # The kind may do more (a training booking gives its seat to the next person waiting).
        (kinds.get(found.kind).withdraw or pipeline.withdraw)(found)
    except (PermissionDenied, ValidationError):  # its status changed a moment ago
        found.refresh_from_db()
        reason = NOT_WITHDRAWABLE_REASONS.get(found.status) or "지금은 신청을 취소할 수 없습니다."
        return _detail_page(request, found, status=409, error=reason)
    request.session[FLASH_KEY] = "신청을 취소했습니다."
    return redirect("request_status:detail")


REPLY_REFUSED_TITLE = "답변을 보낼 수 없습니다"
REPLY_REFUSED = pipeline.NOT_WAITING + " 더 알릴 내용이 있으면 담당 팀에 전화해 주세요."
REPLY_NOT_STORED = (
    "지금은 파일을 받을 수 없어 답변을 보내지 못했습니다. 잠시 뒤 파일을 다시 골라 보내 주시거나, "
    "급하시면 담당 팀에 전화해 주세요."
)
REPLY_SENT = "답변을 보냈습니다. 담당자가 확인한 뒤 이어서 처리하고, 필요하면 연락드립니다."


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def reply(request):
    """The applicant's answer to a 보완요청 (services.requests.replies)."""
    # Files also count against the upload allowance (receiving them is what costs).
    found, refused = _applicant_action(request)
    if refused:
        return refused
    if request.method != "POST":
        return redirect("request_status:detail")
    if not ratelimit.hit_uploads(request):
        form = replies.ReplyForm(request.POST)  # the files are not read
        form.is_valid()
        form.add_error("files", ratelimit.MESSAGE)
        return _detail_page(request, found, status=429, reply_form=form)
    form = replies.ReplyForm(request.POST, request.FILES)
    posted = request.FILES.getlist("files")
    if found.status != Status.WAITING:
        return _reply_refused(request, found)
    if not form.is_valid():
        form.say_files_not_sent(posted)
        return _detail_page(request, found, reply_form=form)
    try:
        pipeline.reply(found, form.cleaned_data["text"], form.uploads())
    except ValidationError:  # answered in another tab, or staff changed the status a moment ago
        found.refresh_from_db()
        return _reply_refused(request, found)
    except OSError:  # the files could not be written (disk full): nothing was kept
        logger.exception("Reply to %s: could not store its files.", found.reference)
        form.add_error("files", REPLY_NOT_STORED)
        return _detail_page(request, found, status=503, reply_form=form)
    request.session[FLASH_KEY] = REPLY_SENT
    return redirect("request_status:detail")


def _reply_refused(request, found):
    """Kindly, with what they typed kept on the page (to copy, or to read out on the phone)."""
    return _detail_page(
        request, found, status=409, error=REPLY_REFUSED, error_title=REPLY_REFUSED_TITLE,
        unsent_reply=str(request.POST.get("text", ""))[:5000],
    )


@private_page
@require_POST
def end(request):
    forget(request)
    return redirect("request_status:lookup")
