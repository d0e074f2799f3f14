"""Building pages (and what hangs off them) from the data files.

A page in a data file is a table of the page model's fields plus a few
directives:

    model      "app_label.ModelName" (a child may take it from its parent's `defaults`)
    slug       the page's slug under its parent
    children   the pages under it, in order
    defaults   keys every child gets unless it sets them itself
    hook       a computed-content hook (home.seed.hooks) run on the fields
    link_from  { page = "sibling-slug", field = "apply_page" }: point that
               sibling's field at this page while the field is empty
    fill_empty fields of this page to set from the file on a page that already
               exists, while they are empty (a field added after the site was
               built, e.g. a page's contact team); what an editor set stays

Field values are converted by the field's type: a StreamField takes the
block notation (home.seed.blocks), a text field given a list takes rich-text
parts, a many-to-many field takes snippet slugs, an inline (orderable) list
takes a table per item, `tags` takes names, a page link takes the page's path
under the home page ("services/emergency-care-application"), a link to a
snippet takes its slug (home.seed.snippets), a date may be
`{ days_after_loading = 21 }`. An unknown key is an error.

A page that exists (by slug; for a page type allowed once, by type) is left
as the editors made it; one that is missing is built and published.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from taggit.models import Tag
from wagtail.fields import StreamField
from wagtail.models import Page

from . import blocks, hooks, snippets
from .files import SeedError

DIRECTIVES = {"model", "slug", "children", "defaults", "hook", "link_from", "fill_empty"}
TEXT_FIELDS = (models.CharField, models.TextField)  # RichTextField is a TextField


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)


class SlugTaken(RuntimeError):
    """The slug a seed page needs is already used by a page of another type."""


@dataclass(frozen=True)
class Context:
    """What converting a file's values needs: the file (for messages and
    hooks) and the home page (page links are paths under it)."""

    name: str
    data: dict
    home: Page


def model_for(label: str, ctx_name: str) -> type:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise SeedError(f"{ctx_name}.toml: no model {label!r} (write it as app_label.ModelName)") from None


def publish(page):
    page.save_revision().publish()


def ensure_page(parent, model, slug, report, **fields):
    """The child of `parent` at `slug`; created from `fields` and published if
    it does not exist yet. An existing page is returned untouched."""
    return _ensure(parent, model, slug, report, lambda: fields)


def _ensure(parent, model, slug, report, make_fields):
    page = _existing(parent, model, slug)
    if page is not None:
        report.kept.append(page.title)
        return page
    page = parent.add_child(instance=model(slug=slug, **make_fields()))
    publish(page)
    report.created.append(page.title)
    return page


def _existing(parent, model, slug):
    children = model.objects.child_of(parent)
    # A page type allowed once (a section index) is found whatever slug the
    # editors gave it.
    page = children.first() if model.max_count == 1 else children.filter(slug=slug).first()
    if page is None:
        taken = Page.objects.child_of(parent).filter(slug=slug).first()
        if taken is not None:
            raise SlugTaken(
                f"/{slug}/ is already the page “{taken.title}” ({taken.specific_class.__name__}); "
                f"move or delete it before loading the {model.__name__} there."
            )
    return page


def build(parent, spec: dict, report: LoadReport, ctx: Context):
    """Ensure the page `spec` describes under `parent`, then its children."""
    model = model_for(spec["model"], ctx.name) if "model" in spec else None
    if model is None or "slug" not in spec:
        raise SeedError(f"{ctx.name}.toml: a page needs a model and a slug: {_short(spec)}")
    values = {key: value for key, value in spec.items() if key not in DIRECTIVES}

    def make_fields():
        fields = convert(model, values, ctx)
        return hooks.run(spec["hook"], fields, ctx.data) if "hook" in spec else fields

    page = _ensure(parent, model, spec["slug"], report, make_fields)
    if "fill_empty" in spec:
        _fill_empty(page, model, {name: values[name] for name in spec["fill_empty"] if name in values}, ctx)
    if "link_from" in spec:
        _link_from(parent, page, spec["link_from"])
    defaults = spec.get("defaults", {})
    for child in spec.get("children", []):
        build(page, {**defaults, **child}, report, ctx)
    return page


def convert(model, values: dict, ctx: Context) -> dict:
    """Model keyword arguments from a data file's values (see the module docstring)."""
    kwargs = {}
    for name, value in values.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise SeedError(f"{ctx.name}.toml: {model._meta.label} has no field {name!r}") from None
        kwargs.update(_convert_field(model_field, value, ctx))
    return kwargs


