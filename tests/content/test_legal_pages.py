"""The footer and the legal pages, as Korean public sites have them: every
footer link opens a published page, the 개인정보처리방침 is built from what the
forms really ask and keep (so changing a notice or a retention period changes
it), and every form's consent links to it."""

from __future__ import annotations

import dataclasses
import datetime
import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from home.models import ContactSettings, LegalPage, PrivacyPolicyPage, PrivacyPolicyRevision
from services.models import RequestFormPage
from services.requests import consent, kinds, retention

pytestmark = pytest.mark.django_db

FOOTER_LINKS = [
    "개인정보처리방침", "이용약관", "저작권정책", "이메일무단수집거부", "웹접근성 정책", "찾아오시는 길",
]
HANGUL = re.compile(r"[가-힣]")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def footer_links(client, url="/"):
    footer = soup(client.get(url)).footer
    return {a.get_text(" ", strip=True): a["href"] for a in footer.select(".f-menu a, .link-go a")}


def contact(**fields):
    setting = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(setting, name, value)
    setting.save()
    return setting


def policy_page():
    return PrivacyPolicyPage.objects.live().get()


def policy_text(client):
    return soup(client.get(policy_page().url)).main.get_text(" ", strip=True)


# --- the footer ----------------------------------------------------------------


def test_every_footer_link_opens_a_published_korean_page(client, home_page):
    links = footer_links(client)
    assert sorted(links) == sorted(FOOTER_LINKS)
    for label, href in links.items():
        html = soup(client.get(href))
        assert html.h1.get_text(strip=True) == label, href
        assert len(HANGUL.findall(html.main.get_text())) > 100, href  # real prose, not a stub


def test_the_privacy_policy_comes_first_and_stands_out(client, home_page):
    menu = soup(client.get("/about/")).footer.select_one(".f-menu")
    first = menu.find("a")
    assert first.get_text(strip=True) == "개인정보처리방침"
    assert first.find("strong") is not None and "agency-footer-privacy" in first["class"]
    assert all(a.find("strong") is None for a in menu.find_all("a")[1:])


def test_footer_links_follow_the_page_tree(client, home_page):
    terms = LegalPage.objects.get(role=LegalPage.Role.TERMS)
    terms.slug = "site-terms"
    terms.save_revision().publish()
    assert footer_links(client)["이용약관"] == "/site-terms/"


def test_a_footer_link_is_hidden_when_its_page_is_missing_unpublished_or_private(client, home_page):
    LegalPage.objects.get(role=LegalPage.Role.COPYRIGHT).unpublish()
    LegalPage.objects.get(role=LegalPage.Role.EMAIL_REFUSAL).delete()
    PageViewRestriction.objects.create(page=LegalPage.objects.get(role=LegalPage.Role.TERMS),
                                       restriction_type=PageViewRestriction.LOGIN)
    links = footer_links(client)
    assert sorted(links) == sorted(["개인정보처리방침", "웹접근성 정책", "찾아오시는 길"])
    policy_page().delete()
    assert "개인정보처리방침" not in footer_links(client)
    assert soup(client.get("/")).footer.find("a", string="개인정보처리방침") is None


def test_footer_shows_the_phone_as_a_tel_link_only_when_set(client, home_page):
    footer = soup(client.get("/")).footer
    assert footer.select('a[href^="tel:"]') == []
    assert "대표전화" not in footer.get_text()

    contact(phone="02-2038-8569", opening_hours="평일 09:00–18:00", email="help@example.org")
    footer = soup(client.get("/about/")).footer
    phone = footer.find("a", href="tel:0220388569")
    assert phone.get_text(strip=True) == "02-2038-8569"
    assert "대표전화" in phone.parent.get_text()
    assert "평일 09:00–18:00" in footer.get_text()
    assert footer.find("a", href="mailto:help@example.org") is not None

    contact(phone="")
    footer = soup(client.get("/about/")).footer
    assert footer.select('a[href^="tel:"]') == []
    assert "운영 시간" in footer.get_text()  # hours alone still shown


def test_footer_lists_the_related_sites_and_the_copyright(client, home_page):
    footer = soup(client.get("/")).footer
    related = {a.get_text(strip=True).removesuffix("(새 창)").strip(): a["href"]
               for a in footer.select(".foot-quick a")}
    assert related == {
        "서울특별시": "https://www.seoul.go.kr",
        "복지로": "https://www.bokjiro.go.kr",
        "정부24": "https://www.gov.kr",
        "임신육아종합포털 아이사랑": "https://www.childcare.go.kr",
    }
    name = contact().organisation_name
    year = timezone.localdate().year
    assert footer.select_one(".f-copy").get_text(strip=True) == f"© {year} {name}"


# --- the privacy policy, built from the code -------------------------------------


