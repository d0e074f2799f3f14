"""The online application form's three steps, for every kind of request.

GOV.UK "check answers" pattern, at the form page's own URLs
(services.models.RequestFormPage routes them here):

    <page>/        the form           POST → answers kept in the session → check/
    <page>/check/  check your answers POST → pipeline.submit + details + files → done/
    <page>/done/   confirmation with the reference (kept in the session, not the URL)

The session holds, per page (`request-form:<page id>`): the answers as form
data, when consent was given and to which notice version, the uploads kept
in private tmp/ storage (services.requests.attachments) and a submission key.
The key is stored on the details row (unique), so submitting the same answers
twice (back button, double click, two tabs) creates one request only. What
differs between kinds (the form, the details row) comes from
services.requests.kinds.
"""

import datetime
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from agency_site.http import SeeOther
from services.models import ServiceRequest
from services.requests import attachments, consent, kinds, pipeline, ratelimit, status_page, status_texts
from services.requests.references import new_reference

logger = logging.getLogger(__name__)

STATUS_LOOKUP_URL = "/requests/status/"
MISSING_FILES_MESSAGE = (
    "올린 파일 가운데 더 이상 찾을 수 없는 파일이 있습니다 (오래되어 지워졌습니다). 파일을 다시 올려 주세요."
)


def _kept_files(page, answers):
    return [f for f in answers.get("files", []) if attachments.is_kept(f.get("name", ""))]


def _files_elsewhere(page, request):
    """Uploads the same visitor keeps for other application pages (the
    upload quota is per session)."""
    return [
        kept
        for key, answers in request.session.items()
        if key.startswith("request-form:") and key != page.answers_key and isinstance(answers, dict)
        for kept in answers.get("files") or []
    ]


