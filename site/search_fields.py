"""How much each indexed field counts in the site search (search/backend.py).

Page types list their fields with these instead of bare SearchFields, so the
weight of a field is chosen where the field is declared:

- the title (Wagtail's own `title` field) counts most;
- `summary(...)`: the few sentences that say what a page is about — the
  search description, a page's 요약/소개, a centre's district;
- `body(...)`: the main text, StreamField blocks included;
- `minor(...)`: details a person may still search for — an address, the
  names of a daycare's programmes or a centre's services, a training's
  audience.

The backend turns them into PostgreSQL's weights A (title), B, C and D.
"""

from wagtail.search import index

SUMMARY_BOOST = 4.0
BODY_BOOST = 1.0
MINOR_BOOST = 0.5


def summary(name: str) -> index.SearchField:
    return index.SearchField(name, boost=SUMMARY_BOOST)


def body(name: str) -> index.SearchField:
    return index.SearchField(name, boost=BODY_BOOST)


def minor(name: str) -> index.SearchField:
    return index.SearchField(name, boost=MINOR_BOOST)
