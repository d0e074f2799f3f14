from django import template

register = template.Library()


@register.filter
def elided_page_range(page):
    """Page numbers around the current one, with the ends, e.g. 1 … 4 5 6 … 12."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
