"""Template tags for the site's chrome: main menu and breadcrumbs."""

from dataclasses import dataclass

from django import template
from wagtail.models import Page, PageViewRestriction, Site

from agency_site import page_cache

register = template.Library()


@dataclass
class MenuItem:
    title: str
    url: str
    current: bool  # this is the page being shown
    active: bool  # the page being shown is this one or lies inside it
    children: list["MenuItem"]


def _menu(context):
    """The menu's sections: the home page's children that editors marked
    "메뉴에 표시" (show in menus), in page-tree order, each with its own
    children marked the same way (the second level of 전체메뉴)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    # The same on every page: remembered until something is published.
    sections = page_cache.memo(f"main-menu:{site.pk}", lambda: _menu_sections(site, request))

    def item(pk, path, title, url, children=()):
        return MenuItem(
            title=title, url=url,
            current=current is not None and current.pk == pk,
            active=current is not None and current.path.startswith(path),
            children=[item(*child) for child in children],
        )

    return [item(*section) for section in sections]


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header's menu: the sections across the top on wide screens, and
    전체메뉴 (every section with its pages) as a panel or, on phones, a drawer."""
    return {"items": _menu(context), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The same two levels for the site map page (전체메뉴 without JavaScript)."""
    return _menu(context)


def _menu_sections(site, request):
    """Two queries for the whole menu: both levels of menu pages, then the
    view restrictions (a restricted page and what lies under it is left out,
    as Wagtail's .public() does), rather than two per section."""
    root = site.root_page
    pages = list(
        Page.objects.descendant_of(root).filter(depth__in=(root.depth + 1, root.depth + 2))
        .live().in_menu().order_by("path")
    )
    restricted = [path for path in PageViewRestriction.objects.values_list("page__path", flat=True)]
    pages = [page for page in pages if not any(page.path.startswith(path) for path in restricted)]
    children = {page.path: [] for page in pages if page.depth == root.depth + 1}
    for page in pages:
        parent_path = page.path[: -Page.steplen]
        if page.depth == root.depth + 2 and parent_path in children:
            children[parent_path].append((page.pk, page.path, page.title, page.get_url(request)))
    return [
        (page.pk, page.path, page.title, page.get_url(request), children[page.path])
        for page in pages if page.path in children
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
