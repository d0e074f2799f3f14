"""Seed content for the search (called from home.seed.load())."""

from __future__ import annotations

import tomllib
from pathlib import Path

from search import promotions
from search.models import SynonymGroup, split_terms

HERE = Path(__file__).parent


def load() -> None:
    load_synonyms()
    promotions.load_seed()  # after the pages: most promotions point to one


def load_synonyms() -> None:
    """The starting synonym list, only while there is none: after that the
    list is the editors'."""
    if SynonymGroup.objects.exists():
        return
    data = tomllib.loads((HERE / "synonyms.toml").read_text(encoding="utf-8"))
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=", ".join(split_terms(", ".join(group["terms"]))), note=group.get("note", ""))
        for group in data["group"]
    )
