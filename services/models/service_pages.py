"""One page per service the agency offers, grouped on an index."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PageChooserPanel, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField

from agency_site import search_fields as weight
from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from home.models.base import BasePage

from . import self_check as checks
from .contacts import contact_team_field

# The plain-language section: no headings (the template gives each text its
# own fixed h2), nothing but bold, lists and links, so that short, plain
# sentences are the easy thing to write.
EASY_FEATURES = ["bold", "ol", "ul", "link"]
EASY_FIELDS = ("easy_who", "easy_what", "easy_cost", "easy_duration", "easy_how")


def _easy_field(heading: str, help_text: str):
    return RichTextField(heading, features=EASY_FEATURES, blank=True, help_text=help_text)


class ServiceIndexPage(BasePage):
    intro = models.TextField("요약", blank=True, max_length=400)
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    # The section pages and the places people look for rank a little higher (search.ranking).
    search_priority = 1.2
    search_fields = BasePage.search_fields + [weight.summary("intro"), weight.body("body")]

    template = "services/service_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServicePage", "services.RequestFormPage"]
    max_count = 1

    class Meta:
        verbose_name = "사업안내 목록"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = ServicePage.objects.child_of(self).live().public().order_by("path")
        context["groups"] = [
            (label, [s for s in services if s.audience == audience])
            for audience, label in ServicePage.AUDIENCES
        ]
        return context


class ServicePage(RoutablePageMixin, BasePage):
    """What a service is, who can get it, what they get and how to apply:
    first in plain words (쉬운 안내: five short texts and an optional yes/no
    self-check, services.models.self_check), then in detail."""

    AUDIENCES = [("citizen", "시민을 위한 서비스"), ("provider", "민간 제공기관을 위한 지원")]

    audience = models.CharField("대상", max_length=20, choices=AUDIENCES, default="citizen")
    intro = models.TextField("요약", max_length=400, help_text="이 서비스가 무엇인지 한두 문장으로.")
    eligibility = RichTextField("누가 받을 수 있나요", features=RICH_TEXT_FEATURES, blank=True)
    benefits = RichTextField("무엇을 받나요", features=RICH_TEXT_FEATURES, blank=True)
    how_to_apply = RichTextField("어떻게 신청하나요", features=RICH_TEXT_FEATURES, blank=True)
    apply_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="신청 페이지", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="온라인 신청서 페이지가 있으면 고르세요. 버튼이 나타납니다.",
    )
    apply_label = models.CharField("신청 버튼 글자", max_length=40, default="신청하기")
    care_services = ParentalManyToManyField(
        "services.CareService", verbose_name="제공 센터 찾기 기준", blank=True,
        help_text="이 서비스를 제공하는 센터를 찾을 때 쓰는 항목. 비워 두면 센터 목록이 나오지 않습니다.",
    )
    body = StreamField(BodyBlock(), verbose_name="더 알아두실 내용", blank=True)
    contact_team = contact_team_field("페이지 아래 ‘문의’에 이름과 전화번호가 보이는 팀.")

    easy_who = _easy_field(
        "누가 받을 수 있나요", "받을 수 있는 사람을 짧은 문장으로. 꼭 써야 하는 낱말은 풀어 쓰세요.",
    )
    easy_what = _easy_field("무엇을 받나요", "어떤 도움을 받는지, 누가 와서 무엇을 하는지.")
    easy_cost = _easy_field(
        "비용은 얼마인가요", "모르면 지어내지 말고 ‘전화로 물어보세요’라고 쓰세요.",
    )
    easy_duration = _easy_field(
        "얼마나 걸리나요", "얼마 동안 받는지, 신청하고 얼마 뒤에 연락이 오는지. 모르면 그렇다고 쓰세요.",
    )
    easy_how = _easy_field(
        "어떻게 신청하나요", "순서대로. 팀 전화번호와 온라인 신청 버튼은 저절로 붙습니다.",
    )
    self_check = StreamField(
        [("question", checks.QuestionBlock())], verbose_name="받을 수 있는지 알아보기 (질문)",
        blank=True,
        help_text="예/아니요 질문을 순서대로. 한 화면에 하나씩 보이고, 답은 어디에도 저장하지 않습니다. "
                  "비워 두면 이 기능이 나타나지 않습니다.",
    )
    self_check_success = models.TextField(
        "모든 질문을 지나면 보이는 문장", max_length=400, blank=True,
        help_text="예: 긴급돌봄을 신청할 수 있을 것 같습니다. 신청 버튼과 팀 전화번호가 함께 보입니다.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("audience"),
        FieldPanel("intro"),
        FieldPanel("eligibility"),
        FieldPanel("benefits"),
        MultiFieldPanel(
            [FieldPanel("how_to_apply"), PageChooserPanel("apply_page"), FieldPanel("apply_label")],
            heading="신청 방법",
        ),
        FieldPanel("care_services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        FieldPanel("contact_team"),
    ]
    easy_panels = [
        MultiFieldPanel(
            [FieldPanel(name) for name in EASY_FIELDS],
            heading="쉬운 말 안내",
            help_text="요약 바로 아래에 보이는 다섯 가지. 짧은 문장으로, 어려운 낱말 없이 쓰세요.",
        ),
        MultiFieldPanel(
            [FieldPanel("self_check"), FieldPanel("self_check_success")],
            heading="받을 수 있는지 알아보기",
        ),
    ]
    # Wagtail's three tabs with 쉬운 안내 after the content.
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=gettext_lazy("Content")),
        ObjectList(easy_panels, heading="쉬운 안내"),
        ObjectList(BasePage.promote_panels, heading=gettext_lazy("Promote")),
        ObjectList(BasePage.settings_panels, heading=gettext_lazy("Settings")),
    ])
    # What most searches are for: a service comes before a notice that names it (search.ranking).
    search_priority = 1.3
    search_fields = BasePage.search_fields + [
        weight.summary("intro"),
        *(weight.body(name) for name in (
            "easy_who", "easy_what", "easy_cost", "easy_duration", "easy_how",
            "eligibility", "benefits", "how_to_apply", "body",
        )),
    ]

    template = "services/service_page.html"
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "사업(서비스) 안내"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        care_services = list(self.care_services.all())  # once, for the centres and the finder link
        context["care_services"] = care_services
        context["centres"] = list(self.providing_centres(care_services))
        return context

    @path("self-check/", name="self_check")
    def self_check_screen(self, request):
        """받을 수 있는지 알아보기, one question per screen (services.models.self_check)."""
        return checks.serve(self, request)

    def self_check_count(self) -> int:
        # Counted from the stored JSON: the page only needs the number, and
        # building every question's blocks would cost each uncached view.
        return sum(1 for block in self.self_check.raw_data if block["type"] == "question")

    def providing_centres(self, care_services=None):
        from .centres import CentrePage

        if care_services is None:
            care_services = list(self.care_services.all())
        if not care_services:
            return CentrePage.objects.none()
        return (
            CentrePage.objects.live().public()
            .filter(services__in=care_services).distinct().order_by("kind", "title")
        )
