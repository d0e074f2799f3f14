from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` set: filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
