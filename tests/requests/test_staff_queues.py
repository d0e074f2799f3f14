"""The staff side in the Wagtail admin (민원 큐): listing, filters, export,
the request page with its actions, the dashboard panel, requests taken by
phone or in person, and who may see what."""

import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from services.models import Queue, RequestKind, RequestUpdate, RoutingRule, ServiceRequest, Status
from services.requests import pipeline
from services.requests.staff.intake import ORAL_CONSENT_NOTICE_VERSION
from services.requests.staff.request_page import describe_details
from tests.staff import admin_menu_items, log_in_verified, login, make_staff

pytestmark = pytest.mark.django_db

LISTING = "/admin/service-requests/"
NEW = "/admin/service-requests/new/"
NORTHWEST = "서북권 종합재가센터"
SUPPORT = "사업지원팀"
EC, CN = RequestKind.EMERGENCY_CARE, RequestKind.CONSULTING


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def submit(kind=EC, district="마포구", name="홍길동", phone="010-1234-5678", email="hong@example.com"):
    return pipeline.submit(kind, district, pipeline.Applicant(name, phone, email),
                           pipeline.Consent("2026-11", timezone.now()))


def inspect_url(service_request):
    return f"/admin/service-requests/inspect/{service_request.pk}/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed_references(response):
    """The references in the listing's rows, in order."""
    table = soup(response).find("table", class_="listing")
    if table is None:
        return []
    return [row.find("td").get_text(" ", strip=True).split()[0] for row in table.find("tbody").find_all("tr")]


def messages_on(response):
    return [li.get_text(" ", strip=True) for li in soup(response).select(".messages li")]


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def sidebar_labels(response):
    """Labels of the admin menu, in order."""
    return list(admin_menu_items(response))




@pytest.fixture
def support(site_content):
    return make_staff("hq-park", SUPPORT, first_name="박지원")


@pytest.fixture
def superuser(site_content):
    return make_staff("root", superuser=True)


@pytest.fixture
def editor_without_team(site_content):
    return make_staff("editor")


@pytest.fixture
def mapo_request(site_content):
    """An emergency-care request from 마포구: the 서북권 team's queue."""
    return submit(EC, "마포구", name="홍길동")


# ---------------------------------------------------------------------------
# Who may do what: the full matrix
# ---------------------------------------------------------------------------

ROLES = ["anonymous", "other_team", "own_team", "superuser"]
OPERATIONS = ["list", "inspect", "action", "csv", "xlsx"]
EXPECTED = {
    "anonymous": dict.fromkeys(OPERATIONS, "login"),
    "other_team": {"list": "absent", "inspect": "404", "action": "404", "csv": "absent", "xlsx": "absent"},
    "own_team": {
        "list": "present", "inspect": "present", "action": "done", "csv": "present", "xlsx": "present",
    },
    "superuser": {
        "list": "present", "inspect": "present", "action": "done", "csv": "present", "xlsx": "present",
    },
}


def client_for(role, request):
    if role == "anonymous":
        return Client()
    user = {"other_team": "support", "own_team": "northwest", "superuser": "superuser"}[role]
    return login(request.getfixturevalue(user))


def perform(client, operation, service_request):
    """Do `operation` and describe what the person got."""
    if operation == "action":
        response = client.post(inspect_url(service_request), {"action": "note", "note-text": "확인 전화함"})
    elif operation == "inspect":
        response = client.get(inspect_url(service_request))
    else:
        export = {"list": "", "csv": "?export=csv", "xlsx": "?export=xlsx"}[operation]
        response = client.get(LISTING + export)

    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if response.status_code == 404:
        return "404"
    if operation == "action":
        noted = RequestUpdate.objects.filter(request=service_request, kind=RequestUpdate.Kind.NOTE).exists()
        assert response.status_code == 302 and response["Location"] == inspect_url(service_request)
        return "done" if noted else "not done"
    assert response.status_code == 200
    if operation == "csv":
        seen = service_request.reference in csv_text(response)
    elif operation == "xlsx":
        seen = any(service_request.reference in row for row in xlsx_rows(response))
    else:
        seen = service_request.reference in response.content.decode()
    return "present" if seen else "absent"


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(request, mapo_request, role, operation):
    client = client_for(role, request)
    assert perform(client, operation, mapo_request) == EXPECTED[role][operation]
    if EXPECTED[role][operation] != "done":
        assert not RequestUpdate.objects.filter(request=mapo_request, kind=RequestUpdate.Kind.NOTE).exists()


