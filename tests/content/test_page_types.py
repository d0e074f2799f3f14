"""Editors can create each page type where it belongs, and nowhere else."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home import seed
from home.models import ContentPage, HomePage, HomePageQuickLink
from services.models import ServicePage
from tests.staff import VerifiedLoginMixin


class PageTypeTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed.load()
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
        from home.models import LegalPage, NoticeIndexPage, PrivacyPolicyPage
        from services.models import (
            CasebookIndexPage,
            CentreIndexPage,
            RequestFormPage,
            ServiceIndexPage,
            TrainingIndexPage,
        )

        self.assertAllowedSubpageTypes(HomePage, {
            ContentPage, NoticeIndexPage, ServiceIndexPage, CentreIndexPage, CasebookIndexPage,
            DaycareIndexPage, TrainingIndexPage, RequestFormPage, LegalPage, PrivacyPolicyPage,
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


INDEX_PAGES = [
    # (slug of the loaded section, model path, extra form fields)
    ("services", "services.ServiceIndexPage", {"intro": "서비스 안내", "body": streamfield([])}),
    ("centres", "services.CentreIndexPage",
     {"intro": "센터 안내", "no_centre_advice": "본부로 문의하세요.", "body": streamfield([])}),
    ("daycares", "daycares.DaycareIndexPage", {"intro": "어린이집 안내", "body": streamfield([])}),
    ("casebooks", "services.CasebookIndexPage", {"intro": "사례집 안내", "body": streamfield([])}),
    ("notices", "home.NoticeIndexPage", {"intro": "새 소식"}),
]


@pytest.mark.parametrize(("slug", "model_path", "fields"), INDEX_PAGES)
def test_each_section_index_is_created_in_the_admin_and_renders(
    slug, model_path, fields, admin_client, home_page, replace_section,
):
    """Each section index exists once (max_count = 1): an editor who deleted
    it can create it again under the home page, and it renders."""
    from django.apps import apps

    model = apps.get_model(model_path)
    assert not model.can_create_at(home_page)  # the loaded one is there
    replace_section(slug)
    assert model.can_create_at(home_page)

    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{home_page.pk}/"
    data = nested_form_data({"title": "다시 만든 목록", "slug": slug, **fields})
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    page = model.objects.get()
    assert page.live
    public = admin_client.get(page.url)
    assert public.status_code == 200
    assert "다시 만든 목록" in public.content.decode()


def loaded_page_types():
    """One loaded page of every page type the site has."""
    seen = {}
    for page in Page.objects.filter(depth__gt=1).specific():
        seen.setdefault(type(page), page)
    return seen


@pytest.mark.django_db
def test_every_page_type_opens_in_the_editor_with_its_tabs_and_draft_preview(admin_client):
    pages = loaded_page_types()
    assert len(pages) >= 12  # home, content, 5 indexes, service, centre, daycare, casebook, notice
    for model, page in pages.items():
        edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert edit.status_code == 200, model
        from bs4 import BeautifulSoup

        tabs = [t.get_text(" ", strip=True).split(" (")[0] for t in
                BeautifulSoup(edit.content.decode(), "html.parser").select('[role="tab"]')]
        # Wagtail 8 shows a 설정 tab only when a page type has settings fields;
        # scheduled publishing lives in the status side panel. Service pages
        # add their plain-language answers (쉬운 안내) as a tab of their own.
        own_tabs = {ServicePage: ["쉬운 안내"]}.get(model, [])
        assert tabs[:2 + len(own_tabs)] == ["콘텐츠", *own_tabs, "홍보"], (model, tabs)
        draft = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert draft.status_code == 200, model
        assert page.title in draft.content.decode()
