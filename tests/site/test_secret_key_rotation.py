"""Rotating SECRET_KEY after a leak: staff stay logged in through
SECRET_KEY_FALLBACKS; links signed with the old key stop working."""

from importlib import import_module

import pytest
from django.contrib.auth import get_user, get_user_model
from django.test import RequestFactory
from django.utils import timezone

from services.models import RequestKind
from services.requests import notifications, pipeline
from services.training import survey as surveys

pytestmark = pytest.mark.django_db

OLD, NEW = "old-key-" + "x" * 50, "new-key-" + "y" * 50


@pytest.fixture
def service_request(site_content):
    return pipeline.submit(
        RequestKind.EMERGENCY_CARE, "마포구",
        pipeline.Applicant(name="홍길동", phone="010-1234-5678"),
        pipeline.Consent(notice_version="2026-11", given_at=timezone.now()),
    )


def test_a_status_link_signed_with_the_old_key_stops_working(settings, service_request):
    settings.SECRET_KEY = OLD
    token = notifications.status_token(service_request)
    assert notifications.request_pk_from_token(token) == service_request.pk
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert notifications.request_pk_from_token(token) is None


def _logged_in_user(client, settings):
    """Who the session cookie in `client` logs in, as the auth middleware sees it."""
    engine = import_module(settings.SESSION_ENGINE)
    request = RequestFactory().get("/")
    request.session = engine.SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return get_user(request)


def test_staff_sessions_survive_the_rotation(settings, client):
    settings.SECRET_KEY = OLD
    user = get_user_model().objects.create_user("staff-rotation", password="p" * 16)
    client.force_login(user)
    assert _logged_in_user(client, settings) == user
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert _logged_in_user(client, settings) == user
    # Without the fallback the session is no longer trusted.
    settings.SECRET_KEY_FALLBACKS = []
    assert not _logged_in_user(client, settings).is_authenticated


def test_production_reads_the_fallbacks_from_the_environment():
    import ast
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "site" / "settings" / "production.py").read_text()
    assigned = {t.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assert "SECRET_KEY_FALLBACKS" in assigned
    assert surveys.TOKEN_SALT != notifications.TOKEN_SALT
