"""처리 현황 보고서: the weekly figures counted from known requests (volume
per kind, share closed by the deadline, median time to the first contact),
limited to the user's queues, as charts with their tables and as CSV — and
never anyone's personal data."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from services.models import Queue, RequestKind, ServiceRequest, Status
from services.requests.staff.report_figures import monday_of, week_labels
from tests.requests.test_staff_queues import CN, EC, soup, submit
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db

REPORT = "/admin/service-requests/report/"
NORTHWEST_QUEUE, PROVIDERS_QUEUE = "긴급돌봄 서북권", "민간기관지원"
TR = RequestKind.TRAINING


def at(day, hour, minute=0):
    """A moment in Seoul (the site's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def weeks():
    """Two whole weeks in the past: their Mondays."""
    first = monday_of(timezone.localdate()) - datetime.timedelta(weeks=3)
    return first, first + datetime.timedelta(weeks=1)


def made(kind, district, name, submitted, *, contact_hours=None, status=None, closed=None, due=None):
    service_request = submit(
        kind if kind != TR else EC,
        district,
        name=name,
        phone=f"010-5555-{ServiceRequest.objects.count():04d}",
        email=f"{name}@example.com",
    )
    fields = {"submitted_at": submitted, "due_at": due or submitted + datetime.timedelta(days=3)}
    if kind == TR:
        fields["kind"] = TR
    if contact_hours is not None:
        fields["first_contact_at"] = submitted + datetime.timedelta(hours=contact_hours)
    if status:
        fields["status"] = status
    if closed:
        fields["closed_at"] = closed
    ServiceRequest.objects.filter(pk=service_request.pk).update(**fields)
    return service_request


@pytest.fixture
def known_rows(site_content, weeks):
    w1, w2 = weeks
    day = datetime.timedelta(days=1)
    return [
        # Monday 00:30 in Seoul is still Sunday in UTC: it belongs to the first week.
        made(
            EC,
            "마포구",
            "가첫주",
            at(w1, 0, 30),
            contact_hours=2,
            status=Status.RESOLVED,
            closed=at(w1 + day, 9),
            due=at(w1 + day, 18),
        ),
        made(
            EC,
            "은평구",
            "나늦음",
            at(w1 + 2 * day, 10),
            contact_hours=5,
            status=Status.REJECTED,
            closed=at(w1 + 4 * day, 10),
            due=at(w1 + 3 * day, 18),
        ),
        made(CN, "강남구", "다컨설", at(w1 + 3 * day, 10), contact_hours=10, status=Status.IN_PROGRESS),
        made(EC, "마포구", "라지난주", at(w1 - day, 23, 30)),  # the Sunday before: outside the period
        made(
            EC,
            "서대문구",
            "마둘째",
            at(w2, 9),
            contact_hours=1.5,
            status=Status.RESOLVED,
            closed=at(w2 + day, 9),
            due=at(w2 + 2 * day, 9),
        ),
        # Withdrawn by the applicant: received, but not "handled" by anyone.
        made(
            TR,
            "마포구",
            "바교육",
            at(w2 + 6 * day, 23, 30),
            status=Status.WITHDRAWN,
            closed=at(w2 + 6 * day, 23, 50),
        ),
        # Another team's queue (동남권): never counted for our user.
        made(
            EC,
            "송파구",
            "사다른팀",
            at(w1 + day, 10),
            contact_hours=0.5,
            status=Status.RESOLVED,
            closed=at(w1 + day, 12),
        ),
    ]


@pytest.fixture
def both_teams(site_content):
    """Works 서북권 and the support team's queues (민간기관지원 among them)."""
    return make_staff("two-teams", "서북권 종합재가센터", "사업지원팀")


def custom(weeks, **extra):
    w1, w2 = weeks
    return {
        "period": "custom",
        "date_from": w1.isoformat(),
        "date_to": (w2 + datetime.timedelta(days=6)).isoformat(),
        **extra,
    }


def table_after(page, heading_id):
    """{row heading: [cell texts]} of the table in the section headed `heading_id`."""
    section = page.find(id=heading_id).find_parent("section")
    table = section.find("table")
    return {
        tr.find("th").get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr, tfoot tr")
    }


def test_figures_from_known_rows(both_teams, known_rows, weeks):
    page = soup(login(both_teams).get(REPORT, custom(weeks)))
    first, second = (label for _short, label in week_labels(list(weeks)))

    volume = table_after(page, "report-volume-heading")
    # columns: 긴급돌봄, 상담·컨설팅, 교육, 합계
    assert volume[first] == ["2건", "1건", "0건", "3건"]
    assert volume[second] == ["1건", "0건", "1건", "2건"]
    assert volume["합계"] == ["3건", "1건", "1건", "5건"]

    deadline = table_after(page, "report-deadline-heading")
    assert deadline[first] == ["2건", "1건", "50% (2건 중 1건)"]
    assert deadline[second] == ["1건", "1건", "100% (1건 중 1건)"]
    assert deadline["기간 전체"] == ["67% (3건 중 2건)"]

    contact = table_after(page, "report-contact-heading")
    assert contact[first] == ["3건", "5.0시간 (3건 기준)"]  # 2, 5 and 10 hours
    assert contact[second] == ["1건", "1.5시간 (1건 기준)"]
    assert contact["기간 전체"] == ["3.5시간 (4건 기준)"]  # between 2 and 5

    queues = table_after(page, "report-queues-heading")
    assert queues[NORTHWEST_QUEUE] == ["4건", "67% (3건 중 2건)", "2.0시간 (3건 기준)"]
    assert queues[PROVIDERS_QUEUE] == ["1건", "종결된 요청 없음", "10.0시간 (1건 기준)"]
    assert set(queues) == {NORTHWEST_QUEUE, PROVIDERS_QUEUE}  # not 동남권, whose request is left out


def test_the_default_is_the_last_four_weeks(both_teams, known_rows, weeks):
    page = soup(login(both_teams).get(REPORT))
    volume = table_after(page, "report-volume-heading")
    assert len(volume) == 4 + 1  # four weeks and the total
    assert volume["합계"][-1] == "5건"
    assert page.select_one("input[name=period][value='4w']").has_attr("checked")


def test_a_queue_filter_counts_that_queue_only(both_teams, known_rows, weeks):
    northwest = Queue.objects.get(name=NORTHWEST_QUEUE)
    page = soup(login(both_teams).get(REPORT, custom(weeks, queue=northwest.pk)))
    first = week_labels([weeks[0]])[0][1]
    assert table_after(page, "report-volume-heading")[first] == ["2건", "0건", "0건", "2건"]
    assert table_after(page, "report-contact-heading")[first] == ["2건", "3.5시간 (2건 기준)"]
    assert set(table_after(page, "report-queues-heading")) == {NORTHWEST_QUEUE}


def test_the_queue_choices_are_the_users_own_and_others_are_refused(both_teams, known_rows, weeks):
    client = login(both_teams)
    page = soup(client.get(REPORT))
    offered = {option.get_text(strip=True) for option in page.select("select[name=queue] option")}
    assert {NORTHWEST_QUEUE, PROVIDERS_QUEUE, "볼 수 있는 모든 큐"} <= offered
    other = known_rows[-1].queue
    assert other.name not in offered
    response = client.get(REPORT, custom(weeks, queue=other.pk))
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert "볼 수 있는 큐만 고를 수 있습니다" in text
    assert soup(response).find(id="report-volume-heading") is None  # no figures at all


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "date_from": "2026-10-01"}, "시작일과 종료일을 모두 적어 주세요"),
        (
            {"period": "custom", "date_from": "2026-12-01", "date_to": "2026-10-01"},
            "종료일이 시작일보다 앞섭니다",
        ),
        ({"period": "custom", "date_from": "2026-13-01", "date_to": "2026-12-31"}, "2026-12-01처럼"),
        ({"period": "custom", "date_from": "2020-01-01", "date_to": "2026-01-01"}, "2년 이내"),
        ({"period": "decade"}, "기간을 목록에서 골라 주세요"),
    ],
)
def test_bad_periods_are_explained_and_kept(both_teams, params, message):
    response = login(both_teams).get(REPORT, params)
    assert response.status_code == 200
    page = soup(response)
    assert message in page.select_one(".help-critical").get_text(" ", strip=True)
    if "date_from" in params:
        assert page.select_one("input[name=date_from]")["value"] == params["date_from"]


