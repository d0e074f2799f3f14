"""Malformed input against production (issue 10, finding 6): the requests that
were 500s, under gunicorn with the production settings, get a Korean page
(tests/site/test_malformed_input.py has the rest, against the test settings)."""

import http.client
import urllib.parse
from http.cookies import SimpleCookie

BOOKING = "/trainings/booking/"
UTF16 = "application/x-www-form-urlencoded; charset=utf-16"


def fetch(site, method, path, headers=None, body=None):
    """One request on its own connection: (status, headers, body as text)."""
    address = urllib.parse.urlsplit(site.url)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8")
    finally:
        conn.close()


def csrf_cookie(site, path):
    status, headers, _ = fetch(site, "GET", path)
    assert status == 200
    cookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookie.load(value)
    return cookie["csrftoken"].value


def assert_korean_page(body, heading=None):
    assert '<html lang="ko"' in body
    if heading:
        assert f">{heading}</h1>" in body


def test_odd_session_numbers_in_the_booking_link_are_ignored(production_site):
    # gunicorn itself answers a request line over 4,094 bytes with 414, so 4,000 digits.
    for value in ("%C2%B2", "9" * 4000, "%EF%BC%91"):
        status, _, body = fetch(production_site, "GET", f"{BOOKING}?session={value}")
        assert status == 200
        assert_korean_page(body)


def test_a_utf16_form_post_gets_the_korean_400_page(production_site):
    token = csrf_cookie(production_site, BOOKING)
    for headers in ({"Cookie": f"csrftoken={token}", "X-CSRFToken": token}, {}):
        body = f"csrfmiddlewaretoken={token}&name=abc".encode("utf-16")
        status, _, page = fetch(production_site, "POST", BOOKING, {"Content-Type": UTF16, **headers}, body)
        assert status == 400
        assert_korean_page(page, "요청을 처리할 수 없습니다")


def test_a_post_without_its_csrf_token_gets_the_korean_csrf_page(production_site):
    csrf_cookie(production_site, BOOKING)
    status, _, page = fetch(production_site, "POST", BOOKING,
                            {"Content-Type": "application/x-www-form-urlencoded"}, b"name=abc")
    assert status == 403
    assert_korean_page(page, "페이지를 새로 고친 뒤 다시 보내 주세요")
