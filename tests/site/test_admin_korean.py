"""The Wagtail admin speaks Korean where Wagtail's own catalogue is missing
or wrong: the project's overrides in locale/ko/ (LOCALE_PATHS), for the
server-rendered screens and the admin's JavaScript catalogue. And the
committed .mo files are what their .po files compile to."""

import datetime
import gettext
import importlib.util
import json
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.models import NoticePage
from tests.staff import login, make_editor, make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def reviewer(site_content):
    """A superuser: reviews what editors submit (and may do everything)."""
    return login(make_staff("root", superuser=True))


@pytest.fixture
def submitted(site_content):
    """A notice an editor has submitted to the "Moderators approval" workflow."""
    editor = make_editor("writer")
    notice = NoticePage.objects.live().first()
    notice.save_revision(user=editor)
    state = notice.get_workflow().start(notice, editor)
    # Sent six minutes ago: the status says how long ago, in Django's humanize words.
    state.current_task_state.__class__.objects.filter(pk=state.current_task_state.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=6))
    return notice


def test_dashboard(reviewer, submitted):
    page = text(reviewer.get("/admin/"))
    # The site summary: "53 Pages" → "페이지 53개".
    assert re.search(r"</span>페이지 \d+개", page)
    assert not re.search(r"\d+ Pages?\b", page)
    # The workflow panel: not "당신의 후기를 기다리는 중" (your reviews, as in product reviews).
    assert "내 검토를 기다리는 중" in page
    assert "당신의 후기" not in page
    assert "Privacy and access" not in page
    assert "공개 범위와 접근" in page
    # The reviewer's buttons for the submitted notice.
    assert "Request changes" not in page
    assert "변경 요청" in page
    for english in ("Keyboard shortcuts", "Search all pages", "Close dialog"):
        assert english not in page
    assert "단축키" in page


def test_page_explorer(reviewer, site_content):
    page = text(reviewer.get(f"/admin/pages/{site_content.root_page_id}/"))
    for english, korean in [("Filter by", "필터"), ("Date updated", "수정일"), ("Edited by", "수정한 사람"),
                            ("Has child pages", "하위 페이지 있음"), ("Page type", "페이지 유형"),
                            ("Show filters", "필터 보기"), ("Exploring", "탐색 중")]:
        assert english not in page
        assert korean in page


def test_page_edit_footer_and_side_panels(reviewer, site_content):
    page = text(reviewer.get(f"/admin/pages/{site_content.root_page_id}/edit/"))
    for english, korean in [
        ("Set schedule", "일정 정하기"),
        ("Save schedule", "일정 저장"),
        ('"Schedule to publish" option', "예약 게시"),
        ("No publishing schedule set", "정해진 게시 일정이 없습니다"),
        ("Choose who can view the live version of this page", "게시된 페이지를 볼 수 있는 사람을 정하세요"),
        ("Content metrics", "콘텐츠 지표"),
        ("Issues found", "발견된 문제"),
        ("Toggle checks", "콘텐츠 점검 열기/닫기"),
        ("Autosave is paused", "자동 저장이 멈췄습니다"),
        ("Preview in new tab", "새 탭에서 미리보기"),
        ("Actions (footer)", "동작 (바닥글)"),
    ]:
        assert english not in page
        assert korean in page
    # The footer's menu toggle ("More actions") was "더 많은 움직임".
    assert "더 많은 움직임" not in page
    assert "더 보기" in page


def test_reviewer_sees_the_workflow_in_korean(reviewer, submitted):
    page = text(reviewer.get(f"/admin/pages/{submitted.pk}/edit/"))
    assert "Request changes" not in page
    assert "변경 요청" in page
    assert "의견과 함께 승인" in page  # "Approve with comment"
    # "Sent to Moderators approval 6 minutes ago".
    assert re.search(r"단계로 보냄 6\s?분 전", page)
    assert "minutes ago" not in page


def test_staff_login_page():
    page = text(Client().get("/admin/login/"))
    label = re.search(r'<label[^>]*for="id_password"[^>]*>\s*([^<]+)', page).group(1).strip()
    assert label == "비밀번호"


def test_page_privacy_dialog(reviewer, site_content):
    response = reviewer.get(f"/admin/pages/{site_content.root_page_id}/privacy/")
    html = response.json()["html"]
    assert "비공개, 공유 비밀번호로 볼 수 있음" in html
    assert "Private, accessible with a shared password" not in html


def test_images_documents_users_and_reports(reviewer, site_content):
    Image.objects.create(title="안내 사진", file=get_test_image_file())
    images = text(reviewer.get("/admin/images/"))
    assert "Add tags to the selected images" not in images
    assert "선택한 이미지에 태그 추가" in images
    assert "사용 횟수 (많은 순)" in images  # the ordering menu
    users = text(reviewer.get("/admin/users/"))
    assert "Last login" not in users
    assert "마지막 로그인" in users
    history = text(reviewer.get("/admin/reports/site-history/"))
    assert "사이트 기록" in history
    types = text(reviewer.get("/admin/reports/page-types-usage/"))
    assert "Page types usage" not in types
    assert "페이지 유형별 사용 현황" in types


def test_the_javascript_catalogue_has_the_overrides():
    """The page editor's own strings come from the admin's jsi18n view, which
    reads LOCALE_PATHS too."""
    script = text(Client().get("/admin/jsi18n/"))
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["More actions"] == "더 보기"  # Wagtail's: "더 많은 움직임"
    assert catalogue["Split block"] == "블록 나누기"  # Wagtail's: "장애물 전환"
    placeholder = "Write something or type ‘/’ to insert a block"
    assert catalogue[placeholder] == "내용을 입력하거나 ‘/’를 눌러 블록을 넣으세요"
    assert catalogue["%(num)s min"] == ["%(num)s분"]  # the reading time, one Korean form


# --- the catalogue files -----------------------------------------------------------------


def compile_messages():
    spec = importlib.util.spec_from_file_location("compile_messages", ROOT / "tools" / "compile_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_committed_mo_is_its_po_compiled(tmp_path):
    tool = compile_messages()
    catalogues = tool.catalogues()
    assert {po.name for po in catalogues} == {"django.po", "djangojs.po"}
    for po in catalogues:
        fresh = tmp_path / f"{po.stem}.mo"
        tool.compile_po(po, fresh)
        committed = po.with_suffix(".mo")
        assert committed.exists(), f"{committed} is missing: run tools/compile_messages.py"
        assert tool.read_mo(committed) == tool.read_mo(fresh), (
            f"{committed.name} is not {po.name} compiled: run tools/compile_messages.py")


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_catalogue_entries_keep_their_placeholders_and_korean_plurals(name):
    po = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / name))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in po:
        assert not entry.fuzzy and not entry.obsolete
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0}, entry.msgid  # Korean has one form
            translations = [entry.msgstr_plural[0]]
            expected = set(PLACEHOLDER.findall(entry.msgid_plural)) | set(PLACEHOLDER.findall(entry.msgid))
        else:
            translations = [entry.msgstr]
            expected = set(PLACEHOLDER.findall(entry.msgid))
        for translation in translations:
            assert translation.strip(), entry.msgid
            assert set(PLACEHOLDER.findall(translation)) == expected, entry.msgid
    # Django reads the compiled file without error and finds the plural.
    with (LOCALE / "ko" / "LC_MESSAGES" / name).with_suffix(".mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).plural(5) == 0
