"""The address of the person making a request, for rate limits and the
staff-login lockout.

Behind a reverse proxy, REMOTE_ADDR is the proxy's address (gunicorn does not
rewrite it), so every visitor would share one bucket. Each trusted proxy
appends the address it received the connection from to X-Forwarded-For, so
with N proxies in front of the site the client is the N-th entry from the
right. Entries further left were written by the client itself and may be
anything: they are never used. With no proxy (TRUSTED_PROXY_COUNT=0, the
default) the header is ignored altogether, since any visitor can send it.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address as text (normalised), or "unknown"."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies configured: the request did not come through
        # all of them (or a proxy is misconfigured). The nearest address we
        # know is the connecting one; never trust the client's own entries.
        return remote
    return _valid(forwarded[-proxies]) or remote
