"""Every public form, as people get it — first opened, then sent empty and
sent with a wrong answer: each control has a <label for>, its hint and error
messages are tied to it with aria-describedby (on the fieldset for radios
and checkboxes), a control in error says aria-invalid="true", and every link
of the error summary leads to a control."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from services.models import RequestFormPage, TrainingSession
from services.training import survey as surveys
from tests.trainings import booking_for, make_training

pytestmark = pytest.mark.django_db

GROUPED = ("radio", "checkbox")


def html(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def controls(page):
    """The controls of the page's forms (the main content's, not the header's search box)."""
    found = []
    for form in page.main.find_all("form"):
        for control in form.find_all(["input", "select", "textarea"]):
            if control.name == "input" and control.get("type") in ("hidden", "submit", "button"):
                continue
            found.append(control)
    return found


def describing(control):
    """The element whose aria-describedby speaks for `control`, and the field's form-group."""
    group = control.find_parent("fieldset", class_="agency-fieldset")
    if control.get("type") in GROUPED and group is not None:
        return group, group
    return control, control.find_parent(class_="form-group")


def check_ties(page) -> int:
    """Assert the ties on every control; returns how many are in error."""
    in_error = 0
    for control in controls(page):
        name = control.get("name")
        label = page.find("label", attrs={"for": control.get("id")})
        assert label is not None and label.get_text(strip=True), f"{name}: no label"
        holder, field_group = describing(control)
        assert field_group is not None, f"{name}: not in a form-group"
        described = holder.get("aria-describedby", "").split()
        for target in described:
            assert page.find(id=target) is not None, f"{name}: describedby {target} points nowhere"
        for hint in field_group.find_all(class_="form-hint"):
            assert hint.get("id") in described, f"{name}: hint not tied"
        errors = field_group.find_all(class_="form-hint-invalid")
        for error in errors:
            assert error.get("id") in described, f"{name}: error not tied"
            assert error.find(class_="sr-only").get_text(strip=True) == "오류:"
        if errors:
            in_error += 1
            assert control.get("aria-invalid") == "true", f"{name}: in error but not aria-invalid"
            assert "is-error" in control.find_parent(class_="form-conts")["class"]
        else:
            assert "aria-invalid" not in control.attrs, f"{name}: aria-invalid without an error"
    return in_error


def check_summary(page):
    summary = page.select_one(".agency-error-summary")
    assert summary is not None and summary["tabindex"] == "-1" and summary["role"] == "alert"
    links = [a["href"] for a in summary.find_all("a")]
    assert links
    for href in links:
        target = page.find(id=href.removeprefix("#"))
        assert target is not None and target.name in ("input", "select", "textarea"), href


@pytest.fixture
def booked_session(home_page):
    return make_training(home_page, title="치매 돌봄 실무", capacity=5, days_ahead=3).sessions.get()


def request_form(kind):
    def build(site_content, request):
        page = RequestFormPage.objects.get(kind=kind)
        if kind == "training":
            session = request.getfixturevalue("booked_session")
            return Client(), f"{page.url}?session={session.pk}", page.url, {"phone": "12", "email": "x@"}
        return Client(), page.url, page.url, {"phone": "12", "email": "x@"}
    return build


def status_lookup(site_content, request):
    return Client(), "/requests/status/", "/requests/status/", {"reference": "---", "phone": "12"}


def training_survey(site_content, request):
    booking = booking_for(request.getfixturevalue("booked_session"), 1)
    past = timezone.localdate() - datetime.timedelta(days=2)
    TrainingSession.objects.filter(pk=booking.session_id).update(date=past)
    client = Client()
    opened = client.get(f"/requests/survey/{surveys.survey_token(booking)}/")
    assert opened.status_code == 303
    return client, opened["Location"], opened["Location"], {"content": "9", "comment": "가" * 1001}


FORMS = {
    "긴급돌봄 신청": request_form("emergency_care"),
    "상담·컨설팅 신청": request_form("consulting"),
    "교육 신청": request_form("training"),
    "신청 현황 조회": status_lookup,
    "교육 만족도 조사": training_survey,
}


@pytest.mark.parametrize("name", FORMS)
def test_every_control_is_labelled_and_tied_to_its_hint_and_errors(name, site_content, request):
    client, url, post_url, wrong = FORMS[name](site_content, request)

    first = html(client.get(url))
    assert controls(first), "no form found"
    assert check_ties(first) == 0
    assert first.select_one(".agency-error-summary") is None

    for data in ({}, wrong):
        sent = html(client.post(post_url, data))
        assert check_ties(sent) > 0, f"{data}: no field in error"
        check_summary(sent)
