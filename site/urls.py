from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from agency_site import views
from search import views as search_views
from services.requests import attachments

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("healthz/live", views.live, name="live"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("menu/", views.site_menu, name="site_menu"),
    path("requests/attachments/<int:pk>/", attachments.download, name="request_attachment"),
    path("requests/", include("services.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path. Page
# addresses end in a slash; calendar files (<page>/…/calendar.ics, routes of
# the training pages) do not, so they are handed to the same page serving.
urlpatterns += [
    re_path(r"^((?:[\w\-]+/)+calendar\.ics)$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]

# Error pages that cannot fail themselves (site/errors.py): rendered without
# the request's context, so a request Django could not read still gets one.
handler400 = "agency_site.errors.bad_request"
handler403 = "agency_site.errors.permission_denied"
handler404 = "agency_site.errors.page_not_found"
handler500 = "agency_site.errors.server_error"
