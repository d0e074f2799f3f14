"""Static files as production serves them: collected with content hashes in
their names (a changed file gets a new name), precompressed, and sent with
`Cache-Control: immutable` so browsers never ask for them again. Runs
collectstatic into a temporary folder with the production settings, in a
child process (as the container build does)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR_OR_MORE = 365 * 24 * 60 * 60

# Asks the production site (through all of its middleware) for static files;
# prints what a browser would get.
FETCH = """
import json, sys
import django
django.setup()
from django.templatetags.static import static
from django.test import Client

client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
out = {"site_css": static("css/site.css"), "site_js": static("js/site.js"), "responses": {}}
for path in [out["site_css"], out["site_js"], "/static/css/site.css"]:
    response = client.get(path)
    out["responses"][path] = {
        "status": response.status_code,
        "cache_control": response.get("Cache-Control", ""),
        "encoding": response.get("Content-Encoding", ""),
    }
    if hasattr(response, "close"):
        response.close()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
        "SECRET_KEY": "static-files-test-only",
        "ALLOWED_HOSTS": "testserver",
        # Never connected to: serving static files needs no database.
        "DATABASE_URL": "postgres://nobody@db.invalid:5432/none",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)
    fetched = subprocess.run([sys.executable, "-c", FETCH], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True)
    return static_root, json.loads(fetched.stdout.strip().splitlines()[-1])


def test_collected_files_have_content_hashes_in_their_names(production):
    static_root, fetched = production
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    script = manifest["js/site.js"]
    assert (static_root / script).read_bytes() == (ROOT / "static/js/site.js").read_bytes()
    # The images a stylesheet points at are rewritten to their hashed names, which exist.
    for css in (hashed, manifest["vendor/krds/krds.min.css"]):
        urls = re.findall(r"url\([\"']?([^)\"'#]+)", (static_root / css).read_text())
        assert urls and all(re.search(r"\.[0-9a-f]{12}\.svg$", url) for url in urls), css
        assert all((static_root / css).parent.joinpath(url).resolve().is_file() for url in urls)
    # Pages link to the hashed names.
    assert fetched["site_css"] == "/static/" + hashed
    assert fetched["site_js"] == "/static/" + manifest["js/site.js"]


def test_collected_files_are_precompressed(production):
    static_root, _ = production
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]["css/site.css"]
    assert (static_root / (hashed + ".br")).exists()
    assert (static_root / (hashed + ".gz")).exists()


def test_hashed_files_are_cached_for_good_and_sent_compressed(production):
    _, fetched = production
    for path in (fetched["site_css"], fetched["site_js"]):
        response = fetched["responses"][path]
        assert response["status"] == 200, path
        directives = {d.strip() for d in response["cache_control"].split(",")}
        assert {"public", "immutable"} <= directives, response
        max_age = next(int(d.split("=")[1]) for d in directives if d.startswith("max-age="))
        assert max_age >= ONE_YEAR_OR_MORE
        assert response["encoding"] == "br"


def test_a_name_without_hash_is_not_cached_for_good(production):
    """It may change with the next deploy: browsers must ask again."""
    _, fetched = production
    response = fetched["responses"]["/static/css/site.css"]
    assert response["status"] == 200
    assert "immutable" not in response["cache_control"]