def test_the_policy_lists_every_registered_kind_with_what_its_form_asks_and_keeps(client, home_page):
    main = soup(client.get(policy_page().url)).main
    text = main.get_text(" ", strip=True)
    registered = kinds.registered()
    assert len(registered) >= 3
    for kind in registered:
        section = main.find(id=f"items-{kind.kind}").find_parent("section")
        section_text = section.get_text(" ", strip=True)
        notice = kind.privacy_notice
        assert notice.purpose in text
        assert notice.items in section_text
        assert notice.retention in text
        assert f"{kind.reference_prefix}-" in section_text
        form = kind.form_class()
        for _title, names in form.sections:
            for name in names:
                required = "필수" if form.fields[name].required else "선택"
                assert f"{form.plain_labels[name]} ({required})" in section_text, (kind.kind, name)
    # 제23조: the sensitive item and its separate consent.
    assert consent.SENSITIVE_NOTICE.items in text


def test_changing_a_consent_notice_changes_the_policy(client, home_page, monkeypatch):
    kind = kinds.get("emergency_care")
    changed = dataclasses.replace(kind.privacy_notice, purpose="바뀐 처리 목적입니다",
                                  retention="바뀐 보유 기간입니다")
    monkeypatch.setitem(kinds._kinds, kind.kind, dataclasses.replace(kind, privacy_notice=changed))
    monkeypatch.setattr(consent, "SENSITIVE_NOTICE",
                        dataclasses.replace(consent.SENSITIVE_NOTICE, items="바뀐 민감정보 항목"))
    text = policy_text(client)
    assert "바뀐 처리 목적입니다" in text and "바뀐 보유 기간입니다" in text
    assert "바뀐 민감정보 항목" in text
    # The form shows the same words the policy does.
    form_page = RequestFormPage.objects.get(kind="emergency_care")
    assert "바뀐 처리 목적입니다" in soup(client.get(form_page.url)).main.get_text()


def test_changing_a_retention_period_changes_the_policy(client, home_page, monkeypatch, settings):
    monkeypatch.setattr(retention, "RETENTION_YEARS", 5)
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    main = soup(client.get(policy_page().url)).main
    kept = main.find(id="retention").find_next("strong", string=re.compile("년"))
    assert kept.get_text(strip=True) == "5년"
    assert "처리가 끝난 날부터 5년이 지난 신청은 매일 자동으로 파기" in main.get_text(" ", strip=True)
    assert "2시간이 지나면" in main.get_text(" ", strip=True)


def test_every_notice_promises_the_retention_the_purge_applies():
    """What people consent to and what purge_expired_requests does must agree."""
    for kind in kinds.registered():
        assert f"{retention.RETENTION_YEARS}년" in kind.privacy_notice.retention, kind.kind
    assert f"{retention.RETENTION_YEARS}년" in consent.SENSITIVE_NOTICE.retention


def test_processors_follow_the_mail_settings(client, home_page, settings):
    section = soup(client.get(policy_page().url)).main.find(id="processors").find_next("p")
    assert "위탁하지 않습니다" in section.get_text()  # tests send no mail anywhere

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.mail-provider.example"
    text = policy_text(client)
    assert "위탁하지 않습니다" not in text
    assert "smtp.mail-provider.example" in text and "전자우편 발송" in text

    page = policy_page()
    page.mail_processor_name = "주식회사 예시메일"
    page.save_revision().publish()
    assert "주식회사 예시메일" in policy_text(client)


def test_the_sms_provider_is_a_processor_only_when_sms_leaves_the_system(client, home_page, settings):
    assert "문자" not in policy_text(client).split("개인정보 처리업무의 위탁")[-1].split("7.")[0]
    settings.SMS_BACKEND = "services.requests.sms.solapi.SmsBackend"
    text = policy_text(client)
    assert "SOLAPI" in text and "휴대전화 번호" in text


