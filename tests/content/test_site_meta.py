"""What search engines and link previews see: sitemap, robots.txt, page
descriptions, OpenGraph, schema.org data, favicon."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").head


def test_sitemap_lists_every_live_page(client, site_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {
        el.text for el in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    }
    live = Page.objects.live().public().filter(depth__gt=1).specific()
    assert {page.get_full_url() for page in live} == urls
    assert len(urls) > 20


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_every_page_has_a_description_and_link_preview_tags(client, site_content):
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        tags = head(client, page.url)
        description = tags.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), page.url
        assert tags.find("meta", property="og:title")["content"].strip()
        assert tags.find("meta", property="og:url")["content"] == page.get_full_url()
        assert tags.find("link", rel="canonical")["href"] == page.get_full_url()
        assert tags.find("link", rel="icon")


def test_home_page_describes_the_agency_as_a_government_organisation(client, site_content):
    data = json.loads(head(client, "/").find("script", type="application/ld+json").string)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "재단법인 서울특별시 사회서비스원"
    assert data["foundingDate"] == "2019-02-28"
    assert "마포대로 89" in data["address"]["streetAddress"]


def test_structured_data_cannot_break_out_of_its_script(client, home_page):
    home_page.hero_text = "</script><script>alert(1)</script>"
    home_page.save_revision().publish()
    from home.models import ContactSettings

    contact = ContactSettings.objects.get()
    contact.organisation_name = "</script><b>x"
    contact.save()
    html = client.get("/").content.decode()
    assert "</script><b>x" not in html
    assert "\\u003C/script\\u003E\\u003Cb\\u003Ex" in html


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
