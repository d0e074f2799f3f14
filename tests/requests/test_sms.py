"""SMS (문자): the message and its length limits, the console and in-memory
backends, and the SOLAPI adapter against a local fake of SOLAPI's API that
checks the signature as SOLAPI does."""

import datetime
import hashlib
import hmac
import io
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from services.requests import sms
from services.requests.sms import checks as sms_checks
from services.requests.sms import console, locmem, solapi

API_KEY = "NCSTESTKEY000001"
API_SECRET = "test-secret-for-the-fake-solapi"  # noqa: S105 (a test value)
SENDER = "02-2038-8670"


# --- the message --------------------------------------------------------------


def test_up_to_90_bytes_is_an_sms_and_longer_an_lms():
    assert sms.SmsMessage("010-1234-5678", "a" * 90).kind == "SMS"
    assert sms.SmsMessage("010-1234-5678", "a" * 91).kind == "LMS"
    # A Korean character counts two bytes: 45 of them fill an SMS.
    assert sms.SmsMessage("010-1234-5678", "가" * 45).kind == "SMS"
    assert sms.SmsMessage("010-1234-5678", "가" * 44 + "ab").kind == "SMS"  # 88 + 2
    assert sms.SmsMessage("010-1234-5678", "가" * 45 + "a").kind == "LMS"
    assert sms.message_bytes("[기관] EC-7K4M") == 14


def test_an_lms_holds_2000_bytes_and_longer_is_refused():
    assert sms.SmsMessage("01012345678", "가" * 1000).kind == "LMS"
    with pytest.raises(ValueError, match="2000 bytes"):
        sms.SmsMessage("01012345678", "가" * 1000 + "a")


def test_the_number_is_kept_as_digits_and_only_mobiles_are_accepted():
    assert sms.SmsMessage("010-1234-5678", "안녕하세요").to == "01012345678"
    assert sms.SmsMessage("011-234-5678", "안녕하세요").to == "0112345678"
    for landline in ("02-2038-8670", "031-123-4567", "1588-1234", ""):
        assert not sms.is_mobile(landline)
        with pytest.raises(ValueError, match="mobile"):
            sms.SmsMessage(landline, "안녕하세요")


def test_a_message_that_can_never_be_sent_is_a_rejection(settings):
    # Rejected, not a ValueError: the notification task records it as failed.
    with pytest.raises(sms.SmsRejected):
        sms.send_sms("02-2038-8670", "안녕하세요")
    with pytest.raises(sms.SmsRejected):
        sms.send_sms("010-1234-5678", "가" * 1001)
    assert locmem.outbox == []


# --- console and memory ---------------------------------------------------------


def test_the_console_backend_prints_the_number_kind_and_text():
    stream = io.StringIO()
    message = sms.SmsMessage("010-1234-5678", "접수되었습니다")
    sent = console.SmsBackend(stream=stream).send_messages([message])
    assert sent == 1
    printed = stream.getvalue()
    assert "SMS (SMS, 14 bytes) to: 01012345678" in printed
    assert "접수되었습니다" in printed


def test_development_prints_and_tests_keep_messages_in_memory(settings, sms_outbox):
    from agency_site.settings import dev

    assert dev.SMS_BACKEND == "services.requests.sms.console.SmsBackend"
    assert isinstance(sms.get_backend(), locmem.SmsBackend)
    assert sms.send_sms("010-1234-5678", "안녕하세요") == 1
    [message] = sms_outbox
    assert (message.to, message.text, message.kind) == ("01012345678", "안녕하세요", "SMS")


# --- SOLAPI, against a local fake ---------------------------------------------------

AUTHORIZATION = re.compile(
    r"HMAC-SHA256 apiKey=(?P<key>[^,]+), date=(?P<date>[^,]+), salt=(?P<salt>[^,]+), "
    r"signature=(?P<sig>[0-9a-f]+)"
)


