"""The embedded PostgreSQL 18 that `make run` and `make test` use when
DATABASE_URL is not set."""

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from agency_site import embedded_postgres

ROOT = Path(__file__).resolve().parents[2]

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


def run_in_own_process(data_dir, sql, *, script=SCRIPT):
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), sql],
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
    assert (data_dir / "PG_VERSION").read_text().strip() == "18"
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


EXTENSIONS = """
import sys
import psycopg
from agency_site import embedded_postgres
server = embedded_postgres.start(sys.argv[1], database="scratch")
with psycopg.connect(server.get_uri("scratch"), autocommit=True) as conn:
    print(conn.execute("SHOW server_version_num").fetchone()[0])
    for name in ("btree_gist", "pg_trgm", "unaccent"):
        conn.execute(f"CREATE EXTENSION {name}")
    # A room cannot be let twice for overlapping hours (btree_gist: = in a GiST index).
    conn.execute(
        "CREATE TABLE lets (room int, during tstzrange,"
        " EXCLUDE USING gist (room WITH =, during WITH &&))"
    )
    conn.execute("INSERT INTO lets VALUES (1, '[2025-03-01 10:00+09, 2025-03-01 12:00+09)')")
    try:
        conn.execute("INSERT INTO lets VALUES (1, '[2025-03-01 11:00+09, 2025-03-01 13:00+09)')")
    except psycopg.errors.ExclusionViolation:
        print("overlap-refused")
    print(conn.execute("SELECT similarity('사회서비스원', '사회서비스') > 0.3").fetchone()[0])
    print(conn.execute("SELECT unaccent('Hôtel')").fetchone()[0])
"""


def test_ships_postgresql_18_with_the_contrib_extensions(tmp_path):
    # What the room-rental (btree_gist) and search (pg_trgm, unaccent) work will rely on.
    version, refused, similar, plain = run_in_own_process(tmp_path / "pgdata", "", script=EXTENSIONS)
    assert version.startswith("18")
    assert (refused, similar, plain) == ("overlap-refused", "True", "Hotel")


def test_a_postgresql_16_data_folder_is_moved_aside_not_deleted(tmp_path):
    # What `pgserver` (PostgreSQL 16) left in .local/pgdata, with a server of
    # it still running (here a stand-in process called "postgres").
    data_dir = tmp_path / "pgdata"
    (data_dir / "base").mkdir(parents=True)
    (data_dir / "PG_VERSION").write_text("16\n")
    (data_dir / "base" / "kept").write_text("예전 데이터")
    stand_in = tmp_path / "postgres"
    shutil.copy(shutil.which("sleep"), stand_in)
    old_server = subprocess.Popen([str(stand_in), "600"])
    threading.Thread(target=old_server.wait, daemon=True).start()  # reaped once it stops
    (data_dir / "postmaster.pid").write_text(f"{old_server.pid}\n{data_dir}\n")

    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(data_dir), "CREATE TABLE notes (body text)"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert old_server.poll() == -signal.SIGINT  # asked to stop before its folder moved
    finally:
        if old_server.poll() is None:
            old_server.kill()

    (moved,) = tmp_path.glob("pgdata-16-*")
    assert (moved / "PG_VERSION").read_text() == "16\n"
    assert (moved / "base" / "kept").read_text() == "예전 데이터"
    assert (data_dir / "PG_VERSION").read_text().strip() == "18"
    assert result.stdout.split() == ["0", "running"]
    assert "PostgreSQL 16 용이라 PostgreSQL 18 로 열 수 없습니다" in result.stderr
    assert "was made by PostgreSQL 16" in result.stderr and str(moved) in result.stderr
    assert not embedded_postgres.is_running(data_dir)

    # Opened again: already version 18, nothing more is moved.
    run_in_own_process(data_dir, "INSERT INTO notes VALUES ('그대로')")
    assert [p.name for p in tmp_path.glob("pgdata-*")] == [moved.name]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the tests use the server in DATABASE_URL")
def test_django_runs_on_the_embedded_postgresql_18(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL 18")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT similarity('서울특별시', '서울')")
        assert cursor.fetchone()[0] > 0
