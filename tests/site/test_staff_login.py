"""Staff login protection (agency_site.staff_login), the password step: a
lockout after repeated wrong passwords, per username and per address, the
audit log of failures, and the superusers' screen that unlocks. The second
factor is in test_second_factor.py, which shares the helpers below."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from bs4 import BeautifulSoup
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from agency_site.staff_login import audit
from agency_site.staff_login.models import LoginIdentifier
from tests.requests.test_staff_queues import sidebar_labels
from tests.staff import log_in_with_password, login

pytestmark = pytest.mark.django_db

PASSWORD = "x" * 16  # tests.staff.make_staff's
WRONG = "wrong-password-tried-123"
LOCKOUTS = "/admin/staff-login/lockouts/"
VERIFY = "/admin/staff-login/verify/"
ENROL = "/admin/staff-login/enrol/"
RECOVERY = "/admin/staff-login/recovery-codes/"
MANAGE = "/admin/staff-login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response):
    return soup(response).get_text(" ", strip=True)


def client_at(address):
    return Client(REMOTE_ADDR=address)


def try_password(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def logged_in(client):
    return "_auth_user_id" in client.session


def entries(action, instance=None):
    found = ModelLogEntry.objects.filter(action=action)
    if instance is not None:
        found = found.filter(object_id=str(instance.pk), content_type__model=instance._meta.model_name)
    return found


def let_throttle_pass(user):
    """django-otp makes the next try wait 1, 2, 4 … s after wrong codes:
    as if that time has passed."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user, throttling_failure_timestamp__isnull=False).update(
            throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(hours=1))


def password_step(user, address="192.0.2.10"):
    """A client that has done the password step only."""
    client = client_at(address)
    assert log_in_with_password(client, user.get_username(), PASSWORD)
    return client


# ---------------------------------------------------------------------------
# Lockout
# ---------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_username_even_from_many_addresses(root):
    for n in range(LIMIT):
        try_password(client_at(f"198.51.100.{n + 1}"), "root", WRONG)

    client = client_at("203.0.113.99")  # a fresh address: the username alone is locked
    response = try_password(client, "root", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    message = " ".join(li.get_text(" ", strip=True) for li in soup(response).select(".messages li"))
    assert "로그인이 잠겼습니다" in message
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60}분" in message
    assert "사이트 관리자" in message
    assert soup(response).find("form", class_="login-form")  # still Wagtail's login page


def test_one_address_is_locked_across_usernames(root):
    attacker = client_at("203.0.113.7")
    for n in range(LIMIT):
        try_password(attacker, f"guess-{n}", WRONG)  # names that belong to no one

    assert try_password(attacker, "root", PASSWORD).status_code == 429
    assert not logged_in(attacker)
    elsewhere = client_at("192.0.2.20")
    assert log_in_with_password(elsewhere, "root", PASSWORD)  # the account itself is not locked


def test_failures_below_the_limit_do_not_lock(root):
    for _ in range(LIMIT - 1):
        try_password(client_at("192.0.2.30"), "root", WRONG)
    assert log_in_with_password(client_at("192.0.2.30"), "root", PASSWORD)


def test_the_lock_ends_after_the_cool_off_period(root):
    for _ in range(LIMIT):
        try_password(client_at("192.0.2.40"), "root", WRONG)
    assert try_password(client_at("192.0.2.41"), "root", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME
                                 - datetime.timedelta(minutes=1))
    assert log_in_with_password(client_at("192.0.2.41"), "root", PASSWORD)


def test_the_address_counted_is_the_client_behind_the_trusted_proxy(root, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.200")
    try_password(proxy, "nobody", WRONG)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.200"]


def test_every_failure_is_in_the_audit_log_without_the_password(root):
    for _ in range(LIMIT):
        try_password(client_at("192.0.2.50"), "root", WRONG)
    try_password(client_at("192.0.2.51"), "no-such-person", WRONG)

    failures = entries(audit.FAILED, root)
    assert failures.count() == LIMIT
    assert failures.first().data["ip_address"] in {"192.0.2.50"}
    assert entries(audit.LOCKED_OUT, root).count() == 1
    unknown = LoginIdentifier.objects.get(kind="username", value="no-such-person")
    assert entries(audit.FAILED, unknown).get().data["ip_address"] == "192.0.2.51"
    assert unknown.pk and "no-such-person" in str(unknown)

    stored = [str(e.data) for e in ModelLogEntry.objects.all()]
    stored += [a.post_data + a.get_data for a in AccessAttempt.objects.all()]
    assert stored and not any(WRONG in row for row in stored)


def test_superusers_see_who_is_locked_and_unlock_them(root, worker):
    for _ in range(LIMIT):
        try_password(client_at("192.0.2.60"), "nw-kim", WRONG)
    for n in range(LIMIT):
        try_password(client_at("203.0.113.61"), f"guess-{n}", WRONG)
    admin = login(root)

    page = admin.get(LOCKOUTS)
    assert page.status_code == 200
    tables = {table.caption.get_text(strip=True): table.get_text(" ", strip=True)
              for table in soup(page).find_all("table")}
    assert "nw-kim" in tables["잠긴 계정(사용자 이름)"]
    assert "203.0.113.61" in tables["잠긴 접속 주소"]
    assert "guess-0" in tables["최근 로그인 실패 (최근 순)"]
    assert soup(page).find("button", attrs={"aria-label": "nw-kim 잠금 해제"})

    response = admin.post(LOCKOUTS, {"parameter": "username", "value": "nw-kim"}, follow=True)
    assert "nw-kim의 로그인 잠금을 해제했습니다." in text(response)
    assert log_in_with_password(client_at("192.0.2.62"), "nw-kim", PASSWORD)
    unlocked = entries(audit.UNLOCKED, worker).get()
    assert unlocked.user == root and unlocked.data["value"] == "nw-kim"

    admin.post(LOCKOUTS, {"parameter": "ip_address", "value": "203.0.113.61"})
    assert log_in_with_password(client_at("203.0.113.61"), "nw-kim", PASSWORD)
    address = LoginIdentifier.objects.get(kind="ip_address", value="203.0.113.61")
    assert entries(audit.UNLOCKED, address).get().user == root

    bad = admin.post(LOCKOUTS, {"parameter": "ip_address", "value": "not-an-address"}, follow=True)
    assert "접속 주소가 올바르지 않습니다" in text(bad)


def test_only_superusers_have_the_lockout_screen(root, worker, editor):
    assert "로그인 보호" in sidebar_labels(login(root).get("/admin/"))
    for user in (worker, editor):
        client = login(user)
        assert "로그인 보호" not in sidebar_labels(client.get("/admin/"))
        assert client.get(LOCKOUTS).status_code in (302, 403)
        assert client.post(LOCKOUTS, {"parameter": "username", "value": "x"}).status_code in (302, 403)
    assert Client().get(LOCKOUTS).status_code == 302  # to the login page


def test_the_failure_log_for_the_screen_is_kept(root):
    try_password(client_at("192.0.2.80"), "root", WRONG)
    assert AccessFailureLog.objects.filter(username="root", ip_address="192.0.2.80").exists()
