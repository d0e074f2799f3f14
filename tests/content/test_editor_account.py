"""`make editor` gives an account for the Korean Wagtail admin that can
publish the site's pages (`manage.py create_editor`)."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import NoticeIndexPage, NoticePage
from tests.staff import log_in_with_password

pytestmark = pytest.mark.django_db


def create_editor(*args):
    out = StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


def new_password(output):
    return re.search(r"비밀번호: (\S+)", output).group(1)


def groups_of(username):
    return set(get_user_model().objects.get(username=username).groups.values_list("name", flat=True))


def post_notice(client, title, action):
    """A notice written in the admin's add form, sent with one of the
    footer's actions (action-publish, action-submit, or a plain save)."""
    index = NoticeIndexPage.objects.get()
    data = nested_form_data({
        "title": title,
        "slug": "winter-care-notice",
        "date": "2024-12-02",
        "category": NoticePage.RECRUITMENT,
        "intro": "한파 특보 때 긴급돌봄을 신청할 수 있습니다.",
        "body": streamfield([("paragraph", rich_text("<p>신청 방법을 확인하세요.</p>"))]),
    })
    if action:
        data[action] = action
    response = client.post(f"/admin/pages/add/home/noticepage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NoticePage.objects.get(slug="winter-care-notice")


def test_new_editor_logs_in_and_publishes_a_page(client, site_content):
    password = new_password(create_editor("hong"))
    assert len(password) >= 16
    assert groups_of("hong") == {"Editors", "Moderators"}

    assert log_in_with_password(client, "hong", password)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert 'lang="ko"' in dashboard.content.decode()

    notice = post_notice(client, "한파 대비 긴급돌봄 안내", "action-publish")
    assert notice.live
    assert not notice.has_unpublished_changes
    # On the public site at once.
    client.logout()
    public = client.get(notice.url)
    assert public.status_code == 200
    assert "한파 대비 긴급돌봄 안내" in public.content.decode()


def test_an_editor_only_account_cannot_publish_but_submits_for_approval(client, site_content):
    output = create_editor("kim", "--editor-only")
    assert groups_of("kim") == {"Editors"}
    assert "검토 요청" in output
    assert log_in_with_password(client, "kim", new_password(output))

    notice = post_notice(client, "겨울철 안내 초안", "action-publish")
    assert not notice.live  # saved as a draft only

    notice.delete()
    notice = post_notice(client, "겨울철 안내 초안", "action-submit")
    assert not notice.live
    assert notice.workflow_in_progress


def test_each_account_gets_its_own_random_password():
    assert new_password(create_editor("kim")) != new_password(create_editor("lee"))


def test_running_it_again_keeps_the_password_and_the_groups(client):
    first = new_password(create_editor("park"))
    again = create_editor("park")
    assert "이미 있어" in again
    assert "비밀번호:" not in again  # nothing new to show: the password stayed
    assert groups_of("park") == {"Editors", "Moderators"}
    assert get_user_model().objects.get(username="park").groups.count() == 2
    assert log_in_with_password(client, "park", first)


def test_running_it_again_gives_an_older_editor_account_the_right_to_publish():
    create_editor("choi", "--editor-only")
    create_editor("choi")
    assert groups_of("choi") == {"Editors", "Moderators"}
    create_editor("choi", "--editor-only")
    assert groups_of("choi") == {"Editors"}


def test_reset_password_gives_a_new_one(client):
    first = new_password(create_editor("jung"))
    second = new_password(create_editor("jung", "--reset-password"))
    assert second != first
    assert not log_in_with_password(client, "jung", first)
    assert log_in_with_password(client, "jung", second)