@pytest.fixture
def attachment(mapo_request, settings, tmp_path):
    """A file on the request, when the forms engineer's attachments exist."""
    try:
        reverse("request_attachment", args=[1])
    except NoReverseMatch:
        pytest.skip("/requests/attachments/ is not wired yet")
    if not hasattr(ServiceRequest, "attachments"):
        pytest.skip("RequestAttachment is not registered yet")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    attachment_model = ServiceRequest.attachments.rel.related_model
    attachment = attachment_model(
        request=mapo_request, original_name="의견서.pdf", detected_type="PDF", size=8,
    )
    attachment.file.save("opinion.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return attachment


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 404), ("other_team", 404), ("own_team", 200), ("superuser", 200),
])
def test_attachment_download_follows_the_same_rule(request, attachment, role, expected):
    response = client_for(role, request).get(f"/requests/attachments/{attachment.pk}/")
    assert response.status_code == expected


def test_request_page_links_each_attachment(northwest, attachment, mapo_request):
    page = soup(login(northwest).get(inspect_url(mapo_request)))
    link = page.select_one("#request-attachments-content a")
    assert link["href"] == f"/requests/attachments/{attachment.pk}/"
    assert "의견서.pdf" in link.get_text()


def test_guessing_another_teams_url_looks_like_a_missing_request(support, mapo_request):
    client = login(support)
    guessed = client.get(inspect_url(mapo_request))
    missing = client.get("/admin/service-requests/inspect/99999999/")
    assert guessed.status_code == missing.status_code == 404
    assert mapo_request.reference not in guessed.content.decode()
    assert "홍길동" not in guessed.content.decode()


def test_other_teams_request_is_absent_even_when_filtering_by_its_queue(support, mapo_request):
    response = login(support).get(LISTING, {"queue": mapo_request.queue_id})
    assert mapo_request.reference not in response.content.decode()


def test_generic_edit_and_delete_screens_do_not_exist(superuser, mapo_request):
    client = login(superuser)
    for path in (f"edit/{mapo_request.pk}/", f"delete/{mapo_request.pk}/", f"copy/{mapo_request.pk}/"):
        assert client.get(LISTING + path).status_code == 404
    assert ServiceRequest.objects.filter(pk=mapo_request.pk).exists()


def test_staff_without_a_team_get_no_queue_screens(editor_without_team, mapo_request):
    client = login(editor_without_team)
    listing = client.get(LISTING)
    assert listing.status_code == 302 and listing["Location"] == "/admin/"
    assert client.get(inspect_url(mapo_request)).status_code == 404
    assert client.get(NEW).status_code == 302
    dashboard = client.get("/admin/")
    assert "민원 큐" not in sidebar_labels(dashboard)
    assert "민원 처리 현황" not in dashboard.content.decode()


def test_request_configuration_screens_still_work(superuser):
    client = login(superuser)
    queues = client.get("/admin/queue/")
    assert queues.status_code == 200 and "긴급돌봄 서북권" in queues.content.decode()
    assert client.get("/admin/routingrule/").status_code == 200


# ---------------------------------------------------------------------------
# Menu
# ---------------------------------------------------------------------------


