"""The default request queues, their teams and the routing rules
(services/seed/routing.toml). Admins change them afterwards; loading again
only adds what is missing (queues by name, rules by kind and district).

A [[queues]] entry is a Queue's fields plus:

    team        the group (팀) that works the queue
    contact_team  the slug of the team (services.Team snippet) applicants call
                about the queue's requests; set on an existing queue too while
                it has none
    routes      the request kinds it receives: the kind's default rule
                (any district), or with per_region one rule per district
    per_region  one queue per care region (agency_site.districts); `{region}`
                in the name and team is the region's name

A fallback queue (is_fallback = true) is made only while there is none.
"""

from django.contrib.auth.models import Group, Permission

from agency_site.districts import REGIONS
from services.models import Queue, RoutingRule, Team

from . import files, snippets
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
        else:  # the fallback queue the admins have: only its contact team, while it has none
            _fill_contact_team(Queue.objects.get(is_fallback=True), spec)


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
    if "contact_team" in defaults:
        defaults["contact_team"] = snippets.get(Team, defaults["contact_team"], "routing")
    queue, created = Queue.objects.get_or_create(
        name=spec["name"].format(**names), defaults={"team": group, **defaults}
    )
    if not created:
        _fill_contact_team(queue, spec)
    return queue


def _fill_contact_team(queue, spec):
    """A queue made before queues had a contact team gets the file's."""
    if queue.contact_team_id is None and "contact_team" in spec:
        queue.contact_team = snippets.get(Team, spec["contact_team"], "routing")
        queue.save(update_fields=["contact_team"])


def _rule(kind, district, queue):
    RoutingRule.objects.get_or_create(kind=kind, district=district, defaults={"queue": queue})
