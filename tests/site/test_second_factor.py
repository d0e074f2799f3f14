"""The second factor for staff (agency_site.staff_login): who must use it,
enrolment with a QR code and recovery codes, logging in with a code, and
managing or resetting it."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agency_site.staff_login import audit, devices
from tests.requests.test_staff_queues import EC, inspect_url, submit
from tests.site.test_staff_login import (
    ENROL,
    MANAGE,
    RECOVERY,
    VERIFY,
    entries,
    let_throttle_pass,
    password_step,
    soup,
    text,
)
from tests.staff import TOTP_KEY, current_step, give_authenticator, login, totp_code

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Second factor: who must use it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker", "root"])
def test_without_the_second_factor_no_admin_page_opens(request, who, site_content):
    user = request.getfixturevalue(who)
    service_request = submit(EC, "마포구", name="홍길동")
    client = password_step(user)
    for url in ["/admin/", inspect_url(service_request), "/admin/service-requests/",
                "/admin/pages/", MANAGE, RECOVERY, f"/requests/attachments/{service_request.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(ENROL + "?next="), url
    assert "홍길동" not in text(client.get(inspect_url(service_request), follow=True))

    give_authenticator(user)  # enrolled: now the code page instead
    response = client.get(inspect_url(service_request))
    assert response["Location"].startswith(VERIFY + "?next=")


def test_an_editor_who_works_no_queue_is_not_asked(editor):
    client = password_step(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_an_editor_who_enrolled_is_asked_for_the_code(editor):
    give_authenticator(editor)
    client = password_step(editor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


# ---------------------------------------------------------------------------
# Enrolment
# ---------------------------------------------------------------------------


def test_enrolment_qr_code_first_code_and_recovery_codes_shown_once(root):
    client = password_step(root)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    page = soup(response)
    assert page.h1.get_text(strip=True) == "2단계 인증 등록"
    assert page.find("svg")  # the QR code, drawn on the server
    secret = page.find(attrs={"data-secret": True}).get_text(strip=True)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    pending = TOTPDevice.objects.get(user=root, confirmed=False)
    assert secret.replace(" ", "") == devices.secret_in_groups(pending).replace(" ", "")

    refused = client.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert refused.status_code == 200
    assert "코드가 맞지 않습니다" in text(refused)
    assert not TOTPDevice.objects.filter(user=root, confirmed=True).exists()
    assert entries(audit.CODE_FAILED, root).get().data["kind"] == "enrolment"
    let_throttle_pass(root)

    done = client.post(ENROL, {"code": totp_code(pending.key), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"].startswith(RECOVERY)
    assert TOTPDevice.objects.get(user=root).confirmed
    assert entries(audit.ENROLLED, root).count() == 1

    shown = client.get(done["Location"])
    assert "인쇄/저장하세요" in text(shown)
    codes = [code.get_text(strip=True) for code in soup(shown).select("ol code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(c.replace("-", "") for c in codes) == sorted(
        StaticToken.objects.filter(device__user=root).values_list("token", flat=True))
    assert soup(shown).find("a", string="계속")["href"] == "/admin/pages/"
    again = client.get(done["Location"])
    assert not soup(again).select("ol code")
    assert "한 번만 보여 드립니다" in text(again)

    assert client.get("/admin/").status_code == 200  # this session is verified


def test_someone_with_an_authenticator_cannot_enrol_another_without_its_code(root):
    give_authenticator(root)
    client = password_step(root)
    response = client.get(ENROL)
    assert response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=root, confirmed=False).exists()


# ---------------------------------------------------------------------------
# Logging in with a code
# ---------------------------------------------------------------------------


def test_a_right_code_opens_the_page_first_asked_for(worker):
    give_authenticator(worker)
    service_request = submit(EC, "마포구", name="홍길동")
    client = password_step(worker)
    to_verify = client.get(inspect_url(service_request))["Location"]
    page = soup(client.get(to_verify))
    assert page.h1.get_text(strip=True) == "인증 코드 입력"
    assert page.find("button", string="확인")["formaction"] == VERIFY
    assert page.find("input", attrs={"name": "next"})["value"] == inspect_url(service_request)

    before = client.session.session_key
    response = client.post(VERIFY, {"code": totp_code(), "next": inspect_url(service_request)})
    assert response.status_code == 302 and response["Location"] == inspect_url(service_request)
    assert client.session.session_key != before  # a new session key once both steps are done
    assert "홍길동" in text(client.get(inspect_url(service_request)))


def test_a_wrong_code_is_refused_logged_and_throttled(worker):
    give_authenticator(worker)
    client = password_step(worker, address="192.0.2.70")
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "코드가 맞지 않습니다" in text(response)
    assert client.get("/admin/").status_code == 302
    logged = entries(audit.CODE_FAILED, worker).get()
    assert logged.data == {"ip_address": "192.0.2.70", "kind": "totp", "throttled": False}

    # At once again, even with the right code: django-otp's throttle says wait.
    throttled = client.post(VERIFY, {"code": totp_code()})
    assert "초 뒤에 다시 입력해 주세요" in text(throttled)
    assert client.get("/admin/").status_code == 302
    assert entries(audit.CODE_FAILED, worker).filter(data__throttled=True).count() == 1

    let_throttle_pass(worker)
    assert client.post(VERIFY, {"code": totp_code()}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_empty_or_odd_code_gets_a_message_not_an_error(worker):
    give_authenticator(worker)
    client = password_step(worker)
    assert "인증 코드를 입력해 주세요." in text(client.post(VERIFY, {"code": ""}))
    let_throttle_pass(worker)
    assert "코드가 맞지 않습니다" in text(client.post(VERIFY, {"code": "<script>"}))
    let_throttle_pass(worker)
    assert "null 문자" in text(client.post(VERIFY, {"code": "\x00" * 6}))  # Django's own words
    assert client.post(VERIFY, {"code": "1" * 10_000}).status_code == 200


def test_a_code_is_accepted_only_once(worker):
    give_authenticator(worker)
    code = totp_code()
    assert password_step(worker).post(VERIFY, {"code": code}).status_code == 302
    replay = password_step(worker)
    assert "코드가 맞지 않습니다" in text(replay.post(VERIFY, {"code": code}))


def test_a_recovery_code_works_once_and_not_twice(worker):
    give_authenticator(worker)
    codes = devices.new_recovery_codes(worker)

    first = password_step(worker)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302  # case and dash do not matter
    assert first.get("/admin/").status_code == 200
    used = entries(audit.RECOVERY_CODE_USED, worker).get()
    assert used.data["remaining"] == 9

    second = password_step(worker)
    response = second.post(VERIFY, {"code": codes[0]})
    assert "코드가 맞지 않습니다" in text(response)
    assert second.get("/admin/").status_code == 302
    assert entries(audit.CODE_FAILED, worker).get().data["kind"] == "recovery"


# ---------------------------------------------------------------------------
# Managing one's own second factor; a superuser resetting someone's
# ---------------------------------------------------------------------------


def test_staff_regenerate_their_recovery_codes(worker):
    give_authenticator(worker)
    old = devices.new_recovery_codes(worker)
    client = login(worker)
    page = client.get(MANAGE)
    assert "남은 복구 코드: 10개" in text(page)

    response = client.post(MANAGE, {"action": "regenerate", "next": MANAGE})
    assert response["Location"].startswith(RECOVERY)
    new = [code.get_text(strip=True) for code in soup(client.get(response["Location"])).select("ol code")]
    assert len(new) == 10 and not set(new) & set(old)
    assert entries(audit.RECOVERY_CODES_REGENERATED, worker).count() == 1
    assert "코드가 맞지 않습니다" in text(password_step(worker).post(VERIFY, {"code": old[1]}))


def test_staff_enrol_a_new_phone_and_the_old_one_stops_working(worker):
    old = give_authenticator(worker)
    client = login(worker)
    page = soup(client.get(ENROL))
    assert "새 인증 앱을 등록합니다" in page.get_text()
    pending = TOTPDevice.objects.get(user=worker, confirmed=False)
    assert pending.key != TOTP_KEY
    assert client.post(ENROL, {"code": totp_code(pending.key)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=worker).values_list("pk", flat=True)) == [pending.pk]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get("/admin/").status_code == 200  # the session moved to the new device


def test_a_superuser_resets_someone_elses_second_factor(root, worker, editor):
    give_authenticator(worker)
    devices.new_recovery_codes(worker)
    admin = login(root)
    users = admin.get("/admin/users/")
    assert f"/admin/staff-login/users/{worker.pk}/reset/" in users.content.decode()
    confirm = admin.get(f"/admin/staff-login/users/{worker.pk}/reset/")
    assert "복구 코드 10개" in text(confirm)

    response = admin.post(f"/admin/staff-login/users/{worker.pk}/reset/", follow=True)
    assert "nw-kim의 2단계 인증을 초기화했습니다." in text(response)
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not StaticDevice.objects.filter(user=worker).exists()
    reset = entries(audit.SECOND_FACTOR_RESET, worker).get()
    assert reset.user == root
    assert password_step(worker).get("/admin/")["Location"].startswith(ENROL)

    # Not for anyone else, nor shown to them.
    give_authenticator(worker)
    other = login(editor)
    assert "/reset/" not in other.get("/admin/users/").content.decode()
    assert other.post(f"/admin/staff-login/users/{worker.pk}/reset/").status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=worker).exists()


def test_create_editor_tells_a_superuser_about_the_second_factor(site_content):
    out = StringIO()
    call_command("create_editor", "chief", "--superuser", stdout=out)
    assert "2단계 인증" in out.getvalue()
    out = StringIO()
    call_command("create_editor", "writer", stdout=out)
    assert "2단계 인증" not in out.getvalue()
    assert get_user_model().objects.get(username="chief").is_superuser


def test_current_step_helper_matches_django_otp(root):
    # The browser journeys compute codes with these helpers: they must be
    # what django-otp accepts.
    device = give_authenticator(root)
    assert device.verify_token(totp_code(step=current_step()))


def test_the_command_resets_a_second_factor_when_no_other_superuser_can(root):
    give_authenticator(root)
    out = StringIO()
    call_command("reset_second_factor", "root", stdout=out)
    assert "초기화했습니다" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=root).exists()
    assert entries(audit.SECOND_FACTOR_RESET, root).get().data["by"] == "manage.py"
