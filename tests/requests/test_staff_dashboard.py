"""What staff see at a glance in 민원 큐: the dashboard's counts per queue
(each number opens exactly the requests it counts), the counts in the admin
menu, and late or paused requests in the listing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services.models import Queue, ServiceRequest, Status
from tests.requests.test_staff_queues import EC, LISTING, listed_references, sidebar_labels, soup, submit
from tests.staff import admin_menu_items, login, make_staff

pytestmark = pytest.mark.django_db

NORTHWEST_TEAM = "서북권 종합재가센터"
NORTHWEST_QUEUE = "긴급돌봄 서북권"
COLUMNS = ["새 요청", "담당자 없음", "오늘 마감", "기한 지남"]




def later_today():
    """A moment still ahead of us today in Seoul: halfway to midnight."""
    now = timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    return now + (midnight - now) / 2


def set_state(service_request, **fields):
    ServiceRequest.objects.filter(pk=service_request.pk).update(**fields)
    service_request.refresh_from_db()
    return service_request


@pytest.fixture
def northwest_work(northwest, colleague):
    """The 서북권 queue in every state the dashboard tells apart, and one
    late request of another team."""
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    work = {
        "new": submit(EC, "마포구", name="새요청"),
        "new_due_today": set_state(submit(EC, "은평구", name="오늘마감새요청"), due_at=later_today()),
        "assigned_due_today": set_state(
            submit(EC, "서대문구"), status=Status.ASSIGNED, assignee=colleague, due_at=later_today()
        ),
        "late_unassigned": set_state(submit(EC, "마포구"), status=Status.TRIAGED, due_at=now - 3 * hours),
        "late_mine": set_state(
            submit(EC, "은평구"), status=Status.IN_PROGRESS, assignee=northwest, due_at=now - 30 * hours
        ),
        # Waiting for the applicant: its deadline stands still, so it is neither late nor due.
        "paused": set_state(
            submit(EC, "마포구"),
            status=Status.WAITING,
            assignee=northwest,
            due_at=now - 2 * hours,
            paused_at=now - 5 * hours,
        ),
        "closed_late": set_state(
            submit(EC, "서대문구"),
            status=Status.RESOLVED,
            assignee=northwest,
            due_at=now - 2 * hours,
            closed_at=now - hours,
        ),
        "other_team_late": set_state(submit(EC, "강남구"), due_at=now - 3 * hours),
    }
    assert work["other_team_late"].queue.name != NORTHWEST_QUEUE
    return work


EXPECTED = {
    "새 요청": {"new", "new_due_today"},
    "담당자 없음": {"new", "new_due_today", "late_unassigned"},
    "오늘 마감": {"new_due_today", "assigned_due_today"},
    "기한 지남": {"late_unassigned", "late_mine"},
}


def queue_table(response):
    return soup(response).select_one("#service-requests-summary-section table")


def row_of(table, queue_name):
    """{column heading: the cell} for one queue's row of the dashboard table."""
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    for row in table.select("tbody tr, tfoot tr"):
        if row.find("th").get_text(strip=True) == queue_name:
            return dict(zip(headings[1:], row.find_all("td"), strict=True))
    return None


def number(cell):
    return int(cell.get_text(" ", strip=True).split("건")[0])


def test_each_count_is_the_listing_it_opens(northwest, northwest_work):
    client = login(northwest)
    table = queue_table(client.get("/admin/"))
    assert table.find("caption").get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 5
    cells = row_of(table, NORTHWEST_QUEUE)
    for column in COLUMNS:
        expected = {northwest_work[key].reference for key in EXPECTED[column]}
        assert number(cells[column]) == len(expected), column
        listed = listed_references(client.get(cells[column].find("a")["href"]))
        assert sorted(listed) == sorted(expected), column


