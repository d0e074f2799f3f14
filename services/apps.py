from django.apps import AppConfig


class ServicesConfig(AppConfig):
    """Service pages, centres and casebooks (the content); the request system
    (services.requests: intake, routing, staff queues); trainings
    (services.training). Each kind of request registers itself here."""

    name = "services"
    verbose_name = "사업·서비스"

    def ready(self):
        from home.models.legal import provide_policy_facts
        from services.models import serving
        from services.requests import form_flow, privacy_policy, registration
        from services.requests.sms import checks  # noqa: F401 (registers the deploy check)
        from services.training import registration as training

        serving.provide("request_form", form_flow)
        provide_policy_facts(privacy_policy.facts)
        registration.register()
        training.register()
