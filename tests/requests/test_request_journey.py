"""The whole journey the request issue asks for, through the site's own
pages: a citizen applies from the home page, a member of the right queue's
team works the request in the admin, and the citizen's status lookup shows
완료 with the staff message."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from services.models import ServiceRequest
from tests.staff import login

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_apply_work_and_look_up(home_page):
    cache.clear()  # rate-limit counters
    citizen = Client()
    home = soup(citizen.get("/"))
    form_url = home.find(class_="agency-task__title", string="긴급돌봄 신청").find_parent("a")["href"]
    assert "긴급돌봄 신청" in soup(citizen.get(form_url)).h1.get_text()

    start = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    answers = {
        "name": "김영희", "applicant_relation": "family", "phone": "010-2222-3333", "email": "",
        "district": "은평구", "age_group": "older", "birth_year": "1940", "has_disability": "False",
        "situation": "type_1_1", "services_needed": ["home_care"], "desired_start": start,
        "description": "혼자 계신 어머니를 돌볼 사람이 없습니다.", "privacy_consent": "on", "website": "",
    }
    checked = citizen.post(form_url, answers)
    assert checked.status_code == 303
    sent = citizen.post(checked["Location"])
    done = soup(citizen.get(sent["Location"]))
    reference = done.find(attrs={"data-reference": True}).get_text(strip=True)
    request = ServiceRequest.objects.get(reference=reference)
    assert request.queue.name == "긴급돌봄 서북권"  # 은평구 is in the 서북권 region

    worker = get_user_model().objects.create_user("eunpyeong", password="x" * 16)
    worker.groups.add(Group.objects.get(name="서북권 종합재가센터"))
    staff = login(worker)
    listing = staff.get("/admin/service-requests/")
    assert reference in listing.content.decode()
    page = f"/admin/service-requests/inspect/{request.pk}/"
    for action, fields in [
        ("assign", {"assignee": worker.pk}),
        ("status", {"to_status": "in_progress", "text": ""}),
        ("status", {"to_status": "resolved", "text": "내일부터 요양보호사가 방문합니다."}),
    ]:
        data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
        assert staff.post(page, data).status_code == 302

    lookup = citizen.post("/requests/status/", {"reference": reference.lower(), "phone": "01022223333"})
    if lookup.status_code == 302:
        lookup = citizen.get(lookup["Location"])
    text = soup(lookup).main.get_text(" ", strip=True)
    assert "완료" in text
    assert "내일부터 요양보호사가 방문합니다." in text
