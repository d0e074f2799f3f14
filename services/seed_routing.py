"""Default queues and routing rules (changeable by admins afterwards).

From the agency's documents (seed 000): emergency care is organised in the
four care regions — 서북권(서대문·은평·마포), 서남권(양천·강서·영등포),
동북권(도봉·노원·중랑), 동남권(송파·강동·성동) — and the other 13 districts
are served by the 긴급돌봄지원단 of 사업지원팀, which also handles support
for private providers. Deadlines (SLA) are our defaults: the documents give none.
"""

from django.contrib.auth.models import Group, Permission

from services.districts import REGIONS
from services.models import Queue, RequestKind, RoutingRule

SUPPORT_TEAM = "사업지원팀"
EMERGENCY_SLA_HOURS = 24
CONSULTING_SLA_BUSINESS_DAYS = 5
TRAINING_SLA_BUSINESS_DAYS = 2  # to approve or decline a booking that needs approval


def _queue(name, team, **defaults):
    group, _ = Group.objects.get_or_create(name=team)
    # Team members work their queue in the Wagtail admin; what they may see
    # there is decided by queue membership (services.access).
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    queue, _ = Queue.objects.get_or_create(name=name, defaults={"team": group, **defaults})
    return queue


def _rule(kind, district, queue):
    RoutingRule.objects.get_or_create(kind=kind, district=district, defaults={"queue": queue})


def load(report=None):
    hours = {"sla_value": EMERGENCY_SLA_HOURS, "sla_unit": Queue.SlaUnit.HOURS}
    for region in REGIONS:
        queue = _queue(f"긴급돌봄 {region.name}", f"{region.name} 종합재가센터", **hours)
        for district in region.districts:
            _rule(RequestKind.EMERGENCY_CARE, district, queue)
    central = _queue("긴급돌봄지원단", SUPPORT_TEAM, **hours)
    _rule(RequestKind.EMERGENCY_CARE, "", central)
    providers = _queue(
        "민간기관지원", SUPPORT_TEAM,
        sla_value=CONSULTING_SLA_BUSINESS_DAYS, sla_unit=Queue.SlaUnit.BUSINESS_DAYS,
    )
    _rule(RequestKind.CONSULTING, "", providers)
    # Training bookings: the support team runs the provider training (seed 000, 민간지원사업).
    trainings = _queue(
        "교육 운영", SUPPORT_TEAM,
        sla_value=TRAINING_SLA_BUSINESS_DAYS, sla_unit=Queue.SlaUnit.BUSINESS_DAYS,
    )
    _rule(RequestKind.TRAINING, "", trainings)
    if not Queue.objects.filter(is_fallback=True).exists():
        _queue("미분류", SUPPORT_TEAM, is_fallback=True, **hours)
