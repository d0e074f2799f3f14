"""Settings come from the environment, and production refuses unsafe ones."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
    "SECRET_KEY": "a-test-secret-that-is-long-enough-for-django-checks-0123456789",
    "ALLOWED_HOSTS": "www.example.kr",
    "DATABASE_URL": "postgres://agency:pw@db.internal:5432/agency",
}


def load_settings(env_overrides, expression="None"):
    """Import the settings in a fresh interpreter; return (exit code, output)."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "REDIS_URL"}
    env.update(env_overrides)
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    code, output = load_settings(env)
    assert code != 0
    assert f"The environment variable {missing} must be set" in output


def test_production_reads_its_configuration_from_the_environment():
    code, output = load_settings(
        {**PRODUCTION_ENV, "ALLOWED_HOSTS": "www.example.kr, example.kr",
         "EMAIL_HOST": "smtp.example.kr", "EMAIL_PORT": "587", "EMAIL_USE_TLS": "1"},
        "[settings.DEBUG, settings.ALLOWED_HOSTS, settings.DATABASES['default']['HOST'],"
        " settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS,"
        " settings.STORAGES['staticfiles']['BACKEND'], settings.LANGUAGE_CODE, settings.TIME_ZONE]",
    )
    assert code == 0, output
    assert json.loads(output.splitlines()[-1]) == [
        False, ["www.example.kr", "example.kr"], "db.internal", "smtp.example.kr", 587, True,
        "whitenoise.storage.CompressedManifestStaticFilesStorage", "ko", "Asia/Seoul",
    ]


def test_redis_cache_is_used_only_when_redis_url_is_set():
    expression = "settings.CACHES['default']['BACKEND']"
    code, output = load_settings({**PRODUCTION_ENV}, expression)
    assert json.loads(output.splitlines()[-1]).endswith("LocMemCache")
    code, output = load_settings({**PRODUCTION_ENV, "REDIS_URL": "redis://cache:6379/1"}, expression)
    assert json.loads(output.splitlines()[-1]).endswith("RedisCache")


def test_development_uses_the_embedded_database_unless_database_url_is_set():
    expression = "settings.DATABASES['default']['ENGINE']"
    code, output = load_settings({"DJANGO_SETTINGS_MODULE": "agency_site.settings.dev"}, expression)
    assert json.loads(output.splitlines()[-1]) == "agency_site.embedded_postgres"
    code, output = load_settings(
        {"DJANGO_SETTINGS_MODULE": "agency_site.settings.dev",
         "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/agency"},
        expression,
    )
    assert json.loads(output.splitlines()[-1]) == "django.db.backends.postgresql"


def test_the_settings_package_is_importable_although_the_folder_is_named_site():
    import site  # the standard-library module is still the real one

    import agency_site.settings.base as base

    assert hasattr(site, "getsitepackages")
    assert Path(base.__file__).resolve() == ROOT / "site" / "settings" / "base.py"


@pytest.mark.django_db
def test_the_wagtail_admin_speaks_korean(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ko"' in html
    assert "로그인" in html
