"""`make run`: prepare the database and serve the site with its task worker.

One command for a newcomer: migrate, load the seed content, then run Django's
development server and the django-tasks worker side by side. Ctrl-C, or
SIGTERM to the process group (what `timeout` or a process manager sends),
stops both; the embedded PostgreSQL (when used) stops with the last process
that used it. Links in e-mails point at the address served here unless
SITE_URL says otherwise.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from search import index_state

STOP_TIMEOUT_SECONDS = 10
# After Ctrl-C or SIGTERM, how long the children get to stop on their own.
GRACE_SECONDS = 3


def site_address(host: str, port) -> str:
    """The address to open (and to put in e-mails) for the development server."""
    # Listening on every interface: links and the welcome message use this machine.
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 - compared, not bound
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def child_environment(host: str, port, environ=None) -> dict[str, str]:
    """The children's environment: SITE_URL (the base of links in e-mails)
    defaults to the address served, so `PORT=8801 make run` sends links to
    port 8801. The settings read it in each child; a SITE_URL that is set wins."""
    env = dict(os.environ if environ is None else environ)
    if not env.get("SITE_URL", "").strip():
        env["SITE_URL"] = site_address(host, port)
    return env


def _interrupt_on_sigterm(signum, frame):
    # Python's default for SIGTERM ends the process at once: no `finally`
    # below, no atexit, so neither the children nor the embedded database
    # would be stopped. Handled like Ctrl-C instead, once: make forwards a
    # second SIGTERM to this process, which must not break off the stopping.
    signal.signal(signal.SIGTERM, _ignore)
    raise KeyboardInterrupt


def _ignore(signum, frame):
    pass


class Command(BaseCommand):
    help = "Migrate, load content, then run the web server and task worker (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-reload", action="store_true", help="No auto-reload on edits.")

    def handle(self, host, port, no_reload, **options):
        signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
        self.stdout.write("데이터베이스를 준비합니다 (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("사이트 내용을 불러옵니다 (load_content)…")
        call_command("load_content")
        # A database made before the search learnt Korean gets an index it can use.
        index_state.rebuild_if_stale(self.stdout)
        has_admin_account = get_user_model().objects.filter(is_active=True).exists()
        # The children open their own connections; ours is not needed while we wait.
        connections.close_all()

        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        server = [*manage, "runserver", f"{host}:{port}"]
        if no_reload:
            server.append("--noreload")
        env = child_environment(host, port)
        children = [
            subprocess.Popen([*manage, "db_worker", "--no-reload"], env=env),  # noqa: S603
            subprocess.Popen(server, env=env),  # noqa: S603
        ]
        self._print_welcome(host, port, has_admin_account)
        exit_code = 0
        interrupted = False
        try:
            exit_code = self._wait_for_first_exit(children)
        except KeyboardInterrupt:
            interrupted = True
            self.stdout.write("\n멈추는 중입니다…")
        finally:
            self._stop(children, interrupted=interrupted)
        if exit_code:
            sys.exit(exit_code)

    def _print_welcome(self, host, port, has_admin_account):
        address = site_address(host, port)
        lines = [
            "",
            f"  사이트:        {address}/",
            f"  관리자 화면:   {address}/admin/",
        ]
        if not has_admin_account:
            lines.append("  편집자 계정이 아직 없습니다. 다른 터미널에서 `make editor` 를 실행하세요.")
        else:
            lines.append("  새 편집자 계정: 다른 터미널에서 `make editor` (README 참고).")
        lines += ["  멈추려면 Ctrl-C", ""]
        self.stdout.write("\n".join(lines))

    @staticmethod
    def _wait_for_first_exit(children):
        """Block until one child exits (e.g. the port was taken); return its code."""
        while True:
            for child in children:
                code = child.poll()
                if code is not None:
                    return code
            time.sleep(0.5)

    @staticmethod
    def _stop(children, interrupted):
        # Ctrl-C in a terminal, and SIGTERM sent to the process group, reach
        # every child too. A second signal would interrupt their clean-up
        # (closing connections, releasing the embedded database), so after an
        # interruption they first get a moment to stop on their own; then
        # what still runs is signalled (we may have been signalled alone, or
        # be stopping because one child exited), and only what hangs is killed.
        if interrupted:
            deadline = time.monotonic() + GRACE_SECONDS
            while time.monotonic() < deadline and any(child.poll() is None for child in children):
                time.sleep(0.1)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
