"""The kinds of care the agency's centres provide (a snippet editors reuse)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


@register_snippet
class CareService(models.Model):
    """A service a centre offers, e.g. 방문요양. Centres list the ones they
    provide; service pages use them to show which centres provide them."""

    name = models.CharField("이름", max_length=60, unique=True)
    slug = models.SlugField(
        "주소용 이름", max_length=60, unique=True, allow_unicode=True,
        help_text="필터 주소에 쓰입니다 (예: visiting-care). 한 번 정하면 바꾸지 마세요.",
    )
    sort_order = models.PositiveSmallIntegerField("표시 순서", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "센터 제공 서비스"
        verbose_name_plural = "센터 제공 서비스"

    def __str__(self):
        return self.name
