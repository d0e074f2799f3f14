"""The sections of the site a search result belongs to, and how many results
each has (search.views).

A section is a page directly under the home page that is shown in the menu
(사업안내, 센터 찾기, 알림·소식 …); a result belongs to the section whose
page path its own path starts with. The footer's pages (개인정보처리방침,
이용약관 …) and the home page belong to none of them: they are counted
together as OTHER.

Counting works on the (pk, path) of the matching pages that the view has
fetched once, in Python: one search however many sections there are, rather
than one search per section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.models import Page, Site

from agency_site import page_cache

OTHER_SLUG = "other"
OTHER_TITLE = "누리집 안내"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    path: str  # the section page's tree path; "" for OTHER
    url: str


OTHER = Section(OTHER_SLUG, OTHER_TITLE, "", "")


def site_sections(request) -> list[Section]:
    """The menu's sections of the request's site, in menu order. One query,
    remembered with the page cache's memo until something is published."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def find():
        pages = Page.objects.child_of(site.root_page).live().in_menu().order_by("path")
        return [
            Section(page.slug, page.title, page.path, page.get_url(request) or "")
            for page in pages.only("id", "path", "depth", "slug", "title", "url_path")
        ]

    return page_cache.memo(f"search-sections:{site.pk}", find)


def section_of(path: str, sections: Iterable[Section]) -> Section:
    """The section of the page at tree path `path` (OTHER if none)."""
    for section in sections:
        if path.startswith(section.path):
            return section
    return OTHER


def count(paths: Iterable[str], sections: list[Section]) -> list[tuple[Section, int]]:
    """Each section that has results, with their number, in menu order
    (OTHER last)."""
    counts = Counter(section_of(path, sections) for path in paths)
    return [(section, counts[section]) for section in [*sections, OTHER] if counts[section]]


def chosen(value, sections: list[Section]) -> Section | None:
    """The section named by the `section` parameter; None (all sections) for
    anything else, so that a junk or outdated value shows every result."""
    if not isinstance(value, str):
        return None
    for section in [*sections, OTHER]:
        if section.slug == value:
            return section
    return None