class FakeSolapi:
    """SOLAPI's send-many/detail as far as we use it: checks the key, the
    signature (HMAC-SHA256 of date + salt), the date (±15 minutes) and that no
    signature is used twice; records what it was sent; can be told to fail."""

    def __init__(self):
        self.requests = []
        self.answer = "ok"  # "ok", "500", "400", "403", "refused", "slow"
        self.signatures = set()

    def respond(self, handler):
        body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
        record = {"path": handler.path, "headers": dict(handler.headers), "body": body}
        self.requests.append(record)
        problem = self._auth_problem(handler.headers.get("Authorization", ""))
        if problem:
            return 403, {"errorCode": problem, "errorMessage": "인증 실패"}
        if handler.path != "/messages/v4/send-many/detail":
            return 404, {"errorCode": "NotFound"}
        payload = json.loads(body)
        record["json"] = payload
        if self.answer == "slow":
            time.sleep(1.5)
        if self.answer == "500":
            return 500, {"errorCode": "InternalError", "errorMessage": "잠시 후 다시 시도"}
        if self.answer == "400":
            return 400, {"errorCode": "ValidationError", "errorMessage": "messages[0].to 형식 오류"}
        messages = payload["messages"]
        failed = []
        if self.answer == "refused":
            failed = [{**m, "statusCode": "1062", "statusMessage": "수신번호 형식 오류"} for m in messages]
        count = {
            "total": len(messages),
            "registeredFailed": len(failed),
            "registeredSuccess": len(messages) - len(failed),
        }
        return 200, {"failedMessageList": failed, "groupInfo": {"groupId": "G4V-TEST", "count": count}}

    def _auth_problem(self, header):
        match = AUTHORIZATION.fullmatch(header)
        if not match or match["key"] != API_KEY:
            return "InvalidAPIKey"
        expected = hmac.new(API_SECRET.encode(), (match["date"] + match["salt"]).encode(), hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), match["sig"]):
            return "SignatureDoesNotMatch"
        when = datetime.datetime.fromisoformat(match["date"].replace("Z", "+00:00"))
        if abs(datetime.datetime.now(datetime.UTC) - when) > datetime.timedelta(minutes=15):
            return "RequestTimeTooSkewed"
        if not 12 <= len(match["salt"]) <= 64:
            return "InvalidSalt"
        if match["sig"] in self.signatures:
            return "DuplicatedSignature"
        self.signatures.add(match["sig"])
        return ""


@pytest.fixture
def fake_solapi():
    fake = FakeSolapi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            status, answer = fake.respond(self)
            body = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def solapi_settings(settings, fake_solapi):
    settings.SMS_BACKEND = "services.requests.sms.solapi.SmsBackend"
    settings.SMS_SOLAPI_API_KEY = API_KEY
    settings.SMS_SOLAPI_API_SECRET = API_SECRET
    settings.SMS_SENDER = SENDER
    settings.SMS_SOLAPI_BASE_URL = fake_solapi.url
    return settings


def test_solapi_gets_the_messages_as_json_with_a_valid_signature(solapi_settings, fake_solapi):
    text = (
        "[서울특별시 사회서비스원] 긴급돌봄 신청(EC-7K4M-2QXD)이 접수되었습니다. "
        "진행 상황: https://www.example.kr/requests/s/EC7K4M2QXD/"
    )  # over 90 bytes: an LMS
    assert sms.send_sms("010-1234-5678", text) == 1

    [sent] = fake_solapi.requests
    assert sent["path"] == "/messages/v4/send-many/detail"
    assert sent["headers"]["Content-Type"].startswith("application/json")
    message = {"to": "01012345678", "from": "0220388670", "text": text, "type": "LMS"}
    assert sent["json"] == {"messages": [message]}
    assert sent["body"].decode("utf-8") == json.dumps(sent["json"], ensure_ascii=False)  # UTF-8, no escapes


def test_each_request_is_signed_afresh(solapi_settings, fake_solapi):
    # SOLAPI refuses a signature used twice within 15 minutes (DuplicatedSignature).
    sms.send_sms("010-1234-5678", "첫째")
    sms.send_sms("010-1234-5678", "둘째")
    first, second = (AUTHORIZATION.fullmatch(r["headers"]["Authorization"]) for r in fake_solapi.requests)
    assert first["salt"] != second["salt"] and first["sig"] != second["sig"]
    assert datetime.datetime.fromisoformat(first["date"].replace("Z", "+00:00")).tzinfo is not None


