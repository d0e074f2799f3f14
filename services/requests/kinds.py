"""The registry of request kinds: what is specific to each kind of request.

The pipeline, the form flow, notifications, the status lookup and retention
are the same for every kind; what differs is looked up here. A kind's
package registers itself from the services app config (services/apps.py):

    kinds.register(Kind(kind=RequestKind.X, form_class=..., details_model=...,
                        reference_prefix="XX", privacy_notice=..., on_status_change=..., ...))

(services/requests/registration.py for the kinds this package owns,
services/training/registration.py for one that does more.)

Adding a kind of request is one package plus its registration; nothing in
services.requests names a particular kind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    kind: str  # a RequestKind value
    form_class: type  # the public form (services.requests.forms.RequestForm)
    details_model: type  # the details row (one per request, with its submission key)
    reference_prefix: str  # two letters before the reference's digits (EC-…); never change one in use
    privacy_notice: object  # services.requests.consent.Notice: what the form asks consent to (제15조)
    # (service_request, cleaned_data, submission_key) → the saved details row.
    # Default: the form's `details_fields`, copied as cleaned.
    build_details: Callable | None = None
    # (locked request, to_status), inside the status change's transaction:
    # e.g. a training booking closed gives up its seat.
    on_status_change: Callable | None = None
    # (request) → the applicant withdraws on the status page; default
    # services.requests.pipeline.withdraw.
    withdraw: Callable | None = None
    # (request) → (extra e-mail context, [(filename, content, mimetype)]) for
    # every e-mail to the applicant; `with_attachments` False leaves files out.
    email_extras: Callable | None = None
    # (request) → extra context for the confirmation and status pages.
    page_context: Callable | None = None
    # Notification events only this kind sends: name → builder(request, update)
    # returning an e-mail or None (nothing to say any more).
    events: dict[str, Callable] = field(default_factory=dict)
    # Which of those also go by SMS to an applicant who chose it: name →
    # builder(request, update) returning a few words ("교육 자리가 확정되었습니다.")
    # or None; services.requests.notifications adds the reference and the link.
    sms_events: dict[str, Callable] = field(default_factory=dict)
    # (session key, value, traces) → True when a visitor's session value names
    # one of the purged requests (services.requests.retention).
    holds_trace: Callable | None = None
    # (details row) → [(label, text)]: the few facts staff act on first, at
    # the top of the request page in 민원 큐 (services.requests.staff.request_summary).
    staff_summary: Callable | None = None

    def make_details(self, service_request, cleaned_data: dict, submission_key: uuid.UUID):
        if self.build_details is not None:
            return self.build_details(service_request, cleaned_data, submission_key)
        values = {name: cleaned_data[name] for name in self.form_class.details_fields}
        return self.details_model.objects.create(
            request=service_request, submission_key=submission_key, **values,
        )


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.kind in _kinds and _kinds[kind.kind] != kind:
        raise ValueError(f"request kind {kind.kind!r} is registered twice")
    _kinds[kind.kind] = kind


def get(kind: str) -> Kind:
    return _kinds[kind]


def registered() -> list[Kind]:
    return list(_kinds.values())


def registered_kind(kind: str) -> Kind | None:
    return _kinds.get(kind)


def details_of(service_request):
    """The request's details row, through its kind's details model (whatever
    the model calls the link back), or None: e.g. a request taken by phone."""
    kind = _kinds.get(service_request.kind)
    if kind is None:
        return None
    accessor = kind.details_model._meta.get_field("request").remote_field.get_accessor_name()
    return getattr(service_request, accessor, None)


def events() -> dict[str, Callable]:
    """Every kind's own notification events."""
    return {name: builder for kind in _kinds.values() for name, builder in kind.events.items()}


def sms_events() -> dict[str, Callable]:
    """Every kind's own events that also go by SMS."""
    return {name: builder for kind in _kinds.values() for name, builder in kind.sms_events.items()}


def page_context(service_request) -> dict:
    """What the request's kind adds to its confirmation and status pages."""
    kind = _kinds.get(service_request.kind)
    return kind.page_context(service_request) if kind and kind.page_context else {}
