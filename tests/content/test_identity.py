"""The agency's name is one site setting (home.identity): rename it there and
no public page, feed, calendar file or e-mail shows the old name.

What editors wrote (page titles, intros, bodies, the loaded documents' prose)
legitimately names the agency, so before renaming, the test rewrites that
content in the database: every text column of the content models gets the old
name replaced by a placeholder. Whatever old name is left afterwards can only
come from the templates and the code, which is what is tested, and the whole
response is checked (not a list of places where the name is expected), so a
new template that writes the name by hand fails here too.
"""

from __future__ import annotations

import datetime
import json
from smtplib import SMTPException

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from home.identity import current
from home.models import ContactSettings, NoticeIndexPage
from services.models import (
    CentreIndexPage,
    CentrePage,
    Queue,
    RequestKind,
    Status,
    TrainingIndexPage,
    TrainingSession,
)
from services.requests import failed_notifications, notifications, pipeline
from services.training import events as training_events
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

OLD = "사회서비스원"  # in every form of the name: 서울특별시 사회서비스원, 서울시사회서비스원
PLACEHOLDER = "(본문 속 기관명)"
NEW = {"organisation_name": "재단법인 새 기관 이름", "name": "새 기관 이름", "short_name": "새기관",
       "slogan": "새 슬로건"}
STAFF = ["staff@example.org"]

# Where editors' words live: the content apps and the Wagtail models they use.
CONTENT_APPS = {
    "home", "services", "daycares", "search", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit",
}


def rewrite_editors_content():
    """Replace the old name in every text column of the content models
    (not in the identity setting, which the test renames itself)."""
    columns = set()
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS or model is ContactSettings:
            continue
        for field in model._meta.concrete_fields:
            if field.model is ContactSettings:
                continue
            kind = field.get_internal_type()
            if isinstance(field, (models.CharField, models.TextField)):
                columns.add((field.model._meta.db_table, field.column, False))
            elif kind == "JSONField":  # StreamField and JSON fields: as text, then back
                columns.add((field.model._meta.db_table, field.column, True))
    with connection.cursor() as cursor:
        for table, column, is_json in sorted(columns):
            table, column = connection.ops.quote_name(table), connection.ops.quote_name(column)
            if is_json:
                cursor.execute(
                    f"UPDATE {table} SET {column} = replace({column}::text, %s, %s)::jsonb "
                    f"WHERE {column}::text LIKE %s", [OLD, PLACEHOLDER, f"%{OLD}%"],
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET {column} = replace({column}, %s, %s) "
                    f"WHERE {column} LIKE %s", [OLD, PLACEHOLDER, f"%{OLD}%"],
                )
    # Editors' edits re-index what they publish; the search's excerpts come
    # from the index, so rebuild it as those publishes would.
    call_command("update_index", verbosity=0)


@pytest.fixture
def renamed(site_content):
    rewrite_editors_content()
    identity = ContactSettings.for_site(site_content)
    for field, value in NEW.items():
        setattr(identity, field, value)
    identity.save()
    return identity


def visible(response) -> str:
    """The body as a visitor's browser or a feed reader gets it (decoded; HTML
    entities as the characters they stand for)."""
    body = response.content.decode()
    if response["Content-Type"].startswith("text/html"):
        return str(BeautifulSoup(body, "html.parser"))
    return body


