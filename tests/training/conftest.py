"""Every training test starts from an empty cache (rate-limit counts are
database rows, rolled back with each test; remembered settings and cached
pages are not)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()
