"""Site-wide settings editors manage under 설정 in the admin."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class ContactSettings(BaseSiteSetting):
    """The agency's contact details, shown in the footer of every page."""

    organisation_name = models.CharField(
        "기관명", max_length=100, default="재단법인 서울특별시 사회서비스원"
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

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
             FieldPanel("opening_hours")],
            heading="연락처",
        ),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = "기관 연락처"
        verbose_name_plural = "기관 연락처"

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
