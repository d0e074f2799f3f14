"""Production: SOLAPI's REST API (v4), the SMS provider most Korean public
bodies' vendors use. One POST per batch to /messages/v4/send-many/detail:

    Authorization: HMAC-SHA256 apiKey=<key>, date=<ISO 8601>, salt=<random>,
                   signature=<hex HMAC-SHA256 of date + salt, keyed by the secret>
    {"messages": [{"to": "01012345678", "from": "0212345678", "text": "…", "type": "SMS"}]}

SOLAPI refuses a signature older than 15 minutes or used twice, so each
request gets a fresh date and salt. Its answer lists the messages it would
not take (`failedMessageList`); any of those, or an HTTP error, raises
SmsError. A refusal that trying again cannot cure (a bad number, 400) is
`SmsRejected`: the notification task gives up at once, so staff hear of it
the same day instead of after a day of retries.

Settings: SMS_SOLAPI_API_KEY, SMS_SOLAPI_API_SECRET, SMS_SENDER (the
registered 발신번호), SMS_SOLAPI_BASE_URL, SMS_TIMEOUT. Only urllib: no SDK
to keep up to date for one POST. Errors say what failed, never the number
or the text (they are logged and shown to staff).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request

from django.conf import settings

from services.requests.sms.base import BaseSmsBackend, SmsError, SmsRejected, digits_of

SEND_PATH = "/messages/v4/send-many/detail"
DEFAULT_BASE_URL = "https://api.solapi.com"


def authorization(api_key: str, api_secret: str, *, date: str | None = None, salt: str | None = None) -> str:
    date = date or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    salt = salt or secrets.token_hex(16)
    signature = hmac.new(api_secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


def _reason(body: bytes) -> str:
    """SOLAPI's error code from an error answer ("ValidationError"), if it gave one."""
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    return str(answer.get("errorCode", ""))[:60] if isinstance(answer, dict) else ""


class SmsBackend(BaseSmsBackend):
    def __init__(self, *, api_key=None, api_secret=None, sender=None, base_url=None, timeout=None):
        self.api_key = api_key if api_key is not None else settings.SMS_SOLAPI_API_KEY
        self.api_secret = api_secret if api_secret is not None else settings.SMS_SOLAPI_API_SECRET
        self.sender = digits_of(sender if sender is not None else settings.SMS_SENDER)
        base_url = base_url or getattr(settings, "SMS_SOLAPI_BASE_URL", "") or DEFAULT_BASE_URL
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout or getattr(settings, "SMS_TIMEOUT", 10)

    def missing_settings(self) -> list[str]:
        values = {
            "SMS_SOLAPI_API_KEY": self.api_key,
            "SMS_SOLAPI_API_SECRET": self.api_secret,
            "SMS_SENDER": self.sender,
        }
        return [name for name, value in values.items() if not value]

    def send_messages(self, messages) -> int:
        if not messages:
            return 0
        missing = self.missing_settings()
        if missing:  # retried: the settings may be fixed before the last try
            raise SmsError(f"SOLAPI is not configured: {', '.join(missing)} not set")
        if not self.base_url.startswith(("https://", "http://")):  # never file: or another scheme
            raise SmsError("SMS_SOLAPI_BASE_URL must be an http(s) address")
        payload = {
            "messages": [
                {"to": message.to, "from": self.sender, "text": message.text, "type": message.kind}
                for message in messages
            ]
        }
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            self.base_url + SEND_PATH,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": authorization(self.api_key, self.api_secret),
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked)
                body = response.read()
        except urllib.error.HTTPError as error:
            reason = _reason(error.read())
            text = f"SOLAPI answered HTTP {error.code}" + (f" ({reason})" if reason else "")
            raise (SmsRejected if error.code == 400 else SmsError)(text) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise SmsError(f"SOLAPI could not be reached: {type(error).__name__}") from None
        return self._count_sent(body, len(messages))

    @staticmethod
    def _count_sent(body: bytes, asked: int) -> int:
        try:
            answer = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SmsError("SOLAPI's answer was not JSON") from None
        if not isinstance(answer, dict):
            raise SmsError("SOLAPI's answer was not understood")
        failed = answer.get("failedMessageList") or []
        if failed:
            first = failed[0] if isinstance(failed[0], dict) else {}
            code = str(first.get("statusCode", ""))[:20]
            raise SmsRejected(f"SOLAPI refused {len(failed)} of {asked} message(s) (statusCode {code})")
        return asked
