"""Every staff access to applicants' personal data is in Wagtail's audit log
(services.requests.audit): listings, searches, exports, attachment downloads, the
training attendee list and its exports — with the user and the action, and
no personal data in the entry."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from services.models import RequestAttachment
from services.requests import audit, pipeline
from tests.requests.test_staff_queues import LISTING, NORTHWEST, SUPPORT, listed_references, submit
from tests.staff import login, make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "홍길동", "010-1234-5678", "hong@example.com"
FILE_NAME = "홍길동_진단서.pdf"


@pytest.fixture
def northwest(site_content):
    return make_staff("nw-kim", NORTHWEST, first_name="김서북")


@pytest.fixture
def support(site_content):
    return make_staff("hq-park", SUPPORT, first_name="박지원")


@pytest.fixture
def mapo_request(site_content):
    return submit(name=NAME, phone=PHONE, email=EMAIL)


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def assert_no_personal_data(entry, *personal):
    written = entry.label + json.dumps(entry.data, ensure_ascii=False)
    for value in (NAME, PHONE, PHONE.replace("-", ""), EMAIL, *personal):
        assert value not in written, (value, written)


# ---------------------------------------------------------------------------
# 민원 큐: listings, searches, exports
# ---------------------------------------------------------------------------


def test_a_listing_view_is_one_entry_with_its_queue_filters_and_rows(northwest, mapo_request):
    submit(district="은평구", name="나다른")
    response = login(northwest).get(LISTING, {"queue": mapo_request.queue_id, "state": "open"})
    assert response.status_code == 200
    [entry] = entries(audit.REQUESTS_LISTED)
    assert entry.user == northwest
    assert entry.data["rows"] == 2
    assert entry.data["filters"] == {"큐": mapo_request.queue.name, "처리 단계": "처리 중"}
    assert mapo_request.queue.name in entry.label
    assert_no_personal_data(entry, "나다른")
    assert log_registry.get_action_label(audit.REQUESTS_LISTED) == "민원 목록 조회"


def test_the_results_fragment_of_a_filter_change_is_logged_too(northwest, mapo_request):
    login(northwest).get(LISTING + "results/", {"kind": "emergency_care"})
    [entry] = entries(audit.REQUESTS_LISTED)
    assert entry.user == northwest and entry.data["filters"] == {"종류": "긴급돌봄 신청"}


@pytest.mark.parametrize(("typed", "kind"), [
    (NAME[:2], "이름 검색"),
    ("01012345678", "전화번호 검색"),
    (PHONE, "전화번호 검색"),
    ("{reference}", "접수번호 검색"),
])
def test_a_search_says_its_kind_never_what_was_typed(northwest, mapo_request, typed, kind):
    typed = typed.format(reference=mapo_request.reference)
    response = login(northwest).get(LISTING, {"q": typed})
    assert listed_references(response) == [mapo_request.reference]
    [entry] = entries(audit.REQUESTS_SEARCHED)
    assert entry.user == northwest
    assert entry.data["search"] == kind and entry.data["rows"] == 1
    assert typed not in entry.label + json.dumps(entry.data, ensure_ascii=False)
    assert_no_personal_data(entry)
    assert not entries(audit.REQUESTS_LISTED)  # one entry per view


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_export_is_logged_with_its_filters_and_rows(northwest, mapo_request, export_format):
    submit(district="은평구", name="나다른")
    response = login(northwest).get(LISTING, {"export": export_format, "district": "마포구"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = entries(audit.REQUESTS_EXPORTED)
    assert entry.user == northwest
    assert entry.data == {"filters": {"자치구": "마포구"}, "rows": 1, "format": export_format}
    assert_no_personal_data(entry)


def test_another_teams_attempt_is_logged_as_what_they_saw(support, mapo_request):
    """The support team's listing is logged, and shows none of 서북권's requests."""
    login(support).get(LISTING, {"q": NAME})
    [entry] = entries(audit.REQUESTS_SEARCHED)
    assert entry.user == support and entry.data["rows"] == 0


# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


@pytest.fixture
def attachment(mapo_request, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    attachment = RequestAttachment(request=mapo_request, original_name=FILE_NAME, detected_type="PDF", size=8)
    attachment.file.save("opinion.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return attachment


def test_an_attachment_download_is_logged_on_its_request(northwest, attachment, mapo_request):
    response = login(northwest).get(attachment.get_download_url())
    assert response.status_code == 200
    [entry] = entries(audit.ATTACHMENT_DOWNLOADED)
    assert entry.user == northwest and entry.object_id == str(mapo_request.pk)
    assert entry.data == {"attachment": attachment.pk, "type": "PDF"}
    assert_no_personal_data(entry, FILE_NAME, "진단서")


def test_a_refused_download_is_not_logged_as_one(support, attachment):
    assert login(support).get(attachment.get_download_url()).status_code == 404
    assert not entries(audit.ATTACHMENT_DOWNLOADED)


# ---------------------------------------------------------------------------
# 교육 신청: the attendee list, its exports, one booking's form
# ---------------------------------------------------------------------------


@pytest.fixture
def session_with_attendees(home_page):
    session = make_training(home_page, title="치매전문교육 시험", capacity=5).sessions.get()
    for n in (1, 2):
        booking_for(session, n)
    return session


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_attendee_list_exports_are_logged(support, session_with_attendees, export_format):
    session = session_with_attendees
    response = login(support).get(f"/admin/training-bookings/{session.pk}/", {"export": export_format})
    assert response.status_code == 200
    [entry] = entries(audit.ATTENDEES_EXPORTED)
    assert entry.user == support and entry.object_id == str(session.pk)
    assert entry.data == {"rows": 2, "format": export_format}
    assert "참석자" not in entry.label + json.dumps(entry.data, ensure_ascii=False)


def test_the_cancel_form_of_one_booking_is_logged_as_opening_its_request(support, session_with_attendees):
    booking = session_with_attendees.bookings.first()
    cancel_url = f"/admin/training-bookings/{booking.session_id}/bookings/{booking.pk}/cancel/"
    response = login(support).get(cancel_url)
    assert response.status_code == 200 and "참석자" in response.content.decode()
    [entry] = entries(audit.REQUEST_VIEWED)
    assert entry.user == support and entry.object_id == str(booking.request_id)
    assert "참석자" not in entry.label


# ---------------------------------------------------------------------------
# Where staff read it: 보고서 → 사이트 기록
# ---------------------------------------------------------------------------


def test_the_entries_show_in_the_site_history_in_korean(northwest, mapo_request, site_content):
    login(northwest).get(LISTING, {"q": NAME})
    login(northwest).get(LISTING, {"export": "csv"})
    root = make_staff("root", superuser=True)
    history = login(root).get("/admin/reports/site-history/")
    assert history.status_code == 200
    text = history.content.decode()
    assert "민원 검색 · 이름 검색 · 1건" in text
    assert "민원 목록 내려받기 · 1건 · CSV" in text
    assert NAME not in text


def test_every_access_action_has_a_korean_label():
    for action, label in audit.LABELS.items():
        assert log_registry.get_action_label(action) == label
        assert any("가" <= ch <= "힣" for ch in label)


def test_search_kinds():
    assert audit.search_kind("홍길") == audit.SEARCH_NAME
    assert audit.search_kind("Kim") == audit.SEARCH_NAME
    assert audit.search_kind("０１０－１２３４") == audit.SEARCH_PHONE
    assert audit.search_kind("ec 7k4m-2qxd") == audit.SEARCH_REFERENCE
    assert audit.search_kind("7K4M") == audit.SEARCH_REFERENCE


def test_staff_search_finds_a_caller_by_the_whole_phone_number(northwest, mapo_request):
    pipeline.assign(mapo_request, northwest, actor=northwest)
    response = login(northwest).get(LISTING, {"q": "010 1234 5678"})
    assert listed_references(response) == [mapo_request.reference]
