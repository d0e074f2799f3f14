"""Who the site belongs to, read in one way everywhere.

The agency's names, slogan, logo and contact details are one site setting
(`home.models.ContactSettings`, admin → 설정 → 기관 정보), filled by the
content loader from the agency's documents. Pages, e-mails, feeds, calendar
files and structured data all read it through `current()` and never write the
name themselves, so a rename is one edit in the admin.

- `current(request)`: the setting of the request's site; without a request
  (e-mails, background tasks, calendar files) that of the default site.
  Remembered like the footer's (agency_site.page_cache.memo) until an edit.
- `context_processor`: `identity` in every template rendered with a request.
- the `identity` template tag (`{% load identity %}{% identity as identity %}`)
  for templates rendered without one (e-mails) or inside inclusion tags.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from home.models.settings import ContactSettings


def current(request=None) -> ContactSettings:
    """The identity of `request`'s site, or of the default site. When no site
    exists yet (an empty database), an unsaved setting with empty fields."""
    from wagtail.models import Site

    if request is not None and Site.find_for_request(request) is not None:
        return ContactSettings.for_request(request)
    return _for_default_site()


def _for_default_site() -> ContactSettings:
    from wagtail.models import Site

    from agency_site import page_cache

    def find():
        site = Site.objects.filter(is_default_site=True).first()
        return ContactSettings.for_site(site) if site is not None else ContactSettings()

    return page_cache.memo(f"{ContactSettings._meta.label_lower}:default", find)


def context_processor(request):
    """`identity` for every template: read only by the templates that show it
    (the same object as the footer's `settings.home.ContactSettings`)."""
    return {"identity": SimpleLazyObject(lambda: current(request))}


def subject_prefix(request=None) -> str:
    """What the subject of every e-mail starts with: [기관명]."""
    return f"[{current(request).name}]"


def from_email(request=None) -> str:
    """DEFAULT_FROM_EMAIL's address under the agency's name (기관명 <address>),
    so that the sender shown in mail programs follows the setting too."""
    _display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = current(request).name
    if not name or not address:
        return settings.DEFAULT_FROM_EMAIL
    # Quoted where the name needs it (a comma); Django encodes the header itself.
    return str(Address(display_name=name, addr_spec=address))