def test_encrypted_transport_is_claimed_only_when_the_settings_enforce_it(client, home_page, settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    assert "HTTPS" not in policy_text(client)
    settings.SECURE_SSL_REDIRECT = True
    assert "HTTPS" in policy_text(client)


def test_the_policy_lists_the_remedies_with_their_numbers(client, home_page):
    main = soup(client.get(policy_page().url)).main
    remedies = main.find(id="remedies").find_next("ul")
    text = remedies.get_text(" ", strip=True)
    for body, number in [("개인정보분쟁조정위원회", "1833-6972"), ("개인정보침해신고센터", "118"),
                         ("대검찰청", "1301"), ("경찰청", "182")]:
        assert body in text
        assert remedies.find("a", href=f"tel:{number.replace('-', '')}").get_text(strip=True) == number


def test_the_privacy_officer_is_a_role_with_the_agency_contacts(client, home_page):
    page = policy_page()
    officer = soup(client.get(page.url)).main.find(id="officer").find_next("dl")
    assert page.officer_title in officer.get_text() and page.officer_department in officer.get_text()
    assert officer.select('a[href^="tel:"]') == []  # nothing set: nothing shown

    contact(phone="02-2038-8707", email="privacy@example.org")
    officer = soup(client.get(page.url)).main.find(id="officer").find_next("dl")
    assert officer.find("a", href="tel:0220388707").get_text(strip=True) == "02-2038-8707"
    assert officer.find("a", href="mailto:privacy@example.org") is not None

    page.officer_phone = "02-6925-3698"
    page.save_revision().publish()
    officer = soup(client.get(page.url)).main.find(id="officer").find_next("dl")
    assert officer.find("a", href="tel:0269253698") is not None
    assert officer.find("a", href="tel:0220388707") is None


def test_the_revision_history_is_dated_newest_first_with_earlier_versions(client, home_page, settings,
                                                                          tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    page = policy_page()
    first = page.revision_history.get().effective_on
    newest = first + datetime.timedelta(days=40)
    earlier = get_document_model().objects.create(title="이전 방침", file=ContentFile(b"%PDF-1.4", "old.pdf"))
    # Entered oldest first: the page orders them by date, not by entry.
    page.revision_history = [
        PrivacyPolicyRevision(effective_on=first, summary="처음 정함", previous_document=earlier),
        PrivacyPolicyRevision(effective_on=newest, summary="위탁 업체 변경"),
    ]
    page.save_revision().publish()

    main = soup(client.get(page.url)).main
    rows = main.select(".agency-policy-history li")
    assert [row.strong.get_text(strip=True) for row in rows] == [
        f"{newest.year}. {newest.month}. {newest.day}. 시행",
        f"{first.year}. {first.month}. {first.day}. 시행",
    ]
    assert "(현재)" in rows[0].get_text() and "위탁 업체 변경" in rows[0].get_text()
    assert "(현재)" not in rows[1].get_text()
    assert rows[1].find("a", href=earlier.url).get_text(" ", strip=True).startswith("이전 방침 보기")
    assert f"{newest.year}년 {newest.month}월 {newest.day}일부터 시행" in main.get_text()


def test_one_privacy_policy_and_one_page_per_legal_role(home_page):
    assert not PrivacyPolicyPage.can_create_at(home_page)
    duplicate = LegalPage(title="약관 2", slug="terms-2", role=LegalPage.Role.TERMS)
    with pytest.raises(ValidationError, match="이미 있습니다"):
        duplicate.clean()


# --- every form's consent links to it ----------------------------------------------


def test_the_consent_on_every_public_form_links_to_the_policy(client, home_page):
    policy_url = policy_page().url
    forms = RequestFormPage.objects.live()
    assert {page.kind for page in forms} >= {kind.kind for kind in kinds.registered()}
    for form_page in forms:
        main = soup(client.get(form_page.url)).main
        notices = main.select(".agency-consent-notice")
        assert notices, form_page.url
        for notice in notices:
            link = notice.find_next("a")
            assert link.get_text(strip=True) == "개인정보처리방침 전체 보기 (새 창)", form_page.url
            assert link["href"] == policy_url and link["target"] == "_blank"


# --- the other legal pages read the identity setting ---------------------------------


def test_directions_give_the_address_from_the_identity_and_a_map_search(client, home_page):
    page = LegalPage.objects.get(role=LegalPage.Role.DIRECTIONS)
    contact(address="서울특별시 마포구 마포대로 89", phone="02-2038-8569")
    main = soup(client.get(page.url)).main
    assert "서울특별시 마포구 마포대로 89" in main.get_text()
    maps = main.find("a", href=re.compile(r"^https://map\.kakao\.com/"))
    assert maps["href"].endswith(quote("서울특별시 마포구 마포대로 89", safe=""))
    assert main.iframe is None  # a link out, never an embedded map
    assert main.find("a", href="tel:0220388569") is not None


def test_the_accessibility_policy_says_how_to_report_a_problem(client, home_page):
    page = LegalPage.objects.get(role=LegalPage.Role.ACCESSIBILITY)
    main = soup(client.get(page.url)).main
    assert "KWCAG 2.2" in main.get_text()
    assert "접근성 문제 알리기" not in main.get_text()  # no contact set: no empty section

    contact(phone="02-2038-8569", email="web@example.org")
    main = soup(client.get(page.url)).main
    assert "접근성 문제 알리기" in main.get_text()
    assert main.find("a", href="tel:0220388569") is not None
    assert main.find("a", href="mailto:web@example.org") is not None


def test_editors_can_open_the_legal_pages_in_the_admin(admin_client, home_page):
    for page in [policy_page(), *LegalPage.objects.all()]:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.title
    edit = admin_client.get(f"/admin/pages/{policy_page().pk}/edit/").content.decode()
    assert "개인정보 보호책임자" in edit and "개정 이력" in edit
