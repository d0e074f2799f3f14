"""The agency's centres: 12 integrated home-care centres and 2 day-care
centres, with a filterable index and "which centre serves my district"."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from agency_site import search_fields as weight
from agency_site.districts import DISTRICT_CHOICES, DISTRICTS, region_for
from home.blocks import BodyBlock
from home.models.base import BasePage

from .catalogue import CareService
from .contacts import contact_team_field


class CentrePage(BasePage):
    HOME_CARE = "home_care"
    DAY_CARE = "day_care"
    KINDS = [(HOME_CARE, "종합재가센터"), (DAY_CARE, "데이케어센터")]

    kind = models.CharField("센터 종류", max_length=20, choices=KINDS, default=HOME_CARE)
    district = models.CharField("자치구", max_length=10, choices=DISTRICT_CHOICES)
    address = models.CharField("주소", max_length=200)
    phone = models.CharField("전화번호", max_length=40, blank=True,
                             help_text="예: 02-0000-0000. 비워 두면 센터 찾기의 ‘문의’ 팀 번호가 보입니다.")
    opening_hours = models.CharField(
        "운영 시간", max_length=200, blank=True,
        help_text="예: 평일 09:00–18:00 (주말·공휴일 휴무). 비워 두면 표시하지 않습니다.",
    )
    opened_on = models.DateField("개소일", null=True, blank=True)
    floor_area_m2 = models.DecimalField(
        "면적(㎡)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    rooms = models.CharField("주요 공간", max_length=200, blank=True,
                             help_text="예: 사무실, 교육장, 상담실, 회의실")
    capacity = models.PositiveIntegerField(
        "이용 정원(명)", null=True, blank=True, help_text="데이케어센터의 이용 정원."
    )
    capacity_as_of = models.DateField("정원 기준일", null=True, blank=True)
    services = ParentalManyToManyField(CareService, verbose_name="제공 서비스", blank=True)
    intro = models.TextField("소개", blank=True, max_length=500)
    notice = models.TextField(
        "운영 안내", blank=True, max_length=600,
        help_text="통합·이전·운영 종료처럼 이용자가 꼭 알아야 할 변화 (눈에 띄게 표시됩니다).",
    )
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("district")]),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("opening_hours"), FieldPanel("opened_on"),
             FieldRowPanel([FieldPanel("floor_area_m2"), FieldPanel("rooms")]),
             FieldRowPanel([FieldPanel("capacity"), FieldPanel("capacity_as_of")])],
            heading="센터 정보",
        ),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("intro"),
        FieldPanel("notice"),
        FieldPanel("body"),
    ]
    # A centre comes before a notice that names it (search.ranking).
    search_priority = 1.2
    search_fields = BasePage.search_fields + [
        weight.summary("intro"),
        weight.summary("district"),
        weight.summary("get_kind_display"),
        weight.body("notice"),
        weight.body("body"),
        weight.minor("address"),
        weight.minor("rooms"),
        weight.minor("search_facts"),
        index.RelatedFields("services", [weight.minor("name")]),
        index.FilterField("district"),
        index.FilterField("kind"),
    ]

    template = "services/centre_page.html"
    parent_page_types = ["services.CentreIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "센터"

    @property
    def section_team(self):
        """The team that answers about the centres (the index page's), shown
        when the centre has no number of its own."""
        index = CentreIndexPage.objects.parent_of(self).select_related("contact_team").first()
        return index.contact_team if index is not None else None

    def search_facts(self) -> str:
        """What the page shows from its number fields, in the words people
        search with ("데이케어센터 정원", "전화번호")."""
        facts = []
        if self.capacity:
            facts.append(f"이용 정원 {self.capacity}명")
        if self.opened_on:
            facts.append(f"{self.opened_on.year}년 개소")
        if self.phone:
            facts.append(f"전화번호 {self.phone}")
        return " ".join(facts)

    @property
    def region(self):
        """The care region (권역) of a home-care centre, from its district."""
        return region_for(self.district) if self.kind == self.HOME_CARE else None

    def get_structured_data(self, request=None):
        from home.structured_data import place

        return place(
            self, "LocalBusiness", request,
            description=self.intro,
            foundingDate=self.opened_on.isoformat() if self.opened_on else None,
            areaServed=self.district,
        )


class CentreIndexPage(BasePage):
    intro = models.TextField("요약", blank=True, max_length=400)
    no_centre_advice = models.TextField(
        "센터가 없는 자치구 안내", blank=True, max_length=600,
        help_text="‘내 지역 센터 찾기’에서 센터가 없는 자치구를 고른 시민에게 보여 줄 안내.",
    )
    body = StreamField(BodyBlock(), verbose_name="본문", blank=True)
    contact_team = contact_team_field(
        "센터를 묻는 전화를 받는 팀. 전화번호가 없는 센터의 페이지와 ‘우리 구 담당 센터 찾기’에 보입니다.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"), FieldPanel("no_centre_advice"), FieldPanel("body"), FieldPanel("contact_team"),
    ]
    # The centre finder (search.ranking).
    search_priority = 1.2
    search_fields = BasePage.search_fields + [
        weight.summary("intro"), weight.body("no_centre_advice"), weight.body("body"),
    ]

    template = "services/centre_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.CentrePage"]
    max_count = 1

    class Meta:
        verbose_name = "센터 찾기"

    PAGE_SIZE = 20

    def centres(self):
        return (
            CentrePage.objects.child_of(self).live().public()
            .prefetch_related("services").order_by("kind", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        centres = self.centres()
        district = request.GET.get("district", "")
        district = district if district in DISTRICTS else ""
        service_slugs = {s.slug: s for s in CareService.objects.all()}
        service = service_slugs.get(request.GET.get("service", ""))
        kind = request.GET.get("kind", "")
        kind = kind if kind in dict(CentrePage.KINDS) else ""
        if district:
            centres = centres.filter(district=district)
        if service:
            centres = centres.filter(services=service)
        if kind:
            centres = centres.filter(kind=kind)
        paginator = Paginator(centres, self.PAGE_SIZE)
        context.update(
            centres=paginator.get_page(request.GET.get("page")),
            districts=DISTRICTS,
            care_services=list(service_slugs.values()),
            kinds=CentrePage.KINDS,
            selected={"district": district, "service": service.slug if service else "", "kind": kind},
            filtered=bool(district or service or kind),
            finder=self.find_for_district(request.GET.get("my_district", "")),
        )
        return context

    def find_for_district(self, district):
        """Answer "which centre serves my district?" for any of the 25 districts."""
        if district not in DISTRICTS:
            return None
        own = list(self.centres().filter(district=district, kind=CentrePage.HOME_CARE))
        region = region_for(district)
        regional = None
        if region and not own:
            regional = self.centres().filter(district=region.base_district,
                                             kind=CentrePage.HOME_CARE).first()
        return {"district": district, "own": own, "region": region, "regional": regional}