def test_menu_lists_the_queues_of_my_team_only(northwest, support):
    nw_labels = sidebar_labels(login(northwest).get("/admin/"))
    expected = {
        "민원 큐", "전체 요청", "내 담당 요청", "기한 지난 요청", "긴급돌봄 서북권", "전화·방문 접수 등록",
    }
    assert expected <= set(nw_labels)
    assert "긴급돌봄 서남권" not in nw_labels and "민간기관지원" not in nw_labels

    hq_labels = sidebar_labels(login(support).get("/admin/"))
    assert {"긴급돌봄지원단", "민간기관지원", "미분류"} <= set(hq_labels)
    assert "긴급돌봄 서북권" not in hq_labels


def test_inactive_queues_get_no_menu_item(northwest):
    Queue.objects.filter(name="긴급돌봄 서북권").update(is_active=False)
    assert "긴급돌봄 서북권" not in sidebar_labels(login(northwest).get("/admin/"))


def test_a_queue_menu_item_opens_the_listing_filtered_to_that_queue(superuser):
    mapo, gangnam = submit(EC, "마포구"), submit(EC, "강남구")
    northwest_queue = Queue.objects.get(name="긴급돌봄 서북권")
    response = login(superuser).get(LISTING, {"queue": northwest_queue.pk})
    assert listed_references(response) == [mapo.reference]
    assert gangnam.reference not in response.content.decode()


# ---------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------


def test_listing_shows_the_columns_staff_work_with(northwest, mapo_request):
    response = login(northwest).get(LISTING)
    headers = [th.get_text(" ", strip=True) for th in soup(response).select("table.listing thead th")]
    for heading in ["접수번호", "종류", "상태", "자치구", "신청인 이름", "담당자", "처리 기한", "접수 시각"]:
        assert any(heading in text for text in headers), heading
    row = soup(response).select_one("table.listing tbody tr").get_text(" ", strip=True)
    for text in [mapo_request.reference, "긴급돌봄 신청", "접수", "마포구", "홍길동", "미배정"]:
        assert text in row
    link = soup(response).select_one("table.listing tbody tr a")
    assert link["href"] == inspect_url(mapo_request)


def test_overdue_requests_say_so_in_words(northwest, mapo_request):
    on_time = submit(EC, "은평구")
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    ServiceRequest.objects.filter(pk=mapo_request.pk).update(due_at=two_hours_ago)
    response = login(northwest).get(LISTING)
    rows = {tr.find("td").get_text(" ", strip=True).split()[0]: tr.get_text(" ", strip=True)
            for tr in soup(response).select("table.listing tbody tr")}
    assert "기한 지남" in rows[mapo_request.reference]
    assert "기한 지남" not in rows[on_time.reference]
    tag = soup(response).select_one(".sr-tag--overdue")
    assert tag.get_text(strip=True) == "기한 지남"


def test_a_late_request_that_is_finished_is_not_overdue(northwest, mapo_request):
    ServiceRequest.objects.filter(pk=mapo_request.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=2), status=Status.RESOLVED)
    response = login(northwest).get(LISTING)
    assert "기한 지남" not in soup(response).select_one("table.listing tbody").get_text()


def test_listing_is_sorted_by_due_time_soonest_first(northwest):
    later, sooner, middle = submit(EC, "마포구"), submit(EC, "은평구"), submit(EC, "서대문구")
    now = timezone.now()
    for service_request, hours in ((later, 30), (sooner, 1), (middle, 10)):
        due = now + datetime.timedelta(hours=hours)
        ServiceRequest.objects.filter(pk=service_request.pk).update(due_at=due)
    response = login(northwest).get(LISTING)
    assert listed_references(response) == [sooner.reference, middle.reference, later.reference]


