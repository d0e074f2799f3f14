"""The liveness endpoint: answers whenever the process does, even when the
database is down (an orchestrator must not restart the site for that)."""

import json

from django.db import DatabaseError, connection
from django.test import override_settings

from tests.site.test_settings import PRODUCTION_ENV, load_settings


def test_liveness_answers_without_touching_the_database(db, client, django_assert_num_queries, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        with django_assert_num_queries(0):
            response = client.get("/healthz/live")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert "no-cache" in response["Cache-Control"]
        # …while readiness reports the outage.
        assert client.get("/healthz").status_code == 503


def test_production_probes_both_health_checks_over_plain_http(db, client):
    # Inside the container they are probed without the TLS proxy in front.
    code, output = load_settings(PRODUCTION_ENV, "settings.SECURE_REDIRECT_EXEMPT")
    assert code == 0, output
    exempt = json.loads(output.splitlines()[-1])
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=exempt):
        assert client.get("/healthz/live").status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.get("/robots.txt").status_code == 301
