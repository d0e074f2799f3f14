"""What every page type of the site shares."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Abstract base for all the site's pages: a social-sharing image, a
    description for search engines and link previews, and schema.org data.

    Page types declare `template`, `parent_page_types` and `subpage_types`
    themselves, so the tree stays as designed.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="공유 이미지", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="카카오톡·페이스북 등에 링크를 공유할 때 보이는 이미지 (가로 1200px 권장).",
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        """search_description, else the page's own summary, if it has one."""
        return self.search_description or getattr(self, "intro", "") or ""

    def get_structured_data(self, request=None) -> dict | None:
        """schema.org data for this page (JSON-LD), or None."""
        return None