@pytest.fixture
def varied_requests(northwest, colleague):
    """Five requests the superuser sees, differing in one thing each."""
    assigned = submit(EC, "마포구", name="김배정")
    pipeline.assign(assigned, colleague, actor=northwest)
    overdue = submit(EC, "은평구", name="최지남")
    ServiceRequest.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    consulting = submit(CN, "강남구", name="정컨설")
    closed = submit(EC, "서대문구", name="한종료")
    pipeline.change_status(closed, Status.REJECTED, actor=northwest, text="중복 신청")
    plain = submit(EC, "노원구", name="오기본")
    return {
        "assigned": assigned, "overdue": overdue, "consulting": consulting, "closed": closed, "plain": plain,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "assigned"}, {"assigned"}),
        ({"status": ["rejected", "assigned"]}, {"assigned", "closed"}),
        ({"kind": "consulting"}, {"consulting"}),
        ({"district": "은평구"}, {"overdue"}),
        ({"overdue": "yes"}, {"overdue"}),
        ({"overdue": "no"}, {"assigned", "consulting", "closed", "plain"}),
        ({"state": "closed"}, {"closed"}),
        ({"state": "open"}, {"assigned", "overdue", "consulting", "plain"}),
        ({"assignee": "null"}, {"overdue", "consulting", "closed", "plain"}),
    ],
)
def test_filters(superuser, varied_requests, params, expected):
    response = login(superuser).get(LISTING, params)
    assert set(listed_references(response)) == {varied_requests[key].reference for key in expected}


def test_filter_by_assignee_and_queue(superuser, colleague, varied_requests):
    client = login(superuser)
    mine = client.get(LISTING, {"assignee": colleague.pk})
    assert listed_references(mine) == [varied_requests["assigned"].reference]
    providers = Queue.objects.get(name="민간기관지원")
    assert listed_references(client.get(LISTING, {"queue": providers.pk})) == [
        varied_requests["consulting"].reference
    ]


def test_filter_choices_offer_only_my_teams_queues_and_people(northwest, colleague, support):
    response = login(northwest).get(LISTING)
    page = soup(response)
    queue_options = {option.get_text(strip=True) for option in page.select("select[name=queue] option")}
    assert queue_options == {"모든 큐", "긴급돌봄 서북권"}
    people = {option.get_text(strip=True) for option in page.select("select[name=assignee] option")}
    assert {"김서북", "이동료", "담당자 없음"} <= people
    assert "박지원" not in people


@pytest.mark.parametrize("typed", ["{reference}", "{compact}", "홍길"])
def test_search_by_reference_or_applicant_name(northwest, mapo_request, typed):
    other = submit(EC, "은평구", name="나다른")
    query = typed.format(reference=mapo_request.reference,
                         compact=mapo_request.reference.replace("-", "").lower())
    response = login(northwest).get(LISTING, {"q": query})
    assert listed_references(response) == [mapo_request.reference]
    assert other.reference not in response.content.decode()


