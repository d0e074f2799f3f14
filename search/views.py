"""Site search over published, public pages (Wagtail's search backend)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from agency_site import page_cache
from agency_site.params import search_text

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


@page_cache.cacheable  # the same results for every anonymous visitor
def search(request):
    # Cut, and without control characters (PostgreSQL refuses a NUL): never a 500.
    query = search_text(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": page_of_results},
    )
