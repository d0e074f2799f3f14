"""Staff screens for training bookings (admin → 교육 신청): who may use
them, the sessions listing, a session's attendee list by seat, approve /
decline / cancel through services.training.seats, attendance, exports without
contact data, and one message to every confirmed attendee."""

import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from services.models import RequestUpdate, Status, TrainingBooking, TrainingSession
from services.models.request_details import Seat
from services.training import seats as bookings
from tests.requests.test_staff_queues import sidebar_labels
from tests.staff import log_in_verified, login, make_staff
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

INDEX = "/admin/training-bookings/"
SUPPORT = "사업지원팀"  # works the 교육 운영 queue
NORTHWEST = "서북권 종합재가센터"  # another team


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def messages_on(response):
    return [li.get_text(" ", strip=True) for li in soup(response).select(".messages li")]


def told(response, text):
    """Whether a message on the page says `text` (error messages carry a link after it)."""
    return any(text in message for message in messages_on(response))


def session_url(session):
    return f"{INDEX}{session.pk}/"


def reason_url(booking, operation):
    return f"{INDEX}{booking.session_id}/bookings/{booking.pk}/{operation}/"


def seat_of(booking):
    booking.refresh_from_db()
    return booking.seat


def move_to(session, date):
    """Bookings are only taken before a session starts: build them first, then move the day."""
    TrainingSession.objects.filter(pk=session.pk).update(date=date)
    session.refresh_from_db()


@pytest.fixture
def trainer(site_content):
    return make_staff("hq-trainer", SUPPORT, first_name="박교육")


@pytest.fixture
def other_team(site_content):
    return make_staff("nw-kim", NORTHWEST, first_name="김서북")


@pytest.fixture
def superuser(site_content):
    return make_staff("root", superuser=True)


@pytest.fixture
def session(home_page):
    """Two seats, approval needed: one pending, one confirmed (approved), two waiting."""
    training = make_training(home_page, title="치매전문교육 시험", capacity=2, requires_approval=True)
    return training.sessions.get()


@pytest.fixture
def full_session(session, superuser):
    pending = booking_for(session, 1)
    confirmed = booking_for(session, 2)
    bookings.approve(confirmed, superuser)
    first_waiting, second_waiting = booking_for(session, 3), booking_for(session, 4)
    for booking in (pending, confirmed, first_waiting, second_waiting):
        booking.refresh_from_db()
    return {"pending": pending, "confirmed": confirmed, "waiting": [first_waiting, second_waiting]}


# ---------------------------------------------------------------------------
# Who may use the screens
# ---------------------------------------------------------------------------


def every_url(session, booking):
    """(method, url, data) for every screen and action."""
    page = session_url(session)
    return [
        ("get", INDEX, {}),
        ("get", page, {}),
        ("get", page, {"export": "csv"}),
        ("get", page, {"export": "xlsx"}),
        ("post", page, {"action": "approve", "booking": booking.pk}),
        ("post", page, {"action": "attendance", "shown": booking.pk, "attended": booking.pk}),
        ("post", page, {"action": "message", "message-text": "안내드립니다."}),
        ("get", reason_url(booking, "decline"), {}),
        ("post", reason_url(booking, "decline"), {"reason": "대상이 아닙니다."}),
        ("get", reason_url(booking, "cancel"), {}),
        ("post", reason_url(booking, "cancel"), {"reason": "본인 요청"}),
    ]


def test_another_team_gets_nothing_anywhere(other_team, full_session, session):
    pending = full_session["pending"]
    client = login(other_team)
    for method, url, data in every_url(session, pending):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, data)
        assert "참석자1" not in response.content.decode()
    assert seat_of(pending) == Seat.PENDING
    assert not RequestUpdate.objects.filter(kind=RequestUpdate.Kind.MESSAGE, actor=other_team).exists()
    assert not ModelLogEntry.objects.filter(action__startswith="services.training").exists()
    assert not ModelLogEntry.objects.filter(action="services.request_viewed").exists()


