"""`manage.py load_content` builds the site skeleton and is safe to re-run."""

import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home import seed
from home.models import ContactSettings, ContentPage, HomePage, NoticePage
from home.seed import blocks, pages
from home.seed import site as seed_site

pytestmark = pytest.mark.django_db


def page_titles():
    return sorted(Page.objects.filter(depth__gt=1).values_list("title", flat=True))


def test_builds_the_home_page_and_sections_as_the_site_root():
    call_command("load_content")
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.live and home.hero_title == "언제든, 어디서든, 믿음직한 동반자"
    assert [p.title for p in home.get_children().live().in_menu()] == [
        "기관소개", "사업안내", "센터 찾기", "국공립어린이집", "사례집", "교육 안내", "알림·소식",
    ]
    # Wagtail's own placeholder page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    contact = ContactSettings.for_site(site)
    assert contact.address == "서울특별시 마포구 마포대로 89 포스트타워 5층·12층"


def test_running_twice_changes_nothing():
    call_command("load_content")
    before = (page_titles(), Site.objects.count(), HomePage.objects.get().quick_links.count())
    call_command("load_content")
    after = (page_titles(), Site.objects.count(), HomePage.objects.get().quick_links.count())
    assert before == after
    assert before[1:] == (1, 8)
    assert len(before[0]) == len(set(before[0])) > 40  # every page, once


def test_editors_changes_survive_a_re_run():
    call_command("load_content")
    about = ContentPage.objects.get(slug="about")
    about.title = "사회서비스원 소개"
    about.save_revision().publish()
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.address = "새 주소"
    contact.save()

    call_command("load_content")

    assert ContentPage.objects.get(slug="about").title == "사회서비스원 소개"
    assert ContactSettings.objects.get().address == "새 주소"
    assert ContentPage.objects.filter(slug="about").count() == 1


def test_a_deleted_page_is_rebuilt():
    call_command("load_content")
    ContentPage.objects.get(slug="board").delete()
    call_command("load_content")
    assert ContentPage.objects.filter(slug="board", live=True).count() == 1


def page_state():
    """Every page's identity and the revision it is at: a re-run that touched a
    page would add a revision or move its publication date."""
    return sorted(Page.objects.values_list("url_path", "title", "latest_revision_id", "last_published_at"))


def test_loading_twice_changes_nothing_in_pages_snippets_or_routing():
    from services.models import CareService, Queue, RoutingRule

    seed.load()
    before = (page_state(), CareService.objects.count(), Queue.objects.count(), RoutingRule.objects.count())
    report = seed.load()
    assert report.created == []
    assert (page_state(), CareService.objects.count(), Queue.objects.count(),
            RoutingRule.objects.count()) == before


def test_an_edited_page_and_its_body_survive_a_reload():
    seed.load()
    notice = NoticePage.objects.get(slug="home-care-centre-integration")
    notice.intro = "편집자가 고친 요약"
    notice.body = json.dumps([{"type": "paragraph", "value": "<p>편집한 본문</p>"}])
    notice.save_revision().publish()
    seed.load()
    notice = NoticePage.objects.get(slug="home-care-centre-integration")
    assert notice.intro == "편집자가 고친 요약"
    assert [block.block_type for block in notice.body] == ["paragraph"]


def test_a_deleted_page_deep_in_the_tree_is_rebuilt_as_the_data_gives_it():
    from services.models import CentrePage

    seed.load()
    CentrePage.objects.get(slug="nowon").delete()
    report = seed.load()
    assert report.created == ["노원종합재가센터"]
    nowon = CentrePage.objects.get(slug="nowon", live=True)
    assert [s.slug for s in nowon.services.all()] == [
        "visiting-care", "visiting-bath", "care-sos", "after-school-developmental",
    ]
    assert nowon.intro.startswith("노원구에 있는 종합재가센터로 2019년 10월 23일에 문을 열었습니다.")
    assert "동북권 종합재가센터(기준센터: 도봉)로 통합됩니다" in nowon.notice


def test_an_unknown_identity_key_is_refused_with_its_name():
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    with pytest.raises(seed.SeedError, match="'adress' is not a field of ContactSettings.*address"):
        seed_site.apply_identity(contact, {"adress": "서울특별시 마포구"})


def test_identity_fills_only_empty_fields():
    contact = ContactSettings(address="편집자가 적은 주소", phone="")
    changed = seed_site.apply_identity(contact, {"address": "자료의 주소", "phone": "02-0000-0000"})
    assert changed and contact.address == "편집자가 적은 주소" and contact.phone == "02-0000-0000"
    assert not seed_site.apply_identity(contact, {"phone": "02-1111-1111"})


def test_a_typo_in_a_data_file_stops_the_load():
    home = HomePage.objects.get()
    ctx = pages.Context("about", {}, home)
    with pytest.raises(seed.SeedError, match="about.toml: home.ContentPage has no field 'titel'"):
        pages.build(home, {"model": "home.ContentPage", "slug": "x", "titel": "제목"}, seed.LoadReport(), ctx)
    with pytest.raises(seed.SeedError, match="exactly one of"):
        blocks.block({"h2": "제목", "p": "<p>본문</p>"})
    assert not ContentPage.objects.filter(slug="x").exists()


def test_the_block_notation():
    table = blocks.block({"table": "표", "header": ["구분", "내용"], "rows": [["가", ["하나", "둘"]]],
                          "header_col": True})
    assert table["value"]["data"] == [["구분", "내용"], ["가", "· 하나\n· 둘"]]
    assert table["value"]["table_header_choice"] == "both"
    chart = blocks.block({"chart": "이용자", "unit": "명", "rows": [["2022년", "1,850"]], "source": "출처"})
    assert chart["value"]["rows"] == [{"label": "2022년", "value": "1850"}]
    assert blocks.rich_text(["<p>가</p>", {"ul": ["하나", {"ol": ["둘"]}]}]) == (
        "<p>가</p><ul><li>하나</li><li><ol><li>둘</li></ol></li></ul>"
    )
