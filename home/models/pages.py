"""Home page and the standard content page."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from agency_site import search_fields as weight
from home.blocks import BodyBlock

from .base import BasePage


class HomePage(BasePage):
    """The site's front page: a short hero and the quick links citizens use most."""

    hero_title = models.CharField(
        "대표 문구", max_length=120, help_text="첫 화면 가장 위의 큰 제목 (페이지 제목 대신 표시)."
    )
    hero_text = models.TextField("소개 문장", blank=True, max_length=400)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading="첫 화면"),
        InlinePanel("quick_links", label="바로가기", max_num=8),
    ]
    search_fields = BasePage.search_fields + [weight.summary("hero_title"), weight.summary("hero_text")]

    template = "home/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.NoticeIndexPage",
        "services.ServiceIndexPage",
        "services.CentreIndexPage",
        "services.CasebookIndexPage",
        "daycares.DaycareIndexPage",
        "services.TrainingIndexPage",
        "services.RequestFormPage",
        "home.LegalPage",
        "home.PrivacyPolicyPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "홈페이지"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from home.models.notices import NoticeIndexPage

        context["quick_links"] = self.quick_links.select_related("link_page")
        context["latest_notices"] = NoticeIndexPage.latest(3)
        return context

    def get_meta_description(self) -> str:
        return self.search_description or self.hero_text

    def get_structured_data(self, request=None) -> dict | None:
        from home.structured_data import organisation

        return organisation(self, request)


class HomePageQuickLink(Orderable):
    """One of the home page's quick links: to a page of the site or an address."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField("이름", max_length=60)
    description = models.CharField("설명", max_length=140, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="연결할 페이지", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    link_url = models.CharField(
        "연결할 주소", max_length=300, blank=True,
        help_text="사이트 안의 페이지가 아닐 때만 입력하세요 (예: /search/).",
    )
    # KRDS icons (vendored: static/src/krds-icons.txt lists them for the build).
    ICONS = [
        ("ico_go", "바로가기"), ("ico_call", "전화"), ("ico_calendar", "달력"), ("ico_sch", "찾기"),
        ("ico_my", "사람"), ("ico_file", "문서"), ("ico_faq", "질문"), ("ico_help", "도움말"),
        ("ico_information", "안내"), ("ico_flag", "깃발"), ("ico_all", "전체"), ("ico_email", "전자우편"),
        ("ico_setting", "설정"), ("ico_join", "가입·신청"), ("ico_login", "들어가기"), ("ico_share", "나눔"),
    ]
    icon = models.CharField("아이콘", max_length=30, choices=ICONS, default="ico_go",
                            help_text="카드에 그릴 그림 (KRDS 아이콘).")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        PageChooserPanel("link_page"),
        FieldPanel("link_url"),
        FieldPanel("icon"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "바로가기"
        verbose_name_plural = "바로가기"

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError("연결할 페이지와 주소 중 하나만 입력하세요.")

    @property
    def icon_path(self) -> str:
        """The KRDS icon drawn on the link's card (static path)."""
        return f"vendor/krds/img/component/icon/{self.icon or 'ico_go'}.svg"

    @property
    def href(self) -> str:
        if self.link_page_id:
            return self.link_page.url or ""
        return self.link_url


class ContentPage(BasePage):
    """A standard page of text: what the agency is, how a service works."""

    intro = models.TextField("요약", blank=True, max_length=400,
                             help_text="제목 아래 한두 문장. 검색 결과에도 쓰입니다.")
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [weight.summary("intro"), weight.body("body")]

    template = "home/content_page.html"
    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = "일반 페이지"