def test_anonymous_visitors_are_sent_to_log_in(full_session, session):
    pending = full_session["pending"]
    for method, url, data in every_url(session, pending):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    assert seat_of(pending) == Seat.PENDING


def test_the_training_team_opens_every_screen(trainer, full_session, session):
    client = login(trainer)
    assert client.get(INDEX).status_code == 200
    assert client.get(session_url(session)).status_code == 200
    assert client.get(reason_url(full_session["pending"], "decline")).status_code == 200
    assert client.get(reason_url(full_session["confirmed"], "cancel")).status_code == 200


def test_menu_item_only_for_the_training_team_and_superusers(trainer, other_team, superuser):
    assert "교육 신청" in sidebar_labels(login(trainer).get("/admin/"))
    assert "교육 신청" in sidebar_labels(login(superuser).get("/admin/"))
    assert "교육 신청" not in sidebar_labels(login(other_team).get("/admin/"))


def test_a_booking_of_another_session_is_not_found_here(trainer, full_session, home_page):
    elsewhere = make_training(home_page).sessions.get()
    booking = full_session["pending"]
    response = login(trainer).post(session_url(elsewhere), {"action": "approve", "booking": booking.pk})
    assert response.status_code == 404
    assert login(trainer).get(f"{INDEX}{elsewhere.pk}/bookings/{booking.pk}/decline/").status_code == 404
    assert seat_of(booking) == Seat.PENDING


# ---------------------------------------------------------------------------
# The sessions listing
# ---------------------------------------------------------------------------


def listed_rows(response):
    table = soup(response).find("table", class_="listing")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in table.find("tbody").find_all("tr")]


def test_listing_upcoming_soonest_first_then_past_latest_first(trainer, home_page):
    make_training(home_page, title="나중 교육", days_ahead=30)
    make_training(home_page, title="곧 교육", days_ahead=3)
    long_ago = make_training(home_page, title="오래전 교육").sessions.get()
    last_week = make_training(home_page, title="지난주 교육").sessions.get()
    move_to(long_ago, timezone.localdate() - datetime.timedelta(days=60))
    move_to(last_week, timezone.localdate() - datetime.timedelta(days=7))
    built = {"나중 교육", "곧 교육", "오래전 교육", "지난주 교육"}
    titles = [row[0] for row in listed_rows(login(trainer).get(INDEX)) if row[0] in built]
    assert titles == ["곧 교육", "나중 교육", "지난주 교육", "오래전 교육"]


def test_listing_shows_the_session_and_its_seats_by_state(trainer, full_session, session):
    bookings.cancel(full_session["waiting"][1], actor=trainer, reason="본인 요청")
    response = login(trainer).get(INDEX)
    row = next(row for row in listed_rows(response) if row[0] == "치매전문교육 시험")
    assert row[1:] == [session.when, session.place, "2", "1", "1", "1", "1"]
    headings = [th.get_text(" ", strip=True) for th in soup(response).select("table.listing thead th")]
    assert headings == ["교육", "일시", "장소", "정원", "확정", "승인 대기", "대기", "취소·거절"]
    link = soup(response).find("a", string=lambda text: text and "치매전문교육 시험" in text)
    assert link["href"] == session_url(session)


def test_listing_counts_seats_in_one_query_however_many_sessions(
    trainer, home_page, django_assert_max_num_queries,
):
    client = login(trainer)
    make_training(home_page, capacity=3).sessions.get()
    client.get(INDEX)  # warm caches (menu, permissions)
    with django_assert_max_num_queries(100) as few:
        client.get(INDEX)
    for _ in range(4):
        session = make_training(home_page, capacity=3).sessions.get()
        for n in range(3):
            booking_for(session, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INDEX)


# ---------------------------------------------------------------------------
# A session's page
# ---------------------------------------------------------------------------


def panel_rows(response, group):
    panel = soup(response).select_one(f"#training-{group}-section")
    return [row.get_text(" ", strip=True) for row in panel.select("tbody tr")]


