"""Site-wide settings editors manage under 설정 in the admin."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class ContactSettings(BaseSiteSetting):
    """Who the site belongs to: the agency's names, slogan, logo and contact
    details. Every page, e-mail, feed and calendar file reads them through
    `home.identity`, so renaming the agency is one edit here. The values come
    from the content loader (the agency's own documents); the defaults are
    empty so that no name is written into the code."""

    organisation_name = models.CharField(
        "법인명", max_length=100, default="",
        help_text="등기된 정식 이름 (예: 재단법인 ○○○). 페이지 제목, 바닥글, 검색엔진용 기관 정보에 씁니다.",
    )
    name = models.CharField(
        "기관명", max_length=100, default="",
        help_text="머리글, 전자우편, 일정 파일, 알림 제목에 보이는 이름 (법인 형태를 뺀 이름).",
    )
    short_name = models.CharField(
        "줄인 이름", max_length=40, default="",
        help_text="문장 안에서 기관을 부를 때 쓰는 짧은 이름 (예: ○○○ 종합재가센터).",
    )
    slogan = models.CharField("슬로건", max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="로고", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="머리글의 기관명 앞에 보입니다 (선택). 비워 두면 이름만 보입니다.",
    )
    address = models.CharField("주소", max_length=200, blank=True)
    phone = models.CharField(
        "대표 전화", max_length=40, blank=True, help_text="예: 02-0000-0000. 비워 두면 표시하지 않습니다."
    )
    email = models.EmailField("대표 전자우편", blank=True)
    opening_hours = models.CharField(
        "운영 시간", max_length=200, blank=True, help_text="예: 평일 09:00–18:00 (주말·공휴일 휴무)"
    )
    footer_note = models.TextField(
        "바닥글 안내문", blank=True, help_text="바닥글에 짧게 덧붙일 문장 (선택)."
    )

    # The logo in the same query as the rest: every page shows the header.
    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("name"), FieldPanel("short_name"),
             FieldPanel("slogan"), FieldPanel("logo")],
            heading="이름",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
             FieldPanel("opening_hours")],
            heading="연락처",
        ),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = "기관 정보"
        verbose_name_plural = "기관 정보"

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but remembered between requests until an edit
        (agency_site.page_cache.memo): every page's footer shows it."""
        from wagtail.models import Site

        from agency_site import page_cache

        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if hasattr(request, attr_name) or site is None:
            return super().for_request(request)
        contact = page_cache.memo(f"{cls._meta.label_lower}:{site.pk}", lambda: cls.for_site(site))
        contact._request = request  # as Wagtail does, for page URLs
        setattr(request, attr_name, contact)
        return contact
