"""Who may see which requests: staff see only their teams' queues.

Every staff-facing view, export and attachment download asks these
functions, so the rule lives in one place.
"""

from services.models import ServiceRequest


def requests_visible_to(user):
    """The requests `user` may list, open, export or download files of."""
    if not user.is_authenticated or not user.is_active:
        return ServiceRequest.objects.none()
    if user.is_superuser:
        return ServiceRequest.objects.all()
    return ServiceRequest.objects.filter(queue__team__in=user.groups.all())


def can_see(user, request: ServiceRequest) -> bool:
    return requests_visible_to(user).filter(pk=request.pk).exists()
