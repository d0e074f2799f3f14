"""`{% identity as identity %}`: the agency's identity (home.identity) for a
template that has no `identity` of its own: an e-mail (rendered without a
request, so no context processor runs) or an inclusion tag's template."""

from django import template

from home import identity as identities

register = template.Library()


@register.simple_tag(takes_context=True)
def identity(context):
    return context.get("identity") or identities.current(context.get("request"))
