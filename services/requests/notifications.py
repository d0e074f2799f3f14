"""E-mail and SMS about a request: to the applicant (received, status
changed, message from staff) by the channels they chose (ServiceRequest.
notify_email / notify_sms), and to staff (a new request, a reply: always
e-mail).

Messages are built and sent by the background task in `services.requests.tasks`,
which the pipeline enqueues only after its transaction commits. Everything
is read from the database at sending time, so a task carries nothing but ids.

Minimum data in e-mail: the applicant's messages carry the reference, the
status and a signed link to the status page, never the text of a staff
message or a note (those can hold health details) and never a phone number;
staff get the reference, kind, district, due time and an admin link only.
An SMS says even less: the reference, what happened in a few words and a
short link to the lookup (services.requests.sms.links), which still asks
for the phone number; no name, no message text, no signed link.

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
from services.requests import kinds, signed_links, sms, status_texts
from services.requests.sms import links as sms_links

logger = logging.getLogger(__name__)

# What a notification is about (the task's `event` argument).
RECEIVED = "received"  # to the applicant: we have your request
NEW_REQUEST = "new_request"  # to the queue's recipients
STATUS_CHANGED = "status_changed"  # to the applicant, public changes only
MESSAGE = "message"  # to the applicant: staff wrote to you
REPLY = "reply"  # to the assignee, else the queue's recipients: the applicant answered a 보완요청
# Kinds add their own (services.requests.kinds).
EVENTS = (RECEIVED, NEW_REQUEST, STATUS_CHANGED, MESSAGE, REPLY)

SMS_EVENTS = (RECEIVED, STATUS_CHANGED, MESSAGE)  # the applicant's; kinds add their own too

# How a notification travels (the task's `channel` argument).
EMAIL = "email"
SMS = "sms"

# What each status means, in one place (services.requests.status_texts); the old name still works.
STATUS_EXPLANATIONS = status_texts.EXPLANATIONS


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
    such e-mail (e.g. a training's seat and calendar file); None without an
    address, or when they chose not to be told by e-mail."""
    if not request.email or not request.notify_email:
        return None
    kind = kinds.get(request.kind)
    extra, files = kind.email_extras(request) if kind.email_extras else ({}, [])
    context = {
        "reference": request.reference,
        "kind": request.get_kind_display(),
        "status_url": status_link(request),
        "link_days": TOKEN_MAX_AGE_DAYS,
        "how_notified": status_texts.for_request(request),
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
            status=status.label, explanation=status_texts.explanation(status),
            changed=local_moment(update.created_at),
        )
    if event == MESSAGE:
        if update is None or not update.is_public:
            return None
        return for_applicant(
            request, "message", "담당자가 메시지를 보냈습니다", sent=local_moment(update.created_at),
        )
    if event == REPLY:
        return _reply_to_staff(request, update)
    if event in kinds.events():
        return kinds.events()[event](request, update)
    raise ValueError(f"unknown notification event: {event!r}")


def reply_recipients(request: ServiceRequest) -> list[str]:
    """Who hears of an applicant's answer: the assignee, else (nobody
    assigned, or no address) the queue's recipients."""
    assignee = request.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email]
    return request.queue.recipients


def _reply_to_staff(request: ServiceRequest, update: RequestUpdate | None):
    """Reference, kind and the admin link; never what the applicant wrote (it can hold health details)."""
    recipients = reply_recipients(request)
    if update is None or not recipients:
        return None
    kind = request.get_kind_display()
    context = {
        "reference": request.reference,
        "kind": kind,
        "queue": request.queue.name,
        "replied": local_moment(update.created_at),
        "file_count": update.attachments.count(),
        "admin_url": staff_link(request),
    }
    subject = f"{identity.subject_prefix()} 신청인이 보완요청에 답변했습니다: {kind} ({request.reference})"
    return compose("reply", subject, recipients, context)


def send(event: str, request_id: int, update_id: int | None = None, channel: str = EMAIL) -> bool:
    """Build and send one notification by `channel`; True when it went out.

    Raises what the mail connection or the SMS backend raises (SMTPException,
    OSError, sms.SmsError): the task decides whether to try again.
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
    if channel == SMS:
        text = build_sms(event, request, update)
        if text is None:
            return False
        sms.send_sms(request.phone, text)
        logger.info("notification %s sent by SMS for %s", event, request.reference)
        return True
    message = build(event, request, update)
    if message is None:
        return False
    message.send(fail_silently=False)
    logger.info("notification %s sent for %s", event, request.reference)
    return True


# ---------------------------------------------------------------------------
# SMS
# ---------------------------------------------------------------------------


def sms_link(request: ServiceRequest) -> str:
    return absolute_url(sms_links.short_path(request.reference))


def sms_events() -> set[str]:
    return {*SMS_EVENTS, *kinds.sms_events()}


def wants_sms(event: str, request: ServiceRequest) -> bool:
    return event in sms_events() and request.notify_sms and sms.is_mobile(request.phone)


def channels(event: str, request_id: int) -> list[str]:
    """The channels to queue `event` for: e-mail always (its builder decides
    whether there is anyone to write to), SMS too when the applicant chose it."""
    if event not in sms_events():
        return [EMAIL]
    request = ServiceRequest.objects.filter(pk=request_id).only("notify_sms", "phone").first()
    return [EMAIL, SMS] if request is not None and wants_sms(event, request) else [EMAIL]


def build_sms(event: str, request: ServiceRequest, update: RequestUpdate | None = None) -> str | None:
    """The SMS text for `event`, or None when there is nothing to send (not
    chosen, a landline, a staff-only change): the reference, a few words and
    the short link, nothing else about the applicant or the request."""
    if not wants_sms(event, request):
        return None
    kind = request.get_kind_display()
    about = f"{identity.subject_prefix()} {kind}({request.reference})"
    if event == RECEIVED:
        news = f"{about}{subject_particle(kind)} 접수되었습니다."
    elif event == STATUS_CHANGED:
        if update is None or not update.is_public or not update.to_status:
            return None
        status = Status(update.to_status)
        news = (f"{about}의 처리 상태가 ‘{status.label}’{direction_particle(status.label)} 바뀌었습니다. "
                f"{status_texts.explanation(status)}")
    elif event == MESSAGE:
        if update is None or not update.is_public:
            return None
        news = f"{about}에 담당자의 메시지가 있습니다."
    else:
        words = kinds.sms_events()[event](request, update)
        if not words:
            return None
        news = f"{about} {words}"
    return f"{news} 진행 상황: {sms_link(request)}"
