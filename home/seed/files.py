"""Where the seed data files are, the order the site is built in, and the
pieces of text a file shares between its pages.

Each app keeps its share of the agency's facts in `<app>/seed/<name>.toml`
beside its code (the apps are imported from the project folder, so the files
are wherever the source is: in a checkout, an editable install and the
container image alike).
"""

import functools
import tomllib
from pathlib import Path

from django.apps import apps

# The sections, in the order they are built (and so the order of the home
# page's children, which is the main navigation's order). A section may refer
# to pages of the sections before it (forms fill the service pages' buttons).
SECTIONS = {
    "about": "home",
    "services": "services",
    "forms": "services",
    "centres": "services",
    "daycares": "daycares",
    "casebooks": "services",
    "trainings": "services",
    "notices": "home",
    "legal": "home",  # the footer's pages (not in the menu)
}
# Files that are not sections: the home page and identity, the request routing.
OTHER_FILES = {"site": "home", "routing": "services"}
FILES = {**OTHER_FILES, **SECTIONS}


class SeedError(Exception):
    """The seed data says something the loader cannot build: a typo in a key,
    a page type or a shared text name. The message names the file."""


def path(name: str) -> Path:
    try:
        app = FILES[name]
    except KeyError:
        raise SeedError(f"no seed file {name!r}; the files are {', '.join(FILES)}") from None
    return Path(apps.get_app_config(app).path) / "seed" / f"{name}.toml"


@functools.cache
def data(name: str) -> dict:
    """The file's contents with every `{ use = "…" }` replaced by the text of
    that name from the file's [text] table. Cached: callers must not change it."""
    with path(name).open("rb") as fh:
        raw = tomllib.load(fh)
    texts = raw.get("text", {})
    return _resolve(raw, texts, name)


def _resolve(value, texts, name):
    if isinstance(value, dict):
        if set(value) == {"use"}:
            try:
                return _resolve(texts[value["use"]], texts, name)
            except KeyError:
                raise SeedError(f"{name}.toml: no [text] entry {value['use']!r}") from None
        return {key: _resolve(item, texts, name) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, texts, name) for item in value]
    return value


@functools.cache
def snippet_definitions() -> dict[str, dict[str, tuple[int, dict]]]:
    """Every snippet entry any file declares, as {model label: {slug: (position,
    fields)}}: a page may use an entry another section declares."""
    found: dict[str, dict[str, tuple[int, dict]]] = {}
    for name in FILES:
        for label, entries in data(name).get("snippets", {}).items():
            declared = found.setdefault(label, {})
            for position, entry in enumerate(entries):
                fields = {key: value for key, value in entry.items() if key != "slug"}
                declared[entry["slug"]] = (position, fields)
    return found
