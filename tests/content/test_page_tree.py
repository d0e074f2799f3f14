"""The loaded site is a tree editors could have built themselves: every page
stands under a parent that allows its type, so moving or re-creating it in
the admin works the same way."""

from wagtail.models import Page


def test_every_loaded_page_is_allowed_under_its_parent(site_content):
    refused = []
    for page in Page.objects.filter(depth__gt=2).specific():
        parent = page.get_parent().specific
        if not type(page).can_exist_under(parent):
            refused.append(f"{type(page).__name__} {page.url_path} under {type(parent).__name__}")
    assert refused == []
