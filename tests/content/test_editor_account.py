"""An editor gets into the Korean Wagtail admin with `make editor`."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.staff import log_in_with_password

pytestmark = pytest.mark.django_db


def create_editor(*args):
    out = StringIO()
    call_command("create_editor", *args, stdout=out)
    return re.search(r"비밀번호: (\S+)", out.getvalue()).group(1)


def test_new_editor_logs_in_and_can_edit_pages(client, home_page):
    password = create_editor("hong")
    assert len(password) >= 16

    response = client.post("/admin/login/", {"username": "hong", "password": password})
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert 'lang="ko"' in dashboard.content.decode()
    # Editors may edit the site's pages.
    edit = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert edit.status_code == 200


def test_each_account_gets_its_own_random_password():
    assert create_editor("kim") != create_editor("lee")


def test_an_existing_account_is_not_silently_reset(client):
    first = create_editor("park")
    with pytest.raises(CommandError, match="이미 있습니다"):
        create_editor("park")
    second = create_editor("park", "--reset-password")
    assert second != first
    assert log_in_with_password(client, "park", second)
