"""What every request test starts from: its own private file folder, and an
empty cache (rate-limit counts are database rows, rolled back with each test;
remembered settings and cached pages are not); and the staff of the 서북권
team that the staff-screen tests log in as."""

import pytest
from django.core.cache import cache

from home.seed import LoadReport, load_section
from tests.staff import make_staff

NORTHWEST = "서북권 종합재가센터"  # the team working the 긴급돌봄 서북권 queue (마포구, 은평구, 서대문구)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def northwest(site_content):
    return make_staff("nw-kim", NORTHWEST, first_name="김서북")


@pytest.fixture
def colleague(site_content):
    return make_staff("nw-lee", NORTHWEST, first_name="이동료")


@pytest.fixture
def pages(home_page):
    """The public request forms' pages, loaded from the seed: {kind: page}."""
    return load_section("forms", home_page, LoadReport())


@pytest.fixture
def emergency(pages):
    return pages["emergency_care"]
