"""The agency's public daycares (국공립어린이집), the childcare programmes they
run, and the daycare finder (filters by programme and district)."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from agency_site import search_fields as weight
from agency_site.districts import DISTRICT_CHOICES, DISTRICTS
from home.blocks import BodyBlock
from home.models.base import BasePage

DAYCARES_PER_PAGE = 20

# 임신육아종합포털 아이사랑 (run by the Ministry of Health and Welfare): its
# "입소대기 신청" entry, where parents put a child on the waiting list of any
# daycare, ours included. Not a setting: the address is the portal's, the
# same for every daycare; change it here if the portal moves it.
CHILDCARE_PORTAL_WAITLIST_URL = "https://www.childcare.go.kr/?menuno=166"


class ChildcareProgramme(index.Indexed, models.Model):
    """A kind of care a daycare offers: one of the 취약보육 types (for children
    and families who need more care) or a programme every daycare of the
    agency takes part in."""

    class Kind(models.TextChoices):
        VULNERABLE = "vulnerable", "취약보육"
        COMMON = "common", "기관 공통 프로그램"

    name = models.CharField("이름", max_length=60, unique=True, help_text="예: 야간연장보육")
    slug = models.SlugField(
        "주소용 이름", max_length=60, unique=True,
        help_text="어린이집 찾기 주소에 쓰이는 영문 이름 (예: extended-hours). 바꾸면 기존 링크가 끊깁니다.",
    )
    kind = models.CharField("구분", max_length=20, choices=Kind.choices, default=Kind.VULNERABLE)
    description = models.TextField(
        "설명", max_length=400, help_text="시민이 알아듣기 쉬운 한두 문장 (어린이집 페이지에 보입니다)."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind", widget=forms.RadioSelect),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = "보육 프로그램"
        verbose_name_plural = "보육 프로그램"
        # "vulnerable" sorts after "common": descending puts 취약보육 first.
        ordering = ["-kind", "name"]

    def __str__(self):
        return self.name


class DaycareIndexPage(BasePage):
    """The section page of the daycares: what the programmes are, and a finder
    that lists every daycare, filtered by programme and district."""

    intro = models.TextField(
        "요약", blank=True, max_length=400, help_text="제목 아래 한두 문장. 검색 결과에도 쓰입니다."
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name="본문",
        help_text="어린이집 목록 아래에 보입니다. 취약보육과 모든 어린이집이 함께하는 프로그램 안내.",
    )
    # The team that answers about the daycares: shown under "문의", and for a
    # daycare that has no number of its own. (Plain fields: the daycares app
    # does not depend on the services app, where the teams are snippets.)
    contact_name = models.CharField(
        "문의 담당 팀", max_length=60, blank=True, help_text="예: 보육사업팀. 개인 이름은 적지 마세요.",
    )
    contact_phone = models.CharField(
        "문의 전화번호", max_length=40, blank=True,
        help_text="팀의 대표 번호 (예: 02-2038-8717). 번호가 없는 어린이집의 페이지와 목록에도 보입니다.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("body"),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")], heading="문의"),
    ]
    # The daycare finder (search.ranking).
    search_priority = 1.2
    search_fields = BasePage.search_fields + [
        weight.summary("intro"), weight.body("body"), weight.minor("contact_name"),
    ]

    template = "daycares/daycare_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["daycares.DaycarePage"]
    max_count = 1

    class Meta:
        verbose_name = "국공립어린이집 목록"

    def daycares(self):
        """The live, public daycares of this section, in page-tree order."""
        return DaycarePage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["finder"] = DaycareFinder(self.daycares(), request.GET)
        return context


@dataclass
class Option:
    value: str
    label: str
    selected: bool


class DaycareFinder:
    """The finder's filters (GET `programme` and `district`) and results.

    Only values that match a daycare are offered; anything else in the query
    string (a stale link, a typo) is ignored rather than treated as an error.
    A fixed number of queries whatever the number of daycares.
    """

    def __init__(self, daycares, params):
        self.all_daycares = daycares
        programmes = list(
            ChildcareProgramme.objects.filter(daycares__in=daycares.values("pk")).distinct()
        )
        districts = set(daycares.order_by().values_list("district", flat=True).distinct())
        self.programmes = {programme.slug: programme for programme in programmes}
        self.districts = [name for name in DISTRICTS if name in districts]

        programme = params.get("programme", "")
        district = params.get("district", "")
        self.programme = self.programmes.get(programme)
        self.district = district if district in self.districts else ""

        results = daycares
        if self.programme is not None:
            results = results.filter(programmes=self.programme)
        if self.district:
            results = results.filter(district=self.district)
        results = results.prefetch_related(
            Prefetch("programmes", queryset=ChildcareProgramme.objects.all())
        )
        self.paginator = Paginator(results, DAYCARES_PER_PAGE)
        self.page: PaginatorPage = self.paginator.get_page(params.get("page"))

    @property
    def filtered(self) -> bool:
        return self.programme is not None or bool(self.district)

    @property
    def count(self) -> int:
        return self.paginator.count

    @property
    def programme_options(self) -> list[Option]:
        selected = self.programme.slug if self.programme else ""
        return [Option("", "전체", not selected)] + [
            Option(slug, programme.name, slug == selected) for slug, programme in self.programmes.items()
        ]

    @property
    def district_options(self) -> list[Option]:
        return [Option("", "전체", not self.district)] + [
            Option(name, name, name == self.district) for name in self.districts
        ]


class DaycarePage(BasePage):
    """One daycare: where it is, when it opened, how many children it takes and
    which programmes it runs."""

    intro = models.TextField(
        "소개", blank=True, max_length=600,
        help_text="어린이집을 소개하는 한 문단. 검색 결과와 링크 미리보기에도 쓰입니다.",
    )
    district = models.CharField("자치구", max_length=10, choices=DISTRICT_CHOICES)
    address = models.CharField(
        "주소", max_length=200,
        help_text="도로명 주소 (예: 서울특별시 노원구 초안산로2라길 26 월계센트럴아이파크 단지 내).",
    )
    opened_on = models.DateField("개원일", help_text="어린이집이 문을 연 날.")
    floor_area_m2 = models.DecimalField(
        "면적(㎡)", max_digits=8, decimal_places=2, null=True, blank=True,
        help_text="제곱미터 단위 숫자만 입력하세요 (예: 227.5).",
    )
    rooms = models.CharField(
        "주요 공간", max_length=200, blank=True,
        help_text="예: 원장실, 교사실, 보육실, 조리실, 유희실 등",
    )
    capacity = models.PositiveIntegerField("보육정원", help_text="받을 수 있는 아이 수 (명).")
    phone = models.CharField(
        "전화번호", max_length=40, blank=True,
        help_text="예: 02-0000-0000. 비워 두면 어린이집 목록 페이지의 ‘문의’ 번호가 보입니다.",
    )
    opening_hours = models.CharField(
        "운영 시간", max_length=200, blank=True,
        help_text="예: 평일 07:30–19:30 (야간연장보육 ~24:00). 비워 두면 표시하지 않습니다.",
    )
    programmes = ParentalManyToManyField(
        ChildcareProgramme, verbose_name="운영 프로그램", blank=True, related_name="daycares",
        help_text="이 어린이집이 운영하는 취약보육 등 프로그램. 어린이집 찾기의 필터에 쓰입니다.",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="본문", help_text="더 알릴 내용 (선택).")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("opening_hours"),
                FieldPanel("opened_on"),
                FieldPanel("floor_area_m2"),
                FieldPanel("rooms"),
                FieldPanel("capacity"),
            ],
            heading="시설 정보",
        ),
        FieldPanel("programmes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    # A daycare comes before a notice that names it (search.ranking).
    search_priority = 1.2
    search_fields = BasePage.search_fields + [
        weight.summary("intro"),
        weight.summary("district"),
        weight.body("body"),
        weight.minor("address"),
        weight.minor("opening_hours"),
        weight.minor("search_facts"),
        # Found by what it runs: "장애아 통합보육", "야간연장".
        index.RelatedFields("programmes", [weight.minor("name"), weight.minor("description")]),
        index.FilterField("district"),
    ]

    template = "daycares/daycare_page.html"
    parent_page_types = ["daycares.DaycareIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "국공립어린이집"

    def search_facts(self) -> str:
        """What the page shows from its number fields, in the words people
        search with ("어린이집 정원", "전화번호")."""
        facts = [f"보육정원 {self.capacity}명", f"{self.opened_on.year}년 개원"]
        if self.phone:
            facts.append(f"전화번호 {self.phone}")
        return " ".join(facts)

    @property
    def floor_area_display(self) -> str:
        """The area as written in the agency's documents: "227.5㎡", "545㎡"."""
        if self.floor_area_m2 is None:
            return ""
        area = Decimal(self.floor_area_m2)
        text = f"{area:,.2f}".rstrip("0").rstrip(".")
        return f"{text}㎡"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent().specific
        context["waitlist_url"] = CHILDCARE_PORTAL_WAITLIST_URL
        context["programmes"] = list(self.programmes.all())
        context["common_programmes"] = list(
            ChildcareProgramme.objects.filter(kind=ChildcareProgramme.Kind.COMMON)
        )
        return context

    def get_structured_data(self, request=None) -> dict | None:
        from home.structured_data import place

        return place(
            self, "ChildCare", request,
            description=self.intro,
            foundingDate=self.opened_on.isoformat() if self.opened_on else None,
            maximumAttendeeCapacity=self.capacity,
        )
