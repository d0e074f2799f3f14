"""`make run` as a newcomer uses it: the runner migrates, loads content and
serves the Korean site; Ctrl-C, or SIGTERM to its process group, stops the
server, the worker and the embedded database; running it a second time works
and duplicates nothing; links in e-mails follow the port it serves."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from agency_site import embedded_postgres
from agency_site.management.commands import rundev
from home import seed
from tests.site.test_settings import load_settings
from tests.site_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for_page(url, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the runner exited early"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def run_once(data_dir):
    port = free_port()
    env = {**os.environ, "EMBEDDED_DATABASE_DIR": str(data_dir), "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "agency_site.settings.dev"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rundev", "--no-reload"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        home = wait_for_page(f"http://127.0.0.1:{port}/", process)
        about = wait_for_page(f"http://127.0.0.1:{port}/about/", process)
    finally:
        # What Ctrl-C in a terminal does: SIGINT to the whole process group.
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    return home, about, output, port


def test_make_run_serves_the_site_and_ctrl_c_stops_everything(tmp_path):
    data_dir = tmp_path / "pgdata"

    home, about, output, port = run_once(data_dir)
    assert '<html lang="ko"' in home
    assert "서울특별시 사회서비스원" in home and "주 메뉴" in home
    assert "기관소개" in about
    assert f"http://127.0.0.1:{port}/admin/" in output
    assert "make editor" in output
    assert stops_soon(data_dir)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the web server is still listening"

    home_again, _, output_again, _ = run_once(data_dir)
    assert home_again.count('class="agency-task"') == home.count(
        'class="agency-task"'
    ) == len(seed.data("site")["quick_links"])
    assert "이미 있어 그대로 둔 페이지" in output_again
    assert stops_soon(data_dir)


def stops_soon(data_dir, timeout=15):
    """The embedded database stops with the last process that used it; on a
    loaded machine its shutdown may finish a moment after that process is gone."""
    deadline = time.monotonic() + timeout
    while embedded_postgres.is_running(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not embedded_postgres.is_running(data_dir)


def postmaster_pid(data_dir):
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


def wait_until_gone(pid, timeout):
    deadline = time.monotonic() + timeout
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not psutil.pid_exists(pid)


def test_sigterm_to_make_run_stops_everything_and_links_follow_its_port(tmp_path):
    """`make run` exactly (auto-reload on, so runserver is a reloader and its
    child), stopped the way `timeout` or a process manager stops it."""
    data_dir = tmp_path / "pgdata"
    port = free_port()
    env = {**os.environ, "EMBEDDED_DATABASE_DIR": str(data_dir), "PORT": str(port)}
    env["DJANGO_SETTINGS_MODULE"] = "agency_site.settings.dev"
    for name in ("DATABASE_URL", "SITE_URL", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    # `-o install`: the virtualenv is the one running these tests; not reinstalled.
    command = ["make", "-o", "install", "run", f"BIN={Path(sys.executable).parent}"]
    postmaster = None
    log = tmp_path / "make-run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for_page(f"http://127.0.0.1:{port}/", process)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{log.read_text()[-4000:]}") from None
        postmaster = postmaster_pid(data_dir)
        children = psutil.Process(process.pid).children(recursive=True)
        web = [child for child in children if "runserver" in child.cmdline()]
        assert len(web) == 2, "the reloader and the server it runs"
        worker = [child for child in children if "db_worker" in child.cmdline()]
        for child in web + worker:
            assert child.environ()["SITE_URL"] == f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):  # none left when make failed early
            os.killpg(process.pid, signal.SIGTERM)
        stopped_at = time.monotonic()
        try:
            process.wait(timeout=60)
        finally:
            output = log.read_text()
            if postmaster and not wait_until_gone(postmaster, 10):
                os.kill(postmaster, signal.SIGKILL)  # leave nothing behind when the test fails
                raise AssertionError(f"PostgreSQL still runs after SIGTERM:\n{output}")

    assert time.monotonic() - stopped_at < 20, output
    assert not (data_dir / "postmaster.pid").exists()
    assert stops_soon(data_dir)
    for child in children:
        assert not child.is_running(), f"{child.cmdline()} still runs"
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the web server is still listening"


def test_site_url_defaults_to_the_address_make_run_serves():
    env = rundev.child_environment("127.0.0.1", "8801", {"PATH": "/usr/bin"})
    assert env["SITE_URL"] == "http://127.0.0.1:8801"
    assert rundev.child_environment("0.0.0.0", 8801, {})["SITE_URL"] == "http://127.0.0.1:8801"
    # An explicit SITE_URL always wins.
    explicit = rundev.child_environment("127.0.0.1", 8801, {"SITE_URL": "https://www.example.kr"})
    assert explicit["SITE_URL"] == "https://www.example.kr"

    # What the development settings (in each child rundev starts) make of it:
    # the base of every link in e-mails.
    code, output = load_settings(
        {"DJANGO_SETTINGS_MODULE": "agency_site.settings.dev", "SITE_URL": env["SITE_URL"]},
        "settings.WAGTAILADMIN_BASE_URL",
    )
    assert code == 0, output
    assert output.splitlines()[-1] == '"http://127.0.0.1:8801"'