def _listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_runs_a_constant_number_of_queries(
    superuser, northwest, colleague, django_assert_max_num_queries,
):
    client = login(superuser)

    def build(count):
        for number in range(count):
            # odd: emergency care in 마포구, assigned; even: consulting from 강남구, unassigned
            service_request = submit(EC, "마포구") if number % 2 else submit(CN, "강남구")
            if number % 2:
                pipeline.assign(service_request, colleague if number % 4 == 1 else northwest, actor=superuser)

    build(5)
    with_five = _listing_queries(client, LISTING)
    build(45)
    with django_assert_max_num_queries(with_five):
        response = client.get(LISTING)
    assert len(listed_references(response)) == 50


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def test_csv_export_has_korean_headings_and_no_contact_details(northwest, mapo_request):
    pipeline.assign(mapo_request, northwest, actor=northwest)
    response = login(northwest).get(LISTING, {"export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="service-requests-')
    text = csv_text(response)
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read Korean"
    heading, row = text.lstrip("\ufeff").splitlines()[:2]
    assert heading == "접수번호,종류,상태,자치구,큐,담당자,접수 시각,처리 기한,기한 지남"
    local_submitted = timezone.localtime(mapo_request.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert row.split(",") == [
        mapo_request.reference, "긴급돌봄 신청", "배정", "마포구", "긴급돌봄 서북권", "김서북",
        local_submitted, timezone.localtime(mapo_request.due_at).strftime("%Y-%m-%d %H:%M"), "아니요",
    ]
    for personal in ("홍길동", "010-1234-5678", "hong@example.com"):
        assert personal not in text


def test_xlsx_export_follows_the_filters(northwest, mapo_request):
    late = submit(EC, "은평구")
    ServiceRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    response = login(northwest).get(LISTING, {"export": "xlsx", "overdue": "yes"})
    rows = xlsx_rows(response)
    assert rows[0] == [
        "접수번호", "종류", "상태", "자치구", "큐", "담당자", "접수 시각", "처리 기한", "기한 지남",
    ]
    assert [row[0] for row in rows[1:]] == [late.reference]
    assert rows[1][-1] == "예"
    # Times are Seoul times, as staff read them on screen.
    late.refresh_from_db()
    assert abs(rows[1][7] - timezone.make_naive(late.due_at)) < datetime.timedelta(seconds=1)
    assert "홍길동" not in str(rows)


# ---------------------------------------------------------------------------
# The request page
# ---------------------------------------------------------------------------


def test_request_page_shows_everything_and_the_history(northwest, mapo_request):
    pipeline.add_note(mapo_request, "보호자와 통화함", actor=northwest)
    pipeline.message_applicant(mapo_request, "내일 방문하겠습니다.", actor=northwest)
    response = login(northwest).get(inspect_url(mapo_request))
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    for shown in [mapo_request.reference, "홍길동", "010-1234-5678", "hong@example.com", "마포구",
                  "긴급돌봄 서북권", "누리집", "2026-11"]:
        assert shown in text
    history = soup(response).select_one("#request-history-section table")
    rows = [tr.get_text(" ", strip=True) for tr in history.select("tbody tr")]
    assert len(rows) == 3
    assert "접수" in rows[0] and "신청인에게 보임" in rows[0]
    assert "보호자와 통화함" in rows[1] and "김서북" in rows[1] and "내부용" in rows[1]
    assert "내일 방문하겠습니다." in rows[2] and "신청인에게 보임" in rows[2]


def test_opening_a_request_is_written_to_the_audit_log(northwest, mapo_request):
    client = login(northwest)
    client.get(LISTING)  # the listing alone opens nobody's file
    assert not ModelLogEntry.objects.filter(action="services.request_viewed").exists()
    client.get(inspect_url(mapo_request))
    entry = ModelLogEntry.objects.get(action="services.request_viewed")
    assert entry.user == northwest
    assert entry.object_id == str(mapo_request.pk)
    assert log_registry.get_action_label("services.request_viewed") == "개인정보 열람"
    assert "홍길동" not in entry.label  # the log names the request, not the person


def test_other_teams_failed_attempt_is_not_logged_as_a_view(support, mapo_request):
    login(support).get(inspect_url(mapo_request))
    assert not ModelLogEntry.objects.filter(action="services.request_viewed").exists()


def fill_required_fields(model, **values):
    """An instance of `model` with every required field given a plausible value,
    whatever the fields are (the details models belong to another engineer)."""
    for field in model._meta.concrete_fields:
        if field.name in values or field.primary_key or field.has_default() or field.null or field.blank:
            continue
        choices = [value for value, _label in field.flatchoices]
        if choices:
            values[field.name] = choices[0]
        elif isinstance(field, models.DateField):
            values[field.name] = timezone.localdate()
        elif isinstance(field, models.IntegerField):
            values[field.name] = 2000
        else:
            values[field.name] = "시험 입력"
    return model.objects.create(**values)


def test_request_page_shows_the_kinds_own_details_with_their_labels(northwest, mapo_request):
    if not hasattr(ServiceRequest, "emergency_care"):
        pytest.skip("no details model for emergency care yet")
    details_model = ServiceRequest.emergency_care.related.related_model
    details = fill_required_fields(details_model, request=mapo_request)
    panel = soup(login(northwest).get(inspect_url(mapo_request))).select_one("#request-details-section")
    assert str(details_model._meta.verbose_name) in panel.get_text()
    shown = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in panel.select("dt")
    }
    for field in details_model._meta.concrete_fields:
        if field.editable and not field.primary_key and field.related_model is not ServiceRequest:
            assert field.verbose_name in shown
            if field.choices:
                assert shown[field.verbose_name] == getattr(details, f"get_{field.name}_display")()


def test_kind_details_are_described_from_any_model():
    queue = Queue(name="긴급돌봄 서북권")
    rule = RoutingRule(kind=EC, district="마포구", queue=queue)
    assert describe_details(rule) == [
        ("요청 종류", "긴급돌봄 신청"), ("자치구", "마포구"), ("보낼 큐", "긴급돌봄 서북권"),
    ]


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


def act(client, service_request, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(inspect_url(service_request), data, follow=True)


def test_assign_to_me(northwest, mapo_request):
    page = login(northwest).get(inspect_url(mapo_request))
    assert soup(page).find("button", string="나에게 배정")
    response = act(login(northwest), mapo_request, "assign", assignee=northwest.pk)
    mapo_request.refresh_from_db()
    assert (mapo_request.assignee, mapo_request.status) == (northwest, Status.ASSIGNED)
    assert f"{mapo_request.reference} 요청을 나에게 배정했습니다." in messages_on(response)
    assert response.redirect_chain[-1][0] == inspect_url(mapo_request)
    assert not soup(response).find("button", string="나에게 배정")  # already mine


def test_assign_to_a_colleague_offers_only_my_team(northwest, colleague, support, mapo_request):
    page = login(northwest).get(inspect_url(mapo_request))
    options = soup(page).select("select[name=assign-assignee] option")
    offered = {option.get_text(strip=True) for option in options}
    assert {"김서북", "이동료"} <= offered and "박지원" not in offered
    act(login(northwest), mapo_request, "assign", assignee=colleague.pk)
    mapo_request.refresh_from_db()
    assert mapo_request.assignee == colleague
    assert mapo_request.updates.filter(kind=RequestUpdate.Kind.ASSIGNMENT, actor=northwest).exists()


def test_assigning_someone_outside_the_team_is_refused(northwest, support, mapo_request):
    response = act(login(northwest), mapo_request, "assign", assignee=support.pk)
    mapo_request.refresh_from_db()
    assert mapo_request.assignee is None
    refusal = "이 큐를 맡은 팀의 직원에게만 배정할 수 있습니다."
    assert any(refusal in message for message in messages_on(response))


def test_status_select_offers_only_allowed_statuses(northwest, mapo_request):
    page = login(northwest).get(inspect_url(mapo_request))
    offered = [option["value"] for option in soup(page).select("select[name=status-to_status] option")
               if option["value"]]
    assert offered == mapo_request.allowed_statuses()
    assert "resolved" not in offered


def test_change_status_with_a_public_message(northwest, mapo_request):
    response = act(login(northwest), mapo_request, "status",
                   to_status="triaged", text="서류를 확인하고 있습니다.")
    mapo_request.refresh_from_db()
    assert mapo_request.status == Status.TRIAGED
    update = mapo_request.updates.get(kind=RequestUpdate.Kind.STATUS)
    assert (update.to_status, update.text, update.is_public, update.actor) == (
        Status.TRIAGED, "서류를 확인하고 있습니다.", True, northwest)
    assert "상태를 ‘검토중’으로 바꿨습니다." in messages_on(response)


def test_a_status_change_not_allowed_is_refused_and_the_text_kept(northwest, mapo_request):
    response = act(login(northwest), mapo_request, "status", to_status="resolved", text="끝났습니다")
    mapo_request.refresh_from_db()
    assert mapo_request.status == Status.SUBMITTED
    assert response.status_code == 200
    assert any("바꿀 수 없습니다" in message for message in messages_on(response))
    assert soup(response).select_one("textarea[name=status-text]").get_text().strip() == "끝났습니다"


def test_a_stale_form_meets_the_pipelines_rule(northwest, mapo_request):
    """Someone else closed the request after this page was loaded."""
    pipeline.change_status(mapo_request, Status.REJECTED, actor=northwest)
    response = act(login(northwest), mapo_request, "status", to_status="triaged")
    mapo_request.refresh_from_db()
    assert mapo_request.status == Status.REJECTED
    assert any("바꿀 수 없습니다" in message for message in messages_on(response))


def test_internal_note_and_message_to_the_applicant(northwest, mapo_request):
    client = login(northwest)
    act(client, mapo_request, "note", text="보호자 연락처 확인 필요")
    act(client, mapo_request, "message", text="담당자가 곧 연락드립니다.")
    note = mapo_request.updates.get(kind=RequestUpdate.Kind.NOTE)
    message = mapo_request.updates.get(kind=RequestUpdate.Kind.MESSAGE)
    assert (note.text, note.is_public, note.actor) == ("보호자 연락처 확인 필요", False, northwest)
    assert (message.text, message.is_public, message.actor) == ("담당자가 곧 연락드립니다.", True, northwest)


def test_an_empty_note_is_refused_in_korean(northwest, mapo_request):
    response = act(login(northwest), mapo_request, "note", text="   ")
    assert not mapo_request.updates.filter(kind=RequestUpdate.Kind.NOTE).exists()
    assert any("메모 내용을 입력해 주세요." in message for message in messages_on(response))


def test_a_finished_request_offers_no_assignment_or_status_change(northwest, mapo_request):
    pipeline.change_status(mapo_request, Status.REJECTED, actor=northwest)
    page = login(northwest).get(inspect_url(mapo_request))
    assert not soup(page).select("select[name=status-to_status]")
    assert not soup(page).find("button", string="나에게 배정")
    response = act(login(northwest), mapo_request, "assign", assignee=northwest.pk)
    mapo_request.refresh_from_db()
    assert mapo_request.assignee is None
    assert any("종료된 요청은 담당자를 바꿀 수 없습니다." in message for message in messages_on(response))


def test_actions_need_the_csrf_token(northwest, mapo_request):
    client = log_in_verified(Client(enforce_csrf_checks=True), northwest)
    response = client.post(inspect_url(mapo_request), {"action": "note", "note-text": "메모"})
    assert response.status_code == 403
    assert not mapo_request.updates.filter(kind=RequestUpdate.Kind.NOTE).exists()

    page = client.get(inspect_url(mapo_request))
    token = soup(page).select_one("#request-actions-section input[name=csrfmiddlewaretoken]")["value"]
    data = {"action": "note", "note-text": "메모", "csrfmiddlewaretoken": token}
    client.post(inspect_url(mapo_request), data)
    assert mapo_request.updates.filter(kind=RequestUpdate.Kind.NOTE).exists()


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


def test_dashboard_counts_my_open_and_my_queues_overdue_requests(northwest, colleague, superuser):
    mine = submit(EC, "마포구")
    pipeline.assign(mine, northwest, actor=northwest)
    mine_done = submit(EC, "은평구")
    pipeline.assign(mine_done, northwest, actor=northwest)
    pipeline.change_status(mine_done, Status.REJECTED, actor=northwest)
    late = submit(EC, "서대문구")
    pipeline.assign(late, colleague, actor=northwest)
    other_team_late = submit(EC, "강남구")
    ServiceRequest.objects.filter(pk__in=[late.pk, other_team_late.pk]).update(
        due_at=timezone.now() - datetime.timedelta(hours=3))

    client = login(northwest)
    panel = soup(client.get("/admin/")).select_one("#service-requests-summary-section")
    links = {label.get_text(strip=True): label.find_parent("a") for label in panel.select(".sr-label")}
    assert links["내 처리 중 요청"].select_one(".sr-count").get_text(strip=True) == "1건"
    assert links["기한 지난 요청 (내 큐)"].select_one(".sr-count").get_text(strip=True) == "1건"

    assert listed_references(client.get(links["내 처리 중 요청"]["href"])) == [mine.reference]
    assert listed_references(client.get(links["기한 지난 요청 (내 큐)"]["href"])) == [late.reference]


# ---------------------------------------------------------------------------
# 전화·방문 접수 등록
# ---------------------------------------------------------------------------


def phone_application(**changes):
    data = {
        "channel": "phone", "kind": "emergency_care", "applicant_name": "강전화", "phone": "010 9876 5432",
        "email": "", "district": "마포구", "note": "어머니가 퇴원하셔서 돌봄이 필요합니다.", "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_take_a_request_by_phone(northwest):
    before = timezone.now()
    response = login(northwest).post(NEW, phone_application(), follow=True)
    service_request = ServiceRequest.objects.get(applicant_name="강전화")
    assert response.redirect_chain[-1][0] == inspect_url(service_request)
    assert service_request.queue.name == "긴급돌봄 서북권"
    assert (service_request.channel, service_request.phone) == ("phone", "010-9876-5432")
    assert service_request.consent_notice_version == ORAL_CONSENT_NOTICE_VERSION
    assert service_request.consented_at >= before and service_request.sensitive_consented_at is None
    created = service_request.updates.get(kind=RequestUpdate.Kind.CREATED)
    note = service_request.updates.get(kind=RequestUpdate.Kind.NOTE)
    assert (created.actor, created.text) == (northwest, "전화로 접수")
    assert (note.actor, note.is_public) == (northwest, False)
    assert note.text == "어머니가 퇴원하셔서 돌봄이 필요합니다."
    assert any(service_request.reference in message and "긴급돌봄 서북권" in message
               for message in messages_on(response))


def test_sensitive_consent_is_recorded_only_when_ticked(northwest):
    login(northwest).post(NEW, phone_application(sensitive_consent="on", channel="visit"))
    service_request = ServiceRequest.objects.get(applicant_name="강전화")
    assert service_request.channel == "visit"
    assert service_request.sensitive_consented_at is not None


def test_a_request_routed_to_another_team_says_where_it_went(northwest):
    response = login(northwest).post(NEW, phone_application(district="강남구"), follow=True)
    service_request = ServiceRequest.objects.get(applicant_name="강전화")
    assert service_request.queue.name == "긴급돌봄지원단"
    assert response.redirect_chain[-1][0] == LISTING
    [message] = messages_on(response)
    assert service_request.reference in message and "긴급돌봄지원단" in message and "다른 팀" in message
    assert service_request.reference not in " ".join(listed_references(response))


def test_an_unroutable_request_goes_to_the_fallback_queue_and_says_so(superuser):
    RoutingRule.objects.filter(kind=CN).delete()
    response = login(superuser).post(NEW, phone_application(kind="consulting"), follow=True)
    service_request = ServiceRequest.objects.get(applicant_name="강전화")
    assert (service_request.queue.name, service_request.unroutable) == ("미분류", True)
    assert any("맞는 배정 규칙이 없어" in message for message in messages_on(response))


def test_the_form_keeps_what_was_typed_and_explains_in_korean(northwest):
    response = login(northwest).post(NEW, phone_application(consent=None, phone="02-12"))
    assert response.status_code == 200
    assert not ServiceRequest.objects.filter(applicant_name="강전화").exists()
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "신청인의 개인정보 수집·이용 동의를 받아야 접수할 수 있습니다." in text
    assert "전화번호가 너무 짧습니다" in text
    assert page.select_one("input[name=applicant_name]")["value"] == "강전화"
    typed_note = page.select_one("textarea[name=note]").get_text().strip()
    assert typed_note == "어머니가 퇴원하셔서 돌봄이 필요합니다."


def test_only_team_staff_may_take_requests(editor_without_team):
    response = login(editor_without_team).post(NEW, phone_application())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not ServiceRequest.objects.filter(applicant_name="강전화").exists()
    assert Client().get(NEW)["Location"].startswith("/admin/login/")
