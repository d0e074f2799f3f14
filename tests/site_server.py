"""Run the real site in its own process, on a free local port, for the
browser tests (tests/e2e), `make bench` and `make lighthouse`.

The site runs under gunicorn exactly as in the container, against its own
PostgreSQL database (a copy of the test database, or one built from the
seeds), so a browser talks to it over HTTP like any visitor would.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(connection) -> str:
    """A DATABASE_URL for the database behind an open Django connection
    (for the embedded server, its socket folder is known only once open)."""
    connection.ensure_connection()
    info = connection.connection.info
    auth = quote(info.user) + (f":{quote(info.password)}" if info.password else "")
    host = quote(info.host, safe="")  # a socket folder is written %2F...
    return f"postgresql://{auth}@{host}:{info.port}/{info.dbname}"


def _admin(url: str):
    """A connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    base, _, _ = url.rpartition("/")
    return psycopg.connect(f"{base}/postgres", autocommit=True)


def copy_database(url: str, prefix: str) -> str:
    """A new database copied from the one at `url` (nobody may be connected
    to it meanwhile); returns the copy's URL."""
    base, _, template = url.rpartition("/")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with _admin(url) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return f"{base}/{name}"


def create_database(url: str, prefix: str) -> str:
    base, _, _ = url.rpartition("/")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with _admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}"


def drop_database(url: str) -> None:
    name = url.rpartition("/")[2]
    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def manage(*args: str, env: dict) -> None:
    """`manage.py <args>` in a child process with the site's environment."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )


def site_environment(database: str, settings: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database, DJANGO_SETTINGS_MODULE=settings, PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


class SiteServer:
    """gunicorn serving the site; use as a context manager. `url` is its
    address; `log` holds what it printed (shown when it fails to start)."""

    def __init__(self, env: dict, *, workers: int = 2, threads: int = 4, access_log: bool = False,
                 max_requests: int = 0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Links in e-mails point at this server.
        self.env = {**env, "SITE_URL": env.get("SITE_URL") or self.url}
        self.workers = workers
        self.threads = threads
        self.access_log = access_log
        self.max_requests = max_requests
        self.process: subprocess.Popen | None = None
        # Closed in __exit__ (the server writes to it for its whole life).
        self._log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115

    def __enter__(self) -> SiteServer:
        command = [
            sys.executable, "-m", "gunicorn", "agency_site.wsgi:application",
            "--config", str(ROOT / "site" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads),
            # Figures and tests measure the application, not a restart
            # (unless a test is about what survives one).
            "--max-requests", str(self.max_requests), "--max-requests-jitter", "0",
        ]
        if not self.access_log:
            command += ["--access-logfile", "/dev/null"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The site stopped while starting:\n{self.log}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        log = self.log
        self.__exit__(None, None, None)
        raise RuntimeError(f"The site did not answer within {timeout} s:\n{log}")

    @property
    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()[-5000:]

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
