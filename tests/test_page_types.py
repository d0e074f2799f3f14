"""Editors can create each page type where it belongs, and nowhere else."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home import seed_content
from home.models import ContentPage, HomePage, HomePageQuickLink


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed_content.load()
        cls.home = HomePage.objects.get()

    def setUp(self):
        self.login()

    def test_content_page_is_created_in_the_admin_under_home(self):
        self.assertCanCreate(
            self.home,
            ContentPage,
            nested_form_data({
                "title": "오시는 길",
                "slug": "directions",
                "intro": "본부는 마포구에 있습니다.",
                "body": streamfield([
                    ("heading", {"text": "대중교통", "level": "h2"}),
                    ("paragraph", rich_text("<p>지하철 5호선 공덕역</p>")),
                ]),
            }),
        )
        page = ContentPage.objects.get(slug="directions")
        response = self.client.get(page.url)
        self.assertContains(response, "대중교통")
        self.assertContains(response, "지하철 5호선 공덕역")

    def test_page_tree_rules(self):
        from daycares.models import DaycareIndexPage
        from home.models import NoticeIndexPage
        from services.models import CasebookIndexPage, CentreIndexPage, ServiceIndexPage

        self.assertAllowedSubpageTypes(HomePage, {
            ContentPage, NoticeIndexPage, ServiceIndexPage, CentreIndexPage, CasebookIndexPage,
            DaycareIndexPage,
        })
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(ContentPage, HomePage)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_editor_sees_the_home_page_form_with_quick_links(self):
        response = self.client.get(f"/admin/pages/{self.home.pk}/edit/")
        self.assertContains(response, "대표 문구")
        self.assertContains(response, "바로가기")


@pytest.mark.django_db
def test_a_quick_link_points_to_a_page_or_an_address_not_both(home_page):
    about = ContentPage.objects.get(slug="about")
    with pytest.raises(ValidationError, match="하나만"):
        HomePageQuickLink(page=home_page, title="소개", link_page=about, link_url="/x/").clean()
    with pytest.raises(ValidationError, match="하나만"):
        HomePageQuickLink(page=home_page, title="소개").clean()
    link = HomePageQuickLink(page=home_page, title="검색", link_url="/search/")
    link.clean()
    assert link.href == "/search/"
