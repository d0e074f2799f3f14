"""Destroying requests whose retention period has ended (개인정보 보호법 제21조),
with every trace of them, for `manage.py purge_expired_requests`.

A request is kept for `services.requests.consent.RETENTION_YEARS` years after it was
closed (완료·반려·취소: its last change). `purge()` then removes, in one
transaction:

- the request with everything that hangs on it (details, history, seat,
  survey answer, attachment rows: Django's cascade);
- its attachment files and its folder `requests/<reference>/` in the private
  storage (after the transaction commits, so a rollback keeps the files);
- background-task rows (django-tasks' database results) whose arguments name
  the request (a `request_id` argument) or whose arguments, result or error
  text hold its reference, e-mail address or phone number;
- what sessions still hold of it: the status-page or survey proof naming it,
  any value holding its reference (the form's confirmation step keeps it).

Audit-log entries are kept but anonymised, not deleted: that staff member X
opened a request on day Y stays answerable for as long as the log is kept,
but the entry no longer says which person or which reference. Entries about
the request or anything that cascaded from it get the label "파기된 요청"
and empty data; other entries that mention its reference (e.g. a message
to every attendee of a session lists references) have it replaced by the
same words. Each purged request leaves one entry "보관 기간 만료 파기" (who:
the system; its kind and status), the record of destruction the law asks for.
"""

from __future__ import annotations

import datetime
import inspect
import json
import logging
import shutil
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import Q, TextField
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from services.models import OPEN_STATUSES, ServiceRequest
from services.requests import attachments, audit
from services.requests.consent import RETENTION_YEARS
from services.requests.references import STORED_FORMAT

logger = logging.getLogger(__name__)

PURGED_LABEL = "파기된 요청"
BATCH = 100  # requests per transaction
REFERENCE_FORMAT = STORED_FORMAT  # services.requests.references


@dataclass
class Traces:
    """What identifies the purged requests outside their own rows."""

    request_pks: set = field(default_factory=set)
    deleted: dict = field(default_factory=dict)  # model → {pk} of every row the purge deletes
    objects: dict = field(default_factory=dict)  # ContentType id → {str(pk)} of everything cascaded
    references: set = field(default_factory=set)
    contacts: set = field(default_factory=set)  # e-mail addresses and phone numbers

    @property
    def needles(self) -> set[str]:
        return {value for value in self.references | self.contacts if value}


@dataclass
class Report:
    requests: int = 0
    log_entries: int = 0
    tasks: int = 0
    sessions: int = 0
    folders: int = 0


def expired_requests(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=365 * RETENTION_YEARS)
    return ServiceRequest.objects.exclude(status__in=OPEN_STATUSES).filter(updated_at__lt=cutoff)


