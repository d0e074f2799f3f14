"""Accounts the staff-login tests share (test_staff_login, test_second_factor)."""

import pytest

from tests.requests.test_staff_queues import NORTHWEST
from tests.staff import make_editor, make_staff


@pytest.fixture
def root(site_content):
    return make_staff("root", superuser=True)


@pytest.fixture
def worker(site_content):
    """A member of a request queue's team: must use a second factor."""
    return make_staff("nw-kim", NORTHWEST)


@pytest.fixture
def editor(site_content):
    return make_editor("hong")
