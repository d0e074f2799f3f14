"""The one request pipeline every request kind goes through: submit, then
staff actions (assign, change status, note, message) and the applicant's
withdrawal. Each step writes the history (RequestUpdate) in the same
transaction as the change it records.

E-mail (services.requests.notifications) is queued with `transaction.on_commit`: it
goes out only once the change is saved, through a background task that
retries on its own, so a mail failure never affects the request."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from services.models import TRANSITIONS, RequestUpdate, ServiceRequest, Status
from services.requests import attachments, deadlines, kinds, notifications, tasks
from services.requests.references import create_with_reference
from services.requests.routing import route

WITHDRAWABLE = frozenset({Status.SUBMITTED, Status.TRIAGED, Status.ASSIGNED, Status.WAITING})


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str  # already normalised by the form
    email: str = ""
    # How they want news of the request (services.requests.notifications):
    # e-mail (needs `email`) and/or SMS (needs a mobile `phone`).
    notify_email: bool = True
    notify_sms: bool = False


@dataclass(frozen=True)
class Consent:
    notice_version: str
    given_at: object  # datetime
    sensitive_given_at: object = None  # datetime, when health/disability data was given


@transaction.atomic
def submit(kind: str, district: str, applicant: Applicant, consent: Consent,
           channel: str = ServiceRequest.Channel.ONLINE, actor=None) -> ServiceRequest:
    """Create a request with a fresh reference in the right queue.

    The caller saves the kind's own details in the same transaction, using
    the returned request.
    """
    destination = route(kind, district)
    now = timezone.now()
    request = create_with_reference(
        ServiceRequest, kind,
        district=district, channel=channel, queue=destination.queue,
        unroutable=destination.unroutable,
        applicant_name=applicant.name, phone=applicant.phone, email=applicant.email,
        notify_email=applicant.notify_email, notify_sms=applicant.notify_sms,
        submitted_at=now, due_at=destination.queue.due_from(now),
        consent_notice_version=consent.notice_version, consented_at=consent.given_at,
        sensitive_consented_at=consent.sensitive_given_at,
    )
    how = dict(ServiceRequest.Channel.choices)[channel]
    _log(request, RequestUpdate.Kind.CREATED, actor, to_status=Status.SUBMITTED,
         text=f"{how}{notifications.direction_particle(how)} 접수", is_public=True)
    _notify(notifications.RECEIVED, request)
    _notify(notifications.NEW_REQUEST, request)
    return request


@transaction.atomic
def change_status(request: ServiceRequest, to_status: str, actor, text: str = "",
                  public: bool = True) -> RequestUpdate:
    # FOR NO KEY UPDATE: serialises status changes without blocking rows that
    # merely point at this request (history entries being added elsewhere).
    locked = ServiceRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
    if to_status not in TRANSITIONS[locked.status]:
        raise ValidationError(
            f"‘{locked.get_status_display()}’ 상태에서 ‘{Status(to_status).label}’"
            f"{notifications.direction_particle(Status(to_status).label)} 바꿀 수 없습니다.",
            code="invalid_transition",
        )
    from_status = locked.status
    now = timezone.now()
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    request.status = to_status
    on_status_change = kinds.get(locked.kind).on_status_change
    if on_status_change:  # here, so that every way of closing e.g. a booking frees its seat
        on_status_change(locked, to_status)
    update = _log(locked, RequestUpdate.Kind.STATUS, actor, from_status=from_status,
                  to_status=to_status, text=text, is_public=public)
    # Pause / resume the deadline (보완요청), closed_at, first_contact_at.
    deadlines.record_status_change(locked, from_status, to_status, actor, public, now)
    deadlines.copy_deadline_fields(locked, request)
    if public:
        _notify(notifications.STATUS_CHANGED, locked, update)
    return update


@transaction.atomic
def assign(request: ServiceRequest, assignee, actor) -> RequestUpdate:
    if not assignee.groups.filter(pk=request.queue.team_id).exists() and not assignee.is_superuser:
        raise ValidationError("이 큐를 맡은 팀의 직원에게만 배정할 수 있습니다.", code="not_in_team")
    request.assignee = assignee
    request.save(update_fields=["assignee", "updated_at"])
    if request.status in (Status.SUBMITTED, Status.TRIAGED):
        change_status(request, Status.ASSIGNED, actor, public=True)
    name = assignee.get_full_name() or assignee.get_username()
    return _log(request, RequestUpdate.Kind.ASSIGNMENT, actor, text=f"담당자: {name}")


def add_note(request: ServiceRequest, text: str, actor) -> RequestUpdate:
    return _log(request, RequestUpdate.Kind.NOTE, actor, text=text, is_public=False)


def message_applicant(request: ServiceRequest, text: str, actor) -> RequestUpdate:
    update = _log(request, RequestUpdate.Kind.MESSAGE, actor, text=text, is_public=True)
    if actor is not None:
        deadlines.record_first_contact(request, update.created_at)
    _notify(notifications.MESSAGE, request, update)
    return update


def inform_applicant(request: ServiceRequest, text: str, actor=None,
                     event: str = notifications.MESSAGE) -> RequestUpdate:
    """Something the applicant must know that is not a status change (e.g. a
    training seat freed up for them): in their history, and e-mailed."""
    update = _log(request, RequestUpdate.Kind.MESSAGE, actor, text=text, is_public=True)
    if actor is not None:
        deadlines.record_first_contact(request, update.created_at)
    _notify(event, request, update)
    return update


@transaction.atomic
def withdraw(request: ServiceRequest) -> RequestUpdate:
    """The applicant's own cancellation, possible until work has started."""
    if request.status not in WITHDRAWABLE:
        raise PermissionDenied("이미 처리가 시작되어 신청을 취소할 수 없습니다. 담당 부서로 연락해 주세요.")
    return change_status(request, Status.WITHDRAWN, actor=None, text="신청인이 취소했습니다.")


