"""Admins set each queue's working week and hours in the admin (큐 관리), and
the deadlines of new requests follow them."""

import datetime

import pytest
from bs4 import BeautifulSoup

from services.models import Queue
from tests.staff import log_in_verified, make_staff

pytestmark = pytest.mark.django_db
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def admin(site_content, client):
    return log_in_verified(client, make_staff("queue-admin", superuser=True))


def edit(client, queue, **changes):
    page = BeautifulSoup(client.get(f"/admin/queue/edit/{queue.pk}/").content.decode(), "html.parser")
    form = page.find("form", action=lambda action: action and "/edit/" in action)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "textarea":
            data[name] = field.text.strip()
        else:
            data[name] = field.get("value", "")
    data.update(changes)
    return client.post(f"/admin/queue/edit/{queue.pk}/", data)


def test_the_working_week_is_chosen_with_checkboxes_and_moves_deadlines(admin):
    queue = Queue.objects.get(name="민간기관지원")
    page = admin.get(f"/admin/queue/edit/{queue.pk}/").content.decode()
    boxes = BeautifulSoup(page, "html.parser").find_all("input", attrs={"name": "working_days"})
    labels = [(box.find_parent("label") or box.find_next("label")).get_text(strip=True) for box in boxes]
    assert labels == list("월화수목금토일")
    assert [box.has_attr("checked") for box in boxes] == [True] * 5 + [False] * 2

    response = edit(admin, queue, working_days=["0", "1", "2", "3", "4", "5"], sla_unit="business_days",
                    sla_value="1", closes_at="13:00")
    assert response.status_code == 302, response.content.decode()[:2000]
    queue.refresh_from_db()
    assert queue.working_days == [0, 1, 2, 3, 4, 5]
    # Friday morning + 1 business day: Saturday (now a working day) at its new closing time.
    friday = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=SEOUL)
    assert queue.due_from(friday) == datetime.datetime(2026, 12, 5, 13, 0, tzinfo=SEOUL)


def test_an_empty_week_or_closing_before_opening_is_refused_in_korean(admin):
    queue = Queue.objects.get(name="민간기관지원")
    response = edit(admin, queue, working_days=[])
    assert response.status_code == 200
    assert "하나 이상 골라 주세요." in response.content.decode()
    response = edit(admin, queue, opens_at="18:00", closes_at="09:00")
    assert "업무 종료 시각은 시작 시각보다 늦어야 합니다." in response.content.decode()
    queue.refresh_from_db()
    assert queue.working_days == [0, 1, 2, 3, 4] and queue.opens_at == datetime.time(9, 0)
