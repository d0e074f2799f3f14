"""The site's content, built from the agency's documents.

The facts live in data files beside the apps they feed (home/seed/*.toml,
services/seed/*.toml, daycares/seed/*.toml, TOML read with `tomllib`); this
package is the one loader for all of them:

- files.py     where the files are and the fixed order they are read in
- pages.py     pages from a file: fields by type, children, links
- blocks.py    the compact notation for rich text and StreamField bodies
- snippets.py  shared snippet entries (centre services, daycare programmes)
- site.py      the home page, the Wagtail site, quick links, the identity
- routing.py   request queues, teams and routing rules
- hooks.py     the only computed content (dates after loading, centre texts)

Loading is idempotent and never overwrites what editors changed: a page that
exists (by slug) is left as it is and a deleted one is rebuilt; the home
page's quick links are set only when the home page is built; an identity
field, a page's `fill_empty` fields (e.g. its contact team) and a queue's
contact team are filled only while they are empty. `manage.py load_content` runs `load()`.
"""

from django.db import transaction

from search import seed as search_seed

from . import files, routing, site, snippets
from .files import SeedError
from .pages import Context, LoadReport, SlugTaken, build, ensure_page, model_for

__all__ = ["LoadReport", "SeedError", "SlugTaken", "data", "ensure_page", "load", "load_section"]

data = files.data


@transaction.atomic
def load() -> LoadReport:
    """Build (or complete) the whole site."""
    report = LoadReport()
    home, home_created = site.ensure_home(report)
    for name in files.SECTIONS:
        load_section(name, home, report)
    if home_created:
        site.set_quick_links(home)
    site.ensure_identity(home)
    routing.load()
    search_seed.load()
    return report


def load_section(name: str, home, report: LoadReport | None = None):
    """Build (or complete) one section under the home page `home`.

    Returns the section's page (its index), or for a file of several pages
    with `index_by` in its [section] table, {that field's value: page}. A
    section whose `parent` page type is not under `home` builds nothing."""
    report = report if report is not None else LoadReport()
    spec = files.data(name)
    section = spec.get("section", {})
    ctx = Context(name, spec, home)
    parent = home
    if "parent" in section:
        # The section goes under the page of that type (e.g. the services
        # index, whatever slug the editors gave it); there is none: nothing to do.
        parent = model_for(section["parent"], name).objects.child_of(home).first()
        if parent is None:
            return {} if "index_by" in section else None
    snippets.declare(name, spec)
    if "page" in spec:
        return build(parent, spec["page"], report, ctx)
    built = [build(parent, page, report, ctx) for page in spec.get("pages", [])]
    key = section.get("index_by")
    return {getattr(page, key): page for page in built} if key else built