NOT_WAITING = (
    "지금은 답변을 보낼 수 없습니다. 담당자가 요청한 보완이 이미 끝났습니다 "
    "(답변을 이미 보냈거나 담당자가 처리 상태를 바꿨습니다)."
)


def reply(request: ServiceRequest, text: str, files=()) -> RequestUpdate:
    """The applicant answers a 보완요청 from the status page: their text and
    files (already checked by the form) go into the history, the request goes
    back to the status it had before the wait (change_status resumes the
    deadline), and the people working it are told. All or nothing: should
    anything fail, no row is kept and the files written are removed."""
    written = []
    try:
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
            if locked.status != Status.WAITING:  # answered in another tab, or staff moved on
                raise ValidationError(NOT_WAITING, code="not_waiting")
            update = _log(locked, RequestUpdate.Kind.REPLY, None, text=text, is_public=True)
            for upload in files:
                written.append(attachments.attach_upload(locked, upload, update))
            change_status(locked, _status_before_waiting(locked), actor=None,
                          text="신청인이 답변을 보냈습니다.", public=True)
            _notify(notifications.REPLY, locked, update)
    except BaseException:
        for attachment in written:
            attachment.file.delete(save=False)
        raise
    request.status = locked.status
    deadlines.copy_deadline_fields(locked, request)
    return update


def _status_before_waiting(request: ServiceRequest) -> str:
    """Where the answer takes the request: the status it left for 보완요청
    (검토중 when that is unknown or cannot follow 보완요청)."""
    entered = (request.updates.filter(kind=RequestUpdate.Kind.STATUS, to_status=Status.WAITING)
               .order_by("-created_at", "-pk").first())
    previous = entered.from_status if entered else ""
    return previous if previous in TRANSITIONS[Status.WAITING] else Status.TRIAGED


def _notify(event, request, update=None):
    """Queue an e-mail once the surrounding transaction commits (now, outside one).
    `robust`: a failure to queue is logged and never reaches the caller."""
    request_id, update_id = request.pk, (update.pk if update else None)

    def enqueue_notification():  # a function, not a partial: Django logs a robust failure by __qualname__
        tasks.enqueue_notification(event, request_id, update_id)

    transaction.on_commit(enqueue_notification, robust=True)


def _log(request, kind, actor, *, from_status="", to_status="", text="", is_public=False):
    return RequestUpdate.objects.create(
        request=request, kind=kind, actor=actor, from_status=from_status,
        to_status=to_status, text=text, is_public=is_public,
    )
