import os
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Site

from home import seed
from tests import staff

# Benchmarks print figures and run only under `make bench` (BENCH=1).
collect_ignore_glob = [] if os.environ.get("BENCH") else ["bench/*"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the whole site once per test run, exactly as `make run` does.
    Every test then runs inside a transaction that is rolled back, so each
    one starts from the loaded site (and loading it ~100 times would make
    the suite minutes slower)."""
    with django_db_blocker.unblock():
        seed.load()


@pytest.fixture(autouse=True)
def sms_outbox():
    """SMS sent in tests (settings.test: the in-memory backend), emptied for
    each test as pytest-django empties mail.outbox."""
    from services.requests.sms import locmem

    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, with the second login step done too:
    superusers must enter a code before any admin page opens."""
    return staff.login(admin_user)


@pytest.fixture
def site_content(db):
    """The site as `make run` builds it: home page, sections, contact settings."""
    seed.load()  # idempotent: a test that deleted a section gets it back
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The anonymous page cache as in production (off in tests), with its own
    generation file and nothing stored."""
    from agency_site import page_cache

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "page-cache" / "generation")
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture
def client_with_session(client, db):
    """A visitor the page cache never serves (someone half-way through a form):
    their pages are built every time, from what the cache's memo remembers."""
    session = client.session
    session["started"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def home_page(site_content):
    return site_content.root_page.specific


@pytest.fixture
def replace_section(home_page):
    """For a test that builds a section's pages itself: remove the loaded
    section at `slug` (and everything under it). The test's transaction is
    rolled back afterwards, so other tests still see the loaded site."""

    def remove(slug):
        for page in home_page.get_children().filter(slug=slug):
            page.delete()

    return remove


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests last. While Playwright runs, Django keeps that
    thread's database connections apart until the browser closes at the end
    of the session, so the test database can no longer be copied: the
    production-configuration tests (tests/production) must take their copy
    before. A stable sort, so the order is otherwise pytest-django's."""
    e2e = Path(__file__).parent / "e2e"
    items.sort(key=lambda item: e2e in item.path.parents)
