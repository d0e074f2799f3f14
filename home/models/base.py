"""What every page type of the site shares."""

from django.db import models
from django.db.models import Q
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from agency_site import search_fields as weight


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
    # The title (Wagtail's), and the description editors write for search
    # engines, which says in a sentence what the page is about.
    search_fields = Page.search_fields + [weight.summary("search_description")]

    # Anonymous visitors may be served this page from the page cache
    # (agency_site.page_cache). False for pages with forms or personal data.
    page_cache = True

    class Meta:
        abstract = True

    # --- fewer queries per page ------------------------------------------------

    def route(self, request, path_components):
        """Wagtail's routing with the pages along the path fetched in one
        query, instead of two queries (the page, then its specific type) per
        level of the tree. Same results: a page type with routing of its own
        (RoutablePageMixin) still routes what lies beneath it, and only the
        page served is fetched as its specific type. Each page keeps its
        parent (`get_parent()` costs no query), as in Wagtail's routing."""
        if not path_components:
            return super().route(request, path_components)
        url_paths = []
        for depth in range(1, len(path_components) + 1):
            url_paths.append(self.url_path + "".join(f"{slug}/" for slug in path_components[:depth]))
        pages = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=url_paths, path__startswith=self.path, depth__gt=self.depth,
            )
        }
        parent = self
        for depth, url_path in enumerate(url_paths, start=1):
            page = pages.get(url_path)
            if page is None or page.depth != self.depth + depth:
                raise Http404
            page._cached_parent_obj = parent  # what Wagtail's routing does too
            remaining = path_components[depth:]
            page_class = page.specific_class
            if page_class is None or (remaining and page_class.route is not BasePage.route):
                page = page.specific
                page._cached_parent_obj = parent
                return page.route(request, remaining)
            parent = page
        served = parent.specific
        served._cached_parent_obj = parent._cached_parent_obj
        return served.route(request, [])

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors in one query
        (Wagtail asks for the ancestors first, then their restrictions).
        Aliases use their original page's restrictions, as in Wagtail."""
        steps = self.steplen
        paths = [self.path[:steps * depth] for depth in range(1, self.depth + 1)]
        if self.alias_of_id:
            return super().get_view_restrictions()
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()

    def get_meta_description(self) -> str:
        """search_description, else the page's own summary, if it has one."""
        return self.search_description or getattr(self, "intro", "") or ""

    def get_structured_data(self, request=None) -> dict | None:
        """schema.org data for this page (JSON-LD), or None."""
        return None
