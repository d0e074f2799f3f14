"""`make bench`: server time of an emergency-care application, measured
in-process (Django's test client against the real embedded PostgreSQL), so
the figures are the application's own time without network or browser.
Prints figures; asserts only that every submission succeeded."""

import datetime
import statistics
import time

import pytest
from django.utils import timezone

from services.models import RequestFormPage, ServiceRequest
from tests.bench.loadgen import percentile

ROUNDS = 60


def answers(n):
    start = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    return {
        "name": f"벤치{n}", "applicant_relation": "family", "phone": "010 1234 5678", "email": "",
        "district": ["마포구", "종로구", "노원구", "강서구"][n % 4], "age_group": "older",
        "birth_year": "1948", "has_disability": "False", "situation": "type_1",
        "services_needed": ["home_care"], "desired_start": start,
        "description": "벤치마크 신청", "privacy_consent": "on", "website": "",
    }


@pytest.mark.django_db
def test_emergency_care_submission_server_time(client, home_page):
    page = RequestFormPage.objects.get(slug="emergency-care-application")
    form_times, submit_times = [], []
    before = ServiceRequest.objects.count()
    for n in range(ROUNDS):
        address = f"10.9.{n // 250}.{n % 250}"  # one client each: the rate limit is per address
        started = time.perf_counter()
        checked = client.post(page.url, answers(n), REMOTE_ADDR=address)
        form_times.append(time.perf_counter() - started)
        assert checked.status_code == 303
        started = time.perf_counter()
        sent = client.post(page.url + "check/", REMOTE_ADDR=address)
        submit_times.append(time.perf_counter() - started)
        assert sent.status_code == 303 and sent["Location"].endswith("done/")
    assert ServiceRequest.objects.count() == before + ROUNDS

    def row(name, values):
        ms = sorted(v * 1000 for v in values)
        return (f"{name:<28} p50 {percentile(ms, 50):7.1f} ms   p90 {percentile(ms, 90):7.1f} ms   "
                f"p99 {percentile(ms, 99):7.1f} ms   mean {statistics.mean(ms):7.1f} ms")

    print()
    print(f"긴급돌봄 신청, {ROUNDS} submissions, in-process server time:")
    print(row("form step (validate, keep)", form_times[1:]))
    print(row("submit (route, save, queue)", submit_times[1:]))
    print("(e-mail is sent after commit by the task worker: not in these figures)")