def _render(page, request, template=None, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _render_form(page, request, form, status=200):
    return _render(page, request, form=form, status=status)


def _rate_limited_form(page, request, form_class, kept, action, field=None):
    """Over a limit (services.requests.ratelimit): 429 and the form as it was filled
    in, the limit's message in the error summary (on `field` if given).
    The new files are not read and nothing is stored."""
    form = form_class(request.POST, kept_files=kept, action=action)
    form.add_error(field, ratelimit.MESSAGE)
    return _render_form(page, request, form, status=429)


# step 1: the form


def application_form(page, request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form_class = kinds.get(page.kind).form_class
    answers = request.session.get(page.answers_key) or {}
    kept = _kept_files(page, answers)
    action = page.step_url(request)
    if request.method != "POST":
        initial = {**(answers.get("data") or {}), **form_class.initial_from_query(request.GET)}
        form = form_class(initial=initial, kept_files=kept, action=action)
        return _render_form(page, request, form)

    form = form_class(request.POST, request.FILES, kept_files=kept, action=action)
    # Counted before anything is checked or read, bots (honeypot) included.
    if not ratelimit.hit(request, ratelimit.STEP):
        return _rate_limited_form(page, request, form_class, kept, action)
    if not ratelimit.hit_uploads(request):
        return _rate_limited_form(page, request, form_class, kept, action, field=form.file_field)
    if form.is_trap():
        return _decoy(page, request)
    valid = form.is_valid()
    uploads = form.new_uploads()
    if not valid:
        # Nothing is stored until every answer is right (files kept by an
        # earlier valid step stay): a script posting files with wrong
        # answers fills no disk.
        if uploads:
            form.add_error(form.file_field, attachments.not_kept_message(uploads, kept))
        return _render_form(page, request, form)

    # Files: a new valid set replaces the kept one; kept ones stay unless removed.
    try:
        answers["files"] = attachments.update_kept(
            kept, uploads, remove=form.wants_files_removed(),
            held_elsewhere=_files_elsewhere(page, request), request=request,
        )
    except attachments.NotKept as refusal:  # a quota: nothing stored
        form.add_error(form.file_field, refusal.message)
        return _render_form(page, request, form, status=refusal.status)

    now = timezone.now().isoformat()
    answers.update(
        data=form.session_data(),
        notice_version=consent.NOTICE_VERSION,
        consented_at=now,
        sensitive_consented_at=now if form.sensitive_data_given() else None,
        key=answers.get("key") or uuid.uuid4().hex,
    )
    request.session[page.answers_key] = answers
    return SeeOther(page.step_url(request, "check"))


def _decoy(page, request):
    """A bot filled the honeypot: it gets what looks like success, nothing is kept."""
    logger.info("Honeypot filled on %s; nothing created.", page.url_path)
    request.session[page.done_key] = new_reference(page.kind)
    return SeeOther(page.step_url(request, "done"))


# step 2: check your answers, then submit


def check_answers(page, request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    answers = request.session.get(page.answers_key) or {}
    if not answers.get("data"):
        # Already sent (back button, second click) → the confirmation; else start.
        if request.method == "POST" and request.session.get(page.done_key):
            return SeeOther(page.step_url(request, "done"))
        return SeeOther(page.step_url(request))

    kept = _kept_files(page, answers)
    form_class = kinds.get(page.kind).form_class
    form = form_class(data=answers["data"], kept_files=kept, action=page.step_url(request))
    if request.method != "POST":
        return _render_check(page, request, form, answers)

    if not form.is_valid():  # e.g. the start date has passed since
        return _render_form(page, request, form)
    if len(kept) != len(answers.get("files", [])):
        answers["files"] = kept
        request.session[page.answers_key] = answers
        anchor = form[form.file_field].auto_id if form.file_field else ""
        return _render_check(page, request, form, answers, errors=[(MISSING_FILES_MESSAGE, anchor)])
    if not ratelimit.hit(request, ratelimit.SUBMIT):
        return _render_check(page, request, form, answers, errors=[(ratelimit.MESSAGE, "")], status=429)

    try:
        reference = _submit(page, form, answers, kept)
    except ValidationError as refusal:
        # Decided only at the moment of sending (e.g. registration closed meanwhile,
        # or this person already holds a seat): say so, keep the answers.
        return _render_check(page, request, form, answers, errors=[(refusal.messages[0], "")])
    request.session.pop(page.answers_key, None)
    request.session[page.done_key] = reference
    return SeeOther(page.step_url(request, "done"))


def _render_check(page, request, form, answers, errors=(), status=200):
    form_url = page.step_url(request)
    return _render(
        page, request, template=page.check_template, status=status,
        sections=form.summary(answers["data"]), form_url=form_url,
        check_url=page.step_url(request, "check"),
        submit_errors=[(message, f"{form_url}#{anchor}" if anchor else "#submit-heading")
                       for message, anchor in errors],
    )


def _submit(page, form, answers, kept) -> str:
    """Create the request, its details and attachments in one transaction.
    Returns the reference; the same answers submitted again return the
    first request's reference."""
    request_type = kinds.get(page.kind)
    key = uuid.UUID(answers["key"])
    existing = _submitted_with(page, key)
    if existing:
        return existing
    cleaned = form.cleaned_data
    sensitive_at = answers.get("sensitive_consented_at")
    given = pipeline.Consent(
        notice_version=answers["notice_version"],
        given_at=datetime.datetime.fromisoformat(answers["consented_at"]),
        sensitive_given_at=datetime.datetime.fromisoformat(sensitive_at) if sensitive_at else None,
    )
    written = []
    try:
        with transaction.atomic():
            service_request = pipeline.submit(
                page.kind, cleaned["district"], pipeline.Applicant(**form.applicant_fields()), given,
            )
            request_type.make_details(service_request, cleaned, key)
            for kept_file in kept:
                written.append(attachments.attach(service_request, kept_file))
    except IntegrityError:
        _remove_files(written)
        existing = _submitted_with(page, key)  # a simultaneous submit of the same answers won
        if existing:
            return existing
        raise
    except Exception:
        _remove_files(written)
        raise
    # Abandoned uploads are the periodic jobs' (attachments.remove_stale_uploads).
    attachments.discard(kept)
    return service_request.reference


def _submitted_with(page, key) -> str | None:
    details = kinds.get(page.kind).details_model.objects.filter(submission_key=key)
    return details.values_list("request__reference", flat=True).first()


def _remove_files(written):
    for attachment in written:
        attachment.file.delete(save=False)


# step 3: confirmation


def confirmation(page, request):
    reference = request.session.get(page.done_key)
    if not reference:
        return SeeOther(page.step_url(request))
    found = ServiceRequest.objects.filter(reference=reference).first()  # None after a decoy
    # The promise of a call, the next steps and the request's team, as on the status page;
    # the kind may say them its own way (a training seat).
    about = {}
    if found:
        about = {"service_request": found, **status_page.context(found), **kinds.page_context(found),
                 "how_notified": status_texts.for_request(found)}  # as the applicant chose
    return _render(
        page, request, template=page.done_template, reference=reference, status_url=STATUS_LOOKUP_URL,
        **about,
    )
