"""What every request test starts from: its own private file folder, and an
empty cache (rate-limit counts are database rows, rolled back with each test;
remembered settings and cached pages are not)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()
