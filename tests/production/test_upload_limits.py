"""A body larger than any form could send, as production serves it
(gunicorn): the 413 comes back before the client has sent a byte of the
body, so nothing read it or wrote it to disk."""

import socket
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

FORM = "/services/consulting-application/"
BODY_SIZE = 200 * 1024 * 1024


def csrf_cookie(site) -> str:
    """What a script gets first, like a browser: the form and its CSRF cookie
    (without one, the POST would be refused before anything reads it anyway)."""
    with urllib.request.urlopen(site.url + FORM, timeout=15) as response:
        cookie = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie.load(value)
    return cookie["csrftoken"].value


def test_an_oversized_upload_is_answered_before_its_body_is_sent(production_site):
    token = csrf_cookie(production_site)
    address = urllib.parse.urlsplit(production_site.url)
    with socket.create_connection((address.hostname, address.port), timeout=15) as connection:
        connection.sendall(
            f"POST {FORM} HTTP/1.1\r\n"
            "Host: 127.0.0.1\r\n"
            f"Cookie: csrftoken={token}\r\n"
            "Content-Type: multipart/form-data; boundary=----x\r\n"
            f"Content-Length: {BODY_SIZE}\r\n\r\n".encode()
        )
        # Only the headers are sent; a server that reads the body (to find the
        # CSRF token in it) waits here for bytes that never come, and the read
        # times out.
        received = b""
        while b"</html>" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert "보내신 내용이 너무 큽니다" in body.decode()
