"""Keeping the keys we e-mail out of logs.

The status link (/requests/status/<token>/) and the survey link
(/requests/survey/<token>/) carry a signed token that opens one person's
request — the status link even allows withdrawing it — for up to 180 days.
Their pages only check the token and redirect (303) to a token-free address
(services.requests.lookup, services.training.survey), so a token is in at most one request;
whatever is logged about that request writes it as `[token]`:

- gunicorn's access log: `agency_site.access_log.TokenRedactingLogger`
  (site/gunicorn.conf.py), for the request line, path, Referer, headers;
- the application's log: the `RedactTokens` filter on the console handler
  (settings.LOGGING), e.g. Django's "Internal Server Error: /requests/status/…".
"""

from __future__ import annotations

import logging
import re

# A path segment after /requests/status/ or /requests/survey/ that holds a
# signature (Django's signing separates with ":", which may arrive encoded).
TOKEN_IN_PATH = re.compile(
    r"(/requests/(?:status|survey)/)([^/?#\s\"']*(?::|%3[aA])[^/?#\s\"']*)"
)
MASK = "[token]"


def redact(value):
    """`value` with every token path masked; anything but text unchanged."""
    if isinstance(value, str) and "/requests/" in value:
        return TOKEN_IN_PATH.sub(lambda match: match.group(1) + MASK, value)
    return value


class RedactTokens(logging.Filter):
    """A logging filter: the message with every token path written as [token]."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
