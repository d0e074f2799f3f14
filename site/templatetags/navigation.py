"""Template tags for the site's chrome: main menu and breadcrumbs."""

from dataclasses import dataclass

from django import template
from wagtail.models import Page, Site

register = template.Library()


@dataclass
class MenuItem:
    page: Page
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
        for item in site.root_page.get_children().live().public().in_menu():
            is_current = current is not None and current.pk == item.pk
            is_active = current is not None and current.path.startswith(item.path)
            items.append(MenuItem(page=item, current=is_current, active=is_active))
    return {"items": items, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Where the page sits: from the home page down to its parent."""
    page = context.get("page")
    if page is None or page.depth <= 2:  # the home page has no breadcrumb
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gte=2).live()
    return {"ancestors": list(ancestors), "page": page}
