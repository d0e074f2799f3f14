"""A generated 1,000-page site for the search benchmark (tests/bench/test_search.py):
notices under 알림·소식 and content pages under 기관소개, in plain Korean built
from a vocabulary of the site's own subjects (services, districts, trainings,
daycare programmes), so that the relevance queries match a realistic share of
pages rather than none or all of them. Deterministic: the same seed gives the
same pages.

Run in the site's environment, after the seeded site is loaded:

    manage.py shell -c "from tests.search.generated_site import build; build()"
    manage.py update_index
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

SLUG_PREFIX = "generated-"
NOTICE_SHARE = 0.6  # the rest are content pages under 기관소개

DISTRICTS = [
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
    "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
    "관악구", "서초구", "강남구", "송파구", "강동구",
]
SERVICES = [
    "방문요양", "방문목욕", "방문간호", "장애인활동지원", "돌봄SOS", "긴급돌봄", "주야간보호", "데이케어",
    "치매 돌봄", "일시재가", "동행지원", "시간제보육", "야간연장보육", "장애아보육", "발달통합지원",
    "다문화보육", "안과검진", "문화예술교육",
]
CHILDCARE = SERVICES[SERVICES.index("시간제보육"):]  # the daycare programmes
FACILITIES = ["종합재가센터", "데이케어센터", "국공립어린이집", "동주민센터", "구청", "본부", "치매안심센터"]
# Who a page is about (care sentences) and who is trained (training sentences).
RECIPIENTS = ["어르신", "치매 어르신", "장애인", "아이", "보호자", "가족", "중장년", "1인 가구", "노인"]
WORKERS = ["요양보호사", "활동지원사", "보육교사", "작업치료사", "사회복지사", "제공기관 종사자",
           "자치구 담당 공무원", "센터장"]
ACTIVITIES = [
    "건강 체조", "기억력 향상 활동", "회상 훈련", "산책 동행", "말벗 활동", "식사 준비 돕기", "목욕 돕기",
    "병원 동행", "안부 전화", "집 안 정리", "인지학습지 활동", "미술 놀이", "텃밭 가꾸기", "노래 교실",
    "낙상 예방 교육", "감염 예방 점검", "응급상황 대처 훈련", "부모 상담", "발달 검사", "시력 검진",
]
TRAININGS = ["치매전문교육", "인지상정 활용교육", "기초실무 교육", "심화 교육", "개인정보 보호 교육",
             "산업안전 교육", "감정노동 보호 교육", "서비스 품질 교육", "노무 실무 교육", "회계 실무 교육"]
CONSULTING = ["재무", "회계", "법무", "노무", "경영", "인사", "세무"]
TOPICS = [
    "운영 안내", "이용 안내", "교육 결과", "간담회 개최", "만족도 조사 결과", "역량강화 교육", "채용 공고",
    "휴무 안내", "프로그램 소개", "사례 공유", "자원봉사자 모집", "시설 점검 결과", "신청 기간 안내",
    "설명회 개최", "업무협약 체결", "대관 안내", "공간 개방", "연말 행사",
]
WEEKDAYS = ["월요일", "화요일", "수요일", "목요일", "금요일"]


def has_final_consonant(word: str) -> bool:
    """Whether the last syllable has a 받침, which picks the particle (을/를, 은/는, 이/가, 과/와)."""
    last = word.rstrip()[-1:]
    return bool(last) and "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def particle(word: str, with_final: str, without_final: str) -> str:
    return word + (with_final if has_final_consonant(word) else without_final)


# Sentences by theme: a page keeps to its theme (what a real notice does) and
# takes the odd sentence from the general ones, so that a query word is on a
# share of pages rather than on nearly all of them.
CARE = [
    lambda r, f: (f"{r.choice(DISTRICTS)} {f['facility']}에서는 {particle(f['service'], '을', '를')} "
                  f"이용하는 {particle(f['people'], '과', '와')} "
                  f"함께 {particle(r.choice(ACTIVITIES), '을', '를')} 진행했습니다."),
    lambda r, f: (f"{r.randint(2020, 2024)}년 {r.randint(1, 12)}월부터 {f['service']} 신청은 거주지 "
                  f"동주민센터나 가까운 {f['facility']}에서 받습니다."),
    lambda r, f: (f"{particle(f['people'], '이', '가')} 집에서 안전하게 지내도록 "
                  f"{particle(r.choice(ACTIVITIES), '을', '를')} 꾸준히 지원합니다."),
    lambda r, f: (f"{f['service']} 이용자는 {r.randint(2020, 2024)}년에 {r.randint(10, 2500):,}명으로 "
                  f"지난해보다 {r.randint(1, 30)}% 늘었습니다."),
    lambda r, f: (f"돌봄이 갑자기 끊긴 {particle(f['people'], '은', '는')} 긴급돌봄이나 돌봄SOS로 "
                  f"도움을 받을 수 있는지 먼저 확인하십시오."),
    lambda r, f: (f"{r.choice(DISTRICTS)}와 {r.choice(DISTRICTS)} 지역은 권역 센터가 함께 맡아 "
                  f"{particle(f['service'], '을', '를')} 제공합니다."),
]
CHILDREN = [
    lambda r, f: (f"{r.choice(DISTRICTS)} 국공립어린이집 아이들은 "
                  f"{particle(r.choice(ACTIVITIES), '과', '와')} {f['service']} 프로그램에 "
                  f"참여했습니다."),
    lambda r, f: (f"{f['service']}{'은' if has_final_consonant(f['service']) else '는'} 보호자가 신청하며, "
                  f"정원은 반마다 {r.randint(3, 20)}명입니다."),
    lambda r, f: (f"보육교사 {r.randint(2, 15)}명이 {particle(r.choice(TRAININGS), '을', '를')} 받고 "
                  f"{particle(f['service'], '을', '를')} 운영합니다."),
    lambda r, f: f"부모 상담은 {r.choice(WEEKDAYS)} 오후에 어린이집에서 합니다.",
]
PROVIDERS = [
    lambda r, f: (f"요양보호사 {r.randint(5, 60)}명이 {particle(r.choice(TRAININGS), '을', '를')} "
                  f"이수했으며, 이용자 만족도는 {r.randint(80, 99)}.{r.randint(0, 9)}점이었습니다."),
    lambda r, f: (f"{particle(r.choice(WORKERS), '을', '를')} 대상으로 {r.choice(TRAININGS)} 과정을 본부 "
                  f"교육실에서 엽니다. 정원은 {r.randint(10, 40)}명입니다."),
    lambda r, f: (f"민간 사회서비스 제공기관의 {r.choice(CONSULTING)}·{r.choice(CONSULTING)} 상담과 "
                  f"컨설팅을 {r.randint(2, 20)}건 지원했습니다."),
    lambda r, f: (f"{f['facility']}의 교육장과 회의실은 민간기관에 대관하며, "
                  f"이용 {r.randint(3, 14)}일 전까지 신청해 주십시오."),
]
GENERAL = [
    lambda r, f: (f"문의는 {r.choice(WEEKDAYS)}부터 금요일까지 오전 9시에서 오후 6시 사이에 전화로 "
                  f"받습니다."),
    lambda r, f: f"자세한 내용은 {r.choice(DISTRICTS)} 담당 부서에 확인해 주십시오.",
    lambda r, f: f"{r.randint(2020, 2024)}년 {r.randint(1, 12)}월 {r.randint(1, 28)}일부터 적용합니다.",
]
# theme: (its sentences, the services a page of that theme is about)
THEMES = [
    (CARE, SERVICES[:SERVICES.index("시간제보육")]),
    (CHILDREN, CHILDCARE),
    (PROVIDERS, TRAININGS + [f"{area} 컨설팅" for area in CONSULTING]),
]
GENERAL_SHARE = 0.2


def _page_fields(rng: random.Random, number: int) -> dict:
    sentences, subjects = rng.choice(THEMES)
    focus = {"service": rng.choice(subjects), "facility": rng.choice(FACILITIES),
             "people": rng.choice(RECIPIENTS)}

    def sentence(template=None) -> str:
        if template is None or rng.random() < GENERAL_SHARE:
            template = rng.choice(GENERAL if template else sentences)
        return template(rng, focus)

    def paragraph() -> str:
        # Different sentences within a paragraph, as a person would write it.
        templates = rng.sample(sentences, min(len(sentences), rng.randint(2, 4)))
        return "<p>" + " ".join(sentence(template) for template in templates) + "</p>"

    district = rng.choice(DISTRICTS)
    title = f"{district} {focus['service']} {rng.choice(TOPICS)} ({number + 1}호)"
    intro = sentence()
    body = []
    for _ in range(rng.randint(1, 3)):
        body.append({"type": "heading", "value": {"text": rng.choice(TOPICS), "level": "h2"}})
        for _ in range(rng.randint(1, 2)):
            body.append({"type": "paragraph", "value": paragraph()})
    return {"title": title, "intro": intro, "body": body}


@transaction.atomic
def build(count: int = 1000, seed: int = 14) -> int:
    """Add `count` generated pages (none twice: an existing slug is skipped);
    returns how many were added."""
    from home.models import ContentPage, NoticeIndexPage, NoticePage

    notices = NoticeIndexPage.objects.get(slug="notices")
    about = ContentPage.objects.get(slug="about")
    existing = set(NoticePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    existing |= set(ContentPage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    rng = random.Random(seed)
    first_day = datetime.date(2020, 1, 1)
    added = 0
    for number in range(count):
        fields = _page_fields(rng, number)
        is_notice = rng.random() < NOTICE_SHARE
        date = first_day + datetime.timedelta(days=rng.randint(0, 5 * 365))
        category = rng.choice([c for c, _ in NoticePage.CATEGORIES])
        slug = f"{SLUG_PREFIX}{number:04d}"
        if slug in existing:
            continue
        if is_notice:
            notices.add_child(instance=NoticePage(slug=slug, date=date, category=category, **fields))
        else:
            about.add_child(instance=ContentPage(slug=slug, **fields))
        added += 1
    return added
