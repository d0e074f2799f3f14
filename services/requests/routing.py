"""Which queue a new request goes to: the most specific rule wins."""

from dataclasses import dataclass

from services.models import Queue, RoutingRule


class NoQueueConfigured(Exception):
    """Neither a matching rule nor a fallback queue exists: an admin must set one up."""


@dataclass(frozen=True)
class Route:
    queue: Queue
    unroutable: bool  # no rule matched; the request waits in the fallback queue, flagged


def route(kind: str, district: str) -> Route:
    """kind × district rule, else the kind's default rule, else the fallback queue."""
    rules = {
        rule.district: rule
        for rule in RoutingRule.objects.select_related("queue")
        .filter(kind=kind, district__in=[district, ""], queue__is_active=True)
    }
    for key in (district, ""):
        if key in rules:
            return Route(rules[key].queue, unroutable=False)
    fallback = Queue.objects.filter(is_fallback=True, is_active=True).first()
    if fallback is None:
        raise NoQueueConfigured(f"no queue for {kind} in {district!r} and no fallback queue")
    return Route(fallback, unroutable=True)
