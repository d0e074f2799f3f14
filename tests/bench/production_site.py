"""The site as it runs in the container, started for `make bench` and
`make lighthouse`: production settings, manifest + compressed static files
(collectstatic into a temporary STATIC_ROOT), its own database built from
the seeds (migrate + load_content), gunicorn with the container's config.

The PostgreSQL server is the one DATABASE_URL points at when it is set,
otherwise the embedded one (EMBEDDED_DATABASE_DIR picks its data folder);
the site's database is created next to the others and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import secrets
import tempfile
import time
from collections.abc import Iterator

from tests.site_server import (
    ROOT,
    SiteServer,
    create_database,
    database_url,
    drop_database,
    manage,
    site_environment,
)

PRODUCTION_SETTINGS = "agency_site.settings.production"


def server_url() -> str:
    """A URL of the PostgreSQL server to create the site's database on: the
    one the test settings use (DATABASE_URL, or the embedded server, which
    this process then keeps running until it exits, so the server outlives
    gunicorn, which connects through DATABASE_URL only)."""
    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency_site.settings.test")
        django.setup()
    from django.db import connection

    return database_url(connection)


def container_concurrency() -> tuple[int, int]:
    """The workers and threads gunicorn.conf.py gives a container on this
    machine (2 × CPUs + 1 workers, capped; WEB_CONCURRENCY and
    GUNICORN_THREADS override them)."""
    config = runpy.run_path(str(ROOT / "site" / "gunicorn.conf.py"))
    return int(config["workers"]), int(config["threads"])


def _step(message: str) -> None:
    print(f"  … {message}", flush=True)


@contextlib.contextmanager
def production_site(prefix: str, server: str | None = None, **extra_env: str) -> Iterator[SiteServer]:
    """gunicorn serving a freshly built site with production settings, its
    database created on `server` (a database URL; default: server_url()).
    `extra_env` is added to the site's environment (e.g. rate limits)."""
    started = time.monotonic()
    database = create_database(server or server_url(), prefix)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{prefix}-static-") as static_root, \
                tempfile.TemporaryDirectory(prefix=f"{prefix}-media-") as media_root:
            env = site_environment(
                database, PRODUCTION_SETTINGS,
                SECRET_KEY=secrets.token_urlsafe(50),
                ALLOWED_HOSTS="127.0.0.1,localhost",
                # Plain HTTP on the loopback: no TLS proxy in front of it here.
                SECURE_SSL_REDIRECT="0",
                SECURE_HSTS_SECONDS="0",
                STATIC_ROOT=static_root,
                MEDIA_ROOT=media_root,
                # This site's own page cache generation, not the machine's
                # default one that other instances of the site may change.
                PAGE_CACHE_GENERATION_FILE=os.path.join(media_root, "page-cache-generation"),
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                LOG_LEVEL="WARNING",
                **extra_env,
            )
            _step("database: migrate")
            manage("migrate", "--no-input", env=env)
            _step("database: load_content")
            manage("load_content", env=env)
            _step("static files: collectstatic (manifest, compressed)")
            manage("collectstatic", "--no-input", env=env)
            workers, threads = container_concurrency()
            _step(f"gunicorn: {workers} workers × {threads} threads")
            with SiteServer(env, workers=workers, threads=threads) as site:
                print(f"  … site ready at {site.url} in {time.monotonic() - started:.0f} s", flush=True)
                yield site
    finally:
        drop_database(database)
