"""E-mail about a request: to the applicant (received, status changed,
message from staff) and to the queue's recipients (a new request).

Messages are built and sent by the background task in `services.requests.tasks`,
which the pipeline enqueues only after its transaction commits. Everything
is read from the database at sending time, so a task carries nothing but ids.

Minimum data in e-mail: the applicant's messages carry the reference, the
status and a signed link to the status page, never the text of a staff
message or a note (those can hold health details) and never a phone number;
staff get the reference, kind, district, due time and an admin link only.

The signed status link (`status_token` / `request_pk_from_token`) lives here
because it is what we send; `services.requests.lookup` checks it when it is opened.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from home import identity
from services.models import RequestUpdate, ServiceRequest, Status
from services.requests import kinds, signed_links

logger = logging.getLogger(__name__)

# What a notification is about (the task's `event` argument).
RECEIVED = "received"  # to the applicant: we have your request
NEW_REQUEST = "new_request"  # to the queue's recipients
STATUS_CHANGED = "status_changed"  # to the applicant, public changes only
MESSAGE = "message"  # to the applicant: staff wrote to you
EVENTS = (RECEIVED, NEW_REQUEST, STATUS_CHANGED, MESSAGE)  # kinds add their own (services.requests.kinds)


# What each status means for the applicant, in one line (e-mail and status page).
STATUS_EXPLANATIONS = {
    Status.SUBMITTED: "신청이 접수되었습니다. 담당 부서에서 곧 신청 내용을 확인합니다.",
    Status.TRIAGED: "담당 부서에서 신청 내용을 검토하고 있습니다.",
    Status.ASSIGNED: "담당자가 정해졌습니다. 필요하면 담당자가 신청할 때 적은 전화번호로 연락드립니다.",
    Status.IN_PROGRESS: "담당자가 신청하신 일을 진행하고 있습니다.",
    Status.WAITING: "처리에 필요한 내용이 더 있습니다. 담당자의 메시지를 확인해 주세요.",
    Status.RESOLVED: "신청하신 일의 처리가 끝났습니다.",
    Status.REJECTED: "신청을 처리할 수 없게 되었습니다. 담당자의 메시지를 확인해 주세요.",
    Status.WITHDRAWN: "신청인의 요청으로 신청이 취소되었습니다.",
}

# ---------------------------------------------------------------------------
# The signed link to the status page
# ---------------------------------------------------------------------------

TOKEN_SALT = "services.status-link"  # noqa: S105 (a namespace for the signature, not a secret)
TOKEN_MAX_AGE = 180 * 24 * 60 * 60  # 180 days, in seconds
TOKEN_MAX_AGE_DAYS = TOKEN_MAX_AGE // (24 * 60 * 60)


def status_token(request: ServiceRequest) -> str:
    """A tamper-proof, expiring token naming the request (by pk)."""
    return signed_links.token_for(TOKEN_SALT, "r", request.pk)


def request_pk_from_token(token: str) -> int | None:
    """The request pk a token names, or None when it is forged, damaged or expired."""
    return signed_links.pk_from_token(TOKEN_SALT, "r", token, TOKEN_MAX_AGE)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def status_link(request: ServiceRequest) -> str:
    return absolute_url(reverse("request_status:signed", args=[status_token(request)]))


# Where staff open one request (the staff screens' viewset); should that URL
# not exist, the link goes to the admin's start page.
STAFF_REQUEST_URL_NAMES = ("service_requests:inspect",)


def staff_link(request: ServiceRequest) -> str:
    for name in STAFF_REQUEST_URL_NAMES:
        try:
            return absolute_url(reverse(name, args=[request.pk]))
        except NoReverseMatch:
            continue
    return absolute_url(reverse("wagtailadmin_home"))


# ---------------------------------------------------------------------------
# Building and sending
# ---------------------------------------------------------------------------


def local_moment(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"


def _final_consonant(word: str) -> int | None:
    """Index of the last syllable's final consonant (0: none, 8: ㄹ), None if not Hangul."""
    last = word[-1:] or " "
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    return None


def subject_particle(word: str) -> str:
    """이 or 가 after `word` (신청이, 상담가)."""
    final = _final_consonant(word)
    return "이(가)" if final is None else ("이" if final else "가")


