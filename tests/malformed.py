"""Malformed input for tests/site/test_malformed_input.py: hypothesis strategies
for odd text, numbers and request bodies, valid answers to every form and the
addresses that take a POST, and the checks every answer must pass.

Hypothesis settings: a fixed number of examples per test (fast enough for
`make test`), no deadline (the first request of a test builds caches), the
same examples on every run (`derandomize`: a CI failure reproduces locally,
and nothing is learnt between runs), and no example database (nothing is
written into the repository).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from services.models import (
    ConsultingDetails,
    EmergencyCareDetails,
    RequestAttachment,
    RequestKind,
    RequestUpdate,
    ServiceRequest,
    TrainingBooking,
    TrainingFeedback,
)
from services.training import survey as surveys


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------------------
# Text and numbers
# ---------------------------------------------------------------------------

# Characters that have broken forms somewhere: NUL and other controls, RTL and
# zero-width marks, the BOM, Unicode digits that str.isdigit() accepts and
# int() may not (², ¹, ①), full-width and other scripts' digits, quotes and
# markup, the replacement and the last characters, an emoji.
ODD_CHARACTERS = [
    "\x00", "\x07", "\x1b", "\x7f", "\r\n", "\t", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066",
    "\ufeff", "²", "¹", "①", "１", "٣", "߂", "𝟗", "Ⅻ", "'", '"', "<", ">", "&", "%", ";", "\\",
    "\ufffd", "\uffff", "\U0010ffff", "🙂", "가", "-", "+", ".", "e",
]
MARKUP = '"><script>alert(1)</script>'

# Any character a browser can send: lone surrogates cannot be encoded in a
# request (encoded ones are sent as bytes, see `bodies`).
any_character = st.characters(exclude_categories=("Cs",))

# Numbers as addresses and forms carry them (ids, pages, years): ASCII ones,
# out of range, signed, spaced, Unicode digits int() refuses or reads, more
# digits than int() converts.
number_like = st.one_of(
    st.sampled_from(["", "0", "-1", " 1", "1.0", "1e3", "0x1f", "²", "¹²", "①", "１２", "٣", "𝟗", "9" * 25,
                     "9" * 5_000, "1\x00"]),
    st.integers(-(10**30), 10**30).map(str),
    st.text(st.characters(categories=("Nd", "No", "Nl")), min_size=1, max_size=12),
    st.integers(4_000, 6_000).map(lambda n: "9" * n),  # past int()'s 4,300-digit limit
)

odd_text = st.one_of(
    number_like,
    st.text(any_character, max_size=40),
    st.lists(st.sampled_from(ODD_CHARACTERS) | any_character, max_size=30).map("".join),
    st.floats().map(str),
    st.tuples(st.sampled_from(["가", "a", "\u202e", "\x00", "9"]), st.integers(300, 5_000)).map(
        lambda pair: pair[0] * pair[1]),
    st.just(MARKUP),
)


def answers_with_odd_values(valid: dict, names=None):
    """`valid` answers with some of them (of `names`) replaced by odd text,
    a list of odd values, or left out."""
    names = list(names or valid)

    @st.composite
    def build(draw):
        answers = dict(valid)
        for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=4)):
            change = draw(st.sampled_from(["text", "list", "drop"]))
            if change == "drop":
                answers.pop(name, None)
            elif change == "list":
                answers[name] = draw(st.lists(odd_text, min_size=1, max_size=3))
            else:
                answers[name] = draw(odd_text)
        return answers

    return build()


# ---------------------------------------------------------------------------
# Request bodies
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Body:
    content_type: str
    data: bytes
    readable: bool  # False: the site must answer 400 (the body is not form data it can decode)


def _urlencoded(fields: dict) -> bytes:
    return urlencode(fields, doseq=True).encode()


def _multipart(fields: dict, boundary: str) -> bytes:
    lines = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            raw = item if isinstance(item, bytes) else str(item).encode()
            lines += [f"--{boundary}".encode(), f'Content-Disposition: form-data; name="{name}"'.encode(),
                      b"", raw]
    lines.append(f"--{boundary}--".encode())
    return b"\r\n".join(lines) + b"\r\n"


INVALID_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\xe2\x82"]
# Charsets Django does not decode a urlencoded form with (it accepts "utf-8" only).
FOREIGN_CHARSETS = ["utf-16", "utf-16le", "utf-32", "latin-1", "iso-8859-1", "euc-kr", "cp949", "ascii",
                    "utf8"]
# Charset parameters Django ignores (no codec has the name) or accepts: read as UTF-8.
IGNORED_CHARSETS = ["gibberish", "", "x-unknown", "utf-8; x=1", "UTF-8"]
# RFC 2046's boundary characters.
BOUNDARY = st.text(st.sampled_from("0123456789abcdefXYZ'()+_,-./:=?"), min_size=1, max_size=70)
FORM = "application/x-www-form-urlencoded"


def bodies(fields: dict):
    """Request bodies carrying `fields` (a dict of strings) well or badly."""
    plain = _urlencoded(fields)
    names = sorted(fields)

    def foreign(charset):
        return Body(f"{FORM}; charset={charset}", plain.decode().encode(charset), False)

    def with_bytes(drawn):
        bad, escaped, name = drawn  # one answer replaced by bytes that are not UTF-8, %-escaped or raw
        rest = _urlencoded({key: value for key, value in fields.items() if key != name})
        value = quote(bad).encode() if escaped else bad
        return Body(FORM, rest + b"&" + name.encode() + b"=" + value, False)

    def multipart_with_bytes(drawn):
        # Django decodes multipart text with replacement characters (README, "Malformed input").
        bad, name = drawn
        return Body("multipart/form-data; boundary=b0undary", _multipart({**fields, name: bad}, "b0undary"),
                    True)

    return st.one_of(
        st.sampled_from(FOREIGN_CHARSETS).map(foreign),
        st.sampled_from(IGNORED_CHARSETS).map(lambda name: Body(f"{FORM}; charset={name}", plain, True)),
        st.tuples(st.sampled_from(INVALID_UTF8), st.booleans(), st.sampled_from(names)).map(with_bytes),
        st.binary(min_size=1, max_size=300).map(lambda data: Body(FORM, data, _decodable(data))),
        st.just(Body(FORM, "&".join(f"{k}={v}" for k, v in fields.items()).encode(), True)),  # raw UTF-8
        BOUNDARY.map(lambda boundary: Body(f'multipart/form-data; boundary="{boundary}"',
                                           _multipart(fields, boundary), True)),
        st.tuples(st.sampled_from(INVALID_UTF8), st.sampled_from(names)).map(multipart_with_bytes),
        # No boundary, an empty, too long or non-ASCII one, or one the body does not use.
        st.sampled_from(["", "a" * 300, "\x00", "ü"]).map(lambda boundary: Body(
            f"multipart/form-data; boundary={boundary}", _multipart(fields, "x"), False)),
        st.just(Body("multipart/form-data", _multipart(fields, "x"), False)),
        st.sampled_from(["two words ", "=", '"', "y"]).map(lambda boundary: Body(
            f"multipart/form-data; boundary={boundary}", _multipart(fields, "x"), False)),
        # Cut short: without its closing boundary.
        st.integers(3, 200).map(lambda cut: Body(
            "multipart/form-data; boundary=cut", _multipart(fields, "cut")[:-cut], False)),
        st.sampled_from(["text/plain", "application/json", "application/octet-stream", ""]).map(
            lambda content_type: Body(content_type, plain, True)),
    )


def _decodable(data: bytes) -> bool:
    from agency_site.request_body import is_utf8_form

    return is_utf8_form(data)


# ---------------------------------------------------------------------------
# Requests: answers, addresses, a browser with its CSRF cookie
# ---------------------------------------------------------------------------

UTF16 = "application/x-www-form-urlencoded; charset=utf-16"
SURVEY_ANSWER = "/requests/survey/answer/"  # after the e-mailed link (services.training.survey)


def valid_answers(kind, session=None):
    today = timezone.localdate()
    contact = {"phone": "010 1234 5678", "district": "마포구", "privacy_consent": "on", "website": ""}
    provider = {"organisation_name": "마포돌봄사회적협동조합", "business_number": "123-45-67891",
                "provider_type": "social_economy"}
    return {
        RequestKind.EMERGENCY_CARE: {
            **contact, "name": "홍길동", "applicant_relation": "family", "email": "", "age_group": "older",
            "birth_year": "1948", "has_disability": "False", "situation": "type_1",
            "services_needed": ["home_care"],
            "desired_start": (today + datetime.timedelta(days=3)).isoformat(),
            "description": "요양보호사가 갑자기 그만두었습니다.",
        },
        RequestKind.CONSULTING: {
            **contact, **provider, "name": "김담당", "email": "care@example.com", "topics": ["labour"],
            "description": "근로계약서를 점검받고 싶습니다.", "preferred_dates": "",
        },
        RequestKind.TRAINING: {
            **contact, **provider, "session": str(session.pk) if session else "", "name": "참석자",
            "role": "요양보호사", "email": "person@example.com",
        },
    }[kind]


def as_post(answers):
    """Answers as the view sees them (a list is several values of one name)."""
    data = QueryDict(mutable=True)
    for name, value in answers.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def csrf_client(url):
    """A browser that has opened `url`: the CSRF cookie set, the token sent in a header
    (so a body that cannot be read still passes the token; the check reads the body first)."""
    client = Client(enforce_csrf_checks=True)
    client.get(url, follow=True)  # a signed link redirects to its page
    token = client.cookies["csrftoken"].value
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def heading(response):
    return page(response).h1.get_text(strip=True)


def public_posts(forms, booking=None):
    """Every public address that takes a POST, and where a browser gets its CSRF cookie."""
    posts = []
    for page_ in forms.values():
        posts += [(page_.url, page_.url), (page_.url + "check/", page_.url)]
    posts += [("/requests/status/", "/requests/status/"), ("/requests/status/withdraw/", "/requests/status/"),
              ("/requests/status/reply/", "/requests/status/"),
              ("/admin/login/", "/admin/login/")]
    if booking is not None:
        posts.append((SURVEY_ANSWER, f"/requests/survey/{surveys.survey_token(booking)}/"))
    return posts


# ---------------------------------------------------------------------------
# What every answer must be
# ---------------------------------------------------------------------------

HANGUL = re.compile("[가-힣]")


def assert_korean_answer(response, *, allow=()):
    """Never a 5xx; a redirect, or a Korean page (lang="ko") or message."""
    assert response.status_code < 500, response.content[:500]
    if 300 <= response.status_code < 400 or response.status_code in allow:
        return
    content = response.content.decode("utf-8")
    if response.get("Content-Type", "").startswith("text/html"):
        assert '<html lang="ko"' in content, content[:500]
    assert HANGUL.search(content), content[:500]


MODELS = [ServiceRequest, EmergencyCareDetails, ConsultingDetails, TrainingBooking, RequestAttachment,
          RequestUpdate, TrainingFeedback]


def forget_rate_limits():
    """Each example starts with fresh allowances (counted in the cache or the database)."""
    cache.clear()
    try:
        from agency_site.models import RateLimitCount
    except ImportError:  # counts kept in the cache only
        return
    RateLimitCount.objects.all().delete()


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def added_rows(before: dict) -> dict:
    after = row_counts()
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def assert_whole_submission(added, kind, expected_valid):
    """Either nothing, or one request with its details (and history) — and only for valid answers."""
    details = {RequestKind.EMERGENCY_CARE: "EmergencyCareDetails",
               RequestKind.CONSULTING: "ConsultingDetails", RequestKind.TRAINING: "TrainingBooking"}[kind]
    if not added:
        return
    assert expected_valid, added
    assert added.get("ServiceRequest") == 1 and added.get(details) == 1, added
    assert set(added) <= {"ServiceRequest", details, "RequestUpdate", "RequestAttachment"}, added
