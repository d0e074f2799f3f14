"""`manage.py check --deploy`: SMS through SOLAPI needs its keys and the
registered 발신번호. Without them every SMS fails (after its retries) and
shows on the staff request pages as not sent: say so before that."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

SOLAPI_BACKEND = "services.requests.sms.solapi.SmsBackend"


@checks.register(checks.Tags.compatibility, deploy=True)
def sms_settings(app_configs=None, **kwargs):
    if getattr(settings, "SMS_BACKEND", "") != SOLAPI_BACKEND:
        return []
    from services.requests.sms.solapi import SmsBackend

    missing = SmsBackend().missing_settings()
    if not missing:
        return []
    return [
        checks.Warning(
            f"SMS goes through SOLAPI but {', '.join(missing)} not set: every SMS to applicants will fail "
            "and be shown to staff as not sent.",
            hint="Set SMS_SOLAPI_API_KEY, SMS_SOLAPI_API_SECRET and SMS_SENDER (the registered sender "
            "number), or SMS_BACKEND to another backend.",
            id="services.W001",
        )
    ]
