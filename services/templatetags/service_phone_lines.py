"""`{% service_phone_lines as lines %}`: the teams that answer the phone about
services, for the home page's "전화로 문의하기" (each: label, phone, hours)."""

from django import template

from agency_site import page_cache
from services.models import Team

register = template.Library()


def _lines():
    return [
        {"label": f"{team.name} · {team.answers_about}" if team.answers_about else team.name,
         "phone": team.phone, "hours": team.hours}
        for team in Team.objects.exclude(phone="").order_by("name")
    ]


@register.simple_tag
def service_phone_lines():
    return page_cache.memo("service-phone-lines", _lines)
