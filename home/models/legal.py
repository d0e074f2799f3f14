"""The legal pages every Korean public site links from its footer.

- `LegalPage`: 이용약관, 저작권정책, 이메일무단수집거부, 웹접근성 정책,
  찾아오시는 길. Editors write the prose; `role` says which one a page is,
  so the footer finds it whatever its slug or title, and the template adds
  what comes from the identity setting (address, phone, e-mail), never
  written into the prose.
- `PrivacyPolicyPage`: 개인정보처리방침 (개인정보 보호법 제30조). What each
  service collects, why and for how long is not written here but built, at
  render time, from the code the forms run on (the request kinds, their
  consent notices, form fields and retention periods), so the policy and the
  forms cannot drift. That code lives above the models (services.requests);
  it hands its builder over when the app starts (`provide_policy_facts`), as
  services.models.serving does for the request forms. What only people know
  (the privacy officer, the dated revisions) is edited on the page.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from agency_site import search_fields as weight
from home.blocks import BodyBlock

from .base import BasePage


class LegalPage(BasePage):
    """One of the footer's legal or practical pages."""

    class Role(models.TextChoices):
        TERMS = "terms", "이용약관"
        COPYRIGHT = "copyright", "저작권정책"
        EMAIL_REFUSAL = "email_refusal", "이메일무단수집거부"
        ACCESSIBILITY = "accessibility", "웹접근성 정책"
        DIRECTIONS = "directions", "찾아오시는 길"

    role = models.CharField(
        "페이지 구분", max_length=30, choices=Role.choices,
        help_text="바닥글의 어느 링크가 이 페이지로 가는지 정합니다. 구분마다 한 페이지만 둘 수 있습니다.",
    )
    intro = models.TextField("요약", blank=True, max_length=400,
                             help_text="제목 아래 한두 문장. 검색 결과에도 쓰입니다.")
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = Page.content_panels + [FieldPanel("role"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [weight.summary("intro"), weight.body("body")]

    template = "home/legal/legal_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "약관·정책 페이지"
        verbose_name_plural = "약관·정책 페이지"

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        siblings = LegalPage.objects.filter(role=self.role).exclude(pk=self.pk)
        if parent is not None:
            siblings = siblings.child_of(parent)
        if self.role and siblings.exists():
            raise ValidationError({"role": f"‘{self.get_role_display()}’ 페이지가 이미 있습니다. "
                                           "그 페이지를 고치거나 다른 구분을 고르세요."})


class PrivacyPolicyPage(BasePage):
    """개인정보처리방침: the per-service parts are built from the code."""

    intro = models.TextField(
        "요약", blank=True, max_length=400,
        help_text="제목 아래 한두 문장. 비워 두면 법에 따른 안내 문장만 보입니다.",
    )
    officer_title = models.CharField(
        "개인정보 보호책임자 (직책)", max_length=100,
        help_text="사람 이름 대신 직책을 적습니다. 예: 기획조정실장",
    )
    officer_department = models.CharField(
        "개인정보 보호 담당 부서", max_length=100,
        help_text="열람·정정·삭제 요구를 받아 처리하는 부서. 예: 기획조정실 전략기획팀",
    )
    officer_phone = models.CharField(
        "담당 부서 전화", max_length=40, blank=True,
        help_text="비워 두면 기관 정보의 대표 전화를 보여 줍니다.",
    )
    officer_email = models.EmailField(
        "담당 부서 전자우편", blank=True,
        help_text="비워 두면 기관 정보의 대표 전자우편을 보여 줍니다.",
    )
    mail_processor_name = models.CharField(
        "전자우편 발송 수탁업체", max_length=100, blank=True,
        help_text=("안내 전자우편을 기관 밖의 발송 서버로 보낼 때 그 업체 이름. 서버 설정상 밖으로 보내지 "
                   "않으면 표시하지 않습니다."),
    )
    body = StreamField(
        BodyBlock(), verbose_name="그 밖의 사항", blank=True,
        help_text="누리집 밖의 개인정보 처리(영상정보처리기기 등)처럼 신청서로 알 수 없는 내용 (선택).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("officer_title"), FieldPanel("officer_department"), FieldPanel("officer_phone"),
             FieldPanel("officer_email")],
            heading="개인정보 보호책임자",
        ),
        FieldPanel("mail_processor_name"),
        FieldPanel("body"),
        InlinePanel(
            "revision_history", label="개정 이력", min_num=1,
            help_text="시행일마다 한 줄. 새 방침을 시행할 때 줄을 더하세요 (최신이 맨 위에 보입니다).",
        ),
    ]
    search_fields = BasePage.search_fields + [weight.summary("intro"), weight.body("body")]

    template = "home/legal/privacy_policy_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "개인정보처리방침"
        verbose_name_plural = "개인정보처리방침"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        policy = policy_facts()
        context["policy"] = policy
        context["processors"] = policy.processors(self.mail_processor_name)
        history = sorted(self.revision_history.all(), key=lambda row: (row.effective_on, row.pk or 0),
                         reverse=True)
        context["revision_history"] = history
        context["effective_on"] = history[0].effective_on if history else None
        return context


class PrivacyPolicyRevision(Orderable):
    """One dated version of the policy (the law asks for the history)."""

    page = ParentalKey(PrivacyPolicyPage, on_delete=models.CASCADE, related_name="revision_history")
    effective_on = models.DateField("시행일")
    summary = models.CharField("주요 내용", max_length=300, blank=True)
    previous_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="이전 방침 파일", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="이 날짜에 시행했던 방침 전문 (지금 방침이 아닐 때, 선택).",
    )

    panels = [FieldPanel("effective_on"), FieldPanel("summary"), FieldPanel("previous_document")]

    class Meta(Orderable.Meta):
        verbose_name = "개정 이력"
        verbose_name_plural = "개정 이력"


# --- what the code collects, handed over from above ---------------------------

_policy_facts = None


def provide_policy_facts(build) -> None:
    """Called once when the services app starts: `build()` returns what the
    forms collect, why and for how long (services.requests.privacy_policy)."""
    global _policy_facts
    _policy_facts = build


def policy_facts():
    if _policy_facts is None:
        raise ImproperlyConfigured("nothing builds the privacy policy: is the services app installed?")
    return _policy_facts()
