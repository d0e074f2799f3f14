"""The training section (교육 안내) and three sample trainings.

What the trainings are comes from the agency's own documents: the 2023
business report (seed 000: 치매전문교육 for 요양보호사 and managers, the
‘인지상정’ 인지학습지 활용교육 and 교구활용 인지활동 교육 for 전문서비스직, 민간
서비스종사자 역량강화 교육) and the 2016 plan for providers and districts
(seed 001: 기초실무·심화 교육 for 자치구 담당 공무원 and 제공기관 실무자). The
documents give no dates, so the sessions are examples placed a few weeks
after the day the content is loaded, and every sample says so in its title
and text. The sentences are ours.

Idempotent: existing pages are left as editors made them; sessions are set
only when a sample is first created.
"""

import datetime

from django.utils import timezone

from home.seed_content import ensure_page
from services import seed_forms
from services.models import TrainingIndexPage, TrainingPage, TrainingSession
from services.models.trainings import Audience, Topic

INDEX_SLUG = "trainings"

INDEX = {
    "title": "교육 안내",
    "intro": (
        "민간 사회서비스 제공기관 종사자와 자치구 담당 공무원을 위한 교육입니다. "
        "일정을 보고 회차를 골라 신청하세요."
    ),
    "search_description": (
        "서울특별시 사회서비스원 교육 일정: 치매전문교육, 인지상정 활용교육, "
        "제공기관·자치구 기초실무·심화 교육."
    ),
}

HQ_DETAIL = "마포구 마포대로 89 포스트타워"

SAMPLE_NOTE = (
    "<p><b>예시 일정입니다.</b> 기관 자료에는 교육 날짜가 없어, 이 페이지의 회차는 누리집을 "
    "준비하며 넣은 예시입니다. 실제 일정은 담당 부서가 정해 이 페이지에 올립니다.</p>"
)


def _sample(slug, title, summary, topic, audiences, description, sessions, **fields):
    return {
        "slug": slug, "title": title, "summary": summary, "topic": topic, "audiences": audiences,
        "description": description + SAMPLE_NOTE, "sessions": sessions, **fields,
    }


# Sessions: (days after loading, start, end, capacity).
SAMPLES = [
    _sample(
        "dementia-care-sample",
        "치매전문교육: 요양보호사·관리자 과정 (예시)",
        "장기요양 사업을 하는 기관의 요양보호사와 관리자가 치매가 있는 이용자를 끊김 없이 돌보는 데 "
        "필요한 지식과 방법을 배웁니다.",
        Topic.DEMENTIA,
        [Audience.CARE_WORKER, Audience.PROVIDER_MANAGER],
        "<p>사회서비스원은 장기요양 사업을 맡은 인력이 치매전문교육을 이수하도록 하고 있습니다. "
        "2023년 7월 말까지 요양보호사 193명 가운데 190명(98.4%), 관리직 52명 가운데 34명이 "
        "이수했습니다. 이 교육은 같은 과정을 민간 제공기관 종사자에게도 엽니다.</p>"
        "<ul><li>요양보호사 과정: 치매의 이해, 치매가 있는 이용자와 소통하기, 일상 돌봄</li>"
        "<li>관리자 과정: 인지등급 이용자 지원 계획, 치매안심센터 연계, 사례관리</li></ul>",
        [(21, "14:00", "17:00", 30), (35, "14:00", "17:00", 30)],
    ),
    _sample(
        "cognitive-activity-sample",
        "‘인지상정’ 인지학습지 활용교육과 교구활용 인지활동 교육 (예시)",
        "전문서비스직과 민간 서비스종사자가 인지학습지 ‘인지상정’과 교구로 이용자의 인지 활동을 "
        "돕는 방법을 실습합니다.",
        Topic.COGNITIVE,
        [Audience.CARE_WORKER, Audience.PROVIDER_STAFF],
        "<p>‘인지상정’은 사회서비스원이 인지 능력을 높이려고 만든 인지학습지입니다. 학습지와 "
        "지침서 3~5편을 책자로 펴냈고, 2023년 7월 말까지 이를 활용한 역량강화 교육을 센터 안팎에서 "
        "64건 열었습니다.</p>"
        "<ul><li>인지학습지 ‘인지상정’ 활용법</li><li>교구를 활용한 인지활동</li>"
        "<li>이론과 사례를 바탕으로 한 실습</li></ul>",
        [(28, "10:00", "12:00", 20)],
        instructor="사회서비스원 작업치료사",
    ),
    _sample(
        "basic-practice-sample",
        "지역사회서비스 기초실무·심화 교육 (예시)",
        "자치구 담당 공무원과 제공기관 실무자가 지역사회서비스투자사업을 지침에 맞게 운영하는 "
        "실무를 배웁니다.",
        Topic.BASIC,
        [Audience.DISTRICT_OFFICER, Audience.PROVIDER_STAFF],
        "<p>지역마다 서비스 품질이 고르도록, 사업 담당자의 실무 역량을 높이는 교육입니다.</p>"
        "<ul><li>보건복지부 지침에 따른 서울시 사업 운영 관리</li><li>시설과 이용자 안전 규정</li>"
        "<li>개인정보 보호와 현장점검</li><li>제공기관이 요청한 주제의 심화 과정</li></ul>"
        "<p>자치구와 제공기관의 신청을 고루 받기 위해 담당자가 확인한 뒤 자리를 확정합니다.</p>",
        [(24, "14:00", "16:00", 30)],
        requires_approval=True,
    ),
]


def _sessions(days_times, today):
    return [
        TrainingSession(
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            venue=TrainingSession.Venue.HQ,
            venue_detail=HQ_DETAIL,
            capacity=capacity,
        )
        for days, start, end, capacity in days_times
    ]


def load(home, report) -> TrainingIndexPage:
    """The training index under `home` and the sample trainings in it."""
    index_page = ensure_page(home, TrainingIndexPage, INDEX_SLUG, report, show_in_menus=True, **INDEX)
    seed_forms.load_training_form(index_page, report)
    today = timezone.localdate()
    for sample in SAMPLES:
        fields = dict(sample)
        slug = fields.pop("slug")
        fields["sessions"] = _sessions(fields["sessions"], today)
        ensure_page(index_page, TrainingPage, slug, report, **fields)
    return index_page
