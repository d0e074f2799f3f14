"""SMS (문자) to applicants, beside e-mail: a message type, pluggable backends
(console in development, memory in tests, SOLAPI in production) and the
short link an SMS carries (`links`). Modelled on django.core.mail."""

from services.requests.sms.base import (
    LMS_MAX_BYTES,
    SMS_MAX_BYTES,
    BaseSmsBackend,
    SmsError,
    SmsMessage,
    SmsRejected,
    get_backend,
    is_mobile,
    message_bytes,
    send_sms,
)

__all__ = [
    "LMS_MAX_BYTES",
    "SMS_MAX_BYTES",
    "BaseSmsBackend",
    "SmsError",
    "SmsMessage",
    "SmsRejected",
    "get_backend",
    "is_mobile",
    "message_bytes",
    "send_sms",
]
