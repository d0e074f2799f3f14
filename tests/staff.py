"""Staff accounts for tests of the admin screens: members of a team (an auth
group that works queues) who may open the Wagtail admin.

Queue workers and superusers must enter a second-factor code before any
admin page opens (agency_site.staff_login). `login(user)` gives a client
whose session has done both steps: the user gets an authenticator with the
known key TOTP_KEY and the session is marked verified with it, as
django_otp.login does after a right code. Tests of the code page itself,
and the browser journeys, enter real codes made with `totp_code()`.
"""

import json
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# RFC 6238's test key ("12345678901234567890"), hex as django-otp stores it.
TOTP_KEY = "3132333435363738393031323334353637383930"
TOTP_STEP = 30


def make_staff(username, *teams, superuser=False, first_name=""):
    users = get_user_model().objects
    if superuser:
        user = users.create_superuser(username, f"{username}@example.com", "x" * 16)
    else:
        user = users.create_user(username, password="x" * 16, first_name=first_name)
        user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                         codename="access_admin"))
    for team in teams:
        user.groups.add(Group.objects.get(name=team))
    return user


def make_editor(username):
    """A Wagtail editor who works no queue (the second factor is optional)."""
    user = make_staff(username)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def give_authenticator(user, key=TOTP_KEY):
    """The user's confirmed authenticator app with a known key."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True,
                                                 defaults={"key": key, "name": "인증 앱"})
    return device


def current_step():
    return int(time.time()) // TOTP_STEP


def totp_code(key=TOTP_KEY, step=None):
    """The 6-digit code an authenticator with `key` shows now (or at time step `step`)."""
    generator = TOTP(bytes.fromhex(key), step=TOTP_STEP)
    generator.time = (current_step() if step is None else step) * TOTP_STEP
    return f"{generator.token():06d}"


def mark_verified(client, user):
    """The client's session (already logged in as `user`) has entered a code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = give_authenticator(user).persistent_id
    session.save()


def log_in_verified(client, user):
    """Log `client` in as `user`, both steps done."""
    client.force_login(user)
    mark_verified(client, user)
    return client


def login(user):
    return log_in_verified(Client(), user)


def log_in_with_password(client, username, password):
    """The first step through Wagtail's real login page; True if it let them in."""
    response = client.post("/admin/login/", {"username": username, "password": password})
    return response.status_code == 302


class VerifiedLoginMixin:
    """For WagtailPageTestCase classes: `self.login()` gives a superuser whose
    session has done both steps (Wagtail's own `login` uses client.login,
    which skips the request axes needs, and no second factor)."""

    def login(self, user=None, **kwargs):
        user = user or self.create_test_user()
        log_in_verified(self.client, user)
        return user


def admin_menu_items(response) -> dict:
    """{label: attrs} of every item of the admin's side menu, read from the
    sidebar's JSON props (the menu is drawn by a script from them)."""
    from bs4 import BeautifulSoup

    tag = BeautifulSoup(response.content.decode(), "html.parser").find(id="wagtail-sidebar-props")
    items = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                items[node["label"]] = node.get("attrs") or {}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(tag.string))
    return items