def direction_particle(word: str) -> str:
    """으로 or 로 after `word` (검토중으로, 완료로, ㄹ받침도 로)."""
    final = _final_consonant(word)
    return "(으)로" if final is None else ("로" if final in (0, 8) else "으로")


def _subject(text: str, request: ServiceRequest) -> str:
    return f"{identity.subject_prefix()} {text} ({request.reference})"


def compose(template: str, subject: str, to: list[str], context: dict) -> EmailMultiAlternatives:
    context = {
        "subject": subject,
        "lookup_url": absolute_url(reverse("request_status:lookup")),
        "kind_subject": f"{context['kind']}{subject_particle(context['kind'])}",
        "identity": identity.current(),  # one lookup for both templates
        **context,
    }
    text = render_to_string(f"services/email/{template}.txt", context)
    html = render_to_string(f"services/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, identity.from_email(), to)
    message.attach_alternative(html, "text/html")
    return message


def for_applicant(request: ServiceRequest, template: str, subject: str, *, with_attachments=True, **context):
    """An e-mail to the applicant, with what the request's kind adds to every
    such e-mail (e.g. a training's seat and calendar file); None without an address."""
    if not request.email:
        return None
    kind = kinds.get(request.kind)
    extra, files = kind.email_extras(request) if kind.email_extras else ({}, [])
    context = {
        "reference": request.reference,
        "kind": request.get_kind_display(),
        "status_url": status_link(request),
        "link_days": TOKEN_MAX_AGE_DAYS,
        **extra,
        **context,
    }
    message = compose(template, _subject(subject, request), [request.email], context)
    for attachment in files if with_attachments else ():
        message.attach(*attachment)
    return message


def is_event(event: str) -> bool:
    return event in EVENTS or event in kinds.events()


def build(event: str, request: ServiceRequest, update: RequestUpdate | None = None):
    """The e-mail for `event`, or None when there is nobody to send it to
    (no applicant address, no queue recipients, a staff-only change)."""
    kind = request.get_kind_display()
    if event == RECEIVED:
        return for_applicant(
            request, "received", f"{kind}{subject_particle(kind)} 접수되었습니다",
            submitted=local_moment(request.submitted_at),
        )
    if event == NEW_REQUEST:
        recipients = request.queue.recipients
        if not recipients:
            return None
        context = {
            "reference": request.reference,
            "kind": kind,
            "district": request.district,
            "queue": request.queue.name,
            "unroutable": request.unroutable,
            "submitted": local_moment(request.submitted_at),
            "due": local_moment(request.due_at),
            "admin_url": staff_link(request),
        }
        subject = f"{identity.subject_prefix()} 새 {kind}: {request.district} ({request.reference})"
        return compose("new_request", subject, recipients, context)
    if event == STATUS_CHANGED:
        if update is None or not update.is_public or not update.to_status:
            return None
        status = Status(update.to_status)
        subject = f"{kind}의 처리 상태가 ‘{status.label}’{direction_particle(status.label)} 바뀌었습니다"
        return for_applicant(
            request, "status_changed", subject,
            status=status.label, explanation=STATUS_EXPLANATIONS[status],
            changed=local_moment(update.created_at),
        )
    if event == MESSAGE:
        if update is None or not update.is_public:
            return None
        return for_applicant(
            request, "message", "담당자가 메시지를 보냈습니다", sent=local_moment(update.created_at),
        )
    if event in kinds.events():
        return kinds.events()[event](request, update)
    raise ValueError(f"unknown notification event: {event!r}")


def send(event: str, request_id: int, update_id: int | None = None) -> bool:
    """Build and send one notification; True when an e-mail went out.

    Raises what the mail connection raises (SMTPException, OSError): the task
    decides whether to try again.
    """
    request = ServiceRequest.objects.select_related("queue").filter(pk=request_id).first()
    if request is None:
        logger.info("notification %s skipped: request %s no longer exists", event, request_id)
        return False
    update = None
    if update_id is not None:
        update = RequestUpdate.objects.filter(pk=update_id, request=request).first()
        if update is None:
            logger.info("notification %s skipped: update %s no longer exists", event, update_id)
            return False
    message = build(event, request, update)
    if message is None:
        return False
    message.send(fail_silently=False)
    logger.info("notification %s sent for %s", event, request.reference)
    return True
