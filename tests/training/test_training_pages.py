"""교육 안내: the listing with honest seat labels and filters, the archive, a
training's page with its sessions and refusal reasons, the iCalendar feed and
per-session files, the page cache after a booking, and the seed loader.

Every test runs at a fixed "now" (Tuesday 1 December 2026, 12:00 in Seoul),
so sessions can be placed before, during and after it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.documents import get_document_model

from home import seed
from services.models import RequestFormPage, RequestKind, TrainingBooking, TrainingPage, TrainingSession
from services.models.request_details import Seat
from services.models.trainings import Audience, Topic, TrainingIndexPage
from services.requests import pipeline
from services.training import seats as bookings

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=SEOUL)
TODAY = NOW.date()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def index(home_page):
    """The loaded 교육 안내 page without its sample trainings (the booking
    form that may live under it stays)."""
    page = TrainingIndexPage.objects.get(slug="trainings")
    for training in TrainingPage.objects.child_of(page):
        training.delete()
    return page


@pytest.fixture
def booking_form(index):
    form = RequestFormPage.objects.live().filter(kind=RequestKind.TRAINING).first()
    if form is None:
        form = RequestFormPage(title="교육 신청", slug="booking", kind=RequestKind.TRAINING)
        index.add_child(instance=form)
        form.save_revision().publish()
    return form


_counter = iter(range(100_000))


def add_training(index, title, sessions, topic=Topic.BASIC, audiences=(Audience.PROVIDER_STAFF,), **fields):
    """`sessions`: (day offset, "HH:MM", "HH:MM", capacity[, extra fields]) tuples."""
    rows = []
    for offset, start, end, capacity, *extra in sessions:
        rows.append(TrainingSession(
            date=day(offset), start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end), capacity=capacity,
            **{"venue_detail": "포스트타워", **(extra[0] if extra else {})},
        ))
    page = index.add_child(instance=TrainingPage(
        title=title, slug=f"training-{next(_counter)}", summary=f"{title} 요약.", topic=topic,
        audiences=list(audiences), sessions=rows, **fields,
    ))
    page.save_revision().publish()
    return page


def session_of(training, offset=None):
    sessions = TrainingSession.objects.filter(page=training).order_by("date", "start_time")
    return sessions.get(date=day(offset)) if offset is not None else sessions.first()


def book(session, n=1, seat=None):
    """`n` people book `session` through services.training.seats (or, with `seat`,
    their booking is put straight into that seat)."""
    made = []
    for _ in range(n):
        number = next(_counter)
        request = pipeline.submit(
            RequestKind.TRAINING, "마포구",
            pipeline.Applicant(name="김교육", phone=f"010-5{number:03d}-{number:04d}",
                               email=f"person{number}@example.org"),
            pipeline.Consent(notice_version="2026-11", given_at=NOW),
        )
        if seat is None:
            made.append(bookings.book(request, session.pk, organisation_name="돌봄기관",
                                      business_number="123-45-67890", provider_type="social_service",
                                      role="사회복지사"))
        else:
            made.append(TrainingBooking.objects.create(
                request=request, session=session, seat=seat, organisation_name="돌봄기관",
                business_number="123-45-67890", provider_type="social_service", role="사회복지사",
                attendee_phone=request.phone, attendee_email=request.email,
            ))
    return made


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def listed(html):
    """{title: [(when, place, label), …]} in the order shown."""
    result = {}
    for item in html.select(".agency-results__item"):
        title = item.h3.get_text(strip=True)
        result[title] = [
            (li.time.get_text(strip=True), li.get_text(" ", strip=True), li.select_one(".krds-badge"))
            for li in item.select(".agency-training-sessions li")
        ]
    return result


def labels(html, title):
    return [tag.get_text(strip=True) if tag else None for _, _, tag in listed(html)[title]]


# --- the listing ---------------------------------------------------------------


def test_upcoming_trainings_by_next_session_past_ones_archived(client, index):
    add_training(index, "열흘 뒤 교육", [(9, "14:00", "17:00", 30)])
    add_training(index, "이틀 뒤 교육", [(2, "14:00", "17:00", 30), (19, "10:00", "12:00", 30)],
                 topic=Topic.DEMENTIA, audiences=[Audience.CARE_WORKER, Audience.PROVIDER_MANAGER])
    add_training(index, "지금 하는 교육", [(0, "10:00", "17:00", 30)])
    add_training(index, "끝난 교육", [(-11, "14:00", "17:00", 30)])
    add_training(index, "오늘 오전에 끝난 교육", [(0, "09:00", "11:00", 30)])

    html = soup(client.get(index.url))
    trainings = listed(html)
    assert list(trainings) == ["지금 하는 교육", "이틀 뒤 교육", "열흘 뒤 교육"]
    assert html.select_one('[role="status"]').get_text(strip=True) == "3개 교육"

    item = html.select(".agency-results__item")[1]
    assert "치매전문교육" in item.select_one(".krds-badge").get_text()
    assert "대상: 전문서비스직, 제공기관 관리자" in item.get_text(" ", strip=True)
    when, text, _ = trainings["이틀 뒤 교육"][0]
    assert when == "2026년 12월 3일 (목) 14:00–17:00"
    assert "본부 교육실 (포스트타워)" in text
    assert [w for w, _, _ in trainings["이틀 뒤 교육"]][1] == "2026년 12월 20일 (일) 10:00–12:00"

    archive = soup(client.get(index.url + "archive/"))
    assert html.find("a", string="지난 교육 보기")["href"] == index.url + "archive/"
    assert archive.h1.get_text(strip=True) == "지난 교육"
    assert list(listed(archive)) == ["오늘 오전에 끝난 교육", "끝난 교육"]
    assert archive.title.get_text().startswith("지난 교육 | 교육 안내")


def test_seat_labels_are_counted_from_the_bookings(client, index):
    training = add_training(index, "자리 교육", [
        (2, "14:00", "17:00", 3), (3, "14:00", "17:00", 2), (4, "14:00", "17:00", 2),
        (5, "14:00", "17:00", 5, {"is_cancelled": True}),
    ])
    sessions = TrainingSession.objects.filter(page=training).order_by("date")
    open_session, full_session, mixed_session, _ = sessions
    book(open_session, 1)
    book(full_session, 2)
    book(full_session, 1)  # onto the waiting list
    book(mixed_session, 1, seat=Seat.PENDING)  # holds a seat until staff decide
    book(mixed_session, 1, seat=Seat.CANCELLED)
    book(mixed_session, 1, seat=Seat.DECLINED)
    assert TrainingBooking.objects.filter(session=full_session, seat=Seat.WAITLISTED).count() == 1

    html = soup(client.get(index.url))
    assert labels(html, "자리 교육") == ["2석 남음", "대기 가능", "1석 남음", "취소"]
    tags = [tag for _, _, tag in listed(html)["자리 교육"]]
    assert [t["class"][1] for t in tags] == ["agency-tag--green", "agency-tag--yellow", "agency-tag--green",
                                             "agency-tag--red"]

    # A booking shows at once: the last seat of the first session, then the waiting list.
    book(open_session, 2)
    assert labels(soup(client.get(index.url)), "자리 교육")[0] == "대기 가능"


def test_closed_started_cancelled_and_not_yet_open(client, index):
    add_training(index, "마감된 교육", [(5, "14:00", "17:00", 30)],
                 registration_closes_at=NOW - datetime.timedelta(hours=1))
    add_training(index, "시작한 교육", [(0, "11:00", "17:00", 30), (1, "11:00", "17:00", 30)])
    add_training(index, "취소된 교육", [(6, "14:00", "17:00", 30)], is_cancelled=True,
                 cancellation_note="강사 사정으로 취소합니다.")
    add_training(index, "곧 신청받는 교육", [(20, "14:00", "17:00", 30)],
                 registration_opens_at=NOW + datetime.timedelta(days=3))

    html = soup(client.get(index.url))
    assert labels(html, "마감된 교육") == ["마감"]
    assert labels(html, "시작한 교육") == ["마감", "30석 남음"]
    assert labels(html, "취소된 교육") == ["취소"]
    assert labels(html, "곧 신청받는 교육") == ["신청 예정"]
    assert "강사 사정으로 취소합니다." in html.main.get_text()


def test_filters_by_month_topic_audience_and_seats_left(client, index):
    add_training(index, "12월 치매 교육", [(5, "14:00", "17:00", 1)], topic=Topic.DEMENTIA,
                 audiences=[Audience.CARE_WORKER])
    full = add_training(index, "12월 기초 교육", [(7, "14:00", "17:00", 1)],
                        audiences=[Audience.DISTRICT_OFFICER, Audience.PROVIDER_STAFF])
    add_training(index, "1월 심화 교육", [(40, "14:00", "17:00", 20)], topic=Topic.ADVANCED)
    add_training(index, "마감된 1월 교육", [(45, "14:00", "17:00", 20)],
                 registration_closes_at=NOW - datetime.timedelta(minutes=1))
    book(session_of(full), 1)

    html = soup(client.get(index.url))
    assert [(o["value"], o.get_text()) for o in html.select("#filter-month option")] == [
        ("", "모든 달"), ("2026-12", "2026년 12월"), ("2027-01", "2027년 1월"),
    ]
    form = html.select_one("main form")
    assert form["method"] == "get"
    for control in form.select("select, input"):
        assert form.find("label", attrs={"for": control["id"]})

    january = soup(client.get(index.url, {"month": "2027-01"}))
    assert list(listed(january)) == ["1월 심화 교육", "마감된 1월 교육"]
    assert list(listed(soup(client.get(index.url, {"topic": "dementia"})))) == ["12월 치매 교육"]
    assert list(listed(soup(client.get(index.url, {"audience": "district_officer"})))) == ["12월 기초 교육"]
    seats = soup(client.get(index.url, {"seats": "1"}))
    assert list(listed(seats)) == ["12월 치매 교육", "1월 심화 교육"]
    assert seats.select_one("#filter-seats").has_attr("checked")
    assert "조건 지우기" in seats.select_one('[role="status"]').get_text()

    none = soup(client.get(index.url, {"month": "2026-12", "topic": "advanced"}))
    assert listed(none) == {}
    assert "조건에 맞는 교육이 없습니다" in none.main.get_text()


@pytest.mark.parametrize("params", [
    {"month": "2026-13"}, {"month": "abc"}, {"month": "2025-01"}, {"topic": "없는분야"},
    {"audience": "<b>"}, {"seats": "yes"}, {"page": "xyz"}, {"page": "999"},
])
def test_bad_filter_values_are_ignored(client, index, params):
    add_training(index, "교육 하나", [(5, "14:00", "17:00", 10)])
    html = soup(client.get(index.url, params))
    assert list(listed(html)) == ["교육 하나"]
    assert html.select("form option[selected]") == []


def test_the_listing_costs_the_same_queries_for_two_or_twelve_trainings(client, index):
    def grow(n):
        for k in range(n):
            training = add_training(index, f"교육 {next(_counter)}",
                                    [(3 + k, "14:00", "17:00", 5), (30 + k, "10:00", "12:00", 5)])
            book(session_of(training), 2)

    def count():
        client.get(index.url)  # warm what Wagtail keeps between requests
        with CaptureQueriesContext(connection) as captured:
            html = soup(client.get(index.url))
        return len(captured), html

    grow(2)
    few, _ = count()
    grow(8)
    many, html = count()
    assert len(listed(html)) == 10  # one full page
    assert set(labels(html, next(iter(listed(html))))) == {"3석 남음", "5석 남음"}
    assert many == few


# --- a training's page -----------------------------------------------------------


def test_training_page_lists_sessions_with_booking_links_or_reasons(client, index, booking_form):
    training = add_training(index, "치매전문교육", [
        (-1, "14:00", "17:00", 30),
        (0, "11:00", "13:00", 30),
        (2, "14:00", "17:00", 1),
        (3, "14:00", "17:00", 10, {"venue": TrainingSession.Venue.ONLINE, "venue_detail": "Zoom",
                                   "online_url": "https://meet.example.org/secret-room"}),
        (4, "14:00", "17:00", 10, {"is_cancelled": True}),
    ], topic=Topic.DEMENTIA, audiences=[Audience.CARE_WORKER], instructor="김강사",
        requires_approval=True, description="<p>치매 이해와 돌봄 방법.</p>")
    sessions = list(TrainingSession.objects.filter(page=training).order_by("date"))
    book(sessions[2], 1)

    html = soup(client.get(training.url))
    assert html.h1.get_text(strip=True) == "치매전문교육"
    text = html.main.get_text(" ", strip=True)
    assert "김강사" in text and "전문서비스직" in text and "치매 이해와 돌봄 방법." in text
    assert "담당자가 신청 내용을 확인하고 승인하면 자리가 확정됩니다" in text
    assert "secret-room" not in html.decode()

    table = html.select_one("table")
    assert table.caption.get_text(strip=True) == "치매전문교육 회차별 일정과 남은 자리"
    rows = table.select("tbody tr")
    assert [row.th.get_text(strip=True) for row in rows][2] == "2026년 12월 3일 (목) 14:00–17:00"
    assert [row.select_one(".krds-badge").get_text() for row in rows] == [
        "마감", "마감", "대기 가능", "10석 남음", "취소",
    ]
    actions = [row.select("td")[-1] for row in rows]
    assert "이미 시작했거나 끝난 회차입니다" in actions[0].get_text()
    assert "이미 시작했거나 끝난 회차입니다" in actions[1].get_text()
    assert "취소된 교육입니다" in actions[4].get_text()
    booking_links = {
        a["href"]: a.get_text(" ", strip=True)
        for a in table.select("a") if a["href"].startswith(booking_form.url)
    }
    assert booking_links == {
        f"{booking_form.url}?session={sessions[2].pk}": "대기자로 신청하기 (12월 3일 14:00 회차)",
        f"{booking_form.url}?session={sessions[3].pk}": "신청하기 (12월 4일 14:00 회차)",
    }
    online = "온라인 (Zoom) (접속 주소는 확정된 분께 전자우편으로 보냅니다)"
    assert online in rows[3].get_text(" ", strip=True)
    ics_links = [a["href"] for a in table.select("a") if "calendar.ics" in a["href"]]
    assert ics_links == [f"{training.url}sessions/{s.pk}/calendar.ics" for s in sessions]


def test_closed_registration_and_cancelled_training_say_why(client, index, booking_form):
    closed = add_training(index, "마감된 교육", [(5, "14:00", "17:00", 30)],
                          registration_closes_at=NOW - datetime.timedelta(hours=1))
    later = add_training(index, "나중 교육", [(20, "14:00", "17:00", 30)],
                         registration_opens_at=datetime.datetime(2026, 12, 10, 9, 0, tzinfo=SEOUL))
    cancelled = add_training(index, "취소된 교육", [(6, "14:00", "17:00", 30)], is_cancelled=True,
                             cancellation_note="강사 사정으로 취소합니다. 다음 일정은 알림·소식에 올립니다.")
    for page, reason in [(closed, "신청이 마감되었습니다."), (later, "신청은 2026-12-10 09:00부터 받습니다."),
                         (cancelled, "취소된 교육입니다. 신청을 받지 않습니다.")]:
        html = soup(client.get(page.url))
        assert html.select_one("tbody td:last-child").get_text(" ", strip=True).startswith(reason)
        assert not html.select(f'a[href^="{booking_form.url}"]')
    banner = soup(client.get(cancelled.url)).select_one(".agency-banner")
    assert "취소된 교육입니다" in banner.get_text()
    assert "강사 사정으로 취소합니다." in banner.get_text()


def test_materials_show_file_type_and_size(client, index, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = get_document_model().objects.create(
        title="치매교육 교재", file=ContentFile(b"%PDF-1.4 " + b"x" * 2048, name="dementia.pdf"),
    )
    training = add_training(index, "자료 있는 교육", [(5, "14:00", "17:00", 30)],
                            materials=[("document", document)])
    html = soup(client.get(training.url))
    link = html.find("a", string="치매교육 교재")
    assert link["href"] == document.url
    assert "(PDF, 2.0" in link.parent.get_text()


# --- iCalendar -----------------------------------------------------------------


def parse(response, filename):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    return Calendar.from_ical(response.content)


def test_feed_has_upcoming_sessions_that_take_place_in_seoul_time(client, index):
    training = add_training(index, "치매전문교육", [
        (2, "14:00", "17:00", 30),
        (9, "10:00", "12:00", 30, {"venue": TrainingSession.Venue.ONLINE,
                                   "online_url": "https://meet.example.org/secret-room"}),
        (10, "10:00", "12:00", 30, {"is_cancelled": True}),
        (-3, "10:00", "12:00", 30),
    ])
    add_training(index, "취소된 교육", [(4, "14:00", "17:00", 30)], is_cancelled=True)

    html = soup(client.get(index.url))
    feed_url = index.url + "calendar.ics"
    assert html.select_one('link[rel="alternate"][type="text/calendar"]')["href"] == feed_url
    assert html.find("a", href=feed_url)

    response = client.get(feed_url)
    calendar = parse(response, "trainings.ics")
    assert b"secret-room" not in response.content
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Seoul"]
    events = calendar.events
    assert [e.start for e in events] == [
        datetime.datetime(2026, 12, 3, 14, 0, tzinfo=SEOUL),
        datetime.datetime(2026, 12, 10, 10, 0, tzinfo=SEOUL),
    ]
    first, online = events
    assert first["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert b"DTSTART;TZID=Asia/Seoul:20261203T140000" in response.content
    assert first.end == datetime.datetime(2026, 12, 3, 17, 0, tzinfo=SEOUL)
    assert str(first["SUMMARY"]) == "치매전문교육"
    assert str(first["DESCRIPTION"]) == "치매전문교육 요약."
    assert str(first["LOCATION"]) == "본부 교육실 (포스트타워)"
    assert str(first["URL"]) == training.full_url
    assert str(online["LOCATION"]) == "온라인 (포스트타워)"
    # The same session keeps its UID, so calendars update instead of duplicating.
    again = Calendar.from_ical(client.get(feed_url).content)
    assert [str(e["UID"]) for e in again.events] == [str(e["UID"]) for e in events]
    assert len({str(e["UID"]) for e in events}) == 2


def test_one_session_as_a_file(client, index):
    training = add_training(index, "인지상정 활용교육", [
        (2, "14:00", "17:00", 30),
        (3, "10:00", "12:00", 30, {"venue": TrainingSession.Venue.ONLINE, "venue_detail": "",
                                   "online_url": "https://meet.example.org/secret-room"}),
    ])
    first, online = TrainingSession.objects.filter(page=training).order_by("date")
    url = f"{training.url}sessions/{first.pk}/calendar.ics"
    calendar = parse(client.get(url), f"training-{first.pk}-20261203.ics")
    [event] = calendar.events
    assert event.start == datetime.datetime(2026, 12, 3, 14, 0, tzinfo=SEOUL)
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Seoul"]

    response = client.get(f"{training.url}sessions/{online.pk}/calendar.ics")
    [event] = parse(response, f"training-{online.pk}-20261204.ics").events
    assert str(event["LOCATION"]) == "온라인"
    assert b"secret-room" not in response.content


def test_a_session_of_another_training_is_not_found(client, index):
    one = add_training(index, "교육 하나", [(2, "14:00", "17:00", 30)])
    other = add_training(index, "다른 교육", [(3, "14:00", "17:00", 30)])
    assert client.get(f"{one.url}sessions/{session_of(other).pk}/calendar.ics").status_code == 404
    assert client.get(f"{one.url}sessions/999999/calendar.ics").status_code == 404
    assert client.get(f"{one.url}sessions/{session_of(one).pk}/calendar.ics").status_code == 200


# --- the page cache --------------------------------------------------------------


def test_a_booking_shows_on_cached_pages(client, index, page_cache_on):
    training = add_training(index, "캐시 교육", [(3, "14:00", "17:00", 2)])
    for url in (index.url, training.url):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    [booking] = book(session_of(training), 1)
    assert labels(soup(client.get(index.url)), "캐시 교육") == ["1석 남음"]
    assert "1석 남음" in soup(client.get(training.url)).select_one("tbody").get_text()

    bookings.cancel(booking)
    assert labels(soup(client.get(index.url)), "캐시 교육") == ["2석 남음"]


# --- seeds -----------------------------------------------------------------------


def test_seed_builds_the_section_with_dated_examples(client, home_page):
    index = TrainingIndexPage.objects.get(slug="trainings")
    assert index.get_parent().pk == home_page.pk and index.live and index.show_in_menus
    samples = TrainingPage.objects.child_of(index).live()
    assert samples.count() == 3
    for sample in samples:
        assert sample.title.endswith("(예시)")
        assert "예시 일정입니다" in sample.description
        for session in sample.sessions.all():
            assert session.venue == TrainingSession.Venue.HQ
            assert session.capacity in (20, 30)
    html = soup(client.get(index.url))
    assert len(listed(html)) == 3


def test_loading_again_keeps_what_editors_changed(home_page):
    index = TrainingIndexPage.objects.get(slug="trainings")
    sample = TrainingPage.objects.child_of(index).get(slug="dementia-care-sample")
    sample.title = "치매전문교육 (편집함)"
    sample.save_revision().publish()
    seed.load()
    assert TrainingPage.objects.child_of(index).count() == 3
    sample.refresh_from_db()
    assert sample.title == "치매전문교육 (편집함)"
    assert sample.sessions.count() == 2
    assert seed.load_section("trainings", home_page).pk == index.pk
