import pytest
from wagtail.models import Site

from home import seed_content


@pytest.fixture
def site_content(db):
    """The site as `make run` builds it: home page, sections, contact settings."""
    seed_content.load()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site_content):
    return site_content.root_page.specific
