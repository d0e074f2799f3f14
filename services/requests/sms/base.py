"""What an SMS is here, and how one is sent.

Korean carriers count a message in bytes of the old two-byte Korean
encoding (EUC-KR / CP949): a Hangul syllable or any other non-ASCII
character is 2 bytes, ASCII is 1. Up to 90 bytes is an SMS (단문); up to
2,000 bytes an LMS (장문, dearer); anything longer is refused here rather
than cut by the provider, so that a message never silently loses its link.

The backend is named by `settings.SMS_BACKEND` (a dotted path, like
EMAIL_BACKEND): `console` in development, `locmem` in tests, `solapi` in
production. A backend raises `SmsError` when a message does not go out;
it is an OSError, so the notification task retries it as it retries a
mail server that is down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from services.requests.validators import is_korean_mobile

SMS_MAX_BYTES = 90
LMS_MAX_BYTES = 2000



class SmsError(OSError):
    """A message did not go out (the provider refused it, or could not be reached)."""


class SmsRejected(SmsError):
    """The provider will never take this message as it is (a bad number):
    trying again is useless, so the notification is given up at once."""


def digits_of(number: str) -> str:
    return re.sub(r"[^0-9]", "", str(number or ""))


def is_mobile(number: str) -> bool:
    """Whether `number` (as the forms store it: 010-1234-5678) can receive 문자
    (the same number plan the forms' phone validation reads)."""
    return is_korean_mobile(number)


def message_bytes(text: str) -> int:
    """The length carriers bill: 1 byte per ASCII character, 2 for any other."""
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


@dataclass(frozen=True)
class SmsMessage:
    to: str  # digits only: 01012345678
    text: str
    kind: str = field(init=False)  # "SMS" or "LMS", from the length

    def __post_init__(self):
        to = digits_of(self.to)
        if not is_korean_mobile(to):
            raise ValueError("an SMS goes to a Korean mobile number (010…) only")
        if not self.text.strip():
            raise ValueError("an SMS needs a text")
        size = message_bytes(self.text)
        if size > LMS_MAX_BYTES:
            raise ValueError(f"an SMS text is at most {LMS_MAX_BYTES} bytes; this one is {size}")
        object.__setattr__(self, "to", to)
        object.__setattr__(self, "kind", "SMS" if size <= SMS_MAX_BYTES else "LMS")


class BaseSmsBackend:
    """Sends SmsMessages; subclasses implement `send_messages`."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        """Send every message; return how many went out. Raise SmsError otherwise."""
        raise NotImplementedError


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, text: str) -> int:
    """Send one message to `to` (a mobile number in any usual writing).
    A message that can never be sent (a landline, too long) is SmsRejected,
    so that it is recorded as failed like any other, never lost."""
    try:
        message = SmsMessage(to=to, text=text)
    except ValueError as error:
        raise SmsRejected(str(error)) from None
    return get_backend().send_messages([message])
