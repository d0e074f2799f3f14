"""Seed content for the search (called from home.seed.load()): the starting
synonym list and promotions, each loaded only while there is none — after
that they are the editors' (what they deleted is not brought back)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from search.models import SynonymGroup, split_terms

HERE = Path(__file__).parent
PROMOTIONS_FILE = HERE / "promotions.toml"


def load() -> None:
    load_synonyms()
    load_promotions()  # after the pages: most promotions point to one


def load_synonyms() -> None:
    if SynonymGroup.objects.exists():
        return
    data = tomllib.loads((HERE / "synonyms.toml").read_text(encoding="utf-8"))
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=", ".join(split_terms(", ".join(group["terms"]))), note=group.get("note", ""))
        for group in data["group"]
    )


def _page_at(path: str) -> Page | None:
    """The page at `path` (slugs under the default site's home page), or None."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    url_path = site.root_page.url_path + path.strip("/") + "/"
    return Page.objects.filter(url_path=url_path).first()


def load_promotions(path: Path = PROMOTIONS_FILE) -> int:
    """The starting promotions; how many were added. A link to one of the
    site's own addresses is stored under SITE_URL: the admin's form accepts
    only whole addresses (search.promotions shows it as a path)."""
    if SearchPromotion.objects.exists():
        return 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    added = 0
    next_order: dict[int, int] = {}  # per query: the entries' order in the file
    for entry in data.get("promotion", []):
        if "page" in entry:
            page = _page_at(entry["page"])
            if page is None:
                continue  # that section is not built on this site
            target = {"page": page}
        else:
            url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(entry["url_name"])
            target = {"external_link_url": url, "external_link_text": entry["text"]}
        for term in entry["queries"]:
            query = Query.get(term)
            order = next_order.get(query.pk, 0)
            next_order[query.pk] = order + 1
            SearchPromotion.objects.create(
                query=query, sort_order=order, description=entry.get("description", ""), **target
            )
            added += 1
    return added
