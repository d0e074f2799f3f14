"""The online application form, one Wagtail page per kind of request.

The page holds what editors write around the form; the steps themselves
(form → check answers → confirmation, at the page's own URLs) are
services.requests.form_flow, which the page's routes call.
"""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from agency_site import search_fields as weight
from home.models.base import BasePage

from . import contacts, serving
from .requests import RequestKind

HELP_FEATURES = ["bold", "italic", "ol", "ul", "link"]


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
    contact_team = contacts.contact_team_field(
        "신청서·확인·접수 완료 화면의 ‘문의’에 보이는 팀. 비워 두면 이 신청서로 이어지는 사업 안내 "
        "페이지의 팀, 그것도 없으면 이 종류의 신청을 받는 큐의 팀이 보입니다.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("form_help"), FieldPanel("check_help"), FieldPanel("what_happens_next")],
            heading="단계별 안내",
        ),
        FieldPanel("contact_team"),
    ]

    search_fields = BasePage.search_fields + [
        weight.summary("intro"), weight.body("form_help"), weight.minor("get_kind_display"),
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

    @cached_property
    def team(self):
        """The team every step shows under "문의" (services.models.contacts)."""
        return contacts.for_form_page(self)

    # --- session -------------------------------------------------------------

    @property
    def answers_key(self):
        return f"request-form:{self.pk}"

    @property
    def done_key(self):
        return f"request-form:{self.pk}:done"

    def step_url(self, request, step=""):
        base = self.get_url(request) or self.url_path
        return base + (self.reverse_subpage(step).lstrip("/") if step else "")

    # --- the three steps (services.requests.form_flow) -------------------------

    @path("", name="form")
    def application_form(self, request):
        return serving.provided("request_form").application_form(self, request)

    @path("check/", name="check")
    def check_answers(self, request):
        return serving.provided("request_form").check_answers(self, request)

    @path("done/", name="done")
    def confirmation(self, request):
        return serving.provided("request_form").confirmation(self, request)
