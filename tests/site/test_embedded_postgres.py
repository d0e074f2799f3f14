"""The embedded PostgreSQL that `make run` and `make test` use when
DATABASE_URL is not set."""

import subprocess
import sys
from pathlib import Path

from agency_site import embedded_postgres

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
import psycopg
from agency_site import embedded_postgres
server = embedded_postgres.start(sys.argv[1], database="scratch")
with psycopg.connect(server.get_uri("scratch"), autocommit=True) as conn:
    conn.execute(sys.argv[2])
    print(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
print("running" if embedded_postgres.is_running(sys.argv[1]) else "stopped")
"""


def run_in_own_process(data_dir, sql):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), sql],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_starts_serves_and_stops_when_its_process_exits(tmp_path):
    data_dir = tmp_path / "pgdata"
    count, state = run_in_own_process(
        data_dir, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('안녕하세요')"
    )
    assert (count, state) == ("1", "running")
    assert (data_dir / "PG_VERSION").read_text().strip() == "16"
    assert not embedded_postgres.is_running(data_dir)


def test_keeps_its_data_between_runs(tmp_path):
    data_dir = tmp_path / "pgdata"
    run_in_own_process(data_dir, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('첫째')")
    count, _ = run_in_own_process(data_dir, "INSERT INTO notes VALUES ('둘째')")
    assert count == "2"
    assert not embedded_postgres.is_running(data_dir)


def test_a_killed_user_does_not_keep_the_server_running_forever(tmp_path):
    data_dir = tmp_path / "pgdata"
    killed = SCRIPT + "\nimport os\nos._exit(0)  # no clean-up, as after kill -9\n"
    result = subprocess.run(
        [sys.executable, "-c", killed, str(data_dir), "CREATE TABLE notes (body text)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert embedded_postgres.is_running(data_dir)  # orphaned, as a crash would leave it

    run_in_own_process(data_dir, "INSERT INTO notes VALUES ('다시')")
    assert not embedded_postgres.is_running(data_dir)
