"""The satisfaction survey after a training (issue 6): the signed link we
e-mail to each attendee (manage.py send_training_surveys) and the page it opens.

/requests/survey/<token>/   the e-mailed link: checked, then 303 to answer/
/requests/survey/answer/    three ratings (1–5) and an optional comment
/requests/survey/thanks/    after the answers are saved

The token names one booking and expires after TOKEN_MAX_AGE; it is signed
with its own salt, so a status-page link can never open a survey (nor the
other way round). Only a confirmed attendee not marked absent, of a session
that took place and has ended, may answer, and only once: the database
keeps one answer per booking (TrainingFeedback.booking is unique), so two
submissions at the same moment still count once. No response here is cached
or indexed; posts and broken links are rate-limited per client.

As with the status link (services.requests.lookup), the token is a key and is used
once: its address checks it, keeps the booking in the session for
`lookup.VERIFIED_FOR` and answers 303 with the token-free answer/ address,
where the form is shown and posted. Only that one response carries the
token, with `Referrer-Policy: no-referrer` and `Cache-Control: no-store`.
"""

from __future__ import annotations

import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from agency_site.crispy_krds.layout import Submit
from agency_site.http import SeeOther
from services.models import TrainingBooking, TrainingFeedback
from services.models.feedback import COMMENT_MAX
from services.models.request_details import Seat
from services.requests import ratelimit, signed_links
from services.requests.forms.fields import FirstOptionBoundField, PlainTextField
from services.requests.lookup import VERIFIED_FOR, private_page, token_page

TOKEN_SALT = "services.training-survey"  # noqa: S105 (a namespace for the signature, not a secret)
TOKEN_MAX_AGE_DAYS = 30
TOKEN_MAX_AGE = TOKEN_MAX_AGE_DAYS * 24 * 60 * 60  # seconds

# Its own budget: answering a survey must not use up a person's status lookups.
LIMIT = ratelimit.Limit("survey", settings.RATE_LIMIT_LOOKUPS_PER_15_MINUTES, window_seconds=15 * 60)

LINK_INVALID = (
    f"이 만족도 조사 링크는 기간({TOKEN_MAX_AGE_DAYS}일)이 지났거나 올바르지 않습니다. "
    "전자우편에 있는 링크를 그대로 열었는지 확인해 주세요. "
    "링크가 잘렸다면 주소 전체를 복사해 붙여 넣어 주세요."
)
ALREADY_ANSWERED = "이 교육의 만족도 조사에는 이미 응답하셨습니다. 한 분께 한 번만 응답을 받습니다."
NOT_ATTENDED = (
    "이 신청은 교육에 참석하신 것으로 되어 있지 않아 만족도 조사에 응답할 수 없습니다. "
    "기록이 잘못되었다면 교육 담당 부서로 연락해 주세요."
)
CANCELLED = "취소된 교육이나 신청에는 만족도 조사를 받지 않습니다."
REOPEN_LINK = (
    "만족도 조사 화면을 연 지 오래되었거나, 이 브라우저에서 링크를 열지 않았습니다. "
    "전자우편에 있는 만족도 조사 링크를 다시 열어 주세요."
)

# The booking whose link was opened in this session: {"b": pk, "at": time}.
SESSION_KEY = "training_survey_verified"
NOT_YET = "교육이 끝난 뒤에 응답할 수 있습니다."

# The scale, worded on every option (not only at the ends) so that each radio
# button says what it means when read on its own by a screen reader.
SCALE = [
    (1, "1 매우 불만족"),
    (2, "2 불만족"),
    (3, "3 보통"),
    (4, "4 만족"),
    (5, "5 매우 만족"),
]


# ---------------------------------------------------------------------------
# The signed link
# ---------------------------------------------------------------------------


def survey_token(booking: TrainingBooking) -> str:
    """A tamper-proof, expiring token naming the booking (by pk)."""
    return signed_links.token_for(TOKEN_SALT, "b", booking.pk)


def booking_pk_from_token(token: str) -> int | None:
    """The booking pk a token names, or None when it is forged, damaged or expired."""
    return signed_links.pk_from_token(TOKEN_SALT, "b", token, TOKEN_MAX_AGE)


def survey_link(booking: TrainingBooking) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "request_status:survey", args=[survey_token(booking)],
    )


# ---------------------------------------------------------------------------
# Who may answer
# ---------------------------------------------------------------------------


def refusal(booking: TrainingBooking, now=None) -> str:
    """Why this booking may not answer the survey, in words; "" when it may."""
    session = booking.session
    if booking.seat in (Seat.CANCELLED, Seat.DECLINED) or session.is_cancelled or session.page.is_cancelled:
        return CANCELLED
    if booking.seat != Seat.CONFIRMED or booking.attended is False:
        return NOT_ATTENDED
    if (now or timezone.now()) < session.ends_at:
        return NOT_YET
    return ""


def already_answered(booking: TrainingBooking) -> bool:
    return TrainingFeedback.objects.filter(booking=booking).exists()


