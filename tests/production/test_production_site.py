"""The production configuration itself: what a visitor gets from it."""

import urllib.request


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read().decode()


def test_the_production_site_serves_the_seeded_home_page(production_site):
    status, headers, body = get(f"{production_site.url}/")
    assert status == 200
    assert 'lang="ko"' in body
    # Production settings, not the test ones: static files have hashed names.
    assert "/static/css/site." in body and ".css" in body
    assert headers["X-Page-Cache"] in ("miss", "hit")

