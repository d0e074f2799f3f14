"""Browser tests: the real site under gunicorn (tests/site_server.py) on a free
local port, driven by Debian's Chromium through Playwright and checked with
axe-core, at a desktop and a 360 px phone viewport.

The site's database is a copy of the test database taken after the seed
content is loaded, so the browser sees the site `make run` builds. E-mail is
written to files that the tests read.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, connections
from wagtail.models import Page

from services.requests.sms.filebased import read_messages
from tests.site_server import (
    ROOT,
    SiteServer,
    copy_database,
    database_url,
    drop_database,
    site_environment,
)
from tests.staff import current_step, give_authenticator, totp_code

# Playwright's synchronous API runs an event loop in this thread; the tests
# only touch the database before the browser starts (accounts, the copy).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    # A small Android phone: the narrowest width the site promises to work at.
    "mobile": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
               "device_scale_factor": 2},
}
PASSWORD = "e2e-password-not-secret"  # noqa: S105 (a throwaway database)

# Accounts the journeys log in with: (username, teams, Wagtail editor?)
ACCOUNTS = {
    "northwest": ("e2e-northwest", ["서북권 종합재가센터"]),
    "support": ("e2e-support", ["사업지원팀"]),
    # Wagtail's Editors write and submit for approval; Moderators also publish.
    "editor": ("e2e-editor", ["Editors", "Moderators"]),
}


@dataclass
class LiveSite:
    url: str
    mail_dir: Path
    accounts: dict = field(default_factory=dict)
    # One live page of every page type: {"CentrePage": "/centres/…/", …}
    page_types: dict = field(default_factory=dict)
    server: object = None  # the SiteServer, for its log when something fails

    def mail(self) -> list[email.message.EmailMessage]:
        """Every e-mail the site has sent, oldest first."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            # Django's file backend separates messages with a line of dashes.
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk.strip() + "\n",
                                                              policy=email.policy.default))
        return messages

    def sms_to(self, number: str) -> list[str]:
        """The text of every SMS the site has sent to `number` (any writing), oldest first."""
        digits = "".join(ch for ch in number if ch.isdigit())
        return [m["text"] for m in read_messages(self.mail_dir) if m["to"] == digits]

    def mail_to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.mail() if address in str(m["To"])]

    def manage(self, *args: str) -> str:
        """`manage.py <args>` against the site's own database (e.g. a daily
        command, or `shell -c` to let time pass); returns what it printed."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT, env=self.server.env, check=True, capture_output=True, text=True,
        )
        return done.stdout


def _one_page_of_each_type() -> dict:
    examples = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        examples.setdefault(type(page).__name__, page.get_url())
    return examples


def _create_accounts() -> dict:
    users = get_user_model().objects
    accounts = {}
    for role, (username, teams) in ACCOUNTS.items():
        user = users.create_user(username, email=f"{username}@example.com", password=PASSWORD,
                                 first_name=f"{role} 담당자")
        for team in teams:
            user.groups.add(Group.objects.get(name=team))
        # Every account has enrolled an authenticator (queue workers must;
        # the editor chose to), so every log-in goes through the code page.
        give_authenticator(user)
        accounts[role] = username
    return accounts


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        # The accounts exist only in the browser's copy: made here, copied, removed.
        accounts = _create_accounts()
        page_types = _one_page_of_each_type()
        source = database_url(connection)
        connections.close_all()
        copy = copy_database(source, "e2e")
        get_user_model().objects.filter(username__in=accounts.values()).delete()
        connections.close_all()
    mail_dir = tmp_path_factory.mktemp("mail")
    env = site_environment(
        copy, "agency_site.settings.test",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        SMS_BACKEND="services.requests.sms.filebased.SmsBackend", SMS_FILE_PATH=str(mail_dir),
        # Every journey submits from 127.0.0.1; the limits are tested on their own.
        RATE_LIMIT_SUBMITS_PER_HOUR="1000", RATE_LIMIT_LOOKUPS_PER_15_MINUTES="1000",
        RATE_LIMIT_FORM_STEPS_PER_HOUR="1000", RATE_LIMIT_UPLOAD_FILES_PER_HOUR="1000",
        RATE_LIMIT_UPLOAD_MB_PER_HOUR="10000",
        # The page cache on, as in production: the journeys then also prove that
        # what editors and applicants change is seen at once, across workers.
        PAGE_CACHE="1", PAGE_CACHE_GENERATION_FILE=str(mail_dir.parent / "page-cache-generation"),
    )
    try:
        with SiteServer(env, workers=2, threads=4) as server:
            yield LiveSite(server.url, mail_dir, accounts, page_types, server)
    finally:
        drop_database(copy)


@pytest.fixture(scope="session")
def browser(live_site):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"브라우저 테스트에 Chromium 이 필요합니다 ({CHROMIUM} 없음): "
                    "sudo apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs, Django keeps this thread's
        # database connections apart (asgiref treats the thread as async);
        # close those here, or the test database cannot be dropped at the end.
        connections.close_all()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def open_tab(browser, live_site, viewport):
    """Opens a browser tab as a new person (own cookies) at the test's
    viewport. Fails the test if a page raised a JavaScript error or logged
    one to the console."""
    contexts, errors = [], []

    def open_tab():
        context = browser.new_context(base_url=live_site.url, locale="ko-KR",
                                      timezone_id="Asia/Seoul", **VIEWPORTS[viewport])
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.viewport_name = viewport
        tab.js_errors = errors  # a test that expects a failing resource clears it
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}\nThe site's log ends:\n{live_site.server.log}"


@pytest.fixture
def page(open_tab):
    """The person the test follows, in a tab of their own."""
    return open_tab()


# The last time step whose code each account has used: django-otp accepts
# a code only for a later step than the last one (and one step either side
# of now), so logging the same account in twice within 30 s takes the next
# step's code, or waits for it.
_LAST_STEP: dict[str, int] = {}


def _fresh_code(username: str) -> str:
    step = max(current_step(), _LAST_STEP.get(username, -1) + 1)
    while step > current_step() + 1:
        time.sleep(1)
    _LAST_STEP[username] = step
    return totp_code(step=step)


@pytest.fixture
def log_in(live_site):
    """Log `page` in to the Wagtail admin as one of ACCOUNTS' roles: the
    password, then the code from the account's authenticator (TOTP_KEY)."""

    def log_in(page, role):
        username = live_site.accounts[role]
        page.goto("/admin/login/")
        page.get_by_label("사용자 이름").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url("**/admin/staff-login/verify/**")
        page.get_by_role("heading", name="인증 코드 입력").wait_for()
        page.get_by_label("인증 코드").fill(_fresh_code(username))
        page.get_by_role("button", name="확인").click()
        page.wait_for_url("**/admin/")

    return log_in


def pytest_collection_modifyitems(items):
    # pytest-django creates the test database only when a collected test asks
    # for it; the browser tests need it to copy from.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.django_db)