def test_session_page_groups_bookings_by_seat_with_positions(trainer, full_session, session):
    declined_one = booking_for(session, 5)
    bookings.cancel(declined_one, actor=trainer, reason="중복")
    response = login(trainer).get(session_url(session))
    assert response.status_code == 200
    confirmed, pending = panel_rows(response, "confirmed"), panel_rows(response, "pending")
    waiting, closed = panel_rows(response, "waitlisted"), panel_rows(response, "closed")
    assert len(confirmed) == 1 and "참석자2" in confirmed[0]
    assert len(pending) == 1 and "참석자1" in pending[0]
    assert [row.split()[0] for row in waiting] == ["1", "2"]
    assert "참석자3" in waiting[0] and "참석자4" in waiting[1]
    assert len(closed) == 1 and "참석자5" in closed[0] and "취소" in closed[0]
    # Staff may see how to reach people on screen, as on the request page.
    for shown in ("attendee1@example.com", "햇살재가복지센터", "요양보호사"):
        assert shown in pending[0]
    link = soup(response).select_one("#training-pending-section tbody a")
    request = full_session["pending"].request
    assert link.get_text(strip=True) == request.reference
    assert link["href"] == f"/admin/service-requests/inspect/{request.pk}/"


def test_opening_a_session_is_written_to_the_audit_log(trainer, full_session, session):
    client = login(trainer)
    client.get(INDEX)  # the listing names nobody
    assert not ModelLogEntry.objects.filter(action="services.request_viewed").exists()
    client.get(session_url(session))
    entry = ModelLogEntry.objects.get(action="services.request_viewed")
    assert entry.user == trainer and entry.object_id == str(session.pk)
    assert "참석자" not in entry.label


def test_approve_confirms_a_pending_seat(trainer, full_session, session):
    pending = full_session["pending"]
    response = login(trainer).post(session_url(session), {"action": "approve", "booking": pending.pk},
                                   follow=True)
    assert seat_of(pending) == Seat.CONFIRMED
    assert "참석자1 님의 신청을 승인했습니다. 자리가 확정되었습니다." in messages_on(response)
    assert pending.request.updates.filter(kind=RequestUpdate.Kind.MESSAGE, actor=trainer).exists()


def test_approving_a_seat_that_is_not_pending_is_refused_in_korean(trainer, full_session, session):
    waiting = full_session["waiting"][0]
    response = login(trainer).post(session_url(session), {"action": "approve", "booking": waiting.pk},
                                   follow=True)
    assert seat_of(waiting) == Seat.WAITLISTED
    assert told(response, "승인 대기 중인 신청만 승인할 수 있습니다.")


def test_decline_with_a_reason_passes_the_seat_to_the_first_waiting(trainer, full_session, session):
    pending, (first, second) = full_session["pending"], full_session["waiting"]
    client = login(trainer)
    refused = client.post(reason_url(pending, "decline"), {"reason": "  "})
    assert refused.status_code == 200 and seat_of(pending) == Seat.PENDING
    assert "거절 사유를 입력해 주세요." in refused.content.decode()

    response = client.post(reason_url(pending, "decline"), {"reason": "교육 대상이 아닙니다."}, follow=True)
    assert response.redirect_chain[-1][0] == session_url(session)
    assert seat_of(pending) == Seat.DECLINED
    assert seat_of(first) == Seat.PENDING  # promoted; this training still needs approval
    assert seat_of(second) == Seat.WAITLISTED
    pending.request.refresh_from_db()
    assert pending.request.status == Status.REJECTED
    assert pending.request.updates.filter(text="교육 대상이 아닙니다.", is_public=True).exists()
    assert ("참석자1 님의 신청을 거절했습니다. 대기하던 참석자3 님이 자리를 받았습니다(승인 대기)."
            in messages_on(response))
    assert panel_rows(response, "waitlisted")[0].split()[:1] == ["1"]


