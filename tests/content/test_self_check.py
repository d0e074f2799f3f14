"""받을 수 있는지 알아보기: a few yes/no questions, one per screen, ending with
the right next step — apply online, call the team, or another service —
and nothing stored anywhere: no session, no cookie but the CSRF one, no row,
no answer in the address, no cached copy."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agency_site.contact_links import tel_href
from services.models import ServicePage

pytestmark = pytest.mark.django_db

EMERGENCY = "/services/emergency-care/self-check/"
CARE_SOS = "/services/care-sos/self-check/"
SUPPORT_PHONE = "02-2038-8569"  # 사업지원팀, who answer for 긴급돌봄 (services.toml)


def main(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def fields_of(form):
    return [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]


def question_form(html):
    return html.find("input", attrs={"name": "answer"}).find_parent("form")


def choose(client, response, label=None):
    """Answer the question on screen as a browser would: the form's hidden
    inputs plus the radio labelled `label` (None: nothing chosen)."""
    html = main(response)
    form = question_form(html)
    data = fields_of(form)
    if label is not None:
        radio_id = form.find("label", string=label)["for"]
        data.append(("answer", form.find("input", id=radio_id)["value"]))
    return client.post(form["action"], _multi(data))


def go_back(client, response):
    button = main(response).find("button", string="이전 질문")
    form = button.find_parent("form")
    return client.post(form["action"], _multi([*fields_of(form), (button["name"], button["value"])]))


def _multi(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def walk(client, url, labels):
    response = client.get(url)
    for label in labels:
        response = choose(client, response, label)
    return response


def h1(response):
    return main(response).h1.get_text(strip=True)


# --- the paths ------------------------------------------------------------


def test_one_question_per_screen_with_the_step_count(client, site_content):
    response = client.get(EMERGENCY)
    html = main(response)
    assert h1(response) == "돌봄이 필요한 분이 서울에 사시나요?"
    legend = html.find("fieldset").find("legend")
    assert legend.h1 is not None  # the question is the fieldset's legend
    assert [label.get_text() for label in html.select("fieldset label")] == ["예", "아니요"]
    assert "질문 1/4" in html.get_text()
    assert question_form(html)["method"] == "post"
    response = choose(client, response, "예")
    assert h1(response) == "지금 바로 돌봄이 필요한가요?"
    assert "질문 2/4" in main(response).get_text()


def test_ending_with_call_the_team_shows_the_teams_number_as_a_tel_link(client, site_content):
    response = walk(client, EMERGENCY, ["예", "예", "아니요"])
    html = main(response)
    assert h1(response) == "전화로 상황을 말씀해 주세요"
    assert "전화로 상황을 말씀해 주세요." in html.find("p", class_="agency-lead").get_text()
    call = html.find("h2", string="전화로 물어보기").find_parent("section")
    assert call.find("a", href=tel_href(SUPPORT_PHONE)).get_text(strip=True) == SUPPORT_PHONE
    assert html.select(".agency-apply") == []  # no "apply" where the answer says call first


def test_a_yes_can_end_it_too(client, site_content):
    response = walk(client, EMERGENCY, ["예", "예", "예", "예"])  # already has long-term care
    assert h1(response) == "전화로 상황을 말씀해 주세요"
    assert "장기요양 등급이 있다면" in main(response).get_text()


def test_ending_outside_seoul_points_to_the_local_office(client, site_content):
    response = walk(client, CARE_SOS, ["아니요"])
    assert h1(response) == "이렇게 해 보세요"
    assert "복지로(www.bokjiro.go.kr)" in main(response).get_text()


def test_ending_with_another_service_links_to_it(client, site_content):
    response = walk(client, CARE_SOS, ["예", "아니요"])  # under 50 and no disability
    html = main(response)
    assert h1(response) == "다른 서비스가 더 맞을 수 있습니다"
    link = html.select_one("a.agency-self-check__next")
    assert link.get_text(strip=True) == "긴급돌봄 알아보기"
    assert link["href"] == "/services/emergency-care/"
    assert client.get(link["href"]).status_code == 200


def test_a_service_chosen_as_a_page_links_to_that_page(client, site_content):
    page = ServicePage.objects.get(slug="care-sos")
    target = ServicePage.objects.get(slug="disability-support")
    raw = page.self_check.raw_data
    raw[1]["value"].update(page=target.pk, url="", link_text="")
    page.self_check = raw
    page.save_revision().publish()
    html = main(walk(client, CARE_SOS, ["예", "아니요"]))
    link = html.select_one("a.agency-self-check__next")
    assert (link["href"], link.get_text(strip=True)) == (target.url, target.title)


def test_passing_every_question_offers_the_online_application(client, site_content):
    page = ServicePage.objects.get(slug="emergency-care")
    response = walk(client, EMERGENCY, ["예", "예", "예", "아니요"])
    html = main(response)
    assert h1(response) == "신청할 수 있을 것 같습니다"
    assert page.self_check_success.split(".")[0] in html.get_text()
    [button] = html.select("a.agency-apply")
    assert button["href"] == page.apply_page.url
    assert html.find("a", href=tel_href(SUPPORT_PHONE))
    given = [
        li.get_text(" ", strip=True)
        for li in html.find("h2", string="고르신 답").find_next("ul").find_all("li")
    ]
    assert len(given) == 4 and given[-1].endswith("아니요")


def test_passing_a_service_without_an_online_form_shows_how_to_apply_and_the_phone(client, site_content):
    page = ServicePage.objects.get(slug="care-sos")
    html = main(walk(client, CARE_SOS, ["예", "예", "예", "예", "아니요"]))
    assert html.select(".agency-apply") == []
    how = html.find("h2", string="어떻게 신청하나요").find_parent("section").get_text()
    assert "동주민센터(돌봄SOS센터)에 신청하세요" in how
    assert html.find("a", href=tel_href(page.contact_team.phone))


def test_start_again_is_a_plain_link_to_the_first_question(client, site_content):
    html = main(walk(client, EMERGENCY, ["아니요"]))
    again = html.find("a", string="처음부터 다시")
    assert again["href"] == EMERGENCY
    assert h1(client.get(again["href"])) == "돌봄이 필요한 분이 서울에 사시나요?"


# --- going back ------------------------------------------------------------


def test_the_back_button_shows_the_previous_question_with_its_answer(client, site_content):
    response = walk(client, EMERGENCY, ["예", "예"])
    assert "질문 3/4" in main(response).get_text()
    response = go_back(client, response)
    html = main(response)
    assert h1(response) == "지금 바로 돌봄이 필요한가요?"
    assert html.find("input", attrs={"name": "answer", "checked": True})["value"] == "yes"
    assert ("a", "yes") in fields_of(question_form(html))  # the first answer still travels
    # Changing that answer takes the other road.
    assert h1(choose(client, response, "아니요")) == "다른 서비스가 더 맞을 수 있습니다"


def test_back_from_the_result_and_from_the_first_question(client, site_content):
    response = go_back(client, walk(client, EMERGENCY, ["예", "예", "예", "아니요"]))
    html = main(response)
    assert "질문 4/4" in html.get_text()
    assert html.find("input", attrs={"name": "answer", "checked": True})["value"] == "no"
    assert [value for name, value in fields_of(question_form(html)) if name == "a"] == ["yes"] * 3
    first = main(client.get(EMERGENCY))
    assert first.find("button", string="이전 질문") is None
    assert first.find("a", string="긴급돌봄 안내로 돌아가기")["href"] == "/services/emergency-care/"


# --- mistakes and junk -----------------------------------------------------


def test_no_answer_chosen_shows_the_error_summary_and_the_same_question(client, site_content):
    response = choose(client, choose(client, client.get(EMERGENCY), "예"))
    html = main(response)
    summary = html.find(attrs={"data-error-summary": True})
    assert summary["role"] == "alert"
    link = summary.find("a", string="‘예’ 또는 ‘아니요’를 골라 주세요.")
    assert link["href"] == "#id_answer_1" and html.find(id="id_answer_1")
    assert h1(response) == "지금 바로 돌봄이 필요한가요?"
    assert BeautifulSoup(response.content, "html.parser").title.get_text().startswith("오류:")
    fieldset = html.find("fieldset")
    assert (
        fieldset.find(id=fieldset["aria-describedby"].split()[-1])
        .get_text(strip=True)
        .endswith("‘예’ 또는 ‘아니요’를 골라 주세요.")
    )
    assert ("a", "yes") in fields_of(question_form(html))  # the earlier answer is kept


@pytest.fixture
def version(client, site_content):
    return dict(fields_of(question_form(main(client.get(EMERGENCY)))))["v"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"answer": "yes"},  # no version
        {"v": "0000", "answer": "yes"},  # questions changed meanwhile
        {"v": "{v}", "a": ["maybe"], "answer": "yes"},
        {"v": "{v}", "a": ["yes"] * 4, "answer": "yes"},  # more answers than questions
        {"v": "{v}", "a": ["no", "yes"], "answer": "yes"},  # an answer after the one that ended it
        {"v": "{v}", "go": "back"},  # back from nowhere
        {"v": "{v}", "a": ["yes", "zzz"], "go": "back"},
        {"v": "{v}", "a": ["yes", "yes", "yes", "no", "yes"], "go": "back"},
    ],
)
def test_junk_starts_again_never_an_error(client, version, data):
    data = {
        key: (
            [v.replace("{v}", version) for v in value]
            if isinstance(value, list)
            else value.replace("{v}", version)
        )
        for key, value in data.items()
    }
    response = client.post(EMERGENCY, data)
    html = main(response)
    assert h1(response) == "돌봄이 필요한 분이 서울에 사시나요?"
    assert "첫 질문부터 다시" in html.find(attrs={"role": "status"}).get_text()
    assert [name for name, _value in fields_of(question_form(html))] == ["csrfmiddlewaretoken", "v"]


def test_an_unknown_answer_is_a_mistake_to_fix(client, version):
    response = client.post(EMERGENCY, {"v": version, "answer": "maybe"})
    assert "‘예’ 또는 ‘아니요’를 골라 주세요." in main(response).get_text()


def test_a_query_string_is_ignored(client, site_content):
    assert h1(client.get(EMERGENCY + "?a=no&answer=yes&v=x")) == "돌봄이 필요한 분이 서울에 사시나요?"


def test_a_page_without_questions_has_no_self_check(client, site_content):
    assert client.get("/services/visiting-care/self-check/").status_code == 404


# --- nothing kept ----------------------------------------------------------


def test_a_whole_walk_writes_nothing_and_sets_no_session(client, site_content):
    with CaptureQueriesContext(connection) as queries:
        response = walk(client, EMERGENCY, ["예", "예", "예", "아니요"])
        go_back(client, response)
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert set(client.cookies) <= {settings.CSRF_COOKIE_NAME}  # the form's CSRF token, nothing else


def test_no_screen_may_be_cached_and_no_answer_is_in_an_address(client, site_content):
    response = client.get(EMERGENCY)
    screens = [response]
    for label in ("예", "예", "아니요"):
        response = choose(client, response, label)
        screens.append(response)
    for screen in screens:
        cache = {part.strip() for part in screen["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache
        for form in main(screen).find_all("form"):
            assert form["method"] == "post" and "?" not in form["action"]
        robots = BeautifulSoup(screen.content, "html.parser").find("meta", attrs={"name": "robots"})
        assert "noindex" in robots["content"]


def test_the_forms_carry_a_csrf_token_that_is_checked(site_content):
    browser = Client(enforce_csrf_checks=True)
    response = choose(browser, browser.get(EMERGENCY), "예")
    assert h1(response) == "지금 바로 돌봄이 필요한가요?"
    assert Client(enforce_csrf_checks=True).post(EMERGENCY, {"answer": "yes"}).status_code == 403
