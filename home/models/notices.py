"""Notices and news (알림·소식): a dated list, newest first, with an RSS feed."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from agency_site import search_fields as weight
from home.blocks import BodyBlock
from home.feeds import NoticeFeed

from .base import BasePage


class NoticePage(BasePage):
    NOTICE = "notice"
    NEWS = "news"
    RECRUITMENT = "recruitment"
    EDUCATION = "education"
    CATEGORIES = [(NOTICE, "공지"), (NEWS, "소식"), (RECRUITMENT, "채용"), (EDUCATION, "교육")]

    date = models.DateField(
        "게시일", default=timezone.localdate,
        help_text="목록과 RSS에서 이 날짜 순으로 최신 글이 먼저 보입니다.",
    )
    category = models.CharField("분류", max_length=20, choices=CATEGORIES, default=NOTICE)
    intro = models.TextField("요약", max_length=400,
                             help_text="목록·RSS·검색 결과에 보이는 한두 문장.")
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    # News of a day: below the pages that stay true (services, centres) for the same words (search.ranking).
    search_priority = 0.8
    search_fields = BasePage.search_fields + [
        weight.summary("intro"),
        weight.body("body"),
        weight.minor("get_category_display"),
        index.FilterField("date"),
        index.FilterField("category"),
    ]

    template = "home/notice_page.html"
    parent_page_types = ["home.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "알림·소식 글"
        verbose_name_plural = "알림·소식 글"

    def get_structured_data(self, request=None) -> dict | None:
        from home.structured_data import publisher

        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.intro,
            "datePublished": self.date.isoformat(),
            "url": self.get_full_url(request),
            "publisher": publisher(request),
        }


class NoticeIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField("요약", blank=True, max_length=400,
                             help_text="제목 아래 한두 문장. 검색 결과에도 쓰입니다.")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [weight.summary("intro")]

    template = "home/notice_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NoticePage"]
    max_count = 1

    PAGE_SIZE = 10
    FEED_SIZE = 20

    class Meta:
        verbose_name = "알림·소식 목록"

    def notices(self):
        """This index's published notices, newest first."""
        return NoticePage.objects.child_of(self).live().public().order_by("-date", "-pk")

    @classmethod
    def latest(cls, n=3):
        """The `n` newest published, public notices of the site's notice index
        (a list; three queries whatever `n`), e.g. for the home page."""
        index_page = cls.objects.live().first()
        if index_page is None:
            return []
        return list(index_page.notices()[:n])

    @path("", name="list")
    def notice_list(self, request):
        paginator = Paginator(self.notices(), self.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return self.render(request, context_overrides={
            "notices": page,
            "feed_url": self.get_feed_url(request),
        })

    @path("rss/", name="rss")
    def rss(self, request):
        return NoticeFeed(self)(request)

    def get_feed_url(self, request=None) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage("rss")