def purge(requests) -> Report:
    """Destroy `requests` (a queryset) and their traces; see the module docstring.
    Works in batches, each in its own transaction, so that the first run on
    years of requests neither holds locks for long nor builds huge queries."""
    report = Report()
    pks = list(requests.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            # Locked and checked again: a request reopened meanwhile is not destroyed.
            batch = list(requests.filter(pk__in=pks[start:start + BATCH]).select_for_update())
            if batch:
                _purge_batch(batch, report)
    return report


def _purge_batch(batch, report: Report) -> None:
    traces = _traces(batch)
    report.log_entries += _anonymise_log_entries(traces)
    report.tasks += _delete_task_results(traces)
    report.sessions += _scrub_sessions(traces)
    for service_request in batch:
        log(instance=service_request, action=audit.REQUEST_PURGED, user=None, title=PURGED_LABEL,
            data={"kind": service_request.kind, "status": service_request.status})
        service_request.delete()  # cascades; attachment files go on commit
    report.requests += len(batch)
    references = sorted(traces.references)
    transaction.on_commit(lambda: _remove_folders(references, report))


# ---------------------------------------------------------------------------
# What identifies them
# ---------------------------------------------------------------------------


def _traces(chosen) -> Traces:
    traces = Traces()
    collector = Collector(using=router.db_for_write(ServiceRequest))
    collector.collect(chosen)
    related = {model: {obj.pk for obj in objects} for model, objects in collector.data.items()}
    for queryset in collector.fast_deletes:
        related.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    for model, pks in related.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        traces.objects.setdefault(content_type.pk, set()).update(str(pk) for pk in pks)
    traces.deleted = related
    for service_request in chosen:
        traces.request_pks.add(service_request.pk)
        traces.references.add(service_request.reference)
        traces.contacts.update({service_request.email, service_request.email.lower(), service_request.phone})
    return traces


def _text_matches(traces: Traces, *fields: str) -> Q:
    condition = Q(pk__in=[])
    for needle in traces.needles:
        for name in fields:
            condition |= Q(**{f"{name}__contains": needle})
    return condition


def _redact(value, traces: Traces):
    """`value` (text or JSON data) with every reference, e-mail and phone replaced."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    for needle in sorted(traces.needles, key=len, reverse=True):
        text = text.replace(needle, PURGED_LABEL)
    return text if isinstance(value, str) else json.loads(text)


# ---------------------------------------------------------------------------
# Audit log: anonymised, kept
# ---------------------------------------------------------------------------


def _anonymise_log_entries(traces: Traces) -> int:
    changed = 0
    for model in log_registry.get_log_entry_models():
        entries = model.objects.annotate(data_text=Cast("data", TextField()))
        names = {f.name for f in model._meta.get_fields()}
        if {"content_type", "object_id"} <= names:
            about = Q(pk__in=[])
            for content_type_id, object_ids in traces.objects.items():
                about |= Q(content_type_id=content_type_id, object_id__in=object_ids)
            changed += model.objects.filter(about).update(label=PURGED_LABEL, data={})
        for entry in entries.filter(_text_matches(traces, "label", "data_text")):
            entry.label = _redact(entry.label, traces)
            entry.data = _redact(entry.data, traces)
            entry.save(update_fields=["label", "data"])
            changed += 1
    return changed


# ---------------------------------------------------------------------------
# Background-task rows
# ---------------------------------------------------------------------------


def _request_id_position(task_path: str) -> int | None:
    """Where a task of ours takes `request_id` among its positional arguments."""
    try:
        task = import_string(task_path)
        parameters = list(inspect.signature(task.func).parameters)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None
    return parameters.index("request_id") if "request_id" in parameters else None


def _delete_task_results(traces: Traces) -> int:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: it keeps no rows here
        return 0
    pks = sorted(traces.request_pks)
    rows = DBTaskResult.objects.annotate(
        args_text=Cast("args_kwargs", TextField()), return_text=Cast("return_value", TextField()),
    )
    naming = _text_matches(traces, "args_text", "return_text", "traceback")
    ours = DBTaskResult.objects.filter(task_path__startswith="services.")
    for task_path in ours.values_list("task_path", flat=True).distinct():
        position = _request_id_position(task_path)
        by_keyword = Q(args_kwargs__kwargs__request_id__in=pks)
        if position is not None:
            by_keyword |= Q(**{f"args_kwargs__args__{position}__in": pks})
        naming |= Q(task_path=task_path) & by_keyword
    deleted, _ = rows.filter(naming).delete()
    return deleted


# ---------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------


def _session_model():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    # Only stores kept in the database can be searched; cookie sessions live in
    # the browser and cache sessions expire with SESSION_COOKIE_AGE.
    return store.get_model_class() if hasattr(store, "get_model_class") else None


def _holds_trace(key, value, traces: Traces) -> bool:
    from services.requests import kinds, lookup

    if key == lookup.SESSION_KEY and isinstance(value, dict) and value.get("pk") in traces.request_pks:
        return True
    if any(kind.holds_trace and kind.holds_trace(key, value, traces) for kind in kinds.registered()):
        return True
    text = json.dumps(value, ensure_ascii=False, default=str)
    return any(needle in text for needle in traces.needles)


def _scrub_sessions(traces: Traces) -> int:
    model = _session_model()
    if model is None:
        return 0
    now, scrubbed = timezone.now(), 0
    for session in model.objects.iterator():
        data = session.get_decoded()  # {} when it cannot be read (Django logs that)
        found = [key for key, value in data.items() if _holds_trace(key, value, traces)]
        if not found:
            continue
        scrubbed += 1
        if session.expire_date <= now:
            session.delete()
            continue
        for key in found:
            data.pop(key)
        session.session_data = model.get_session_store_class()().encode(data)
        session.save(update_fields=["session_data"])
    return scrubbed


# ---------------------------------------------------------------------------
# Folders in the private storage
# ---------------------------------------------------------------------------


def _remove_folders(references, report: Report) -> None:
    root = attachments.private_root().resolve()
    for reference in references:
        if not REFERENCE_FORMAT.fullmatch(reference):  # never a path of our making otherwise
            continue
        folder = (root / "requests" / reference).resolve()
        if folder.parent != root / "requests" or not folder.is_dir():
            continue
        try:
            shutil.rmtree(folder)
        except OSError:
            logger.exception("Purged request: could not remove its folder")
            continue
        report.folders += 1
