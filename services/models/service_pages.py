"""One page per service the agency offers, grouped on an index."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from home.models.base import BasePage

from .contacts import contact_team_field


class ServiceIndexPage(BasePage):
    intro = models.TextField("요약", blank=True, max_length=400)
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

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


class ServicePage(BasePage):
    """What a service is, who can get it, what they get and how to apply."""

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
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("eligibility"),
        index.SearchField("benefits"),
        index.SearchField("how_to_apply"),
        index.SearchField("body"),
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