def test_staff_cancel_a_confirmed_seat_and_the_next_person_gets_it(trainer, home_page):
    session = make_training(home_page, capacity=1).sessions.get()
    confirmed, waiting = booking_for(session, 1), booking_for(session, 2)
    response = login(trainer).post(reason_url(confirmed, "cancel"), {"reason": "본인이 전화로 취소"},
                                   follow=True)
    assert seat_of(confirmed) == Seat.CANCELLED
    assert seat_of(waiting) == Seat.CONFIRMED
    confirmed.request.refresh_from_db()
    assert confirmed.request.status == Status.WITHDRAWN
    update = confirmed.request.updates.get(kind=RequestUpdate.Kind.STATUS)
    assert (update.actor, update.text) == (trainer, "본인이 전화로 취소")
    assert ("참석자1 님의 신청을 취소했습니다. 대기하던 참석자2 님이 자리를 받았습니다(확정)."
            in messages_on(response))


def test_cancelling_twice_says_it_is_already_cancelled(trainer, home_page):
    session = make_training(home_page).sessions.get()
    booking = booking_for(session, 1)
    client = login(trainer)
    client.post(reason_url(booking, "cancel"), {"reason": "본인 요청"})
    response = client.post(reason_url(booking, "cancel"), {"reason": "본인 요청"}, follow=True)
    assert told(response, "이미 취소되었거나 거절된 신청입니다.")
    assert booking.request.updates.filter(kind=RequestUpdate.Kind.STATUS).count() == 1


def test_actions_need_the_csrf_token(trainer, full_session, session):
    client = log_in_verified(Client(enforce_csrf_checks=True), trainer)
    pending = full_session["pending"]
    assert client.post(session_url(session), {"action": "approve", "booking": pending.pk}).status_code == 403
    assert seat_of(pending) == Seat.PENDING
    form = soup(client.get(session_url(session))).select_one("#training-pending-section form")
    data = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    client.post(session_url(session), data)
    assert seat_of(pending) == Seat.CONFIRMED


# ---------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------


@pytest.fixture
def three_confirmed(home_page):
    session = make_training(home_page, capacity=3).sessions.get()
    return session, [booking_for(session, n) for n in range(3)]


def attended(bookings):
    for booking in bookings:
        booking.refresh_from_db()
    return [booking.attended for booking in bookings]


def test_attendance_cannot_be_recorded_before_the_day(trainer, three_confirmed):
    session, booked = three_confirmed
    client = login(trainer)
    page = client.get(session_url(session))
    assert not soup(page).select("input[name=attended]")
    assert f"출석은 교육 당일({session.date:%Y-%m-%d})부터 기록할 수 있습니다." in page.content.decode()
    data = {"action": "attendance", "shown": [b.pk for b in booked], "attended": [booked[0].pk]}
    response = client.post(session_url(session), data, follow=True)
    assert attended(booked) == [None, None, None]
    assert told(response, "부터 기록할 수 있습니다")


@pytest.mark.parametrize("days_ago", [0, 2])
def test_attendance_is_saved_in_one_post_from_the_day_on(trainer, three_confirmed, days_ago):
    session, booked = three_confirmed
    move_to(session, timezone.localdate() - datetime.timedelta(days=days_ago))
    client = login(trainer)
    form = soup(client.get(session_url(session)))
    boxes = form.select("input[name=attended][form=attendance-form]")
    assert sorted(int(box["value"]) for box in boxes) == sorted(b.pk for b in booked)
    data = {"action": "attendance", "shown": [b.pk for b in booked], "attended": [booked[0].pk, booked[2].pk]}
    response = client.post(session_url(session), data, follow=True)
    assert attended(booked) == [True, False, True]
    assert "출석을 저장했습니다. 출석 2명, 결석 1명." in messages_on(response)
    ticked = soup(response).select("input[name=attended][checked]")
    assert sorted(int(box["value"]) for box in ticked) == sorted([booked[0].pk, booked[2].pk])
    logged = ModelLogEntry.objects.filter(action="services.training_attendance_recorded", user=trainer)
    assert logged.count() == 1


def test_attendance_leaves_rows_not_on_the_form_and_unconfirmed_seats_alone(trainer, home_page):
    session = make_training(home_page, capacity=2).sessions.get()
    first, second, waiting = (booking_for(session, n) for n in range(3))
    move_to(session, timezone.localdate())
    data = {"action": "attendance", "shown": [first.pk, waiting.pk], "attended": [waiting.pk]}
    login(trainer).post(session_url(session), data)
    assert attended([first, second, waiting]) == [False, None, None]


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

