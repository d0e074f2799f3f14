"""Search promotions: links editors put above the results for a query
(Wagtail's wagtail.contrib.search_promotions; admin → 설정 → 프로모션 검색
결과), for what is not a page to be found, such as 신청 현황 조회, or a form
that should come first for "신청" or "접수".

A promotion is shown for a query when its search term is the query (Wagtail's
own rule: lowercase, single spaces) or is contained in it, spaces ignored:
the promotions for "신청" also show for "신청하려면". Of the terms contained
in a query only the longest count ("긴급돌봄 신청하려면" gets the term
"긴급돌봄 신청", not also every form of "신청"); exact ones come first. Reading them never writes:
Wagtail's `Query.get()` would store every query typed.

The starting promotions are in search/seed/promotions.toml (loaded by
search.seed); a link to one of the site's own addresses is stored under
SITE_URL (the admin's form accepts only whole addresses) and shown as a path
on the site's own pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Site

from agency_site import page_cache

MAX_SHOWN = 4
MIN_CONTAINED = 2  # characters of a term that may match inside a longer query


@dataclass(frozen=True)
class Promotion:
    key: str  # the search term without spaces, lowercase
    query_string: str  # as Wagtail keeps it
    title: str
    url: str
    description: str


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _own_hosts(request) -> set[str]:
    hosts = {urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}
    if request is not None:
        hosts.add(request.get_host().rsplit(":", 1)[0].strip("[]"))
    return {host for host in hosts if host}


def _href(url: str, request) -> str:
    """A link to the site itself as a path (it works on any host and port
    the site is served from); other links as they are."""
    parts = urlsplit(url)
    if parts.hostname and parts.hostname in _own_hosts(request):
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return url


def all_promotions(request) -> list[Promotion]:
    """Every promotion of a live page or with a link, in the editors' order.
    One query, remembered until anything shown on pages changes."""
    site = Site.find_for_request(request) if request is not None else None

    def find():
        found = []
        picks = SearchPromotion.objects.select_related("query", "page")
        for pick in picks.order_by("query_id", "sort_order", "pk"):
            if pick.page is not None:
                if not pick.page.live:
                    continue
                title, url = pick.page.title, pick.page.get_url(request) or ""
            else:
                title, url = pick.external_link_text or "", _href(pick.external_link_url, request)
            if title and url:
                query_string = pick.query.query_string
                found.append(Promotion(_key(query_string), query_string, title, url, pick.description))
        return found

    return page_cache.memo(f"search-promotions:{site.pk if site else 0}", find)


def matching(query: str, request) -> list[Promotion]:
    """The promotions shown for `query`, at most MAX_SHOWN, one per address."""
    if not query:
        return []
    exact = normalise_query_string(query)
    typed = _key(query)
    candidates = [
        promotion for promotion in all_promotions(request)
        if promotion.query_string == exact or (len(promotion.key) >= MIN_CONTAINED and promotion.key in typed)
    ]
    # The most specific term wins: "긴급돌봄 신청하려면" gets the 긴급돌봄 form,
    # not every form that "신청" would also bring.
    longest = max((len(promotion.key) for promotion in candidates), default=0)
    candidates = [pick for pick in candidates if pick.query_string == exact or len(pick.key) == longest]
    candidates.sort(key=lambda promotion: promotion.query_string != exact)
    shown, urls = [], set()
    for promotion in candidates:
        if promotion.url not in urls:
            urls.add(promotion.url)
            shown.append(promotion)
    return shown[:MAX_SHOWN]
