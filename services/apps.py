from django.apps import AppConfig


class ServicesConfig(AppConfig):
    """Service pages, centres, casebooks, trainings and the request system
    (intake, routing, staff queues). Filled in by the content and request
    issues; the app exists so the layout is in place from the start."""

    name = "services"
    verbose_name = "사업·서비스"
