"""The footer's legal links, found in the page tree, and small helpers the
footer and the legal pages share.

- `{% legal_links as links %}`: the live, public legal pages directly under
  the request's site root, in the order Korean public sites list them
  (개인정보처리방침 first), each `(role, label, url)`. A page that does not
  exist (or is unpublished or restricted) has no link: nothing points to a
  404. The privacy policy is found by its page type, the others by their
  `role` (home.models.legal), never by a slug or address written here.
- `{% privacy_policy_url as url %}`: for templates rendered without a request
  (the consent notice on every form): the policy page, the first in the tree
  (the project serves one site).

(`tel:` links and map searches: `{% load contact_links %}`, agency_site.contact_links.)

One query finds them all; with the page cache on it is remembered until
anything is published (agency_site.page_cache.memo), like the main menu.
"""

from __future__ import annotations

from django import template
from django.db.models import Q
from wagtail.models import Page, Site

from agency_site import page_cache
from home.models.legal import LegalPage

register = template.Library()

PRIVACY = "privacy"
# The footer's order; the labels are the conventional names, whatever the page titles say.
ORDER = [(PRIVACY, "개인정보처리방침"), *LegalPage.Role.choices]


def _legal_rows() -> list[tuple[str, str, str]]:
    """(path, url_path, role) of every live, unrestricted legal page directly
    under a site root (depth 3), for all sites at once."""
    rows = (
        Page.objects.filter(depth=3, live=True, view_restrictions__isnull=True)
        .filter(Q(legalpage__isnull=False) | Q(privacypolicypage__isnull=False))
        .order_by("path")
        .values_list("path", "url_path", "legalpage__role")
    )
    return [(path, url_path, role or PRIVACY) for path, url_path, role in rows]


def _relative_url(url_path: str) -> str:
    # /<root slug>/<slug>/ → /<slug>/: the page's address on its own site.
    return "/" + url_path.strip("/").split("/", 1)[1] + "/"


def links_for_root(root_path: str) -> list[tuple[str, str, str]]:
    found = {}
    for path, url_path, role in _legal_rows():
        if path.startswith(root_path):
            found.setdefault(role, _relative_url(url_path))
    return [(role, label, found[role]) for role, label in ORDER if role in found]


@register.simple_tag(takes_context=True)
def legal_links(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    return page_cache.memo(f"legal-links:{site.pk}", lambda: links_for_root(site.root_page.path))


@register.simple_tag
def privacy_policy_url() -> str:
    """The policy's address ("" when there is none)."""

    def find():
        rows = [(path, url_path) for path, url_path, role in _legal_rows() if role == PRIVACY]
        return _relative_url(rows[0][1]) if rows else ""

    return page_cache.memo("privacy-policy-url", find)

