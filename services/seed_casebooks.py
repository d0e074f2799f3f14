"""The casebooks section (사례집) and one sample casebook.

The cases retell what the agency's own documents report: the 2023 business
report (seed 000: dementia care, the 작업치료사 권역별 사례관리, the 적극개입
cases) and the 2021 마포 social-economy care plan (seed 004). Every figure is
copied from those documents; the sentences are ours. The casebook is marked
as a sample (is_sample) until editors replace it with a published casebook.

Idempotent: existing pages are left as editors made them; cases and tags are
set only when the casebook is first created.
"""

import json

from taggit.models import Tag

from home.seed_content import ensure_page
from services.models import CasebookCase, CasebookIndexPage, CasebookPage, CasebookPageTag

INDEX_SLUG = "casebooks"
SAMPLE_SLUG = "best-practice-2023-sample"

INDEX = {
    "title": "사례집",
    "intro": (
        "서울특별시 사회서비스원의 종합재가센터와 데이케어센터가 돌봄 현장에서 쌓은 사례를 모았습니다. "
        "연도, 분류, 태그로 골라 볼 수 있습니다."
    ),
    "search_description": "서울특별시 사회서비스원 돌봄 우수사례집, 돌봄실천 사례집, 운영 가이드 모음.",
}

SAMPLE = {
    "title": "2023 돌봄 우수사례집 (예시)",
    "year": 2023,
    "category": CasebookPage.BEST_PRACTICE,
    "summary": (
        "치매 이용자 돌봄, 작업치료사의 권역별 사례관리, 민간에서 돌보기 어려운 적극개입 사례, "
        "마포의 사회적경제 돌봄 공동생산 모델을 네 가지 사례로 정리했습니다."
    ),
    "is_sample": True,
    "search_description": (
        "치매 돌봄, 작업치료사 권역별 사례관리, 적극개입 사례, 마포 사회적경제 돌봄 공동생산 사례."
    ),
}

SAMPLE_TAGS = ["치매", "인지상정", "작업치료", "적극개입", "사회적경제", "종합재가센터"]

