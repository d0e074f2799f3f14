"""Development: messages are printed where `make run` shows its output."""

from __future__ import annotations

import sys
import threading

from services.requests.sms.base import BaseSmsBackend, message_bytes


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()  # one message's lines stay together

    def send_messages(self, messages) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(
                    f"SMS ({message.kind}, {message_bytes(message.text)} bytes) to: {message.to}\n"
                    f"{message.text}\n{'-' * 79}\n"
                )
            self.stream.flush()
        return len(messages)
