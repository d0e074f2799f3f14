"""`make run` as a newcomer uses it: the runner migrates, loads content and
serves the Korean site; Ctrl-C stops the server, the worker and the embedded
database; running it a second time works and duplicates nothing."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from agency_site import embedded_postgres
from home import seed_content
from tests.site_server import free_port

ROOT = Path(__file__).resolve().parents[1]


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
    assert not embedded_postgres.is_running(data_dir)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the web server is still listening"

    home_again, _, output_again, _ = run_once(data_dir)
    assert home_again.count('class="agency-quick-links__item"') == home.count(
        'class="agency-quick-links__item"'
    ) == len(seed_content.QUICK_LINKS)
    assert "이미 있어 그대로 둔 페이지" in output_again
    assert not embedded_postgres.is_running(data_dir)
