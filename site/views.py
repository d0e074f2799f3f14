"""Site-wide views that are not Wagtail pages."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """Readiness for the container and load balancer: 200 when the
    application can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def live(request):
    """Liveness: the process answers, through the whole middleware stack,
    without touching the database. A container orchestrator restarts the
    process when this fails (a database outage must not cause restarts:
    that is what the readiness check above is for), and `make bench` uses it
    as the ceiling that every page is compared with."""
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    """Crawlers may read the public site, not the admin; the sitemap lists every page."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them the SVG."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


def site_menu(request):
    """전체메뉴 as a page: what the header's menu button opens without JavaScript."""
    return render(request, "site_menu.html")