HEADINGS = ["접수번호", "이름", "기관명", "직위·직무", "자리", "대기 순번", "출석"]


def test_csv_export_lists_attendees_without_contact_data(trainer, full_session, session):
    booked = [full_session["confirmed"], full_session["pending"], *full_session["waiting"]]
    TrainingBooking.objects.filter(pk=full_session["confirmed"].pk).update(attended=True)
    response = login(trainer).get(session_url(session), {"export": "csv"})
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="training-{session.pk}-{session.date:%Y%m%d}-attendees')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read Korean"
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(",") == HEADINGS
    refs = [b.request.reference for b in booked]
    assert [line.split(",") for line in lines[1:]] == [
        [refs[0], "참석자2", "햇살재가복지센터", "요양보호사", "확정", "", "출석"],
        [refs[1], "참석자1", "햇살재가복지센터", "요양보호사", "승인 대기", "", "미기록"],
        [refs[2], "참석자3", "햇살재가복지센터", "요양보호사", "대기", "1", "미기록"],
        [refs[3], "참석자4", "햇살재가복지센터", "요양보호사", "대기", "2", "미기록"],
    ]
    for booking in booked:
        assert booking.request.phone not in text and booking.request.email not in text
    assert "@" not in text and "010-" not in text


def test_xlsx_export_has_the_same_rows(trainer, full_session, session):
    response = login(trainer).get(session_url(session), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert [(row[1], row[4], row[5]) for row in rows[1:]] == [
        ("참석자2", "확정", None), ("참석자1", "승인 대기", None),
        ("참석자3", "대기", 1), ("참석자4", "대기", 2),
    ]
    assert "@" not in str(rows) and "010-" not in str(rows)


def test_exporting_is_not_logged_as_opening_the_page(trainer, full_session, session):
    login(trainer).get(session_url(session), {"export": "csv"})
    assert not ModelLogEntry.objects.filter(action="services.request_viewed").exists()


# ---------------------------------------------------------------------------
# Message to every confirmed attendee
# ---------------------------------------------------------------------------


def test_message_all_writes_to_each_confirmed_attendee_and_emails_them(
    trainer, home_page, django_capture_on_commit_callbacks,
):
    session = make_training(home_page, capacity=2).sessions.get()
    first, second, waiting = (booking_for(session, n) for n in range(3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(trainer).post(
            session_url(session), {"action": "message", "message-text": "3층 교육실로 오세요."}, follow=True,
        )
    assert "확정된 참석자 2명에게 메시지를 보냈습니다." in messages_on(response)
    for booking in (first, second):
        update = booking.request.updates.get(kind=RequestUpdate.Kind.MESSAGE)
        assert (update.text, update.is_public, update.actor) == ("3층 교육실로 오세요.", True, trainer)
    assert not waiting.request.updates.filter(kind=RequestUpdate.Kind.MESSAGE).exists()
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [(first.request.email,), (second.request.email,)]
    entries = ModelLogEntry.objects.filter(action="services.training_attendees_messaged")
    assert entries.count() == 1
    assert entries.get().user == trainer and entries.get().data["recipients"] == 2


def test_an_empty_message_is_refused_in_korean(trainer, three_confirmed):
    session, booked = three_confirmed
    response = login(trainer).post(session_url(session), {"action": "message", "message-text": " "})
    assert response.status_code == 200
    assert told(response, "메시지 내용을 입력해 주세요.")
    assert not RequestUpdate.objects.filter(kind=RequestUpdate.Kind.MESSAGE, actor=trainer).exists()


def test_a_too_long_message_keeps_what_was_typed(trainer, three_confirmed):
    session, _ = three_confirmed
    text = "가" * 4001
    response = login(trainer).post(session_url(session), {"action": "message", "message-text": text})
    assert soup(response).select_one("textarea[name=message-text]").get_text().strip() == text
    assert not RequestUpdate.objects.filter(kind=RequestUpdate.Kind.MESSAGE, actor=trainer).exists()
