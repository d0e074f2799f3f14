"""Messages written to a file, one JSON object per line (like Django's
file-based e-mail backend): for a site run as several processes — the
browser tests' gunicorn workers — whose SMS a test must read afterwards.
`SMS_FILE_PATH` names the folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings

from services.requests.sms.base import BaseSmsBackend

FILE_NAME = "sms.jsonl"


def read_messages(folder) -> list[dict]:
    """Every message written to `folder`, oldest first."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class SmsBackend(BaseSmsBackend):
    def send_messages(self, messages) -> int:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        lines = "".join(
            json.dumps({"to": m.to, "text": m.text, "kind": m.kind}, ensure_ascii=False) + "\n"
            for m in messages
        )
        # One write per call in append mode: lines from two processes never interleave.
        fd = os.open(folder / FILE_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, lines.encode("utf-8"))
        finally:
            os.close(fd)
        return len(messages)
