"""Staff access to applicants' personal data, written to Wagtail's audit log.

Every staff screen or file that shows personal data calls `record()` (or one
of the helpers below), so every access is in one place: admin → 보고서 →
사이트 기록 (Wagtail's site history), filterable by user, action and date.

What an entry holds: who (the user), when, the action (a registered action
with a Korean label) and what was looked at, described without personal
data: a request by its reference, a listing by its queue, filters and number
of rows, a search only by its kind ("이름 검색", never the typed name or
number), an export by its format and number of rows.

Where an entry hangs: Wagtail's `ModelLogEntry` needs a saved object. One
request (opening it, downloading its file) → that request; a training
session's attendee list → the session; a listing, a search or an export
spans many requests and has no single object, so it hangs on the staff
member's own user record, and its label says what was listed.

Screens that show no names (the training session index, the survey
results, the dashboard counts) are not logged.
"""

from __future__ import annotations

import re
import unicodedata

from wagtail.log_actions import LogFormatter, log

from services.requests.references import is_well_formed, normalise

# One request: the existing "opening a request" entry and its attachments.
REQUEST_VIEWED = "services.request_viewed"
ATTACHMENT_DOWNLOADED = "services.attachment_downloaded"
# 민원 큐: listings, searches and exports.
REQUESTS_LISTED = "services.requests_listed"
REQUESTS_SEARCHED = "services.requests_searched"
REQUESTS_EXPORTED = "services.requests_exported"
# 교육 신청: a session's attendee list is opened with REQUEST_VIEWED (as before);
# its exports have their own action.
ATTENDEES_EXPORTED = "services.training_attendees_exported"
# Retention: what purge_expired_requests destroyed (services.requests.retention).
REQUEST_PURGED = "services.request_purged"

LABELS = {
    REQUEST_VIEWED: "개인정보 열람",
    ATTACHMENT_DOWNLOADED: "첨부파일 내려받기",
    REQUESTS_LISTED: "민원 목록 조회",
    REQUESTS_SEARCHED: "민원 검색",
    REQUESTS_EXPORTED: "민원 목록 내려받기",
    ATTENDEES_EXPORTED: "교육 참석자 명단 내려받기",
    REQUEST_PURGED: "보관 기간 만료 파기",
}

SEARCH_REFERENCE = "접수번호 검색"
SEARCH_PHONE = "전화번호 검색"
SEARCH_NAME = "이름 검색"

_PHONE_LIKE = re.compile(r"\+?[0-9][0-9\s().\-]*")


class AccessFormatter(LogFormatter):
    """The site history's 동작 column: the label, then the kind of search,
    the number of rows and the file format when the entry has them."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = [self.label]
        if data.get("search"):
            parts.append(str(data["search"]))
        if isinstance(data.get("rows"), int):
            parts.append(f"{data['rows']}건")
        if data.get("format"):
            parts.append(str(data["format"]).upper())
        return " · ".join(parts)


def register_actions(actions) -> None:
    """Called from the `register_log_actions` hook (services.wagtail_hooks)."""
    for action, label in LABELS.items():
        formatter = type("Formatter", (AccessFormatter,), {"label": label, "message": label})
        actions.register_action(action)(formatter)


def record(request, action: str, instance, *, label: str | None = None, data: dict | None = None):
    """One entry: `request.user` did `action` on `instance`. `label` replaces
    the object's own name (str(instance)) when that could hold personal data
    or does not say what was seen; `data` must hold no personal data."""
    return log(instance=instance, action=action, user=request.user, title=label, data=data or {})


# ---------------------------------------------------------------------------
# 민원 큐 listings
# ---------------------------------------------------------------------------


def search_kind(query: str) -> str:
    """What kind of search a staff member typed, without keeping what they typed."""
    typed = unicodedata.normalize("NFKC", query).strip()
    if is_well_formed(typed):  # a whole reference, its digits only too (twelve: never a phone number)
        return SEARCH_REFERENCE
    if _PHONE_LIKE.fullmatch(typed) and sum(ch.isdigit() for ch in typed) >= 3:
        return SEARCH_PHONE
    compact = normalise(typed).replace("-", "")  # "ec 7k4m" → "EC7K4M" (part of one)
    letters_and_digits = any(ch.isdigit() for ch in compact) and any(ch.isalpha() for ch in compact)
    if compact.isascii() and compact.isalnum() and letters_and_digits:
        return SEARCH_REFERENCE
    return SEARCH_NAME


def _choice_text(bound_field, value) -> str:
    """A filter's value as the staff member saw it in the form (queue name,
    status label, colleague's name), never a raw id."""
    field = bound_field.field
    if hasattr(field, "label_from_instance") and hasattr(value, "pk"):
        return str(field.label_from_instance(value))
    if isinstance(value, list | tuple):
        return ", ".join(_choice_text(bound_field, item) for item in value)
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


def applied_filters(filterset) -> dict[str, str]:
    """{filter label: chosen value} for the filters that are in use."""
    if filterset is None or not filterset.is_valid():
        return {}
    form = filterset.form
    applied = {}
    for name in form.changed_data:
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            # django-filter's "null" choice (담당자 없음) arrives as the string "null".
            continue
        text = "담당자 없음" if value == "null" else _choice_text(form[name], value)
        applied[str(form[name].label)] = text
    return applied


def record_listing(request, *, filterset, query: str, rows: int, total: int | None = None,
                   export_format: str | None = None, page: str | None = None) -> None:
    """One entry per listing page, results fragment or export of 민원 큐."""
    filters = applied_filters(filterset)
    data: dict = {"filters": filters, "rows": rows}
    if total is not None and total != rows:
        data["total"] = total
    if page and page != "1":
        data["page"] = page
    if query.strip():
        data["search"] = search_kind(query)
    if export_format:
        action, data["format"] = REQUESTS_EXPORTED, export_format
    elif query.strip():
        action = REQUESTS_SEARCHED
    else:
        action = REQUESTS_LISTED
    described = ", ".join(f"{name}: {value}" for name, value in filters.items()) or "전체"
    label = f"민원 큐 목록 ({described})"
    record(request, action, request.user, label=label, data=data)
