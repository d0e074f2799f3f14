"""`manage.py load_content` builds the site skeleton and is safe to re-run."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import ContactSettings, ContentPage, HomePage

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
