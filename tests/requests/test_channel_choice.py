"""How the applicant wants news ("진행 상황을 어떻게 알려 드릴까요?"): 문자, 전자우편,
both or neither, on every public form and at the staff's phone intake; the
choice is checked against the number and address given, shown on the check
page, stored, and said back on the confirmation."""

import pytest
from bs4 import BeautifulSoup

from services.models import ServiceRequest
from services.requests.forms import notify
from tests.requests.test_request_forms import consulting_answers, emergency_answers, error_links
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db

QUESTION = "진행 상황을 어떻게 알려 드릴까요?"




def html(response):
    return BeautifulSoup(response.content, "html.parser")


def choices_on(page):
    fieldset = next(f for f in page.find_all("fieldset") if QUESTION in f.legend.get_text())
    radios = fieldset.find_all("input", attrs={"name": "notify_by"})
    labels = {radio["value"]: page.find("label", attrs={"for": radio["id"]}) for radio in radios}
    return {
        radio["value"]: (radio.has_attr("checked"), labels[radio["value"]].get_text(strip=True))
        for radio in radios
    }


def send(client, page, answers):
    response = client.post(page.url, answers)
    assert response.status_code == 303, error_links(html(response))
    check = html(client.get(page.url + "check/"))
    done = client.get(client.post(page.url + "check/")["Location"])
    reference = html(done).find(attrs={"data-reference": True}).get_text(strip=True)
    return check, html(done), ServiceRequest.objects.get(reference=reference)


def test_the_form_asks_how_to_tell_and_starts_with_sms(client, emergency):
    choices = choices_on(html(client.get(emergency.url)))
    assert choices == {
        "sms": (True, "문자(휴대전화)"),
        "email": (False, "전자우편"),
        "both": (False, "문자와 전자우편 둘 다"),
        "none": (False, "받지 않음 (진행 상황은 누리집에서 직접 확인합니다)"),
    }


def test_sms_and_email_are_stored_shown_and_said_back(client, emergency, sms_outbox):
    answers = emergency_answers(email="hong@example.com", notify_by="both")
    check, done, request = send(client, emergency, answers)
    assert (request.notify_sms, request.notify_email) == (True, True)
    rows = {
        row.find("dt").get_text(strip=True): row.find("dd").get_text(strip=True)
        for row in check.find_all(class_="agency-summary-list__row")
    }
    assert rows[QUESTION] == "문자와 전자우편 둘 다"
    assert "문자와 전자우편으로 알려 드립니다" in done.find(attrs={"data-how-notified": True}).get_text()


def test_sms_only_means_no_email_even_with_an_address(client, emergency):
    answers = emergency_answers(email="hong@example.com", notify_by="sms")
    _check, done, request = send(client, emergency, answers)
    assert (request.notify_sms, request.notify_email) == (True, False)
    assert request.email == "hong@example.com"
    said = done.find(attrs={"data-how-notified": True}).get_text()
    assert "문자로 알려 드립니다" in said and "전자우편" not in said


def test_neither_is_allowed_and_the_confirmation_says_so(client, pages):
    # A landline and no e-mail: still able to apply online.
    answers = consulting_answers(email="", notify_by="none")
    _check, done, request = send(client, pages["consulting"], answers)
    assert (request.notify_sms, request.notify_email) == (False, False)
    assert "알려 드리지 않습니다" in done.find(attrs={"data-how-notified": True}).get_text()


def test_email_without_an_address_is_refused_on_the_address(client, emergency):
    response = client.post(emergency.url, emergency_answers(email="", notify_by="email"))
    assert response.status_code == 200
    assert error_links(html(response)) == {"#id_email": notify.NEEDS_EMAIL}
    assert choices_on(html(response))["email"][0]  # the choice is kept


def test_sms_to_a_landline_is_refused_and_says_why(client, emergency):
    response = client.post(emergency.url, emergency_answers(phone="02-2038-8670", notify_by="sms"))
    links = error_links(html(response))
    assert links == {"#id_notify_by_1": notify.LANDLINE}
    assert "휴대전화로만" in notify.LANDLINE
    assert html(response).find("input", attrs={"name": "phone"})["value"] == "02-2038-8670"


def test_an_unknown_choice_is_refused(client, emergency):
    links = error_links(html(client.post(emergency.url, emergency_answers(notify_by="kakao"))))
    assert links == {"#id_notify_by_1": "보기 가운데 하나를 골라 주세요."}


@pytest.mark.parametrize(
    ("phone", "email", "expected"),
    [
        ("010-1234-5678", "hong@example.com", (True, True)),
        ("010-1234-5678", "", (True, False)),
        ("02-2038-8670", "hong@example.com", (False, True)),
        ("02-2038-8670", "", (False, False)),
    ],
)
def test_answers_without_the_question_use_every_channel_given(client, emergency, phone, email, expected):
    # A session from before the question existed, or a script: as the service did before, and SMS.
    _check, _done, request = send(client, emergency, emergency_answers(phone=phone, email=email))
    assert (request.notify_sms, request.notify_email) == expected


def test_a_training_booking_offers_email_or_both(client, home_page):
    from services.training.booking_form import TrainingBookingForm

    form = TrainingBookingForm()
    assert [value for value, _label in form.fields["notify_by"].choices] == ["email", "both"]
    assert form.fields["notify_by"].initial == "email"


NEW = "/admin/service-requests/new/"


def phone_application(**changes):
    data = {
        "channel": "phone",
        "kind": "emergency_care",
        "applicant_name": "강전화",
        "phone": "02-2038-8670",
        "email": "",
        "district": "마포구",
        "consent": "on",
    }
    return {**data, **changes}


def test_staff_record_the_choice_at_phone_intake(site_content):
    staff = login(make_staff("nw-intake", "서북권 종합재가센터"))
    response = staff.post(NEW, phone_application(notify_by="sms"))
    assert response.status_code == 200
    assert notify.LANDLINE in response.content.decode()
    assert not ServiceRequest.objects.filter(applicant_name="강전화").exists()

    staff.post(NEW, phone_application(phone="010-9876-5432", notify_by="sms"))
    request = ServiceRequest.objects.get(applicant_name="강전화")
    assert (request.notify_sms, request.notify_email) == (True, False)
