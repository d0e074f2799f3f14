"""쉬운 안내: every service page opens with five plain-language answers — who,
what, cost, how long, how to apply — each under its own heading, with the
team's telephone where a person decides to apply."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks import StreamBlockValidationError

from agency_site.contact_links import tel_href
from home import seed
from services.models import ServicePage

pytestmark = pytest.mark.django_db

EASY = [
    ("easy_who", "누가 받을 수 있나요"),
    ("easy_what", "무엇을 받나요"),
    ("easy_cost", "비용은 얼마인가요"),
    ("easy_duration", "얼마나 걸리나요"),
    ("easy_how", "어떻게 신청하나요"),
]
SERVICES = seed.data("services")["page"]["children"]


def main(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def section_of(html, heading):
    h2 = html.find("h2", string=heading)
    return h2.find_parent("section") if h2 else None


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s["slug"])
def test_every_seeded_service_page_opens_with_the_five_plain_answers(client, site_content, service):
    page = ServicePage.objects.get(slug=service["slug"])
    html = main(client.get(page.url))
    h2s = [h2.get_text(strip=True) for h2 in html.find_all("h2")]
    assert h2s[:5] == [heading for _field, heading in EASY]
    for _field, heading in EASY:
        text = section_of(html, heading).get_text(" ", strip=True)
        assert len(text) > len(heading) + 10, (heading, text)  # a heading with words under it
    # Right after the summary, before the detailed sections and the body.
    lead = html.find("p", class_="agency-lead")
    assert lead.find_next("h2").get_text(strip=True) == "누가 받을 수 있나요"
    # No heading twice: the detailed sections take other names.
    assert len(h2s) == len(set(h2s)), h2s


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s["slug"])
def test_the_team_phone_is_in_how_to_apply_and_next_to_the_cost(client, site_content, service):
    page = ServicePage.objects.get(slug=service["slug"])
    team = page.contact_team
    html = main(client.get(page.url))
    for heading in ("어떻게 신청하나요", "비용은 얼마인가요"):
        links = section_of(html, heading).select(f"a[href='{tel_href(team.phone)}']")
        assert [a.get_text(strip=True) for a in links] == [team.phone], heading
        assert team.name in section_of(html, heading).get_text()


def test_the_apply_button_sits_in_the_plain_how_to_apply(client, site_content):
    html = main(client.get("/services/emergency-care/"))
    [button] = html.select(".agency-apply")
    assert button.find_parent("section").h2.get_text(strip=True) == "어떻게 신청하나요"
    assert button["href"] == ServicePage.objects.get(slug="emergency-care").apply_page.url
    # The long version keeps the facts, under its own heading.
    detail = section_of(html, "자세한 대상 기준").get_text(" ", strip=True)
    assert "유형1-1" in detail


def test_where_the_report_gives_no_cost_the_page_says_so_and_invents_none(client, site_content):
    for page in ServicePage.objects.live():
        cost = section_of(main(client.get(page.url)), "비용은 얼마인가요").get_text(" ", strip=True)
        assert "물어보세요" in cost, page.slug
        assert not re.search(r"\d[\d,]*\s*(원|%)", cost), (page.slug, cost)  # no price, no rate


def test_the_self_check_is_offered_under_who_can_get_it(client, site_content):
    for slug, count in (("emergency-care", 4), ("care-sos", 5)):
        who = section_of(main(client.get(f"/services/{slug}/")), "누가 받을 수 있나요")
        link = who.find("a", href=f"/services/{slug}/self-check/")
        assert link.get_text(strip=True) == f"내가 받을 수 있는지 알아보기 (질문 {count}개)"
    who = section_of(main(client.get("/services/visiting-care/")), "누가 받을 수 있나요")
    assert who.find("a", href=lambda h: h and "self-check" in h) is None


def test_a_page_without_plain_texts_keeps_its_detailed_headings(client, site_content):
    page = ServicePage.objects.get(slug="visiting-bath")
    for field, _heading in EASY:
        setattr(page, field, "")
    page.save_revision().publish()
    h2s = [h2.get_text(strip=True) for h2 in main(client.get(page.url)).find_all("h2")]
    assert h2s[:3] == ["누가 받을 수 있나요", "무엇을 받나요", "어떻게 신청하나요"]
    assert "비용은 얼마인가요" not in h2s and "자세한 대상 기준" not in h2s


def test_loading_again_fills_only_what_is_empty(site_content):
    emptied = ServicePage.objects.get(slug="care-sos")
    emptied.easy_cost = ""
    emptied.self_check = []
    emptied.easy_who = "<p>편집자가 고친 문장</p>"
    emptied.save_revision().publish()
    drafted = ServicePage.objects.get(slug="emergency-care")
    drafted.self_check = []
    drafted.easy_how = ""
    drafted.save_revision().publish()
    drafted.title = "긴급돌봄 (고치는 중)"
    drafted.save_revision()  # an editor's unpublished draft

    seed.load()

    emptied = ServicePage.objects.get(slug="care-sos")
    assert "소득에 따라" in emptied.easy_cost
    assert len(emptied.self_check) == 5
    assert emptied.easy_who == "<p>편집자가 고친 문장</p>"
    drafted = ServicePage.objects.get(slug="emergency-care")
    assert [block.block_type for block in drafted.self_check] == ["question"] * 4
    assert drafted.self_check[0].value["question"] == "돌봄이 필요한 분이 서울에 사시나요?"
    assert "온라인 신청서" in drafted.easy_how
    assert drafted.get_latest_revision().content["title"] == "긴급돌봄 (고치는 중)"


def test_the_seeded_self_checks_pass_the_editors_validation(site_content):
    for slug in ("emergency-care", "care-sos"):
        page = ServicePage.objects.get(slug=slug)
        page.self_check.stream_block.clean(page.self_check)
        page.full_clean()


def test_a_question_that_leads_elsewhere_needs_somewhere_to_lead(site_content):
    page = ServicePage.objects.get(slug="care-sos")
    block = page.self_check.stream_block
    value = block.to_python(
        [
            {
                "type": "question",
                "value": {
                    "question": "질문",
                    "ends_on": "no",
                    "outcome": "service",
                    "message": "다른 서비스를 보세요.",
                },
            }
        ]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)
    value = block.to_python(
        [
            {
                "type": "question",
                "value": {
                    "question": "질문",
                    "ends_on": "no",
                    "outcome": "text",
                    "message": "문장",
                    "url": "javascript:alert(1)",
                },
            }
        ]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)


def test_the_editor_writes_them_in_a_tab_of_their_own(admin_client, site_content):
    page = ServicePage.objects.get(slug="care-sos")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "쉬운 안내",
        "비용은 얼마인가요",
        "얼마나 걸리나요",
        "받을 수 있는지 알아보기 (질문)",
        "모든 질문을 지나면 보이는 문장",
    ):
        assert label in html, label
