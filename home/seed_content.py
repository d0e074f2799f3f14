"""The site's skeleton content: home page, main sections, contact settings.

Facts (slogan, founding date, address, legal basis, numbers of centres) are
from the agency's own documents (seed 000, 2023); the sentences are ours.
Loading is idempotent: a page that already exists (by slug) is left as the
editors made it, so re-running never duplicates or overwrites.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page, Site

from home.models import ContactSettings, ContentPage, HomePage, HomePageQuickLink

HOME_SLUG = "home"

HOME = {
    "title": "서울특별시 사회서비스원",
    "hero_title": "언제든, 어디서든, 믿음직한 동반자",
    "hero_text": (
        "서울특별시 사회서비스원은 돌봄이 필요한 시민에게 공공 사회서비스를 직접 제공하고, "
        "민간 사회서비스 제공기관이 더 좋은 서비스를 할 수 있도록 돕습니다."
    ),
    "seo_title": "",
    "search_description": (
        "서울특별시 사회서비스원: 종합재가센터·데이케어센터·국공립어린이집 운영, 긴급돌봄, "
        "민간 사회서비스 제공기관 지원."
    ),
}

CONTACT = {
    "organisation_name": "재단법인 서울특별시 사회서비스원",
    "address": "서울특별시 마포구 마포대로 89 포스트타워 5층·12층",
}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    search_description: str
    body: list = field(default_factory=list)


SECTIONS = [
    Section(
        slug="about",
        title="기관소개",
        intro="서울특별시 사회서비스원은 2019년 2월 28일 서울특별시가 출연해 세운 재단법인입니다.",
        search_description="서울특별시 사회서비스원의 설립 목적, 미션과 비전, 핵심가치, 설립 근거.",
        body=[
            _heading("설립 목적"),
            _paragraph(
                "<p>공공이 사회서비스를 직접 제공해 서비스의 전문성과 투명성을 높이고, "
                "그 질을 끌어올려 시민의 다양한 요구에 응답하며 서울시민의 복리 증진에 "
                "기여하기 위해 설립되었습니다.</p>"
            ),
            _heading("미션과 비전"),
            _paragraph(
                "<ul><li><b>미션</b>: 공공이 책임지는 사회서비스 창출을 통한 서울형 사회서비스 선도</li>"
                "<li><b>비전</b>: 사회서비스의 공공성과 전문성 제고를 통한 공적 돌봄 선도 기관으로서 "
                "서울시민의 복지 증진에 기여</li>"
                "<li><b>슬로건</b>: 언제든, 어디서든, 믿음직한 동반자</li></ul>"
            ),
            _heading("핵심가치"),
            _paragraph("<ul><li>전문역량</li><li>고객감동</li><li>동반성장</li><li>투명경영</li></ul>"),
            _heading("설립 근거"),
            _paragraph(
                "<ul><li>사회서비스 지원 및 사회서비스원 설립·운영에 관한 법률</li>"
                "<li>서울특별시 사회서비스원 설립 및 운영 지원 등에 관한 조례</li></ul>"
            ),
        ],
    ),
]


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)


# The home page's quick links, in order: (section key or site path, title, description).
QUICK_LINKS = [
    ("emergency_care", "긴급돌봄 신청", "돌봄이 갑자기 끊겼거나 당장 필요할 때 온라인으로 신청합니다."),
    ("/requests/status/", "신청 상태 확인", "접수번호와 전화번호로 처리 상황을 확인합니다."),
    ("centres", "우리 구 센터 찾기", "사는 자치구를 고르면 담당 종합재가센터를 알려 드립니다."),
    ("services", "사업안내", "방문요양·돌봄SOS·긴급돌봄 등 받을 수 있는 서비스와 신청 방법."),
    ("daycares", "국공립어린이집", "사회서비스원이 운영하는 어린이집 7곳과 취약보육 프로그램."),
    ("casebooks", "사례집", "민간 제공기관과 나누는 돌봄 우수사례."),
    ("trainings", "교육 안내", "제공기관 종사자와 자치구 담당 공무원을 위한 교육 일정과 신청."),
    ("about", "기관소개", "설립 목적, 미션과 비전, 임원·조직·예산·성과지표."),
]


@transaction.atomic
def load() -> LoadReport:
    """Build (or complete) the whole site tree. The sections' own loaders
    live in their apps; they are imported here to avoid import cycles."""
    from daycares import seed_content as daycares_seed
    from home import seed_about, seed_notices
    from services import seed_casebooks, seed_centres, seed_forms, seed_routing, seed_services, seed_trainings

    report = LoadReport()
    home, home_created = _ensure_home(report)
    sections = {}
    for section in SECTIONS:
        sections[section.slug] = _ensure_child(home, section, report)
    seed_about.load(sections["about"], report)
    sections["services"] = seed_services.load(home, report)
    sections.update(seed_forms.load(home, report))  # keyed by request kind
    sections["centres"] = seed_centres.load(home, report)
    sections["daycares"] = daycares_seed.load(home, report)
    sections["casebooks"] = seed_casebooks.load(home, report)
    sections["trainings"] = seed_trainings.load(home, report)
    sections["notices"] = seed_notices.load(home, report)
    if home_created:
        # Quick links are part of the home page's content (and its revisions),
        # so they are set only when the page is first built.
        home.quick_links = [
            HomePageQuickLink(title=title, description=description, link_url=target)
            if target.startswith("/") else
            HomePageQuickLink(title=title, description=description, link_page=sections[target])
            for target, title, description in QUICK_LINKS
        ]
        _publish(home)
    _ensure_contact_settings(home)
    seed_routing.load()
    return report


def _publish(page):
    page.save_revision().publish()


def _ensure_home(report) -> tuple[HomePage, bool]:
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is None:
        # Wagtail's migrations create a placeholder "Welcome" page at the
        # slug "home"; our home page takes its place.
        placeholder = root.get_children().filter(slug=HOME_SLUG).first()
        if placeholder is not None:
            # A queryset update: no signals, so no search/reference-index
            # tasks are queued for a page that is about to be deleted.
            Page.objects.filter(pk=placeholder.pk).update(slug=f"{HOME_SLUG}-placeholder")
        home = root.add_child(instance=HomePage(slug=HOME_SLUG, show_in_menus=False, **HOME))
        _publish(home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home,
                                is_default_site=True, site_name=HOME["title"])
        else:
            site.root_page = home
            site.site_name = HOME["title"]
            site.save()
        if placeholder is not None:
            placeholder.delete()
        report.created.append(home.title)
        return home, True
    report.kept.append(home.title)
    return home, False


def ensure_page(parent, model, slug, report, **fields):
    """The child of `parent` at `slug`; created from `fields` and published if
    it does not exist yet. An existing page is returned untouched."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        report.kept.append(page.title)
        return page
    page = parent.add_child(instance=model(slug=slug, **fields))
    _publish(page)
    report.created.append(page.title)
    return page


def _ensure_child(home, section, report) -> ContentPage:
    return ensure_page(
        home, ContentPage, section.slug, report,
        title=section.title,
        intro=section.intro,
        search_description=section.search_description,
        body=json.dumps(section.body, ensure_ascii=False),
        show_in_menus=True,
    )


def _ensure_contact_settings(home):
    site = Site.objects.get(root_page=home)
    contact = ContactSettings.for_site(site)
    changed = False
    for name, value in CONTACT.items():
        if not getattr(contact, name):
            setattr(contact, name, value)
            changed = True
    if changed or contact.pk is None:
        contact.save()