# ---------------------------------------------------------------------------
# Form
# ---------------------------------------------------------------------------


def _rating(question: str, missing: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=question, choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": missing},
    )


class SurveyForm(forms.Form):
    bound_field_class = FirstOptionBoundField  # the error summary links to the first option

    content = _rating("교육 내용에 얼마나 만족하셨나요?", "교육 내용에 얼마나 만족하셨는지 골라 주세요.")
    instructor = _rating(
        "강사의 강의에 얼마나 만족하셨나요?", "강사의 강의에 얼마나 만족하셨는지 골라 주세요.",
    )
    usefulness = _rating(
        "배운 내용이 업무에 도움이 되는 정도에 얼마나 만족하셨나요?",
        "배운 내용이 업무에 도움이 되는 정도를 골라 주세요.",
    )
    comment = PlainTextField(
        multiline=True, required=False, max_length=COMMENT_MAX, label="더 하고 싶은 말씀 (선택)",
        help_text=f"좋았던 점, 아쉬웠던 점, 다음 교육에서 다뤘으면 하는 내용을 {COMMENT_MAX}자 이내로 "
                  "적어 주세요. 이름이나 연락처 같은 개인정보는 적지 말아 주세요.",
        error_messages={"max_length": f"의견은 {COMMENT_MAX}자 이내로 적어 주세요."},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A longer comment gets an error message rather than being cut silently by the browser.
        self.fields["comment"].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper(self)
        self.helper.form_action = reverse("request_status:survey_answer")  # never the token's address
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "content", "instructor", "usefulness", "comment",
            Submit("submit", "응답 보내기", data_prevent_double_click="true"),
        )


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def _message(request, title, text, *, status=200, success=False):
    context = {"title": title, "text": text, "success": success}
    return render(request, "services/training_survey_message.html", context, status=status)


def _rate_limited(request):
    return render(request, "services/status_rate_limited.html", {"message": ratelimit.MESSAGE}, status=429)


def _survey_page(request, booking, form):
    return render(request, "services/training_survey.html", {"form": form, "session": booking.session})


def _remember(request, booking) -> None:
    request.session.cycle_key()  # a new session id for the new privilege
    request.session[SESSION_KEY] = {"b": booking.pk, "at": int(time.time())}


def _verified_booking(request) -> TrainingBooking | None:
    """The booking whose link was opened in this session, while that is fresh."""
    proof = request.session.get(SESSION_KEY)
    if not isinstance(proof, dict) or not isinstance(proof.get("at"), int):
        return None
    if time.time() - proof["at"] > VERIFIED_FOR:
        request.session.pop(SESSION_KEY, None)
        return None
    return TrainingBooking.objects.select_related("session__page").filter(pk=proof.get("b")).first()


@token_page
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, token):
    """The e-mailed link: a good token opens the survey at its token-free address.
    A POST here comes from a form shown before the form moved to answer/: its
    answers still count."""
    if request.method == "POST" and not ratelimit.hit(request, LIMIT):
        return _rate_limited(request)
    pk = booking_pk_from_token(token)
    booking = TrainingBooking.objects.select_related("session__page").filter(pk=pk).first() if pk else None
    if booking is None:
        # Counted on every method: someone trying tokens gets slowed down too.
        if request.method != "POST" and not ratelimit.hit(request, LIMIT):
            return _rate_limited(request)
        return _message(request, "링크를 열 수 없습니다", LINK_INVALID, status=400)
    _remember(request, booking)
    if request.method == "POST":
        return _respond(request, booking)
    return SeeOther(reverse("request_status:survey_answer"))


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request):
    if request.method == "POST" and not ratelimit.hit(request, LIMIT):
        return _rate_limited(request)
    booking = _verified_booking(request)
    if booking is None:
        return _message(request, "링크를 다시 열어 주세요", REOPEN_LINK, status=403)
    return _respond(request, booking)


def _respond(request, booking):
    """The survey of `booking`: the form, the answers saved, or why not."""
    if already_answered(booking):
        return _message(request, "이미 응답하셨습니다", ALREADY_ANSWERED)
    reason = refusal(booking)
    if reason:
        return _message(request, "만족도 조사에 응답할 수 없습니다", reason, status=403)
    if request.method != "POST":
        return _survey_page(request, booking, SurveyForm())
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _survey_page(request, booking, form)
    try:
        with transaction.atomic():
            TrainingFeedback.objects.create(booking=booking, **form.cleaned_data)
    except IntegrityError:  # the same answers sent twice at once: the first one counts
        return _message(request, "이미 응답하셨습니다", ALREADY_ANSWERED, status=409)
    # See Other: reloading the thank-you page posts nothing again.
    return SeeOther(reverse("request_status:survey_thanks"))


@private_page
@require_safe
def thanks(request):
    return _message(
        request, "응답해 주셔서 감사합니다",
        "보내 주신 의견은 다음 교육을 준비하는 데 쓰겠습니다. 이 창은 닫으셔도 됩니다.", success=True,
    )
