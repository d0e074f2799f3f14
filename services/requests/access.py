"""Who may see which requests: staff see only their teams' queues.

The rule, once: a queue is seen by the members of its team (and by
superusers); a request is seen by whoever sees its queue. Every staff-facing
view, export, attachment download, menu and the second-factor policy asks
these functions.
"""

from django.db.models import Q

from services.models import Queue, ServiceRequest


def _team_rule(user, prefix: str = "") -> Q | None:
    """The filter for what `user` may see, on a query whose queue is reached
    through `prefix` ("" for queues). None: nothing at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}team__in": user.groups.all()})


def queues_visible_to(user):
    """The queues whose requests `user` may see."""
    rule = _team_rule(user)
    return Queue.objects.none() if rule is None else Queue.objects.filter(rule)


def requests_visible_to(user):
    """The requests `user` may list, open, export or download files of."""
    rule = _team_rule(user, "queue__")
    return ServiceRequest.objects.none() if rule is None else ServiceRequest.objects.filter(rule)


def visible_through(user, path: str) -> Q | None:
    """The same rule for another model whose request is reached by `path`
    (e.g. "bookings__request__" for training sessions). None: nothing."""
    return _team_rule(user, f"{path}queue__")


def works_a_queue(user) -> bool:
    return queues_visible_to(user).exists()


def can_see(user, request: ServiceRequest) -> bool:
    return requests_visible_to(user).filter(pk=request.pk).exists()
