"""The home page, the Wagtail site and the agency's identity (home/seed/site.toml).

The identity is the [identity] table: each key sets the field of the same
name of home.models.settings.ContactSettings (the site setting under 설정),
and only while that field is still empty or at its default, so an editor's
value is never replaced. To seed a new field, add it to ContactSettings (with
its migration) and then a key with the field's name to [identity]; a key
that is not a field stops the load with a message naming it.
"""

from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page, Site

from home.models import ContactSettings, HomePage, HomePageQuickLink

from . import files, pages
from .files import SeedError


def ensure_home(report) -> tuple[HomePage, bool]:
    """The home page, made (and made the default site's root) if there is none."""
    spec = files.data("site")["page"]
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is not None:
        report.kept.append(home.title)
        return home, False
    # Wagtail's migrations create a placeholder "Welcome" page at the slug
    # "home"; our home page takes its place.
    placeholder = root.get_children().filter(slug=spec["slug"]).first()
    if placeholder is not None:
        # A queryset update: no signals, so no search/reference-index tasks
        # are queued for a page that is about to be deleted.
        Page.objects.filter(pk=placeholder.pk).update(slug=f"{spec['slug']}-placeholder")
    values = {key: value for key, value in spec.items() if key not in pages.DIRECTIVES}
    fields = pages.convert(HomePage, values, pages.Context("site", files.data("site"), root))
    home = root.add_child(instance=HomePage(slug=spec["slug"], **fields))
    pages.publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=home.title)
    else:
        site.root_page = home
        site.site_name = home.title
        site.save()
    if placeholder is not None:
        placeholder.delete()
    report.created.append(home.title)
    return home, True


def set_quick_links(home):
    """Quick links are part of the home page's content (and its revisions), so
    they are set only when the page is first built, after every section."""
    ctx = pages.Context("site", files.data("site"), home)
    home.quick_links = [
        HomePageQuickLink(**pages.convert(HomePageQuickLink, link, ctx))
        for link in files.data("site").get("quick_links", [])
    ]
    pages.publish(home)


def ensure_identity(home):
    contact = ContactSettings.for_site(Site.objects.get(root_page=home))
    changed = apply_identity(contact, files.data("site").get("identity", {}))
    if changed or contact.pk is None:
        contact.save()


def apply_identity(contact: ContactSettings, identity: dict) -> bool:
    """Fill `contact`'s empty (or default) fields from `identity`; True if any changed."""
    changed = False
    for name, value in identity.items():
        model_field = _identity_field(name)
        current = getattr(contact, model_field.attname)
        if current not in ("", None) and current != model_field.get_default():
            continue  # an editor's value
        value = model_field.clean(value, contact)
        if current != value:
            setattr(contact, model_field.attname, value)
            changed = True
    return changed


def _identity_field(name):
    settable = [f.name for f in ContactSettings._meta.concrete_fields
                if f.editable and not f.primary_key and not f.is_relation]
    try:
        model_field = ContactSettings._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.is_relation and model_field.name != "site":
        raise SeedError(
            f"site.toml [identity]: {name!r} links to another object (an image, a document), "
            "which a data file cannot give yet: set it in the admin, or teach home.seed.site how."
        )
    if model_field is None or model_field.name not in settable:
        raise SeedError(
            f"site.toml [identity]: {name!r} is not a field of ContactSettings "
            f"({ContactSettings._meta.verbose_name}). "
            f"The fields are: {', '.join(settable)}. To seed a new one, add the field to "
            "home.models.settings.ContactSettings (and its migration), then use its name here."
        )
    return model_field