def test_another_teams_requests_are_not_counted(northwest, northwest_work, site_content):
    other_queue = northwest_work["other_team_late"].queue
    table = queue_table(login(northwest).get("/admin/"))
    assert row_of(table, other_queue.name) is None
    assert [th.get_text(strip=True) for th in table.select("tbody th")] == [NORTHWEST_QUEUE]
    # The 기한 지남 number stays the team's own, though the other team's request is later still.
    assert number(row_of(table, NORTHWEST_QUEUE)["기한 지남"]) == 2


def test_a_superuser_sees_every_queue_and_the_total(northwest_work, site_content):
    superuser = make_staff("root", superuser=True)
    table = queue_table(login(superuser).get("/admin/"))
    queues = {th.get_text(strip=True) for th in table.select("tbody th")}
    assert set(Queue.objects.filter(is_active=True).values_list("name", flat=True)) <= queues
    total = row_of(table, "합계")
    assert number(total["기한 지남"]) == 3  # the two of 서북권 and the other team's
    assert number(row_of(table, northwest_work["other_team_late"].queue.name)["새 요청"]) == 1


def test_zero_is_written_without_a_link(northwest):
    cells = row_of(queue_table(login(northwest).get("/admin/")), NORTHWEST_QUEUE)
    for column in COLUMNS:
        assert cells[column].get_text(strip=True) == "0건"
        assert cells[column].find("a") is None


def test_the_menu_counts_what_needs_someone(northwest, northwest_work):
    items = admin_menu_items(login(northwest).get("/admin/"))
    # new (2) + unassigned (1 more: late_unassigned) + late (1 more: late_mine)
    assert items[f"{NORTHWEST_QUEUE} (4)"]["aria-label"] == (
        f"{NORTHWEST_QUEUE} (새 요청·담당자 없음·기한 지남 4건)"
    )
    assert "민원 큐 (4)" in items
    assert "내 담당 요청 (2)" in items  # late_mine and the paused one
    assert "기한 지난 요청 (2)" in items
    assert "처리 현황 보고서" in items


def test_the_counts_are_one_query_for_menu_and_dashboard(northwest, northwest_work):
    client = login(northwest)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    counting = [
        q["sql"] for q in queries if "FILTER (WHERE" in q["sql"] and "services_servicerequest" in q["sql"]
    ]
    assert len(counting) == 1


def test_without_requests_the_menu_shows_plain_names(northwest):
    labels = sidebar_labels(login(northwest).get("/admin/"))
    assert {"민원 큐", NORTHWEST_QUEUE, "내 담당 요청", "기한 지난 요청"} <= set(labels)


# ---------------------------------------------------------------------------
# The listing
# ---------------------------------------------------------------------------


def rows_by_reference(response):
    return {
        tr.find("td").get_text(" ", strip=True).split()[0]: tr
        for tr in soup(response).select("table.listing tbody tr")
    }


def test_late_rows_stand_out_and_paused_ones_say_they_wait(northwest, northwest_work):
    rows = rows_by_reference(login(northwest).get(LISTING))
    late = rows[northwest_work["late_mine"].reference]
    assert "sr-row--overdue" in late.get("class", [])
    assert "기한 지남" in late.get_text(" ", strip=True)
    assert "1일 지남" in late.get_text(" ", strip=True)

    paused = rows[northwest_work["paused"].reference]
    assert "답변 기다림 (기한 멈춤)" in paused.get_text(" ", strip=True)
    assert "기한 지남" not in paused.get_text(" ", strip=True)
    assert "sr-row--overdue" not in paused.get("class", [])

    on_time = rows[northwest_work["new"].reference]
    assert "남음" in on_time.get_text(" ", strip=True)
    assert "sr-row--overdue" not in on_time.get("class", [])
    closed = rows[northwest_work["closed_late"].reference].get_text(" ", strip=True)
    assert "남음" not in closed and "지남" not in closed


def test_the_overdue_filter_leaves_out_paused_requests(northwest, northwest_work):
    listed = listed_references(login(northwest).get(LISTING, {"overdue": "yes"}))
    assert northwest_work["paused"].reference not in listed
    assert set(listed) == {northwest_work["late_unassigned"].reference, northwest_work["late_mine"].reference}
