"""The site exactly as production runs it, for tests of what only production
shows: production settings (DEBUG off, manifest static files, HTTPS
settings), gunicorn with site/gunicorn.conf.py and several worker processes,
so anything kept in one process's memory shows up as a bug.

`start_production_site(**env)` starts one (a context manager); each gets its
own copy of the seeded test database, so tests may change data freely. The
`production_site` fixture is one with the default environment, shared by a
module's tests.
"""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections

from tests.site_server import (
    ROOT,
    SiteServer,
    copy_database,
    database_url,
    drop_database,
    site_environment,
)

PRODUCTION_SETTINGS = "agency_site.settings.production"
# "Several workers": enough that counts kept in one process's memory are seen
# to fail, few enough for a 2-CPU machine.
WORKERS = 3


def _environment(database: str, folder: Path, static_root: str, **extra: str) -> dict:
    env = site_environment(
        database, PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback: no TLS proxy in front of it here.
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        PAGE_CACHE_GENERATION_FILE=str(folder / "page-cache-generation"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder / "mail"),
        LOG_LEVEL="WARNING",
        **extra,
    )
    # Set for the browser tests' own process; production must not inherit it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@pytest.fixture(scope="session")
def production_database(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A copy of the seeded test database that nobody connects to, to copy from."""
    with django_db_blocker.unblock():
        source = database_url(connection)
        connections.close_all()
        copy = copy_database(source, "prod_template")
    try:
        yield copy
    finally:
        drop_database(copy)


@pytest.fixture(scope="session")
def production_static(production_database, tmp_path_factory) -> str:
    """Static files collected once, as the image's build does (hashed, compressed)."""
    static_root = tmp_path_factory.mktemp("production-static")
    env = _environment(production_database, tmp_path_factory.mktemp("collect"), str(static_root))
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    return str(static_root)


@pytest.fixture(scope="session")
def start_production_site(production_database, production_static, tmp_path_factory):
    """A context manager: `with start_production_site(RATE_LIMIT_…="3") as site:`
    gives a SiteServer (`.url`, `.log`, `.env`) on its own database copy.
    `workers` and `max_requests` are gunicorn's; other keywords are added
    to the site's environment."""

    @contextlib.contextmanager
    def start(*, workers: int = WORKERS, max_requests: int = 0, **extra_env: str) -> Iterator[SiteServer]:
        folder = tmp_path_factory.mktemp("production-site")
        database = copy_database(production_database, "prod")
        try:
            env = _environment(database, folder, production_static, **extra_env)
            with SiteServer(env, workers=workers, threads=2, max_requests=max_requests) as site:
                yield site
        finally:
            drop_database(database)

    return start


@pytest.fixture(scope="module")
def production_site(start_production_site) -> Iterator[SiteServer]:
    """One production-configured site for a module's tests (default settings)."""
    with start_production_site() as site:
        yield site


def pytest_collection_modifyitems(items):
    # The copies are taken from the test database, which pytest-django creates
    # only when a collected test asks for it.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.django_db)

