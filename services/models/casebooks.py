"""Best-practice casebooks (사례집): what the agency's centres learnt in
practice, told as cases (상황 → 어려움 → 한 일 → 결과), with a printable PDF
and a listing citizens and partner organisations can filter by year,
category and tag."""

from django.core.paginator import Paginator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from agency_site import search_fields as weight
from agency_site.params import whole_number
from home.blocks import BodyBlock
from home.models.base import BasePage


class CasebookPageTag(TaggedItemBase):
    """The link between a casebook and one of its tags (django-taggit)."""

    content_object = ParentalKey(
        "services.CasebookPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "사례집 태그"
        verbose_name_plural = "사례집 태그"


class CasebookPage(BasePage):
    BEST_PRACTICE = "best_practice"
    CARE_PRACTICE = "care_practice"
    GUIDE = "guide"
    CATEGORIES = [
        (BEST_PRACTICE, "우수사례집"),
        (CARE_PRACTICE, "돌봄실천 사례집"),
        (GUIDE, "운영 가이드"),
    ]
    SAMPLE_NOTICE = "이 사례집은 예시 내용입니다. 편집자가 실제 사례집으로 바꿔 주세요."

    year = models.PositiveSmallIntegerField("발간 연도", help_text="사례집을 펴낸 해 (예: 2023).")
    category = models.CharField("분류", max_length=20, choices=CATEGORIES, default=BEST_PRACTICE)
    tags = ClusterTaggableManager(
        "태그", through=CasebookPageTag, blank=True,
        help_text="주제어 (예: 치매, 긴급돌봄). 사례집 목록에서 태그로 골라 볼 수 있습니다.",
    )
    summary = models.TextField(
        "요약", max_length=600,
        help_text="이 사례집에 무엇이 담겼는지 두세 문장으로. 목록과 검색 결과에도 쓰입니다.",
    )
    is_sample = models.BooleanField(
        "예시 내용", default=False,
        help_text="체크하면 페이지에 ‘예시 내용’ 경고가 보입니다. 실제 사례집으로 바꾼 뒤 체크를 해제하세요.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="인쇄용 파일(PDF)", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="사례집 전체를 내려받을 수 있는 PDF. 페이지에 파일 크기와 함께 링크가 보입니다.",
    )
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True,
                       help_text="사례 뒤에 덧붙일 내용 (발간사, 참고 자료 등). 없으면 비워 두세요.")

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("year"), FieldPanel("category")]),
             FieldPanel("tags"), FieldPanel("is_sample")],
            heading="사례집 정보",
        ),
        FieldPanel("summary"),
        FieldPanel("document"),
        InlinePanel("cases", label="사례", heading="사례",
                    help_text="사례마다 상황·어려움·한 일·결과를 적습니다."),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        weight.summary("summary"),
        weight.body("body"),
        # Each case is found by its own words; its title counts as a title.
        index.RelatedFields("cases", [
            index.SearchField("title"),
            *(weight.body(name) for name in ("setting", "problem", "action", "result")),
        ]),
        index.RelatedFields("tags", [weight.summary("name")]),
        weight.minor("get_category_display"),
        index.FilterField("year"),
        index.FilterField("category"),
    ]

    template = "services/casebook_page.html"
    parent_page_types = ["services.CasebookIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "사례집"
        verbose_name_plural = "사례집"

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cases"] = list(self.cases.all())
        context["casebook_tags"] = list(self.tags.all())
        index_page = self.get_parent()
        context["index_url"] = index_page.get_url(request) if index_page else ""
        return context


class CasebookCase(Orderable):
    """One case of a casebook, told in four steps."""

    page = ParentalKey(CasebookPage, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField("사례 제목", max_length=150)
    setting = models.TextField("상황/배경", help_text="누가, 어디에서, 어떤 상황이었는지.")
    problem = models.TextField("어려움", help_text="무엇이 문제였는지.")
    action = models.TextField("한 일", help_text="센터와 종사자가 한 일.")
    result = models.TextField("결과", help_text="무엇이 달라졌는지. 숫자는 출처 그대로 적습니다.")

    panels = [
        FieldPanel("title"),
        FieldPanel("setting"),
        FieldPanel("problem"),
        FieldPanel("action"),
        FieldPanel("result"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "사례"
        verbose_name_plural = "사례"

    def __str__(self):
        return self.title

    SECTIONS = [("setting", "상황과 배경"), ("problem", "어려움"), ("action", "한 일"), ("result", "결과")]

    @property
    def sections(self):
        """(heading, text) pairs in reading order, for the template."""
        return [(label, getattr(self, name)) for name, label in self.SECTIONS]


class CasebookIndexPage(BasePage):
    intro = models.TextField("요약", blank=True, max_length=400,
                             help_text="제목 아래 한두 문장. 검색 결과에도 쓰입니다.")
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [weight.summary("intro")]

    template = "services/casebook_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.CasebookPage"]
    max_count = 1

    PAGE_SIZE = 10

    class Meta:
        verbose_name = "사례집 목록"

    def casebooks(self):
        """The published casebooks, newest year first."""
        return (
            CasebookPage.objects.child_of(self).live().public()
            .select_related("document")
            .prefetch_related("tags")
            .order_by("-year", "-first_published_at", "-pk")
        )

    def filter_options(self, casebooks):
        """What the filter form offers: only values some casebook has."""
        years = list(casebooks.order_by("-year").values_list("year", flat=True).distinct())
        tags = list(
            Tag.objects.filter(services_casebookpagetag_items__content_object__in=casebooks.values("pk"))
            .distinct().order_by("name")
        )
        return years, tags

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        casebooks = self.casebooks()
        years, tags = self.filter_options(casebooks)

        year = whole_number(request.GET.get("year", ""), max_digits=4)  # "²".isdigit() is true; int() fails
        year = year if year in years else None
        category = request.GET.get("category", "")
        category = category if category in dict(CasebookPage.CATEGORIES) else ""
        tag = next((t for t in tags if t.slug == request.GET.get("tag", "")), None)

        if year:
            casebooks = casebooks.filter(year=year)
        if category:
            casebooks = casebooks.filter(category=category)
        if tag:
            casebooks = casebooks.filter(tags=tag)

        paginator = Paginator(casebooks, self.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            casebooks=page,
            years=years,
            categories=CasebookPage.CATEGORIES,
            tags=tags,
            selected={"year": year or "", "category": category, "tag": tag.slug if tag else ""},
            selected_tag=tag,
            filtered=bool(year or category or tag),
        )
        return context