def test_a_short_text_goes_as_sms(solapi_settings, fake_solapi):
    sms.send_sms("010-1234-5678", "짧은 안내")
    assert fake_solapi.requests[0]["json"]["messages"][0]["type"] == "SMS"


def test_a_wrong_secret_is_an_error_that_is_retried(solapi_settings, fake_solapi):
    solapi_settings.SMS_SOLAPI_API_SECRET = "not-the-secret"  # noqa: S105
    with pytest.raises(sms.SmsError, match="HTTP 403 \\(SignatureDoesNotMatch\\)") as raised:
        sms.send_sms("010-1234-5678", "안녕하세요")
    assert not isinstance(raised.value, sms.SmsRejected)  # fixing the setting cures it


def test_a_server_error_is_retried(solapi_settings, fake_solapi):
    fake_solapi.answer = "500"
    with pytest.raises(sms.SmsError, match="HTTP 500") as raised:
        sms.send_sms("010-1234-5678", "안녕하세요")
    assert isinstance(raised.value, OSError)  # what the notification task retries
    assert not isinstance(raised.value, sms.SmsRejected)


def test_a_bad_request_is_rejected_for_good(solapi_settings, fake_solapi):
    fake_solapi.answer = "400"
    with pytest.raises(sms.SmsRejected, match="HTTP 400 \\(ValidationError\\)") as raised:
        sms.send_sms("010-1234-5678", "안녕하세요")
    assert "1234" not in str(raised.value)  # errors are logged and shown: no number in them


def test_a_message_solapi_would_not_take_is_rejected(solapi_settings, fake_solapi):
    fake_solapi.answer = "refused"
    with pytest.raises(sms.SmsRejected, match="refused 1 of 1 .*1062") as raised:
        sms.send_sms("010-1234-5678", "안녕하세요")
    assert "5678" not in str(raised.value) and "안녕" not in str(raised.value)


def test_a_provider_that_does_not_answer_in_time_is_an_error(solapi_settings, fake_solapi):
    fake_solapi.answer = "slow"
    solapi_settings.SMS_TIMEOUT = 0.3
    with pytest.raises(sms.SmsError, match="could not be reached"):
        sms.send_sms("010-1234-5678", "안녕하세요")


def test_a_provider_that_cannot_be_reached_is_an_error(solapi_settings):
    solapi_settings.SMS_SOLAPI_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(sms.SmsError, match="could not be reached"):
        sms.send_sms("010-1234-5678", "안녕하세요")


def test_missing_keys_fail_every_send_and_warn_at_deploy_check(solapi_settings, fake_solapi):
    solapi_settings.SMS_SENDER = ""
    with pytest.raises(sms.SmsError, match="SMS_SENDER not set"):
        sms.send_sms("010-1234-5678", "안녕하세요")
    assert fake_solapi.requests == []

    [warning] = sms_checks.sms_settings()
    assert warning.id == "services.W001" and "SMS_SENDER" in warning.msg
    with pytest.raises(SystemCheckError, match="services.W001"):
        call_command("check", deploy=True, fail_level="WARNING", stdout=io.StringIO(), stderr=io.StringIO())

    solapi_settings.SMS_SENDER = SENDER
    assert sms_checks.sms_settings() == []


def test_only_an_http_address_is_opened(solapi_settings):
    solapi_settings.SMS_SOLAPI_BASE_URL = "file:///etc"
    with pytest.raises(sms.SmsError, match="http"):
        sms.send_sms("010-1234-5678", "안녕하세요")


def test_the_signature_is_hmac_sha256_of_date_and_salt():
    header = solapi.authorization("KEY", "SECRET", date="2019-07-01T00:41:48Z", salt="jqsba2jxjnrjor")
    expected = hmac.new(b"SECRET", b"2019-07-01T00:41:48Zjqsba2jxjnrjor", hashlib.sha256).hexdigest()
    assert header == (
        f"HMAC-SHA256 apiKey=KEY, date=2019-07-01T00:41:48Z, salt=jqsba2jxjnrjor, signature={expected}"
    )
