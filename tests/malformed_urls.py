"""The site's URLs and error handlers, plus views that fail (for the tests of
the error pages in tests/site/test_malformed_input.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from agency_site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from agency_site.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("A view that fails, for the test of the 500 page.")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("__fails__/", fails), path("__forbidden__/", forbidden), *site_urlpatterns]
