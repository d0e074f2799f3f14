"""Who must use a second factor, and who has one.

Required for every superuser and for everyone who works a queue (a member of
a team some `services.models.Queue` is worked by): they can open applicants'
health and disability details. Everyone else (editors) may enrol from their
account; once they have, they are asked for a code like everyone else.
"""

from django.utils.functional import LazyObject, empty
from django_otp.plugins.otp_totp.models import TOTPDevice


def real_user(user):
    """The User behind request.user. OTPMiddleware wraps the (lazy) user in a
    second lazy object, and Wagtail's audit log unwraps only one level: an
    entry for `request.user` itself would be dropped without a word."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def works_a_queue(user) -> bool:
    # The queue-membership rule of the staff screens, not a copy of it.
    from services.requests.access import works_a_queue

    return works_a_queue(user)


def must_use_second_factor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or works_a_queue(user)


def authenticator(user, confirmed=True):
    """The user's authenticator app (TOTP device), confirmed or pending enrolment."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_second_factor(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
