"""Container entrypoint: ``python -m agency_site.container {web|worker|scheduler|migrate|healthcheck}``.

Everything the container does at start-up lives here, in Python, so that the
tests can run it without Docker (tests/test_container.py).

- ``web``: wait for the database, apply migrations, load the seed content
  (unless LOAD_CONTENT=0), then replace this process with gunicorn.
- ``worker``: wait for the database, then replace this process with the
  background-task worker (``manage.py db_worker``).
- ``scheduler``: wait for the database, then run the periodic jobs' entry
  point (``manage.py run_periodic_jobs``) now and every
  SCHEDULER_INTERVAL_SECONDS (default 900) until SIGTERM or SIGINT.
- ``migrate``: wait for the database and apply migrations (a one-off job).
- ``healthcheck``: exit 0 when GET /healthz answers 200 (Docker HEALTHCHECK).

Settings: DJANGO_SETTINGS_MODULE (default agency_site.settings.production);
DB_WAIT_SECONDS (default 60) bounds the wait for the database.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

# site/container.py → the project root (manage.py, the apps) is one folder up.
PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = PROJECT_DIR / "site" / "gunicorn.conf.py"
# A fixed key for pg_advisory_lock, so that replicas starting together take
# turns at migrating instead of racing each other.
MIGRATION_LOCK_ID = 7_204_517_301


def log(message: str) -> None:
    print(f"[container] {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency_site.settings.production")
    # Run from the project root whatever the working directory: the apps are
    # imported from there, and gunicorn and manage.py expect it.
    os.chdir(PROJECT_DIR)
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        # A missing SECRET_KEY or DATABASE_URL should read as one clear line.
        log(f"configuration error: {exc}")
        sys.exit(2)


def wait_for_database(timeout: float) -> None:
    """Connect with psycopg, using exactly the parameters Django would use,
    until the server accepts a query or `timeout` seconds have passed."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    target = params.get("host") or "local socket"
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        attempt += 1
        remaining = deadline - time.monotonic()
        try:
            # Bound each attempt too: a firewalled host would otherwise hang
            # for minutes in TCP connect.
            with psycopg.connect(**params, connect_timeout=max(1, min(5, int(remaining)))) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__  # on one line
            if time.monotonic() + 1 > deadline:
                log(
                    f"database at {target} is still unreachable after {timeout:g} s "
                    f"({attempt} attempts): {reason}"
                )
                log("giving up; check DATABASE_URL and that the database server is running.")
                sys.exit(1)
            log(f"waiting for the database at {target} (attempt {attempt}): {reason}")
            time.sleep(1)
        else:
            log(f"database at {target} is ready.")
            return


def migrate(load_content: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        log("taking the migration lock.")
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
        try:
            call_command("migrate", interactive=False)
            log("migrations applied.")
            if load_content:
                # Idempotent: pages that already exist are left as editors made them.
                call_command("load_content")
            # Once after an upgrade from an index the search cannot read (search.index_state).
            from search import index_state

            if index_state.rebuild_if_stale():
                log("search index rebuilt.")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])


def exec_into(*args: str) -> None:
    """Replace this process, so the server gets the container's signals directly."""
    from django.db import connections

    connections.close_all()
    argv = [sys.executable, *args]
    log("starting: " + " ".join(argv))
    os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell


def healthcheck() -> None:
    """GET /healthz on this container. Sends a Host header from ALLOWED_HOSTS,
    since Django answers 400 to host names it was not told about."""
    import urllib.request

    first_host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip("*.")
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(url, headers={"Host": first_host or "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 - http URL built above
            sys.exit(0 if response.status == 200 else 1)
    except OSError as exc:  # URLError and HTTPError (e.g. 503) are OSErrors
        print(f"unhealthy: {exc}", file=sys.stderr)
        sys.exit(1)


def scheduler(interval: float) -> None:
    """Run `manage.py run_periodic_jobs` every `interval` seconds, each run in
    a fresh process (a job that crashes or leaks cannot harm the loop). The
    entry point itself decides which jobs are due, so the loop needs no state.

    SIGTERM/SIGINT: while waiting, stop at once; during a run, pass the signal
    on and stop when it ends. Interrupting a job is safe: each job commits its
    own work as it goes, and one that did not finish is due again next time.
    """
    from django.db import connections

    connections.close_all()  # the loop holds no database connection between runs
    stop = threading.Event()
    running: list[subprocess.Popen] = []

    def on_signal(signum, frame):
        log(f"{signal.Signals(signum).name} received; the scheduler stops.")
        stop.set()
        for child in running:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    command = [sys.executable, str(PROJECT_DIR / "manage.py"), "run_periodic_jobs"]
    log(f"scheduler started: {' '.join(command)} every {interval:g} s.")
    while not stop.is_set():
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=PROJECT_DIR)  # noqa: S603 - fixed argv, no shell
        running.append(child)
        if stop.is_set():  # the signal came just before the run started
            child.send_signal(signal.SIGTERM)
        returncode = child.wait()
        running.clear()
        if returncode != 0 and not stop.is_set():
            log(f"run_periodic_jobs exited with {returncode}; the failed jobs are tried again next time.")
        stop.wait(max(0.0, interval - (time.monotonic() - started)))
    log("scheduler stopped.")
    sys.exit(0)


def scheduler_interval() -> float:
    value = os.environ.get("SCHEDULER_INTERVAL_SECONDS", "900")
    try:
        interval = float(value)
    except ValueError:
        interval = 0.0
    if not 0 < interval < float("inf"):
        log(f"SCHEDULER_INTERVAL_SECONDS must be a number of seconds above 0; got {value!r}")
        sys.exit(2)
    return interval


def main(mode: str) -> None:
    if mode == "healthcheck":
        healthcheck()
    if mode not in {"web", "worker", "scheduler", "migrate"}:
        modes = "web|worker|scheduler|migrate|healthcheck"
        log(f"usage: python -m agency_site.container {{{modes}}}; got {mode!r}")
        sys.exit(2)

    # As PID 1 in a container, Python would ignore SIGTERM (the kernel drops
    # signals PID 1 has no handler for): make `docker stop` end the start-up
    # steps promptly. gunicorn and db_worker install their own handlers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    interval = scheduler_interval() if mode == "scheduler" else 0.0  # a wrong value fails at once
    setup_django()
    wait_for_database(float(os.environ.get("DB_WAIT_SECONDS", "60")))

    if mode == "worker":
        exec_into(str(PROJECT_DIR / "manage.py"), "db_worker")
    if mode == "scheduler":
        scheduler(interval)
    migrate(load_content=mode == "web" and os.environ.get("LOAD_CONTENT", "1").strip() != "0")
    if mode == "web":
        exec_into("-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "agency_site.wsgi:application")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
