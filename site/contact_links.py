"""Links that let people act on a contact detail: call a number, find an
address on a map.

- `tel_href`: a `tel:` link's target, digits only ("02-2038-8569" →
  "tel:0220388569"), which every phone dials whatever the separators were.
- `map_search_url`: a search for the address on a public map site, opened in
  a new tab. A link out, never an embedded map: an embedded third-party map
  loads its scripts and trackers on our page for everyone, a link only for
  those who follow it.
"""

import re
from urllib.parse import quote

# Kakao Map's search (Korean road-name addresses resolve well there; the link
# text names it, includes/directions.html); `q` is the query.
MAP_SEARCH = "https://map.kakao.com/?q={query}"


def tel_href(phone: str) -> str:
    """`tel:` and the number's digits (a leading + kept); "" when there are none."""
    text = (phone or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"


def map_search_url(address: str) -> str:
    """The map search for `address`, or "" for no address."""
    text = " ".join((address or "").split())
    return MAP_SEARCH.format(query=quote(text, safe="")) if text else ""