def fetch(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def test_the_setting_is_read_with_and_without_a_request(renamed, rf):
    assert current().name == NEW["name"]
    request = rf.get("/")
    assert current(request).short_name == NEW["short_name"]
    assert current(request) is current(request)  # once per request, like the footer's


def test_no_public_page_shows_the_old_name(client, renamed):
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    assert len(urls) > 20
    centre_index = CentreIndexPage.objects.live().first()
    urls += [
        # The district finder's answers (with a centre, and without).
        f"{centre_index.url}?my_district=마포구", f"{centre_index.url}?my_district=강남구",
        reverse("search") + "?q=센터", reverse("request_status:lookup"),
    ]
    for url in urls:
        html = visible(fetch(client, url))
        assert OLD not in html, url
        assert NEW["name"] in html, url  # header (og:site_name, too)

    html = BeautifulSoup(fetch(client, "/").content.decode(), "html.parser")
    assert html.title.get_text() == NEW["organisation_name"]
    assert html.find("meta", property="og:site_name")["content"] == NEW["name"]
    assert html.select_one(".agency-brand__name").get_text(strip=True) == NEW["name"]
    assert html.select_one(".agency-footer__name").get_text(strip=True) == NEW["organisation_name"]
    organisation = json.loads(html.find("script", type="application/ld+json").string)
    assert (organisation["name"], organisation["slogan"]) == (NEW["organisation_name"], NEW["slogan"])

    centre = CentrePage.objects.live().first()
    place = json.loads(BeautifulSoup(fetch(client, centre.url).content.decode(), "html.parser")
                       .find("script", type="application/ld+json").string)
    assert place["parentOrganization"]["name"] == NEW["name"]

    mapo = visible(fetch(client, f"{centre_index.url}?my_district=마포구"))
    assert f"{NEW['short_name']} 종합재가센터" in mapo


def test_the_404_and_error_pages_show_the_new_name(client, renamed):
    from agency_site import errors

    html = visible(fetch(client, "/no-such-page/", status=404))
    assert OLD not in html and NEW["name"] in html
    for page in errors.PAGES:
        html = errors.error_page(page, 500).content.decode()
        assert OLD not in html and f" | {NEW['name']}</title>" in html
        assert OLD not in errors.fallback_html(page, errors.agency_name())


def test_an_error_page_without_the_database_names_no_one(monkeypatch):
    from agency_site import errors
    from home import identity

    def down(request=None):
        raise ConnectionError("the database is down")

    monkeypatch.setattr(identity, "current", down)
    html = errors.error_page(500, 500).content.decode()
    assert OLD not in html
    assert "<title>일시적인 오류가 발생했습니다</title>" in html


def test_the_feed_and_calendars_show_the_new_name(client, renamed, home_page):
    notices = NoticeIndexPage.objects.live().first()
    feed = fetch(client, notices.get_feed_url()).content.decode()
    assert OLD not in feed
    assert f"<title>{notices.title} | {NEW['name']}</title>" in feed

    training = make_training(home_page, title="이름 시험 교육")
    session = training.sessions.get()
    index = TrainingIndexPage.objects.live().first()
    for url in (index.calendar_url(), training.session_calendar_url(session)):
        ics = fetch(client, url).content.decode().replace("\r\n ", "")  # long lines unfolded
        assert OLD not in ics, url
        assert f"PRODID:-//{NEW['name']}//교육 안내//KO" in ics


def _texts(message) -> list[str]:
    parts = [message.subject, message.from_email, message.body]
    parts += [content for content, _mimetype in message.alternatives]
    parts += [content.decode() if isinstance(content, bytes) else content
              for _name, content, _mimetype in message.attachments]
    return parts


def assert_renamed(message):
    for part in _texts(message):
        assert OLD not in part, message.subject
    assert message.subject.startswith(f"[{NEW['name']}] ")
    assert NEW["name"] in message.from_email
    assert NEW["name"] in message.body  # the signature
    assert NEW["name"] in message.alternatives[0][0]  # the HTML version's banner


def submit(email="hong@example.com"):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="홍길동", phone="010-2345-6789", email=email),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def test_every_request_e_mail_shows_the_new_name(renamed, django_capture_on_commit_callbacks):
    Queue.objects.update(notify_emails="\n".join(STAFF))
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()  # received (applicant) and new request (staff)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.change_status(request, Status.TRIAGED, actor=None)
        pipeline.message_applicant(request, "서류를 보내 주세요.", actor=None)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_renamed(message)

    mail.outbox.clear()
    failed_notifications.give_up(notifications.RECEIVED, request.pk, None, 3, SMTPException("421"))
    [alert] = mail.outbox
    assert alert.to == STAFF
    assert_renamed(alert)


def test_every_training_e_mail_and_its_calendar_file_show_the_new_name(
    renamed, home_page, django_capture_on_commit_callbacks
):
    session = make_training(home_page, title="이름 시험 교육", days_ahead=3).sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_for(session, 1)
    request = booking.request
    messages = [*mail.outbox]
    assert any(message.attachments for message in messages)  # the .ics with the confirmation
    for event in (training_events.SEAT, training_events.REMINDER):
        messages.append(notifications.build(event, request))
    day = timezone.localdate() - datetime.timedelta(days=2)
    TrainingSession.objects.filter(pk=session.pk).update(date=day)  # it took place
    request.refresh_from_db()
    messages.append(notifications.build(training_events.SURVEY, request))
    assert None not in messages
    for message in messages:
        assert_renamed(message)
