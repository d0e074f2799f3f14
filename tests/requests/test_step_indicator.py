"""The KRDS step indicator on the three steps every request form has: the
current step is named for screen readers and, on phones, in words."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from services.models import RequestFormPage, RequestKind
from tests.malformed import valid_answers

pytestmark = pytest.mark.django_db


def current_step(response):
    html = BeautifulSoup(response.content.decode(), "html.parser")
    steps = html.select("ol.agency-steps > li")
    names = [li.select_one(".step-tit").get_text() for li in steps]
    assert names == ["신청서 작성", "입력 내용 확인", "접수 완료"]
    active = [li for li in steps if "active" in li["class"]]
    assert len(active) == 1 and active[0].select_one(".sr-only").get_text() == "현재 단계"
    done = [li.select_one(".step-tit").get_text() for li in steps if "done" in li["class"]]
    in_words = html.select_one(".agency-steps__current").get_text()
    return active[0].select_one(".step-tit").get_text(), done, in_words


def test_each_step_of_the_form_says_where_the_applicant_is(site_content):
    applicant = Client()
    page = RequestFormPage.objects.live().get(kind=RequestKind.EMERGENCY_CARE)
    assert current_step(applicant.get(page.url)) == ("신청서 작성", [], "1/3단계 · 신청서 작성")
    checked = applicant.post(page.url, valid_answers(RequestKind.EMERGENCY_CARE))
    assert current_step(applicant.get(checked["Location"])) == (
        "입력 내용 확인", ["신청서 작성"], "2/3단계 · 입력 내용 확인")
    done = applicant.get(applicant.post(checked["Location"])["Location"])
    assert current_step(done) == ("접수 완료", ["신청서 작성", "입력 내용 확인"], "3/3단계 · 접수 완료")