def _convert_field(model_field, value, ctx):
    name = model_field.name
    if isinstance(model_field, StreamField):
        return {name: blocks.stream(value)}
    if isinstance(model_field, TaggableManager):
        through = model_field.through
        items = through._meta.get_field("content_object").remote_field.related_name
        return {items: [through(tag=_tag(tag_name)) for tag_name in value]}
    if model_field.many_to_many:
        return {name: [snippets.get(model_field.related_model, slug, ctx.name) for slug in value]}
    if model_field.one_to_many and isinstance(getattr(model_field, "field", None), ParentalKey):
        child_model = model_field.related_model
        return {model_field.get_accessor_name(): [child_model(**convert(child_model, item, ctx))
                                                  for item in value]}
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        if issubclass(related, Page):
            return {name: _page_at(ctx, value)}
        if not any(f.name == "slug" for f in related._meta.concrete_fields):
            raise SeedError(f"{ctx.name}.toml: {name!r} links to a {related.__name__}, "
                            "which the data files cannot give")
        return {name: snippets.get(related, value, ctx.name)}
    if isinstance(model_field, models.DateField) and isinstance(value, dict):
        return {name: hooks.date(value, ctx.name)}
    if isinstance(model_field, TEXT_FIELDS):
        return {name: blocks.rich_text(value)}
    if isinstance(value, list):
        return {name: value}
    return {name: model_field.to_python(value)}


def _page_at(ctx, path):
    url_path = f"{ctx.home.url_path}{path.strip('/')}/"
    page = Page.objects.descendant_of(ctx.home).filter(url_path=url_path).first()
    if page is None:
        raise SeedError(f"{ctx.name}.toml: no page at {path!r} under the home page")
    return page


def _tag(name):
    return Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)


def _link_from(parent, page, link):
    """Point a sibling's page link at `page` (the service page's "신청하기"
    button at its form), unless an editor already chose one."""
    sibling = Page.objects.child_of(parent).filter(slug=link["page"]).first()
    if sibling is None:
        return
    sibling = sibling.specific
    field_name = link["field"]
    if getattr(sibling, f"{field_name}_id") is not None:
        return
    _set(sibling, {field_name: page})


def _fill_empty(page, model, values, ctx):
    """Set the `fill_empty` fields the page still has empty."""
    page = page.specific
    fields = convert(model, values, ctx)
    empty = {}
    for name, value in fields.items():
        model_field = model._meta.get_field(name)
        current = getattr(page, model_field.attname)
        if isinstance(model_field, StreamField):
            # An empty StreamField is a StreamValue without blocks, never None or "";
            # the file's JSON text becomes a StreamValue so that update() stores it
            # as blocks (a page with a draft), not as one JSON string.
            if not len(current):
                empty[name] = model_field.to_python(value)
        elif current in (None, ""):
            empty[name] = value
    if empty:
        _set(page, empty)


def _set(page, fields):
    if page.has_unpublished_changes:
        # Leave the editor's draft alone; the live page gets the values.
        type(page).objects.filter(pk=page.pk).update(**fields)
        return
    for name, value in fields.items():
        setattr(page, name, value)
    publish(page)


def _short(spec):
    return {key: value for key, value in spec.items() if key in ("model", "slug", "title")}
