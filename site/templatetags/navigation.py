"""Template tags for the site's chrome: main menu and breadcrumbs."""

from dataclasses import dataclass

from django import template
from wagtail.models import Site

from agency_site import page_cache

register = template.Library()


@dataclass
class MenuItem:
    title: str
    url: str
    current: bool  # this is the page being shown
    active: bool  # the page being shown is this one or lies inside it


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The main menu: the home page's children that editors marked
    "메뉴에 표시" (show in menus), in their page-tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    if site is not None:
        # The same on every page: remembered until something is published.
        sections = page_cache.memo(f"main-menu:{site.pk}", lambda: _menu_sections(site, request))
        for pk, path, title, url in sections:
            is_current = current is not None and current.pk == pk
            is_active = current is not None and current.path.startswith(path)
            items.append(MenuItem(title=title, url=url, current=is_current, active=is_active))
    return {"items": items, "request": request}


def _menu_sections(site, request):
    return [
        (page.pk, page.path, page.title, page.get_url(request))
        for page in site.root_page.get_children().live().public().in_menu()
    ]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Where the page sits: from the home page down to its parent."""
    page = context.get("page")
    if page is None or page.depth <= 2:  # the home page has no breadcrumb
        return {"ancestors": []}
    ancestors = _routed_ancestors(page)
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gte=2)
    return {"ancestors": [ancestor for ancestor in ancestors if ancestor.live], "page": page}


def _routed_ancestors(page):
    """The ancestors (from the home page down) that routing to `page` has
    already fetched (each page keeps its parent), or None (e.g. a preview)."""
    ancestors = []
    current = page
    while current.depth > 2:
        current = getattr(current, "_cached_parent_obj", None)
        if current is None:
            return None
        ancestors.append(current)
    return ancestors[::-1]
