"""`{% daycare_phone_line as line %}`: the team that answers about the public
daycares (the daycare index's 문의 fields), for the home page; None if unset."""

from django import template

from agency_site import page_cache
from daycares.models import DaycareIndexPage

register = template.Library()


def _line():
    index = DaycareIndexPage.objects.live().public().exclude(contact_phone="").first()
    if index is None:
        return None
    label = f"{index.contact_name} · 국공립어린이집" if index.contact_name else "국공립어린이집"
    return {"label": label, "phone": index.contact_phone, "hours": ""}


@register.simple_tag
def daycare_phone_line():
    return page_cache.memo("daycare-phone-line", _line)
