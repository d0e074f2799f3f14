"""Security headers (README, "Headers: Content-Security-Policy,
Permissions-Policy"): every response — each page type, the forms, the status
lookup, search, the admin, a 404, a static file, a page from the page cache —
carries a Content-Security-Policy and a Permissions-Policy besides Django's
own headers; public pages allow no inline code at all, and no public page
contains any."""

import re

import pytest
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from wagtail.models import Page

from agency_site import page_cache, urls
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db

# The page the nonce test serves (see urlpatterns at the end).
NONCE_PAGE = "/security-headers-test/nonce/"

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "serial",
                   "display-capture", "browsing-topics"]


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} response"
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in parts}


def assert_common_headers(response):
    """What every response carries, whatever it is."""
    features = response.headers.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in features, f"{feature} not denied in {features!r}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def assert_public_headers(response):
    assert policy(response) == PUBLIC_POLICY
    assert_common_headers(response)


def one_page_of_each_type() -> dict[str, str]:
    examples = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        examples.setdefault(type(page).__name__, page.get_url())
    return examples


def inline_code(html: str) -> list[str]:
    """Everything in a page that a policy without 'unsafe-inline' would block:
    inline scripts, event-handler attributes, javascript: links, <style>
    elements and style="" attributes."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>")
            if name.lower() == "style":
                found.append(f"<{tag.name} style={value!r}>")
            if name.lower() in ("href", "src", "action", "formaction") and str(value).strip().lower(
            ).startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value!r}>")
        if tag.name == "style":
            found.append("<style> element")
        if tag.name == "script":
            data_block = tag.get("type", "").lower() == "application/ld+json"
            if tag.get("src"):
                if not tag["src"].startswith("/static/"):
                    found.append(f"<script src={tag['src']!r}> from elsewhere")
            elif not data_block:
                found.append(f"inline <script>: {tag.get_text()[:60]!r}")
    return found


@pytest.fixture
def page_types(site_content):
    examples = one_page_of_each_type()
    # Every kind of page the site has (a new page type is added here by itself).
    assert {"HomePage", "ContentPage", "NoticePage", "CentrePage", "DaycarePage",
            "RequestFormPage", "TrainingPage"} <= examples.keys()
    return examples


# --- every response has the headers --------------------------------------------


def test_every_page_type_has_the_public_policy_and_no_inline_code(client, page_types):
    for page_type, url in page_types.items():
        response = client.get(url)
        assert response.status_code == 200, (page_type, url)
        assert_public_headers(response)
        assert inline_code(response.content.decode()) == [], (page_type, url)


@pytest.mark.parametrize("url", [
    "/requests/status/",
    "/search/?q=%EB%8F%8C%EB%B4%84",
    "/search/?q=zzzz-nothing",
    "/centres/?district=mapo",
    "/trainings/archive/",
    "/no-such-page/",
])
def test_lookup_search_filters_and_404_have_the_public_policy(client, site_content, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_public_headers(response)
    assert inline_code(response.content.decode()) == []


def test_a_form_with_errors_and_its_check_page_allow_no_inline_code(client, site_content):
    form = "/services/emergency-care-application/"
    errors = client.post(form, {"name": ""})
    assert errors.status_code == 200 and "agency-error-summary" in errors.content.decode()
    assert_public_headers(errors)
    assert inline_code(errors.content.decode()) == []


def test_a_status_lookup_answer_allows_no_inline_code(client, site_content):
    answer = client.post("/requests/status/", {"reference": "EC-AAAA-BBBB", "phone": "010-1234-5678"})
    assert answer.status_code in (200, 404, 429)
    assert_public_headers(answer)
    assert inline_code(answer.content.decode()) == []


def test_a_static_file_has_the_headers(client):
    response = client.get("/static/js/site.js")
    assert response.status_code == 200
    assert_public_headers(response)


def test_the_text_size_script_is_a_static_file_read_before_the_styles(client, site_content):
    """The chosen 글자 크기 is applied before the first paint, from a file
    (the CSP allows no inline script), so the page never jumps."""
    html = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    first = html.head.find("script", src=True)
    assert first["src"].startswith("/static/js/text-size")
    assert first.find_all_previous("link", rel="stylesheet") == []
    assert first.find_next("link", rel="stylesheet") is not None
    assert client.get(first["src"]).status_code == 200


def test_a_page_from_the_page_cache_has_the_headers(site_content, page_cache_on):
    miss = Client().get("/about/")
    hit = Client().get("/about/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert_public_headers(response)


# --- the admin ----------------------------------------------------------------


def admin_policy_ok(response):
    directives = policy(response)
    # Relaxed only where Wagtail needs it (see ADMIN_CONTENT_SECURITY_POLICY).
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["img-src"] == ["'self'", "blob:"]
    assert not any("unsafe-eval" in s for sources in directives.values() for s in sources)
    for name in ("default-src", "object-src", "base-uri", "form-action", "frame-ancestors"):
        assert directives[name] == PUBLIC_POLICY[name]
    assert_common_headers(response)


def test_the_admin_login_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    admin_policy_ok(response)


def test_admin_pages_for_staff_have_the_admin_policy(site_content):
    staff = login(make_staff("csp-admin", superuser=True))
    home = site_content.root_page
    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/", "/admin/pages/"):
        response = staff.get(url)
        assert response.status_code == 200, url
        admin_policy_ok(response)


def test_the_admin_policy_never_reaches_public_pages(client, site_content):
    """A path that only starts like the admin's is not the admin."""
    response = client.get("/administration/")
    assert response.status_code == 404
    assert_public_headers(response)


