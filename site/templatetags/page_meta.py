"""<head> metadata for every page: description, canonical link, OpenGraph and
schema.org JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Same escaping as Django's json_script: nothing in the data can end the <script>.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, page=None):
    request = context.get("request")
    page = page or context.get("page")
    description = ""
    structured = None
    url = request.build_absolute_uri() if request else ""
    image = None
    if page is not None:
        description = page.get_meta_description() if hasattr(page, "get_meta_description") else (
            page.search_description
        )
        structured = page.get_structured_data(request) if hasattr(page, "get_structured_data") else None
        url = page.get_full_url(request) or url
        image = getattr(page, "social_image", None)
    return {
        "request": request,
        "page": page,
        "title": context.get("meta_title") or (page.seo_title or page.title if page else ""),
        "description": context.get("meta_description") or description,
        "url": url,
        "image": image,
        "structured_data": structured,
    }


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
