"""The container entrypoint (site/container.py), run the way the Docker image
runs it: in subprocesses, with the production settings, against a fresh
embedded PostgreSQL. Docker itself is not needed."""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from agency_site import embedded_postgres
from tests.site_server import free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120  # an empty database: every migration, then the seed content


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    server = embedded_postgres.start(tmp_path_factory.mktemp("container-db") / "pgdata", database="container")
    yield server
    server.cleanup()


def database_url(socket_folder: str, name: str) -> str:
    # The socket folder as the (percent-encoded) host: dj-database-url then
    # fills in Django's HOST, as for a TCP server.
    return f"postgres://postgres@{urllib.parse.quote(socket_folder, safe='')}/{name}"


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    """Builds the environment of a production container. The image has no
    embedded-postgres (it is a development dependency), so the subprocesses
    get a stand-in that fails on import: production code must not need it."""
    hidden = tmp_path_factory.mktemp("no-embedded-postgres")
    (hidden / "embedded_postgres.py").write_text(
        'raise ImportError("embedded-postgres is a development dependency, not in the image")\n'
    )

    def build(**values: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            # Nothing from the developer's environment may change what is tested.
            if key not in {"DATABASE_URL", "REDIS_URL", "STATIC_ROOT", "MEDIA_ROOT", "PORT"}
            and not key.startswith(("DJANGO_", "EMAIL_", "SECURE_", "GUNICORN_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="agency_site.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            PYTHONPATH=str(hidden),
            PYTHONUNBUFFERED="1",
        )
        env.update(values)
        return env

    return build


def get(url: str):
    """(status, headers, body) for a GET, without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_web_migrates_loads_content_and_serves_the_site(postgres, production_env, tmp_path):
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url(embedded_postgres.socket_dir(postgres), "container"),
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DB_WAIT_SECONDS="30",
    )
    # The image collects static files at build time; the manifest storage
    # cannot render a page without them.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    collected = tmp_path / "static"
    assert (collected / "vendor" / "krds" / "krds.min.css").exists()
    assert not (collected / "src").exists(), "style sources are not published"

    log_path = tmp_path / "web.log"
    with log_path.open("wb") as log:
        web = subprocess.Popen(
            [sys.executable, "-m", "agency_site.container", "web"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn and its workers
        )
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        return log_path.read_text(errors="replace")

    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert web.poll() is None, f"the web container exited ({web.returncode}):\n{output()}"
            assert time.monotonic() < deadline, f"/healthz never answered 200:\n{output()}"
            try:
                status, headers, body = get(base + "/healthz")
            except OSError:
                status = None  # gunicorn is not listening yet
            if status == 200:
                break
            time.sleep(0.5)

        assert json.loads(body) == {"status": "ok", "database": "ok"}
        # never_cache: a proxy must not answer the health check from its cache.
        cache_control = headers["Cache-Control"]
        assert "no-cache" in cache_control and "private" in cache_control, cache_control
        assert "database at" in output() and "is ready" in output()

        status, headers, body = get(base + "/")
        page = body.decode()
        assert status == 200, page[:2000]
        assert 'lang="ko"' in page
        assert "서울특별시 사회서비스원" in page

        # Static files: content-hashed names, served by WhiteNoise with
        # far-future caching.
        match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
        assert match, "no hashed stylesheet link in the home page"
        status, headers, body = get(base + match.group(1))
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        max_age = re.search(r"max-age=(\d+)", headers["Cache-Control"])
        assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600, headers["Cache-Control"]

        # The image's HEALTHCHECK command.
        check = subprocess.run(
            [sys.executable, "-m", "agency_site.container", "healthcheck"],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr
    finally:
        if web.poll() is None:
            os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
            web.wait()
            pytest.fail(f"gunicorn did not stop on SIGTERM:\n{output()}")

    # gunicorn exits cleanly on SIGTERM, having replaced the entrypoint (same pid).
    assert web.returncode == 0, output()
    assert "Booting worker" in output()


def test_scheduler_runs_the_periodic_jobs_and_stops_on_sigterm(postgres, production_env, tmp_path):
    env = production_env(
        DATABASE_URL=database_url(embedded_postgres.socket_dir(postgres), "container"),
        DB_WAIT_SECONDS="30",
        SCHEDULER_INTERVAL_SECONDS="1",
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    # The web container migrates; here, as a one-off (quick when the web test already did).
    subprocess.run(
        [sys.executable, "-m", "agency_site.container", "migrate"],
        cwd=PROJECT_DIR, env=env, check=True, timeout=START_TIMEOUT, capture_output=True,
    )
    log_path = tmp_path / "scheduler.log"
    with log_path.open("wb") as log:
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "agency_site.container", "scheduler"],
            cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output() -> str:
        return log_path.read_text(errors="replace")

    jobs = ("clearsessions", "remove_stale_uploads", "purge_expired_requests",
            "send_training_reminders", "send_training_surveys")
    try:
        deadline = time.monotonic() + START_TIMEOUT
        # Two runs: the first does every job (never run before), the next finds nothing due.
        while output().count("send_training_surveys: ") < 2:
            assert scheduler.poll() is None, f"the scheduler exited ({scheduler.returncode}):\n{output()}"
            assert time.monotonic() < deadline, f"no second run of the periodic jobs:\n{output()}"
            time.sleep(0.5)
        for job in jobs:
            assert f"{job}: 완료" in output(), output()
            assert f"{job}: 할 때가 아님" in output(), output()
        # `docker stop`: SIGTERM to the container's first process only.
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(timeout=20)
    finally:
        if scheduler.poll() is None:
            os.killpg(scheduler.pid, signal.SIGKILL)
            scheduler.wait()
            pytest.fail(f"the scheduler did not stop on SIGTERM:\n{output()}")
    assert scheduler.returncode == 0, output()
    assert "scheduler stopped" in output()
    assert "Traceback" not in output(), output()


def test_compose_runs_one_scheduler_from_the_same_image():
    compose = (PROJECT_DIR / "docker-compose.yml").read_text()
    service = re.search(r"^  scheduler:\n((?:    .*\n|\s*\n)+)", compose, re.MULTILINE)
    assert service, "no scheduler service in docker-compose.yml"
    body = service.group(1)
    assert "<<: *app" in body  # the same image, environment and volumes as web and worker
    assert 'command: ["scheduler"]' in body


def test_gives_up_clearly_when_the_database_never_comes_up(production_env, tmp_path):
    nothing_listens = tmp_path / "no-server"
    nothing_listens.mkdir()
    env = production_env(
        DATABASE_URL=database_url(str(nothing_listens), "agency"),
        DB_WAIT_SECONDS="2",
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "agency_site.container", "migrate"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started

    assert result.returncode != 0
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert "waiting for the database" in result.stderr
    assert "still unreachable after 2 s" in result.stderr, result.stderr
    assert "check DATABASE_URL" in result.stderr


def test_production_settings_pass_the_deployment_checks(production_env):
    env = production_env(
        # Never connected to: `check` does not touch the database.
        DATABASE_URL="postgres://agency@db.invalid:5432/agency",
        # SMS through SOLAPI needs these; without them the check warns (services.W001).
        SMS_SOLAPI_API_KEY="NCSTESTKEY000001", SMS_SOLAPI_API_SECRET="not-a-real-secret",
        SMS_SENDER="02-2038-8670",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
