"""The online application form, one Wagtail page per kind of request.

Three steps, GOV.UK "check answers" pattern, at the page's own URLs:

    <page>/        the form           POST → answers kept in the session → check/
    <page>/check/  check your answers POST → pipeline.submit + details + files → done/
    <page>/done/   confirmation with the reference (kept in the session, not the URL)

The session holds, per page (`request-form:<page id>`): the answers as form
data, when consent was given and to which notice version, the uploads kept
in private tmp/ storage (services.attachments) and a submission key. The key
is stored on the details row (unique), so submitting the same answers twice
(back button, double click, two tabs) creates one request only.
"""

import datetime
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from home.models.base import BasePage

from .requests import RequestKind

logger = logging.getLogger(__name__)

HELP_FEATURES = ["bold", "italic", "ol", "ul", "link"]
STATUS_LOOKUP_URL = "/requests/status/"
MISSING_FILES_MESSAGE = (
    "올린 파일 가운데 더 이상 찾을 수 없는 파일이 있습니다 (오래되어 지워졌습니다). 파일을 다시 올려 주세요."
)


class SeeOther(HttpResponseRedirect):
    """303: after a POST, the browser GETs the next step (no resubmission on reload)."""

    status_code = 303


class RequestFormPage(RoutablePageMixin, BasePage):
    kind = models.CharField(
        "신청 종류", max_length=30, choices=RequestKind.choices,
        help_text="이 페이지가 받는 신청. 종류마다 묻는 항목과 신청을 받는 팀이 정해져 있습니다.",
    )
    intro = models.TextField(
        "요약", max_length=400, blank=True,
        help_text="제목 아래에 보이는 한두 문장: 누가, 무엇을 신청하는지.",
    )
    form_help = RichTextField(
        "작성 전 안내", features=HELP_FEATURES, blank=True,
        help_text="신청서 위에 보이는 안내: 준비할 것, 걸리는 시간 등.",
    )
    check_help = RichTextField(
        "확인 단계 안내", features=HELP_FEATURES, blank=True,
        help_text="‘입력한 내용 확인’ 화면의 보내기 버튼 위에 보이는 안내.",
    )
    what_happens_next = RichTextField(
        "신청 후 절차", features=HELP_FEATURES, blank=True,
        help_text="접수 완료 화면에 보이는 ‘다음 절차’: 누가, 어떻게 연락하는지.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("form_help"), FieldPanel("check_help"), FieldPanel("what_happens_next")],
            heading="단계별 안내",
        ),
    ]

    # Never from the page cache: the form holds a CSRF token and the steps a
    # person's answers (the responses are private/no-store as well).
    page_cache = False

    template = "services/request_form_page.html"
    check_template = "services/request_check_answers.html"
    done_template = "services/request_confirmation.html"
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage", "services.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "온라인 신청서"

    # --- session -------------------------------------------------------------

    @property
    def answers_key(self):
        return f"request-form:{self.pk}"

    @property
    def done_key(self):
        return f"request-form:{self.pk}:done"

    def request_type(self):
        from services.forms import REGISTRY

        return REGISTRY[self.kind]

    def step_url(self, request, step=""):
        base = self.get_url(request) or self.url_path
        return base + (self.reverse_subpage(step).lstrip("/") if step else "")

    def _kept_files(self, answers):
        from services import attachments

        return [f for f in answers.get("files", []) if attachments.is_kept(f.get("name", ""))]

    def _files_elsewhere(self, request):
        """Uploads the same visitor keeps for other application pages (the
        upload quota is per session)."""
        return [
            kept
            for key, answers in request.session.items()
            if key.startswith("request-form:") and key != self.answers_key and isinstance(answers, dict)
            for kept in answers.get("files") or []
        ]

    def _render(self, request, template=None, status=200, **context):
        response = self.render(request, template=template, context_overrides=context)
        response.status_code = status
        add_never_cache_headers(response)
        return response

    def _render_form(self, request, form, status=200):
        return self._render(request, form=form, status=status)

    def _rate_limited_form(self, request, form_class, kept, action, field=None):
        """Over a limit (services.ratelimit): 429 and the form as it was filled
        in, the limit's message in the error summary (on `field` if given).
        The new files are not read and nothing is stored."""
        from services import ratelimit

        form = form_class(request.POST, kept_files=kept, action=action)
        form.add_error(field, ratelimit.MESSAGE)
        return self._render_form(request, form, status=429)

    # --- step 1: the form ----------------------------------------------------

    @path("", name="form")
    def application_form(self, request):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        from services import attachments, consent, ratelimit

        form_class = self.request_type().form_class
        answers = request.session.get(self.answers_key) or {}
        kept = self._kept_files(answers)
        action = self.step_url(request)
        if request.method != "POST":
            initial = {**(answers.get("data") or {}), **form_class.initial_from_query(request.GET)}
            form = form_class(initial=initial, kept_files=kept, action=action)
            return self._render_form(request, form)

        form = form_class(request.POST, request.FILES, kept_files=kept, action=action)
        # Counted before anything is checked or read, bots (honeypot) included.
        if not ratelimit.hit(request, ratelimit.STEP):
            return self._rate_limited_form(request, form_class, kept, action)
        if not ratelimit.hit_uploads(request):
            return self._rate_limited_form(request, form_class, kept, action, field=form.file_field)
        if form.is_trap():
            return self._decoy(request)
        valid = form.is_valid()
        uploads = form.new_uploads()
        if not valid:
            # Nothing is stored until every answer is right (files kept by an
            # earlier valid step stay): a script posting files with wrong
            # answers fills no disk.
            if uploads:
                form.add_error(form.file_field, attachments.not_kept_message(uploads, kept))
            return self._render_form(request, form)

        # Files: a new valid set replaces the kept one; kept ones stay unless removed.
        try:
            answers["files"] = attachments.update_kept(
                kept, uploads, remove=form.wants_files_removed(),
                held_elsewhere=self._files_elsewhere(request), request=request,
            )
        except attachments.NotKept as refusal:  # a quota: nothing stored
            form.add_error(form.file_field, refusal.message)
            return self._render_form(request, form, status=refusal.status)

        now = timezone.now().isoformat()
        answers.update(
            data=form.session_data(),
            notice_version=consent.NOTICE_VERSION,
            consented_at=now,
            sensitive_consented_at=now if form.sensitive_data_given() else None,
            key=answers.get("key") or uuid.uuid4().hex,
        )
        request.session[self.answers_key] = answers
        return SeeOther(self.step_url(request, "check"))

    def _decoy(self, request):
        """A bot filled the honeypot: it gets what looks like success, nothing is kept."""
        from services.references import new_reference

        logger.info("Honeypot filled on %s; nothing created.", self.url_path)
        request.session[self.done_key] = new_reference(self.kind)
        return SeeOther(self.step_url(request, "done"))

    # --- step 2: check your answers, then submit ------------------------------

    @path("check/", name="check")
    def check_answers(self, request):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        from services import ratelimit

        answers = request.session.get(self.answers_key) or {}
        if not answers.get("data"):
            # Already sent (back button, second click) → the confirmation; else start.
            if request.method == "POST" and request.session.get(self.done_key):
                return SeeOther(self.step_url(request, "done"))
            return SeeOther(self.step_url(request))

        kept = self._kept_files(answers)
        form_class = self.request_type().form_class
        form = form_class(data=answers["data"], kept_files=kept, action=self.step_url(request))
        if request.method != "POST":
            return self._render_check(request, form, answers)

        if not form.is_valid():  # e.g. the start date has passed since
            return self._render_form(request, form)
        if len(kept) != len(answers.get("files", [])):
            answers["files"] = kept
            request.session[self.answers_key] = answers
            anchor = form[form.file_field].auto_id if form.file_field else ""
            return self._render_check(request, form, answers, errors=[(MISSING_FILES_MESSAGE, anchor)])
        if not ratelimit.hit(request, ratelimit.SUBMIT):
            return self._render_check(request, form, answers, errors=[(ratelimit.MESSAGE, "")], status=429)

        try:
            reference = self._submit(form, answers, kept)
        except ValidationError as refusal:
            # Decided only at the moment of sending (e.g. registration closed meanwhile,
            # or this person already holds a seat): say so, keep the answers.
            return self._render_check(request, form, answers, errors=[(refusal.messages[0], "")])
        request.session.pop(self.answers_key, None)
        request.session[self.done_key] = reference
        return SeeOther(self.step_url(request, "done"))

    def _render_check(self, request, form, answers, errors=(), status=200):
        form_url = self.step_url(request)
        return self._render(
            request, template=self.check_template, status=status,
            sections=form.summary(answers["data"]), form_url=form_url,
            check_url=self.step_url(request, "check"),
            submit_errors=[(message, f"{form_url}#{anchor}" if anchor else "#submit-heading")
                           for message, anchor in errors],
        )

    def _submit(self, form, answers, kept) -> str:
        """Create the request, its details and attachments in one transaction.
        Returns the reference; the same answers submitted again return the
        first request's reference."""
        from services import attachments, pipeline

        request_type = self.request_type()
        key = uuid.UUID(answers["key"])
        existing = self._submitted_with(key)
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
                    self.kind, cleaned["district"], pipeline.Applicant(**form.applicant_fields()), given,
                )
                request_type.build_details(service_request, cleaned, key)
                for kept_file in kept:
                    written.append(attachments.attach(service_request, kept_file))
        except IntegrityError:
            self._remove_files(written)
            existing = self._submitted_with(key)  # a simultaneous submit of the same answers won
            if existing:
                return existing
            raise
        except Exception:
            self._remove_files(written)
            raise
        # Abandoned uploads are the periodic jobs' (attachments.remove_stale_uploads).
        attachments.discard(kept)
        return service_request.reference

    def _submitted_with(self, key) -> str | None:
        details = self.request_type().details_model.objects.filter(submission_key=key)
        return details.values_list("request__reference", flat=True).first()

    @staticmethod
    def _remove_files(written):
        for attachment in written:
            attachment.file.delete(save=False)

    # --- step 3: confirmation ------------------------------------------------

    @path("done/", name="done")
    def confirmation(self, request):
        reference = request.session.get(self.done_key)
        if not reference:
            return SeeOther(self.step_url(request))
        return self._render(
            request, template=self.done_template, reference=reference, status_url=STATUS_LOOKUP_URL,
            booking=self._booking(reference),
        )

    def _booking(self, reference):
        """For a training booking: the seat it got, to say so on the confirmation."""
        if self.kind != RequestKind.TRAINING:
            return None
        from services import bookings
        from services.models import ServiceRequest

        found = ServiceRequest.objects.filter(reference=reference).first()
        return bookings.booking_of(found) if found else None
