"""Site search over published, public pages (Wagtail's search, with the
Korean backend of search/backend.py), and the header's as-you-type list.

The backend ranks a query once per search object; from that one ranking
come the tree path of every match (Wagtail's `facet("path")`: two columns,
no pages loaded), which gives the count and each section's count
(search.sections, by path prefix, in Python: not one search per section),
and the page of results shown (a slice: ten pages). The shown results'
excerpts come from the index's plain text in one more query
(search.excerpts). A section chosen is searched on its own, so its results
keep their order and page through exactly.

When all the words together find nothing, the search is made again needing
any one of them (`operator="or"`), and the page says so. Nothing found at
all: a spelling the site knows (search.suggestions), the main sections and
the number to call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from agency_site import page_cache, ratelimit
from agency_site.params import search_text, whole_number
from search import excerpts, promotions, sections
from search.analysis import highlight_terms, parse_query
from search.suggestions import did_you_mean
from search.synonyms import synonym_groups
from services.models import contacts

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100
SUGGESTIONS = 6  # page titles in the header's as-you-type list
MIN_SUGGEST_LENGTH = 2  # characters typed before the list is fetched
MAIN_SECTIONS = 6  # links offered when nothing is found
RATE_LIMITED = "검색이 너무 많습니다. 1분쯤 뒤에 다시 찾아 주세요. 급하시면 전화로 문의해 주세요."
# What a result needs (title, address, section, excerpt's fallback and index key).
_FIELDS = ("id", "path", "depth", "title", "url_path", "search_description", "content_type")


@dataclass
class Found:
    results: object  # Wagtail's SearchResults, ranked; slicing loads pages
    paths: list[str]  # the tree path of every match
    some_words: bool = False  # found only when any one word was enough
    operator: str | None = None

    @property
    def total(self) -> int:
        return len(self.paths)


class Ranked(Sequence):
    """Search results whose number is known already, for the Paginator:
    it slices them (one query for the pages shown) and never counts."""

    def __init__(self, results, total: int):
        self.results, self.total = results, total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return list(self.results[key]) if isinstance(key, slice) else self.results[key]


@dataclass
class Result:
    page: Page
    url: str
    section: sections.Section
    excerpt: list[tuple[str, bool]] = field(default_factory=list)


def _candidates():
    return Page.objects.live().public().only(*_FIELDS)


def find(query: str) -> Found:
    """The live, public pages for `query`: with all its words, or failing
    that (several words, never all on one page) with any of them."""
    if not query:
        return Found(Page.objects.none(), [])
    candidates = _candidates()
    results = candidates.search(query)
    paths = list(results.facet("path"))
    # For one word "any word" would mean little more than part of it.
    if not paths and len(parse_query(query, synonym_groups()).words) > 1:
        results = candidates.search(query, operator="or")
        paths = list(results.facet("path"))
        return Found(results, paths, some_words=bool(paths), operator="or")
    return Found(results, paths)


def top(query: str, number: int) -> list[Page]:
    """The first `number` results for `query`, as the results page ranks them."""
    return list(find(query).results[:number])


def _address(**params) -> str:
    return reverse("search") + "?" + urlencode({name: value for name, value in params.items() if value})


def _page_number(value, paginator: Paginator):
    number = whole_number(value, minimum=1) or 1
    try:
        return paginator.page(number)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def _results(request, shown: list[Page], site_sections, terms) -> list[Result]:
    texts = excerpts.texts_for(shown)
    return [
        Result(
            page=page,
            url=page.get_url(request) or "",
            section=sections.section_of(page.path, site_sections),
            excerpt=excerpts.excerpt(texts.get(page.pk, ""), terms, fallback=page.search_description),
        )
        for page in shown
    ]


def _section_filters(query, counts, current):
    """Links for 전체 and each section with results: (title, count, address, current?)."""
    total = sum(number for _section, number in counts)
    links = [("전체", total, _address(q=query), current is None)]
    links += [
        (section.title, number, _address(q=query, section=section.slug), section == current)
        for section, number in counts
    ]
    return links


def _within_limit(request, query: str) -> bool:
    """Count a search that has to be worked out (one from the page cache never
    reaches the view) against the client's allowance, shared by every worker."""
    limit = ratelimit.Limit("search", settings.RATE_LIMIT_SEARCHES_PER_MINUTE, window_seconds=60)
    return not query or ratelimit.hit(request, limit)


@page_cache.cacheable  # the same results for every anonymous visitor
def search(request):
    # Cut, and without control characters (PostgreSQL refuses a NUL): never a 500.
    query = search_text(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    if not _within_limit(request, query):
        context = {"message": RATE_LIMITED, "contact_team": contacts.default_team}
        return TemplateResponse(request, "services/status_rate_limited.html", context, status=429)
    found = find(query)
    site_sections = sections.site_sections(request) if query else []
    counts = sections.count(found.paths, site_sections)
    current = sections.chosen(request.GET.get("section"), site_sections)
    if current is not None and current not in dict(counts):
        current = None  # a section without results (or gone): every result instead
    shown, total = found.results, found.total
    if current is not None:
        # The section's own pages, ranked as before (OTHER: outside every section).
        candidates = _candidates()
        if current is sections.OTHER:
            for section in site_sections:
                candidates = candidates.exclude(path__startswith=section.path)
        else:
            candidates = candidates.filter(path__startswith=current.path)
        shown, total = candidates.search(query, operator=found.operator), dict(counts)[current]
    paginator = Paginator(Ranked(shown, total), RESULTS_PER_PAGE)
    page_of_results = _page_number(request.GET.get("page"), paginator)
    terms = highlight_terms(query) if page_of_results.object_list else []
    page_of_results.object_list = _results(request, list(page_of_results.object_list), site_sections, terms)
    nothing = bool(query) and not found.total
    # A spelling the site knows when nothing, or not every word, was found.
    suggestion = did_you_mean(query) if nothing or found.some_words else None
    context = {
        "search_query": query,
        "results": page_of_results,
        "total": total,  # of the section shown, or of everything
        "some_words": found.some_words,
        "current_section": current,
        "section_filters": _section_filters(query, counts, current) if len(counts) > 1 or current else [],
        "promotions": promotions.matching(query, request) if page_of_results.number == 1 else [],
        "suggestion": suggestion,
        "suggestion_address": _address(q=suggestion.query) if suggestion is not None else "",
        "main_sections": site_sections[:MAIN_SECTIONS] if nothing else [],
        # Before a search is answered there is no team to name: the agency's
        # 대표전화, or the team of the queue that takes any request (read only then).
        "contact_team": contacts.default_team,
    }
    return TemplateResponse(request, "search/search.html", context)


@page_cache.cacheable  # each prefix is the same for everyone, so typing mostly hits the cache
def suggest(request):
    """The header's as-you-type list: a fixed fragment of the first page
    titles the search page would show, and the promotions for the query."""
    query = search_text(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    if not _within_limit(request, query):
        return HttpResponse(status=429)  # the list stays closed; the search page says why
    pages, picks = [], []
    if len(query.replace(" ", "")) >= MIN_SUGGEST_LENGTH:
        pages = [(page.title, page.get_url(request) or "") for page in top(query, SUGGESTIONS)]
        picks = promotions.matching(query, request)
    response = TemplateResponse(request, "search/suggest.html", {
        "search_query": query,
        "pages": pages,
        "promotions": picks,
        "count": len(pages) + len(picks),
        "all_results": _address(q=query),
    })
    response["X-Robots-Tag"] = "noindex"
    return response
