"""Serving code for page types, handed over by the packages that own it.

Page models sit at the bottom of the layers and import nothing above them,
yet some pages do more than render their fields: a request form page runs
the application steps (services.requests.form_flow), a training page lists
its sessions (services.training.listing). Those packages provide their code
here when the app starts (services/apps.py), and the page calls it by name.
"""

from django.core.exceptions import ImproperlyConfigured

_provided: dict[str, object] = {}


def provide(name: str, code) -> None:
    _provided[name] = code


def provided(name: str):
    try:
        return _provided[name]
    except KeyError:
        raise ImproperlyConfigured(f"nothing serves {name!r}: is the services app installed?") from None
