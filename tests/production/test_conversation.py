"""The request conversation as production runs it (gunicorn, several workers,
a new connection per request, so consecutive steps land on different
workers): the self-check keeps its answers only in the page, never in a
worker's memory or a session; the SMS short link opens the lookup."""

import re
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.production.test_rate_limits import fetch

SELF_CHECK = "/services/emergency-care/self-check/"


def answer_form_fields(body: str) -> list[tuple[str, str]]:
    """The hidden inputs of the form that holds the answer (the page also has
    the 이전 질문 form): the answers so far travel in them, one `a` each."""
    form = next(f for f in re.findall(r"<form.*?</form>", body, re.S) if 'name="answer"' in f)
    fields = []
    for tag in re.findall(r"<input[^>]+type=\"hidden\"[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        fields.append((name.group(1), value.group(1) if value else ""))
    return fields


def test_the_self_check_walks_across_workers_without_a_session(production_site):
    status, headers, body = fetch(production_site, "GET", SELF_CHECK)
    assert status == 200 and "질문 1/" in body
    assert "no-store" in headers["Cache-Control"]
    cookies = SimpleCookie(headers.get("Set-Cookie", ""))
    assert "sessionid" not in cookies  # nothing of the answers is kept server-side
    csrf = cookies["csrftoken"].value
    # The seeded 긴급돌봄 check: in Seoul, needed now, child/disabled/older → 예;
    # already covered by 장기요양 → 아니요. One POST per screen, each on a new connection.
    seen = {1}
    for answer in ["yes", "yes", "yes", "no"]:
        data = [*answer_form_fields(body), ("answer", answer)]
        status, headers, body = fetch(
            production_site, "POST", SELF_CHECK, body=urlencode(data),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
                     "Referer": production_site.url + SELF_CHECK},
        )
        assert status == 200, body[:500]
        assert "sessionid" not in SimpleCookie(headers.get("Set-Cookie", ""))
        step = re.search(r"질문 (\d+)/", body)
        if step is None:
            break
        seen.add(int(step.group(1)))
    assert seen == {1, 2, 3, 4}  # every question came, in order, whichever worker answered
    assert 'href="/services/emergency-care-application/"' in body  # the end: apply online


def test_the_sms_short_link_opens_the_lookup_on_every_worker(production_site):
    def open_link(_):
        return fetch(production_site, "GET", "/requests/s/EC397205184461/")

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(open_link, range(12)))
    for status, headers, _body in answers:
        assert status in (301, 302)
        assert "/requests/status/" in headers["Location"] and "EC-3972-0518-4461" in headers["Location"]
