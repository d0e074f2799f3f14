"""An embedded PostgreSQL 16 for development and tests.

When DATABASE_URL is not set, the dev and test settings use this package as
their database ENGINE. The server (from the `pgserver` package, which ships
PostgreSQL binaries) is started on the first connection, keeps its data in
the git-ignored `.local/pgdata`, listens only on a Unix socket, and is stopped
when the last process that used it exits. Production never uses it.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

DATABASE_NAME = "agency"
# EMBEDDED_DATABASE_DIR moves the data folder (the tests use a temporary one).
DATA_DIR = Path(
    os.environ.get("EMBEDDED_DATABASE_DIR")
    or Path(__file__).resolve().parents[2] / ".local" / "pgdata"
)

_lock = threading.Lock()
_servers: dict[Path, object] = {}


def database_settings(name: str = DATABASE_NAME) -> dict:
    """The DATABASES entry that points Django at the embedded server."""
    return {
        "ENGINE": "agency_site.embedded_postgres",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",  # filled in with the socket folder once the server runs
        "PORT": "",
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"data_dir": str(DATA_DIR)},
    }


def start(data_dir: Path | str = DATA_DIR, database: str = DATABASE_NAME):
    """Start (or join) the server for `data_dir`; make sure `database` exists.

    Returns the pgserver handle. Several processes may share one server:
    pgserver counts them and the last one to exit stops it.
    """
    data_dir = Path(data_dir).resolve()
    with _lock:
        if data_dir in _servers:
            return _servers[data_dir]
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (common on
            # servers and in CI) and falls back to a private /tmp folder.
            warnings.simplefilter("ignore")
            import pgserver  # only needed where the embedded server is used

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        _forget_dead_users(server)
        _create_database(server, database)
        _servers[data_dir] = server
        return server


def socket_dir(server) -> str:
    return str(server.get_postmaster_info().socket_dir)


def _forget_dead_users(server) -> None:
    """pgserver counts the processes using the server in a file and stops it
    when the last one exits. A process that was killed outright never takes
    itself off that list, which would keep the server running for good; drop
    such entries so that Ctrl-C still stops everything afterwards."""
    import psutil

    with server._lock:
        users = server.global_process_id_list
        users.put([pid for pid in users.get() if psutil.pid_exists(pid)])


def _create_database(server, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def is_running(data_dir: Path | str = DATA_DIR) -> bool:
    """True when a postmaster is alive for `data_dir` (reads postmaster.pid)."""
    pid_file = Path(data_dir) / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
