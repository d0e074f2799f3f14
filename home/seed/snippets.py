"""Snippet entries the pages share (a centre's services, a daycare's
programmes), matched by slug.

A file lists them under `[[snippets."app_label.ModelName"]]`. Loading a
section makes the entries its own file lists; a page may also use an entry
another file lists, which is then made on first use (so loading one section
alone makes only what it needs). An entry that exists is left as the editors
made it; a new one gets its position in the file as its `sort_order`, where
the model has one.
"""

from django.apps import apps

from .files import SeedError, snippet_definitions


def declare(name: str, data: dict):
    for label in data.get("snippets", {}):
        model = apps.get_model(label)
        for entry in data["snippets"][label]:
            get(model, entry["slug"], name)


def get(model, slug: str, name: str = "seed"):
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found
    try:
        position, fields = snippet_definitions()[model._meta.label][slug]
    except KeyError:
        raise SeedError(f"{name}.toml: no {model._meta.label} snippet {slug!r} in any seed file") from None
    unknown = set(fields) - {f.name for f in model._meta.concrete_fields}
    if unknown:
        raise SeedError(f"{model._meta.label} {slug!r}: no field(s) {', '.join(sorted(unknown))}")
    if any(f.name == "sort_order" for f in model._meta.concrete_fields):
        fields = {"sort_order": position, **fields}
    found, _ = model.objects.get_or_create(slug=slug, defaults=fields)
    return found
