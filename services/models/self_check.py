"""A short yes/no self-check on a service page: "can I get this service?"

Editors write the questions (ServicePage.self_check, a list of QuestionBlock).
Each question says which answer ends the check and what the person should do
then: call the page's team, look at another service, or read a sentence.
Answering every question without reaching an end means the service probably
fits: the result offers the page's online application ("신청하기") or its team's
telephone, with the page's own sentence (ServicePage.self_check_success).

One question per screen (GOV.UK's pattern), at the page's `self-check/`
address, without JavaScript, and nothing is kept: the answers so far travel in
the form as hidden inputs, never in a session, the database or the address.
The screens are POSTed because gunicorn's access log writes every query
string, and answers such as "lives in Seoul, no family to help" say something
about a person. Every response is `private, no-store`. Answers that do not fit
the questions (edited meanwhile, or typed by hand) start the check again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from wagtail import blocks

YES, NO = "yes", "no"
ANSWERS = [(YES, "예"), (NO, "아니요")]
CALL, SERVICE, TEXT = "call", "service", "text"
OUTCOMES = [
    (CALL, "팀에 전화하도록 안내 (팀 전화번호가 보입니다)"),
    (SERVICE, "다른 서비스로 안내 (링크가 보입니다)"),
    (TEXT, "안내 문장만"),
]
MISSING = "‘예’ 또는 ‘아니요’를 골라 주세요."
RESTARTED = "답을 이어 갈 수 없어 첫 질문부터 다시 보여 드립니다."

QUESTION_TEMPLATE = "services/service_self_check_question.html"
RESULT_TEMPLATE = "services/service_self_check_result.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label="질문",
        max_length=150,
        help_text="‘예’나 ‘아니요’로 답할 수 있게, 한 번에 한 가지만 물으세요.",
    )
    hint = blocks.CharBlock(
        label="도움말",
        max_length=300,
        required=False,
        help_text="질문 아래에 보이는 설명이나 예 (선택).",
    )
    ends_on = blocks.ChoiceBlock(
        label="이 답을 고르면 여기서 끝납니다",
        choices=ANSWERS,
        default=NO,
        help_text="서비스를 받기 어려운 답. 다른 답이면 다음 질문으로 넘어갑니다.",
    )
    outcome = blocks.ChoiceBlock(label="끝났을 때 다음 할 일", choices=OUTCOMES, default=CALL)
    message = blocks.TextBlock(
        label="끝났을 때 보이는 문장",
        max_length=400,
        help_text="왜 여기서 끝났는지, 무엇을 하면 되는지 쉬운 말로 적으세요.",
    )
    page = blocks.PageChooserBlock(
        label="안내할 서비스 페이지",
        required=False,
        help_text="‘다른 서비스로 안내’일 때 고르세요.",
    )
    url = blocks.CharBlock(
        label="안내할 주소",
        required=False,
        help_text="페이지가 아닐 때만 (예: /services/)",
    )
    link_text = blocks.CharBlock(
        label="링크 글자",
        max_length=60,
        required=False,
        help_text="비워 두면 페이지 제목을 씁니다.",
    )

    class Meta:
        icon = "help"
        label = "예/아니요 질문"
        template = "services/blocks/self_check_question.html"
        description = "‘받을 수 있는지 알아보기’의 질문 하나. 한 화면에 하나씩 보입니다."
        preview_value = {
            "question": "돌봄이 필요한 분이 서울에 사시나요?",
            "hint": "",
            "ends_on": NO,
            "outcome": TEXT,
            "message": "사는 곳의 시·군·구청이나 주민센터에 물어보세요.",
        }

    def clean(self, value):
        value = super().clean(value)
        url = value.get("url") or ""
        if url and not url.startswith(("/", "https://", "http://")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("주소는 / 또는 https:// 로 시작해야 합니다.")}
            )
        if value.get("outcome") == SERVICE and not (value.get("page") or url):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("안내할 서비스 페이지를 고르거나 주소를 적어 주세요.")}
            )
        return value


class AnswerForm(forms.Form):
    """The one question on the screen. Its label and hint are the editor's
    text, escaped by the templates like any other value."""

    answer = forms.ChoiceField(
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": MISSING, "invalid_choice": MISSING},
    )

    def __init__(self, question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question["question"]
        self.fields["answer"].help_text = question["hint"] or ""


@dataclass(frozen=True)
class Walk:
    """Where a set of answers leads: `index` is the question to show next,
    or None when the check is over (`ended_by` is then the question whose
    answer ended it, or None when every question was passed)."""

    answers: tuple[str, ...]
    index: int | None
    ended_by: int | None = None


def questions_of(page) -> list:
    return [block.value for block in page.self_check if block.block_type == "question"]


def fingerprint(questions) -> str:
    """Travels with the answers: a question added, removed or turned round
    while someone is half-way makes their answers mean nothing, so they
    start again."""
    text = json.dumps([[q["question"], q["ends_on"]] for q in questions], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def walk(questions, answers) -> Walk | None:
    """Follow `answers` through `questions`; None if they cannot be answers to them."""
    answers = tuple(answers)
    if len(answers) > len(questions) or any(answer not in (YES, NO) for answer in answers):
        return None
    for index, answer in enumerate(answers):
        if answer == questions[index]["ends_on"]:
            if index != len(answers) - 1:  # nothing can follow an answer that ended the check
                return None
            return Walk(answers, None, index)
    return Walk(answers, None) if len(answers) == len(questions) else Walk(answers, len(answers))


def serve(page, request):
    questions = questions_of(page)
    if not questions:
        raise Http404
    context = _screen(page, request, questions)
    template = QUESTION_TEMPLATE if "form" in context else RESULT_TEMPLATE
    response = page.render(
        request,
        template=template,
        context_overrides={
            **context,
            "total": len(questions),
            "version": fingerprint(questions),
        },
    )
    add_never_cache_headers(response)  # private, no-store: the answers are this person's
    return response


def _screen(page, request, questions) -> dict:
    start = {"form": AnswerForm(questions[0]), "number": 1, "earlier": ()}
    if request.method != "POST":
        return start
    data = request.POST
    restart = {**start, "restarted": RESTARTED}
    if data.get("v") != fingerprint(questions):
        return restart
    answers = data.getlist("a")
    if data.get("go") == "back":
        # The answers up to the question to go back to; that one is shown
        # again with the answer given before already chosen.
        before = walk(questions, answers[:-1])
        if not answers or before is None or before.index is None or answers[-1] not in (YES, NO):
            return restart
        index = before.index
        form = AnswerForm(questions[index], initial={"answer": answers[-1]})
        return {"form": form, "number": index + 1, "earlier": before.answers}
    before = walk(questions, answers)
    if before is None or before.index is None:
        return restart
    index = before.index
    form = AnswerForm(questions[index], data)
    if not form.is_valid():
        return {"form": form, "number": index + 1, "earlier": before.answers}
    after = walk(questions, (*before.answers, form.cleaned_data["answer"]))
    if after.index is not None:
        next_question = AnswerForm(questions[after.index])
        return {"form": next_question, "number": after.index + 1, "earlier": after.answers}
    return _result(page, request, questions, after)


def _result(page, request, questions, done: Walk) -> dict:
    labels = dict(ANSWERS)
    context = {
        "earlier": done.answers,
        "given": [(questions[i]["question"], labels[answer]) for i, answer in enumerate(done.answers)],
        "outcome": None,
    }
    if done.ended_by is None:
        return context
    question = questions[done.ended_by]
    outcome = {"kind": question["outcome"], "message": question["message"]}
    if question["outcome"] == SERVICE:
        target = question["page"]
        href = target.get_url(request) if target is not None and target.live else None
        href = href or question["url"]
        if href:
            title = target.title if target is not None else "다른 서비스 보기"
            outcome.update(href=href, text=question["link_text"] or title)
        else:  # the chosen page is gone: the sentence alone, never a broken link
            outcome["kind"] = TEXT
    context["outcome"] = outcome
    return context
