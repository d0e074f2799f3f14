"""Security headers as production sends them (gunicorn, production settings,
several workers, manifest static files, the page cache in each worker's
memory): Content-Security-Policy, Permissions-Policy, HSTS over HTTPS (the
TLS proxy's X-Forwarded-Proto), nosniff, Referrer-Policy, COOP and
X-Frame-Options on pages built now, pages from the cache, forms, the status
lookup, the admin login, static files and 404s."""

import re
import urllib.error
import urllib.request

import pytest

HTTPS = {"X-Forwarded-Proto": "https"}
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; style-src 'self'; img-src 'self'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def get(site, path, headers=HTTPS):
    request = urllib.request.Request(f"{site.url}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def directives(header: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (p.split() for p in header.split(";") if p.strip())}


def assert_headers(headers, *, admin=False):
    csp = headers["Content-Security-Policy"]
    assert csp, "no Content-Security-Policy"
    found = directives(csp)
    if admin:
        assert found["script-src"] == ["'self'", "'unsafe-inline'"]
        assert found["style-src"] == ["'self'", "'unsafe-inline'"]
    else:
        assert found == directives(PUBLIC_POLICY)
    assert "'unsafe-eval'" not in csp
    features = headers["Permissions-Policy"] or ""
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in features
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_home_page_built_now_and_from_the_page_cache(production_site):
    states = []
    # Each worker keeps its own cache: ask until one answers from it.
    for _ in range(40):
        status, headers, _body = get(production_site, "/")
        assert status == 200
        assert_headers(headers)
        states.append(headers["X-Page-Cache"])
        if "hit" in states and "miss" in states:
            break
    assert {"miss", "hit"} <= set(states), states


@pytest.mark.parametrize(("path", "status", "admin"), [
    ("/services/emergency-care-application/", 200, False),
    ("/requests/status/", 200, False),
    ("/no-such-page/", 404, False),
    ("/admin/login/", 200, True),
])
def test_forms_lookup_404_and_admin_login(production_site, path, status, admin):
    answer, headers, _body = get(production_site, path)
    assert answer == status
    assert_headers(headers, admin=admin)


def test_a_static_file(production_site):
    _status, _headers, body = get(production_site, "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', body.decode()).group(1)
    status, headers, _body = get(production_site, stylesheet)
    assert status == 200
    assert_headers(headers)


def test_no_hsts_over_plain_http(production_site):
    """HSTS only when the request came over HTTPS (a browser ignores it otherwise)."""
    _status, headers, _body = get(production_site, "/", headers={})
    assert headers["Strict-Transport-Security"] is None
    assert headers["Content-Security-Policy"]