CASES = [
    {
        "title": "치매 이용자를 위한 돌봄: 치매전문교육과 인지학습지 ‘인지상정’",
        "setting": (
            "2023년 사회서비스원 돌봄 이용자 2,422명 가운데 치매 이용자는 178명(7.3%)입니다. "
            "치매대상자 관리는 종합재가센터와 데이케어센터 14곳의 종사자와 이용자를 대상으로 합니다."
        ),
        "problem": (
            "치매가 있는 이용자는 돌봄이 끊기기 쉽습니다. 이용자와 보호자가 바라는 것을 반영해 "
            "안정적이고 끊기지 않는 돌봄을 제공해야 했습니다."
        ),
        "action": (
            "장기요양 사업을 맡은 인력이 치매전문교육을 이수하도록 했습니다. "
            "인지 능력을 높이는 인지학습지 ‘인지상정’과 지침서 3~5편을 책자로 만들고, "
            "‘인지상정’과 교구를 활용하는 인지활동 교육을 센터 안팎에서 진행했습니다.\n"
            "인지등급 이용자는 치매안심센터와 연계해 장기요양 등급 신청, 지문등록, 자원연계, "
            "프로그램 참여를 도왔습니다."
        ),
        "result": (
            "2023년 7월 31일 기준으로 요양보호사 193명 중 190명(98.4%), 관리직 52명 중 34명이 "
            "치매교육을 이수했습니다. ‘인지상정’과 지침서 3~5편 책자는 발간을 마쳤고, "
            "‘인지상정’ 등을 활용한 역량강화 교육을 64건 진행했습니다. "
            "치매 이용자 178명이 돌봄서비스를 받고 있습니다."
        ),
    },
    {
        "title": "작업치료사가 권역별로 찾아가는 치매 사례관리",
        "setting": (
            "치매대상자 관리 지원체계를 세 권역으로 나누어 운영합니다. 1권역은 노원 센터가 노원, 도봉, "
            "강동, 송파를, 2권역은 강서 센터가 강서, 강서든든, 양천, 서대문, 은평을, "
            "3권역은 성동 센터가 성동, 마포, 초록숲, 영등포, 중랑을 지원합니다."
        ),
        "problem": (
            "인지등급 이용자에게는 한 사람 한 사람에게 맞춘 지원 계획과 서비스가 필요합니다. "
            "이용자뿐 아니라 돌보는 직원에게도 상담과 활동자료가 필요합니다."
        ),
        "action": (
            "작업치료사가 대상자를 고르고 방문해 기능 검사를 했습니다. "
            "이용자와 직원을 상담하고, 맞춤형 인지 활동 프로그램과 활동자료를 지원했으며, "
            "사례회의를 열었습니다."
        ),
        "result": (
            "2023년 1월부터 7월까지 권역별 사례관리를 125회 지원했습니다. "
            "이 가운데 치매대상자 사례관리 지원은 60회입니다."
        ),
    },
    {
        "title": "민간에서 돌보기 어려운 이용자를 공공이 맡는 ‘적극개입 사례’",
        "setting": (
            "도전적 행동이 있거나, 기저귀 케어가 필요하고 와상이 심각한 최중증 치매, 정신질환이 있는 "
            "이용자가 있습니다. 2명 이상이 함께 돌봐야 하거나, 집이 좁고 위생 상태가 심각해 서비스를 "
            "제공하기 힘든 경우, 짧은 시간이나 한 번만 서비스가 필요한 경우도 있습니다."
        ),
        "problem": (
            "이런 이용자는 민간 기관이 서비스를 제공하기 어려워 돌봄의 사각지대에 놓이기 쉽습니다. "
            "서비스 하나로는 필요한 돌봄을 채우기 어려운 경우도 많습니다."
        ),
        "action": (
            "종합재가센터 12곳이 이용자의 신청이나 민간기관, 자치구, 동주민센터의 의뢰를 받아 "
            "센터 안에서 사례관리 판정회의를 열고, 서비스 지원 계획을 세워 맞춤형 서비스를 제공했습니다. "
            "필요하면 여러 명이 함께 돌보는 다인 서비스, 여러 서비스를 묶은 통합 서비스, "
            "주거환경 개선 서비스를 제공했습니다."
        ),
        "result": (
            "적극개입 사례는 2019년 27명(9.4%), 2020년 122명(12.7%), 2021년 176명(11.2%), "
            "2022년 402명(22.6%)이었고, 2023년 1~7월에는 전체 이용자 2,482명 중 521명(21.0%)이었습니다. "
            "2023년에는 최대 30%, 2024년까지는 최대 40%로 늘리는 것이 목표입니다."
        ),
    },
    {
        "title": "마포의 사회적경제 돌봄 공동생산: 한 번호로 여러 돌봄을",
        "setting": (
            "마포에서는 2019년부터 사회적경제 기업들이 민관 거버넌스를 바탕으로 힘을 모아 "
            "일상편의 분야 돌봄을 공급했습니다. 통합창구를 운영하고 자체 전산시스템을 만들었으며, "
            "주거취약계층 홈케어 서비스도 공급했습니다."
        ),
        "problem": (
            "기업마다 따로 전화와 접수를 관리하기에는 인력이 부족했습니다. 이용자는 여러 서비스를 "
            "찾고 고르는 데 힘이 들었고, 돌봄SOS센터의 수요는 미리 예측하기 어려웠습니다."
        ),
        "action": (
            "2021년 사회적경제 지역사회통합돌봄 자치구기반 실행지원사업에서는 ‘공동생산사업단’의 "
            "통합창구를 운영하기로 했습니다. 통합창구는 서비스 접수, 연계, 공급, 정산 관리와 품질 관리를 "
            "맡습니다. 울림두레돌봄사회적협동조합이 사업을 운영하고, 마포구립장애인직업재활센터와 "
            "블루클리닝 사업단이 참여합니다. 생활형 돌봄을 공급하는 마포 돌봄형 지역관리기업의 설립도 "
            "지원합니다."
        ),
        "result": (
            "이용자는 한 번호만 기억하면 됩니다. 한 기업이 서비스를 공급하기 어려울 때도 사업단이 "
            "채워 주어 서비스를 안정적으로 이용할 수 있습니다. 함께 대응하면서 사업이 안정되고 규모가 "
            "커져 일상편의 부문에서 서울시 최대 규모가 되었습니다. 2021년에는 식사 월 1000건, "
            "주거 월 20가구, 이동 월 20가구, 주거돌봄 연 60가구의 서비스 공급과 "
            "사업단 연매출 200,000천원 이상을 목표로 삼았습니다."
        ),
    },
]

SAMPLE_BODY = [
    {"type": "heading", "value": {"text": "이 예시의 출처", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            "<p>사례 1~3은 서울특별시 사회서비스원의 2023년 사업 현황 자료(2023년 7월 31일 기준 실적)를, "
            "사례 4는 2021년 사회적경제 지역사회통합돌봄 자치구기반 실행지원사업 계획을 바탕으로 "
            "정리했습니다.</p>"
            "<p>사회서비스원은 2022년 돌봄실천 사례집을 1,000부 만들어 공유했습니다.</p>"
        ),
    },
]


def load(home, report) -> CasebookIndexPage:
    """The casebook index under `home` and the sample casebook in it."""
    index_page = ensure_page(home, CasebookIndexPage, INDEX_SLUG, report, show_in_menus=True, **INDEX)
    existing = CasebookPage.objects.child_of(index_page).filter(slug=SAMPLE_SLUG).first()
    if existing is None:
        ensure_page(
            index_page, CasebookPage, SAMPLE_SLUG, report,
            body=json.dumps(SAMPLE_BODY, ensure_ascii=False),
            cases=[CasebookCase(**case) for case in CASES],
            tagged_items=[CasebookPageTag(tag=_tag(name)) for name in SAMPLE_TAGS],
            **SAMPLE,
        )
    else:
        report.kept.append(existing.title)
    return index_page


def _tag(name):
    tag = Tag.objects.filter(name=name).first()
    return tag or Tag.objects.create(name=name)
