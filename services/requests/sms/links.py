"""The link an SMS carries: short, and no key to anything.

An e-mail carries a signed link that opens the status page by itself. An
SMS must not: it shows on a locked phone's screen, and a mobile number may
pass to someone else. So the SMS link, /requests/s/EC397205184461/, only opens
the status lookup with the reference already filled in; the phone number
given with the request is still asked. It names nothing the SMS does not
already say (the reference), and it answers the same whether or not the
reference exists.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from services.requests.references import STORED_FORMAT, normalise

# The stored form of a reference (services.requests.references).
REFERENCE = STORED_FORMAT


def _reference(text) -> str:
    reference = normalise(unicodedata.normalize("NFKC", str(text or ""))[:40])
    return reference if REFERENCE.fullmatch(reference) else ""


def short_path(reference: str) -> str:
    return reverse("request_status:short", args=[reference.replace("-", "")])


def initial_reference(query) -> dict:
    """The lookup form's initial answers from `?reference=` (the short link's redirect)."""
    reference = _reference(query.get("reference"))
    return {"reference": reference} if reference else {}


@require_safe
def open_short_link(request, code):
    lookup = reverse("request_status:lookup")
    reference = _reference(code)
    if not reference:
        return redirect(lookup)
    return redirect(f"{lookup}?{urlencode({'reference': reference})}")
