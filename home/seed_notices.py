"""The notices section (알림·소식) and its first three notices.

Dates and figures are from the agency's 2023 document (seed 000): the
integration of the home-care centres (’23. 9. ~ ’24. 2.), the end of the
day-care centres' contracts (’23. 9월, then ’23. 10월 ~ ’24. 3월) and the
training given to private providers (’23.7.31. 기준). Where the document gives
only a month, the notice is dated the first day of that month. The sentences
are ours. Idempotent: existing pages are left as editors made them.
"""

import datetime
import json

from home.models import NoticeIndexPage, NoticePage
from home.seed_content import ensure_page

INDEX_SLUG = "notices"

INDEX = {
    "title": "알림·소식",
    "intro": "서울특별시 사회서비스원의 공지, 소식, 채용, 교육 안내를 최신 글부터 보여 드립니다.",
    "search_description": "서울특별시 사회서비스원 공지사항, 소식, 채용, 교육 안내.",
}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _table(caption, rows, first_col_is_header=True):
    return {
        "type": "table",
        "value": {
            "table_caption": caption,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "data": rows,
        },
    }


NOTICES = [
    {
        "slug": "day-care-centre-contract-ending",
        "title": "데이케어센터 수탁운영 해지와 의무운영 기간 안내",
        "date": datetime.date(2023, 9, 1),
        "category": NoticePage.NOTICE,
        "intro": (
            "사회서비스원이 위탁받아 운영하는 데이케어센터의 수탁운영 해지를 2023년 9월 자치구와 "
            "협의하고 통보합니다. 운영 종료일까지 2023년 10월부터 2024년 3월까지 6개월 동안 "
            "의무운영합니다."
        ),
        "body": [
            _heading("대상 센터"),
            _paragraph(
                "<ul><li>마포구립 초록숲데이케어센터</li><li>강서구립 든든데이케어센터</li></ul>"
            ),
            _heading("일정"),
            _table(
                "데이케어센터 수탁운영 종료 일정",
                [
                    ["시기", "내용"],
                    ["2023년 9월", "수탁운영 해지를 지자체와 협의하고 통보"],
                    ["2023년 10월 ~ 2024년 3월", "운영 종료일까지 6개월 의무운영"],
                ],
            ),
            _paragraph("<p>의무운영 기간에는 센터가 계속 운영됩니다.</p>"),
        ],
    },
    {
        "slug": "home-care-centre-integration",
        "title": "종합재가센터 권역별 통합 추진 안내",
        "date": datetime.date(2023, 9, 1),
        "category": NoticePage.NOTICE,
        "intro": (
            "2023년 9월부터 2024년 2월까지 종합재가센터 12곳을 권역별 종합재가센터 4곳으로 "
            "차례로 통합하는 것을 추진합니다."
        ),
        "body": [
            _heading("왜 통합하나요"),
            _paragraph(
                "<p>종합재가센터의 서비스를 ‘재가’ 중심에서 돌봄 전체로 넓혀 기능을 다시 세우고, "
                "인력과 예산을 더 효율적으로 운영하기 위해서입니다.</p>"
            ),
            _heading("권역별 통합(안)"),
            _table(
                "종합재가센터 권역별 통합(안): 12곳에서 4곳으로",
                [
                    ["권역", "기준센터", "통합센터"],
                    ["서북권", "서대문", "서대문, 은평, 마포"],
                    ["동북권", "도봉", "도봉, 노원, 중랑"],
                    ["서남권", "양천", "양천, 강서, 영등포"],
                    ["동남권", "송파", "송파, 강동, 성동"],
                ],
            ),
            _paragraph(
                "<p>같은 2023년 9월부터 민간에서 돌보기 어려운 적극개입사례(민간곤란)와 "
                "돌봄SOS 서비스의 비율도 늘려 갑니다.</p>"
            ),
        ],
    },
    {
        "slug": "private-provider-training-2023",
        "title": "민간 사회서비스 제공기관 교육 지원 실적 (2023년 7월 31일 기준)",
        "date": datetime.date(2023, 7, 31),
        "category": NoticePage.EDUCATION,
        "intro": (
            "2023년 7월 31일까지 민간 사회서비스 제공기관 종사자 교육을 57회 지원했고 "
            "1,208명이 참여했습니다."
        ),
        "body": [
            _paragraph(
                "<p>사회서비스원은 직접 개발한 프로그램과 내부 직원을 활용해 민간 사회서비스 "
                "제공기관 종사자 교육을 지원합니다. 사회서비스원의 공공자원(공간)도 민간기관에 "
                "대관합니다.</p>"
            ),
            _table(
                "교육 지원과 공공자원 개방 실적 (단위: 회, 괄호 안은 명)",
                [
                    ["구분", "2020년", "2021년", "2022년", "2023년"],
                    ["교육지원", "1(8)", "37(502)", "52(737)", "57(1,208)"],
                    ["공공자원 개방", "12(383)", "4(84)", "-", "13(262)"],
                ],
            ),
            _paragraph(
                "<p>2023년은 7월 31일 기준입니다. 공공자원 개방은 서울시사회서비스원 자원 대관만 "
                "셉니다. 강사 파견 교육과 공공자원 대관은 2023년 12월까지 계속 제공합니다.</p>"
            ),
        ],
    },
]


def load(home, report) -> NoticeIndexPage:
    """The notice index under `home` and its first notices (created in list
    order, so of two notices with the same date the later one is listed first)."""
    index_page = ensure_page(home, NoticeIndexPage, INDEX_SLUG, report, show_in_menus=True, **INDEX)
    for notice in NOTICES:
        fields = dict(notice)
        slug = fields.pop("slug")
        fields["body"] = json.dumps(fields["body"], ensure_ascii=False)
        ensure_page(index_page, NoticePage, slug, report, **fields)
    return index_page
