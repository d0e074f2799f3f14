"""`make run`: prepare the database and serve the site with its task worker.

One command for a newcomer: migrate, load the seed content, then run Django's
development server and the django-tasks worker side by side. Ctrl-C stops
both; the embedded PostgreSQL (when used) stops with the last process that
used it.
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

STOP_TIMEOUT_SECONDS = 10


class Command(BaseCommand):
    help = "Migrate, load content, then run the web server and task worker (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-reload", action="store_true", help="No auto-reload on edits.")

    def handle(self, host, port, no_reload, **options):
        self.stdout.write("데이터베이스를 준비합니다 (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("사이트 내용을 불러옵니다 (load_content)…")
        call_command("load_content")
        has_admin_account = get_user_model().objects.filter(is_active=True).exists()
        # The children open their own connections; ours is not needed while we wait.
        connections.close_all()

        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        server = [*manage, "runserver", f"{host}:{port}"]
        if no_reload:
            server.append("--noreload")
        children = [
            subprocess.Popen([*manage, "db_worker", "--no-reload"]),  # noqa: S603
            subprocess.Popen(server),  # noqa: S603
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
            self._stop(children, already_signalled=interrupted)
        if exit_code:
            sys.exit(exit_code)

    def _print_welcome(self, host, port, has_admin_account):
        address = f"http://{host}:{port}"
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
    def _stop(children, already_signalled):
        # Ctrl-C in a terminal already reached every child (same process
        # group). A second SIGINT would interrupt their clean-up (closing
        # connections, releasing the embedded database), so signal only when
        # we are stopping for another reason, and kill only what hangs.
        if not already_signalled:
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