def test_each_chart_is_labelled_and_followed_by_its_table(both_teams, known_rows, weeks):
    page = soup(login(both_teams).get(REPORT, custom(weeks)))
    charts = page.select("svg.sr-chart")
    assert len(charts) == 3
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find(id=title_id).name == "title" and chart.find(id=title_id).get_text(strip=True)
        assert "표" in chart.find(id=desc_id).get_text()
        assert chart.find_next_sibling("table") is not None
    # The volume chart stacks one bar segment per kind and week with a count (5 requests, 4 segments).
    segments = [rect.find("title").get_text() for rect in charts[0].select("rect") if rect.find("title")]
    assert len(segments) == 4
    assert any(text.endswith("긴급돌봄 신청: 2건") for text in segments)


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read Korean"
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_has_the_same_figures(both_teams, known_rows, weeks):
    response = login(both_teams).get(REPORT, custom(weeks, format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    w1, w2 = weeks
    filename = f"request-report-{w1:%Y%m%d}-{w2 + datetime.timedelta(days=6):%Y%m%d}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = csv_rows(response)
    first, second = (label for _short, label in week_labels(list(weeks)))
    assert [first, "2", "1", "0", "3"] in rows
    assert [second, "1", "0", "1", "2"] in rows
    assert [first, "2", "1", "50"] in rows
    assert [first, "3", "5.0"] in rows
    assert [NORTHWEST_QUEUE, "4", "3", "2", "67", "3", "2.0"] in rows


def test_the_report_holds_no_personal_data(both_teams, known_rows, weeks):
    client = login(both_teams)
    page = client.get(REPORT, custom(weeks)).content.decode()
    export = client.get(REPORT, custom(weeks, format="csv")).content.decode()
    for service_request in known_rows:
        for personal in (
            service_request.applicant_name,
            service_request.phone,
            service_request.email,
            service_request.reference,
        ):
            assert personal not in page
            assert personal not in export


def test_only_queue_staff_open_the_report(site_content):
    editor = make_staff("editor-only")
    response = login(editor).get(REPORT)
    assert response.status_code in (302, 403)
    assert "report-volume-heading" not in response.content.decode()
    anonymous = login(make_staff("x", "서북권 종합재가센터"))
    anonymous.logout()
    assert anonymous.get(REPORT)["Location"].startswith("/admin/login/")
