"""What a request's page in 민원 큐 leads with: who needs care and why, how
urgent it is, and how to reach them — the few things staff act on. The
whole record (every details field, the attachments, when consent was given)
follows lower on the page (services.requests.staff.request_page).

What counts as "the few things" differs by kind; each kind names them in
its registration (services.requests.kinds.Kind.staff_summary), so this
module names no kind. `describe_details` writes any details row as
(label, text) rows, whatever its fields.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import capfirst

from agency_site.business_days import korean_date
from services.models import ServiceRequest
from services.requests import kinds
from services.requests.staff.common import display_name, local_text

NOT_RECORDED = "—"


def describe_details(details, only: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(label, value) rows for a kind's details object, whatever its fields;
    `only`: just those fields, in that order."""
    fields = [
        field
        for field in details._meta.concrete_fields
        if not (
            field.primary_key
            or not field.editable
            or (field.is_relation and field.related_model is ServiceRequest)
        )
    ]
    many = list(details._meta.many_to_many)
    if only is not None:
        by_name = {field.name: field for field in fields + many}
        fields = [by_name[name] for name in only if name in by_name and not by_name[name].many_to_many]
        many = [by_name[name] for name in only if name in by_name and by_name[name].many_to_many]
    rows = []
    for field in fields:
        value = getattr(details, field.name)
        item_field = getattr(field, "base_field", None)  # a list of choices (ArrayField)
        if field.choices:
            value = getattr(details, f"get_{field.name}_display")()
        elif item_field is not None and item_field.choices and isinstance(value, list):
            labels = dict(item_field.flatchoices)
            value = [labels.get(item, item) for item in value]
        rows.append((capfirst(str(field.verbose_name)), as_text(value)))
    for field in many:
        related = getattr(details, field.name).all()
        text = ", ".join(str(item) for item in related) or NOT_RECORDED
        rows.append((capfirst(str(field.verbose_name)), text))
    return rows


def summary_fields(*names: str):
    """A Kind.staff_summary that shows these fields of the details row, in this order."""
    return lambda details: describe_details(details, only=names)


def as_text(value) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, datetime.datetime):
        return local_text(value)
    if isinstance(value, datetime.date):
        return korean_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or NOT_RECORDED
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name, never a public link
        return value.name.rsplit("/", 1)[-1] if value.name else NOT_RECORDED
    return str(value)


def time_apart(delta: datetime.timedelta) -> str:
    """ "3일", "5시간", "20분": how far a deadline is, in its largest whole unit."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)}일"
    if minutes >= 60:
        return f"{minutes // 60}시간"
    return f"{max(minutes, 1)}분"


def deadline(service_request, now=None) -> dict:
    """The deadline in words, and how it stands: "paused", "overdue", "open" or "closed"."""
    now = now or timezone.now()
    due = korean_date(service_request.due_at)
    if not service_request.is_open:
        closed = service_request.closed_at
        return {
            "state": "closed",
            "due": due,
            "note": f"{korean_date(closed)}에 종결했습니다." if closed else "종결된 요청입니다.",
        }
    if service_request.paused_at is not None:
        return {
            "state": "paused",
            "due": due,
            "note": f"{korean_date(service_request.paused_at)}부터 신청인의 답변을 기다리고 있어 "
            "기한이 멈춰 있습니다. 답변이 오면 남은 기한이 이어집니다.",
        }
    left = service_request.due_at - now
    if left < datetime.timedelta():
        return {"state": "overdue", "due": due, "note": f"기한이 {time_apart(left)} 지났습니다."}
    return {"state": "open", "due": due, "note": f"{time_apart(left)} 남았습니다."}


def notification_choice(service_request) -> str:
    """How the applicant asked to hear about the request."""
    ways = [
        way
        for way, chosen in (
            ("전자우편", service_request.notify_email and service_request.email),
            ("문자", service_request.notify_sms),
        )
        if chosen
    ]
    return ", ".join(ways) if ways else "알림을 받지 않기로 했습니다. 알릴 일은 전화로 알려 주세요."


def summary(service_request) -> dict:
    """The top of the request page: who, what, how urgent, how to reach them."""
    details = kinds.details_of(service_request)
    kind = kinds.registered_kind(service_request.kind)
    rows = kind.staff_summary(details) if details is not None and kind and kind.staff_summary else []
    return {
        "kind": service_request.get_kind_display(),
        "district": service_request.district,
        "rows": rows,
        "applicant_name": service_request.applicant_name,
        "channel": service_request.get_channel_display(),
        "phone": service_request.phone,
        "email": service_request.email,
        "notify": notification_choice(service_request),
        "deadline": deadline(service_request),
        "assignee": display_name(service_request.assignee) or "미배정",
    }


def kind_details(service_request):
    """(heading, rows) for every field of the kind's own details, or None: a
    request taken by phone or in person has no details row."""
    details = kinds.details_of(service_request)
    if details is None:
        return None
    return capfirst(str(details._meta.verbose_name)), describe_details(details)


CONSENT_FIELDS = ("consent_notice_version", "consented_at", "sensitive_consented_at")


def consent_rows(service_request) -> list[tuple[str, str]]:
    """When and to which notice the applicant consented (lower on the page: a record, not a task)."""
    rows = []
    for name in CONSENT_FIELDS:
        field = ServiceRequest._meta.get_field(name)
        value = getattr(service_request, name)
        not_asked = name == "sensitive_consented_at" and not value
        text = "해당 없음 (민감정보를 받지 않음)" if not_asked else as_text(value)
        rows.append((capfirst(str(field.verbose_name)), text))
    return rows
