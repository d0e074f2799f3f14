"""The default request queues, their teams and the routing rules
(services/seed/routing.toml). Admins change them afterwards; loading again
only adds what is missing (queues by name, rules by kind and district).

A [[queues]] entry is a Queue's fields plus:

    team        the group (팀) that works the queue
    routes      the request kinds it receives: the kind's default rule
                (any district), or with per_region one rule per district
    per_region  one queue per care region (agency_site.districts); `{region}`
                in the name and team is the region's name

A fallback queue (is_fallback = true) is made only while there is none.
"""

from django.contrib.auth.models import Group, Permission

from agency_site.districts import REGIONS
from services.models import Queue, RoutingRule

from . import files
from .files import SeedError

DIRECTIVES = {"team", "routes", "per_region"}


def load():
    for spec in files.data("routing")["queues"]:
        _check(spec)
        if spec.get("per_region"):
            for region in REGIONS:
                queue = _queue(spec, region=region.name)
                for kind in spec.get("routes", []):
                    for district in region.districts:
                        _rule(kind, district, queue)
        elif not spec.get("is_fallback") or not Queue.objects.filter(is_fallback=True).exists():
            queue = _queue(spec)
            for kind in spec.get("routes", []):
                _rule(kind, "", queue)


def _check(spec):
    fields = {f.name for f in Queue._meta.concrete_fields}
    unknown = set(spec) - DIRECTIVES - fields
    if unknown:
        raise SeedError(f"routing.toml: unknown key(s) {', '.join(sorted(unknown))} "
                        f"in queue {spec.get('name')!r}")


def _queue(spec, **names):
    group, _ = Group.objects.get_or_create(name=spec["team"].format(**names))
    # Team members work their queue in the Wagtail admin; what they may see
    # there is decided by queue membership (services.requests.access).
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    defaults = {key: value for key, value in spec.items() if key not in DIRECTIVES | {"name"}}
    queue, _ = Queue.objects.get_or_create(
        name=spec["name"].format(**names), defaults={"team": group, **defaults}
    )
    return queue


def _rule(kind, district, queue):
    RoutingRule.objects.get_or_create(kind=kind, district=district, defaults={"queue": queue})
