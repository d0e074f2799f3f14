"""What people type is never compiled as a template.

An outside test uploaded a PDF named `{{ messages.storages.0.signer.key }}.pdf`
to the consulting form; the page that listed the kept file printed the
SECRET_KEY as its name, because the list was built as template text.
"""

import ast
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from home.seed import LoadReport, load_section
from tests.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PDF = pdf_bytes()  # a real PDF: attachments are checked by content (services/requests/upload_checks.py)
SECRET_NAME = "{{ messages.storages.0.signer.key }}.pdf"
SUM_NAME = "{{7|add:7}}.pdf"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def consulting(home_page):
    return load_section("forms", home_page, LoadReport())["consulting"]


def answers(**changes):
    data = {
        "organisation_name": "마포돌봄사회적협동조합", "business_number": "220-81-62517",
        "provider_type": "social_economy", "district": "마포구", "name": "김담당",
        "phone": "02-2038-8670", "email": "care@example.com", "topics": ["labour"],
        "description": "근로계약서를 점검받고 싶습니다.", "preferred_dates": "", "privacy_consent": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("name", [SECRET_NAME, SUM_NAME])
def test_a_file_name_is_shown_as_typed_never_evaluated(client, consulting, name):
    # A valid first step keeps the file; coming back with a mistake elsewhere
    # lists the kept file on the form (where the template was compiled).
    client.post(consulting.url, {**answers(), "attachments": [SimpleUploadedFile(name, PDF)]})
    response = client.post(consulting.url, answers(business_number="123"))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    listed = page.find(class_="agency-inset").get_text(" ", strip=True)
    assert name in listed
    body = response.content.decode()
    assert settings.SECRET_KEY not in body
    assert "14.pdf" not in body

    # The check-answers page lists it too, as typed.
    check = client.get(consulting.url + "check/").content.decode()
    assert settings.SECRET_KEY not in check and "14.pdf" not in check


def _python_files():
    for folder in ("site", "home", "services", "daycares", "search"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


# Core crispy-forms objects that run their text through Template(): HTML's
# markup, Fieldset's legend, the value of Submit/Button/Reset/Hidden (BaseInput)
# and StrictButton's content. The KRDS pack has its own Fieldset and Submit
# (agency_site.crispy_krds.layout) that show their text as text.
COMPILING_CRISPY = {"HTML", "Fieldset", "Submit", "Button", "Reset", "Hidden", "StrictButton"}


def test_no_code_builds_templates_from_strings():
    """The sweep, kept: crispy's HTML() and Template()/from_string compile text.
    Layout markup goes through services.requests.form_layout.FixedTemplate instead."""
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("crispy_forms"):
                found += [
                    f"{path.relative_to(ROOT)}: imports {a.name} from {node.module}"
                    for a in node.names if a.name in COMPILING_CRISPY
                ]
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in {"Template", "from_string"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(…)")
    assert not found, found
