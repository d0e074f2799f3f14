"""Tests: messages are kept in `outbox`, as django.core.mail keeps e-mail
(the tests' conftest empties it before every test)."""

from __future__ import annotations

from services.requests.sms.base import BaseSmsBackend

outbox: list = []


class SmsBackend(BaseSmsBackend):
    def send_messages(self, messages) -> int:
        outbox.extend(messages)
        return len(messages)