# --- nonces and the page cache ---------------------------------------------------

NONCE_TEMPLATE = '<!DOCTYPE html><p>x</p><script nonce="{{ request.csp_nonce }}">let a = 1;</script>'


@page_cache.cacheable
def nonce_view(request):
    """A page that may be cached but carries an inline script with a nonce."""
    html = engines["django"].from_string(NONCE_TEMPLATE).render({}, request)
    return HttpResponse(html)


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path(NONCE_PAGE.strip("/") + "/", nonce_view),
    path("security-headers-test/broken/", broken_view),
    *urls.urlpatterns,
]


@pytest.mark.urls(__name__)
def test_the_500_page_has_the_public_policy_and_no_inline_code(site_content):
    client = Client(raise_request_exception=False)
    response = client.get("/security-headers-test/broken/")
    assert response.status_code == 500
    assert_public_headers(response)
    assert inline_code(response.content.decode()) == []


@pytest.mark.urls(__name__)
def test_a_page_with_a_nonce_gets_a_fresh_one_and_is_never_cached(page_cache_on):
    nonces = []
    for _ in range(2):
        response = Client().get(NONCE_PAGE)
        assert response["X-Page-Cache"] == "off"  # never stored: the next visitor's would be stale
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in policy(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_page_without_a_nonce_has_none_in_its_policy(client, site_content):
    assert not any("nonce-" in s for s in policy(client.get("/"))["script-src"])


# --- responses with their own policy ----------------------------------------------


def test_a_private_attachment_keeps_its_sandbox_policy(settings, site_content, tmp_path):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from services.models import RequestKind, ServiceRequest
    from services.requests import pipeline

    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    request = pipeline.submit(RequestKind.EMERGENCY_CARE, "마포구",
                              pipeline.Applicant("홍길동", "010-1234-5678", "hong@example.com"),
                              pipeline.Consent("2026-11", timezone.now()))
    attachment = ServiceRequest.attachments.rel.related_model(
        request=request, original_name="의견서.pdf", detected_type="PDF", size=8)
    attachment.file.save("opinion.pdf", ContentFile(b"%PDF-1.4"), save=True)
    staff = login(make_staff("csp-files", superuser=True))
    response = staff.get(f"/requests/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert_common_headers(response)
