"""`{% load contact_links %}`: `{{ phone|tel_href }}` and
`{{ address|map_search_url }}` (agency_site.contact_links)."""

from django import template

from agency_site import contact_links

register = template.Library()

register.filter("tel_href", contact_links.tel_href)
register.filter("map_search_url", contact_links.map_search_url)
