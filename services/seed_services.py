"""The 사업안내 section: one page per service, grouped on an index.

Every fact (who is eligible, what is provided, income bands, dates, counts)
is copied from the agency's 2023 business report (seed 000, "서울특별시
사회서비스원 2023 업무보고"); the part of the report each page draws on is
named in a comment above it. The sentences around the facts are ours, in
plain 합니다체 for older readers and their families. Where the report does not
say how to apply, the pages say only what is safe: ask the 동주민센터 or the
agency. No telephone numbers or names: the report gives none that are usable.

`load(home, report)` creates the index at /services/ and its nine pages. Like
`home.seed_content.load()` it is idempotent: a page that already exists (by
slug) is left exactly as the editors made it.
"""

import json
from dataclasses import dataclass, field

from wagtail.models import Page

from home.seed_content import ensure_page
from services.models import CareService, ServiceIndexPage, ServicePage

SOURCE = "서울특별시 사회서비스원 2023 업무보고"
INDEX_SLUG = "services"

# The CareService snippet entries the centres use (shared with the centre
# loader: same slugs, names and order). Service pages point at them so each
# page can list the centres that provide the service.
CARE_SERVICES = [
    ("visiting-care", "방문요양"),
    ("visiting-bath", "방문목욕"),
    ("visiting-nursing", "방문간호"),
    ("disability-support", "장애인활동지원"),
    ("care-sos", "돌봄SOS"),
    ("day-care", "주야간보호"),
    ("after-school-developmental", "발달장애 청소년 방과후 활동서비스"),
]


class SlugTaken(RuntimeError):
    """/services/ is already used by a page that is not the service index."""


# --- StreamField helpers ----------------------------------------------------

def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _table(caption, header, rows, first_col_is_header=True):
    return {
        "type": "table",
        "value": {
            "table_caption": caption,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "table_header_choice": "both" if first_col_is_header else "row",
            "data": [list(header), *[list(row) for row in rows]],
        },
    }


def _chart(title, unit, rows, source=SOURCE):
    return {
        "type": "chart",
        "value": {
            "title": title,
            "unit": unit,
            "rows": [{"label": label, "value": value} for label, value in rows],
            "source": source,
        },
    }


def _faq(heading, items):
    return {
        "type": "accordion",
        "value": {"heading": heading, "items": [{"question": q, "answer": a} for q, a in items]},
    }


def _ul(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


@dataclass
class Service:
    slug: str
    title: str
    intro: str
    search_description: str
    eligibility: str
    benefits: str
    how_to_apply: str
    care_services: tuple = ()
    audience: str = "citizen"
    body: list = field(default_factory=list)


ASK_LOCALLY = (
    "<p>거주지 동주민센터나 가까운 사회서비스원 종합재가센터에 문의하십시오.</p>"
)

# 1-5 적극개입 사례 확대: the kinds of case private providers find hard.
HARD_CASES = [
    "도전적 행동, 고강도 돌봄, 일부 최중증 치매(기저귀 케어, 심한 와상), 정신질환 등이 있어 "
    "맞춤형 서비스가 필요한 경우",
    "2명 이상이 함께 돌봐야 하는 경우",
    "집이 좁거나 위생 상태가 심각해 서비스를 하기 어려운 경우",
    "한 번만, 또는 짧은 시간만 서비스가 필요한 경우",
    "한 가지 서비스만으로는 필요를 채우기 어려워 여러 서비스를 함께 받아야 하는 경우",
]

SERVICES = [
    # -----------------------------------------------------------------------
    # 1-1 재가장기요양사업 운영: 방문요양 (service contents table).
    # 1-5 적극개입사례 확대: 사업추진체계 (who may ask for the service).
    # -----------------------------------------------------------------------
    Service(
        slug="visiting-care",
        title="방문요양",
        intro=(
            "요양보호사가 집 등으로 찾아가 식사·씻기·이동 같은 몸 돌봄과 집안일, 외출 동행, "
            "말벗 등 일상생활을 돕습니다."
        ),
        search_description=(
            "사회서비스원 종합재가센터의 방문요양: 요양보호사가 집으로 찾아가 신체활동, 인지활동, "
            "일상생활, 정서를 지원합니다. 장기요양 재가급여 대상 어르신이 이용합니다."
        ),
        eligibility=(
            "<p>장기요양 재가급여 대상인 분이 이용할 수 있습니다. 방문요양은 사회서비스원 "
            "종합재가센터가 제공하는 장기요양서비스(방문요양, 방문목욕, 방문간호) 가운데 하나입니다.</p>"
            "<p>다른 기관에서 서비스를 받기 어려웠던 분도 도와드립니다. 치매나 정신질환으로 돌보기 "
            "어렵거나, 2명 이상이 함께 돌봐야 하거나, 집이 좁아 서비스를 하기 어려운 경우처럼 민간 기관이 "
            "맡기 어려운 경우를 사회서비스원은 ‘적극개입사례’로 정해 맞춤형 서비스를 제공합니다.</p>"
        ),
        benefits=(
            "<p>요양보호사가 이용자의 집 등을 방문해 다음과 같은 도움을 드립니다.</p>"
            + _ul([
                "<b>신체활동 지원</b>: 식사 및 투약 관리, 개인위생, 몸단장, 체위 변경(자세 바꾸기), "
                "이동 도움, 배설 도움, 신체 기능을 유지·증진하는 활동 등",
                "<b>인지활동 지원</b>: 회상 훈련, 기억력 향상 활동, 남아 있는 기능을 유지·향상하기 위한 "
                "사회활동 훈련",
                "<b>일상생활 지원</b>: 장보기·산책·물품 구매·병원 이용 같은 외출 동행, 이용자 방 안 청소와 "
                "환경 관리, 세탁, 식사 준비, 설거지",
                "<b>정서 지원</b>: 말벗, 의사소통 도움 등",
            ])
        ),
        how_to_apply=(
            ASK_LOCALLY
            + "<p>본인이나 가족이 직접 신청할 수 있고, 이용하던 민간 기관이나 자치구·동주민센터가 센터에 "
            "의뢰할 수도 있습니다. 적극개입이 필요한 경우에는 센터가 사례관리 판정회의를 거쳐 서비스 "
            "지원 계획을 세운 뒤 맞춤형 서비스를 제공합니다.</p>"
        ),
        care_services=("visiting-care",),
        body=[
            _faq("자주 묻는 질문", [
                (
                    "방문요양과 돌봄SOS는 어떻게 다른가요?",
                    "<p>방문요양은 장기요양 재가급여 대상인 분이 받는 장기요양서비스입니다. 돌봄SOS는 "
                    "긴급하고 일시적인 돌봄이 필요한 서울시민이 동주민센터(돌봄SOS센터)를 거쳐 받는 "
                    "서비스입니다. 자세한 내용은 "
                    "<a href=\"/services/care-sos/\">돌봄SOS 안내</a>를 보십시오.</p>",
                ),
                (
                    "치매가 있는 가족도 돌봐 주나요?",
                    "<p>네. 장기요양 재가급여 대상이라면 이용할 수 있습니다. 사회서비스원 요양보호사는 "
                    "치매전문교육을 받습니다. 2023년 7월 31일 기준으로 요양보호사 193명 가운데 "
                    "190명(98.4%)이 이수했습니다. "
                    "<a href=\"/services/dementia-care/\">치매 대상자 지원</a>도 함께 보십시오.</p>",
                ),
                (
                    "다른 기관에서 서비스를 받기 어렵다고 들었습니다.",
                    "<p>사회서비스원은 다음과 같은 경우를 ‘적극개입사례’로 정해 맞춤형 서비스를 "
                    "제공합니다.</p>" + _ul(HARD_CASES),
                ),
            ]),
        ],
    ),
    # -----------------------------------------------------------------------
    # 1-1 재가장기요양사업 운영: 방문목욕 (목욕 전·중·후).
    # 1-2 장애인활동지원사업: 주요 서비스에 방문목욕 포함.
    # -----------------------------------------------------------------------
    Service(
        slug="visiting-bath",
        title="방문목욕",
        intro="요양보호사 2명이 목욕 설비를 갖춘 장비를 가지고 집으로 찾아가 목욕을 도와드립니다.",
        search_description=(
            "사회서비스원 종합재가센터의 방문목욕: 요양보호사 2명이 목욕 설비를 갖춘 장비로 집에 찾아가 "
            "목욕 전 준비부터 목욕 후 정리까지 돕습니다."
        ),
        eligibility=(
            "<p>장기요양 재가급여 대상인 분이 이용할 수 있습니다. 사회서비스원은 장애인활동지원 "
            "이용자에게도 방문목욕을 제공합니다.</p>"
        ),
        benefits=(
            "<p>요양보호사 2명이 목욕 설비를 갖춘 장비를 이용해 이용자의 집을 방문하고, 목욕 전 준비부터 "
            "목욕 후 정리까지 돕습니다. 순서별 내용은 아래 표와 같습니다.</p>"
        ),
        how_to_apply=ASK_LOCALLY,
        care_services=("visiting-bath",),
        body=[
            _table("방문목욕 순서별 서비스 내용", ["순서", "내용"], [
                ["목욕 전", "욕조 준비, 목욕 준비(이용자 상태 관찰, 욕조로 이동, 옷 벗기, 입욕)"],
                ["목욕 중", "몸 씻기(얼굴, 손·팔, 발·다리, 가슴·배, 등·엉덩이), 머리 감기"],
                ["목욕 후", "물기 제거, 옷 입기, 주변 정리"],
            ]),
        ],
    ),
    # -----------------------------------------------------------------------
    # 1-1 재가장기요양사업 운영: 방문간호. 5 주요 시설현황: 방문간호 is listed
    # only for 성동. 1-2 장애인활동지원사업: 주요 서비스에 방문간호 포함.
    # -----------------------------------------------------------------------
    Service(
        slug="visiting-nursing",
        title="방문간호",
        intro=(
            "간호사가 방문간호 지시서에 따라 집 등으로 찾아가 간호를 하고, 간호와 요양에 관한 상담을 "
            "합니다."
        ),
        search_description=(
            "사회서비스원 종합재가센터의 방문간호: 간호사가 방문간호 지시서에 따라 집으로 찾아가 욕창·상처 "
            "소독, 배설·영양·질병 관리와 상담을 제공합니다."
        ),
        eligibility=(
            "<p>장기요양 재가급여 대상인 분이 이용할 수 있습니다. 간호사는 방문간호 지시서에 따라 "
            "방문합니다. 사회서비스원은 장애인활동지원 이용자에게도 방문간호를 제공합니다.</p>"
        ),
        benefits=_ul([
            "<b>직접 간호</b>: 욕창 및 상처 소독, 배설 관리, 영양 관리, 질병 관리",
            "<b>통합 돌봄</b>: 방문요양이 필요한지 살피는 욕구 사정, 기능 평가, 응급상황 대처, "
            "필요할 때 모니터링 동행",
            "<b>감염 예방</b>: 지속적인 감염 예방 활동 점검",
        ]),
        how_to_apply=(
            ASK_LOCALLY
            + "<p>2023년 업무보고 기준으로 사회서비스원의 방문간호는 성동종합재가센터에서 제공했습니다. "
            "방문간호 지시서 등 필요한 서류는 센터에 문의하십시오.</p>"
        ),
        care_services=("visiting-nursing",),
    ),
    # -----------------------------------------------------------------------
    # 1-2 장애인활동지원사업: 목적, 대상(기존·신규), 주요 서비스, 성동장애인
    # 활동지원센터.
    # -----------------------------------------------------------------------
    Service(
        slug="disability-support",
        title="장애인활동지원",
        intro=(
            "혼자서 일상생활과 사회생활을 하기 어려운 장애인에게 활동지원사가 몸 돌봄, 집안일, 사회활동을 "
            "도와 자립 생활을 지원하고 가족의 부담을 덜어 드립니다."
        ),
        search_description=(
            "사회서비스원의 장애인활동지원: 만 6세 이상 만 65세 미만 등록 장애인에게 신체·가사·사회활동 "
            "지원과 방문목욕, 방문간호를 제공합니다."
        ),
        eligibility=(
            "<p>만 6세 이상 만 65세 미만으로 「장애인복지법」에 따라 등록한 장애인이 대상입니다.</p>"
            "<p>사회서비스원은 장애인으로 등록하지 않았거나, 제도의 한계 때문에 지원 대상이 되지 못하거나 "
            "실제 지원을 받기 어려운 돌봄 사각지대의 장애인도 사업 대상으로 정하고 있습니다. 해당되는지는 "
            "사회서비스원에 문의하십시오.</p>"
        ),
        benefits=(
            _ul([
                "<b>장애인활동지원</b>: 신체 지원, 가사 지원, 사회활동 지원",
                "<b>방문목욕</b>",
                "<b>방문간호</b>",
            ])
            + "<p>사회서비스원의 장애인활동지원은 성동장애인활동지원센터(성동종합재가센터)에서 "
            "제공합니다.</p>"
        ),
        how_to_apply=(
            "<p>거주지 동주민센터 또는 사회서비스원에 문의하십시오. 사회서비스원의 서비스 이용은 "
            "성동장애인활동지원센터에서 상담합니다.</p>"
        ),
        care_services=("disability-support",),
    ),
    # -----------------------------------------------------------------------
    # 1-3 돌봄SOS사업 운영: 대상, 적격 판단기준, 연계절차, 일시재가·동행지원,
    # 필수방문 모니터링·사례관리·사후관리, 25개 자치구 협약, 실적.
    # Ⅳ-1 적극개입(민간곤란) 및 돌봄SOS 확대 운영: "대상 및 제공서비스 별
    # 확대범위" (중위소득 bands) and the 120% extension from '22. 6월.
    # -----------------------------------------------------------------------
    Service(
        slug="care-sos",
        title="돌봄SOS (일시재가·동행지원)",
        intro=(
            "갑자기 돌봄이 필요한데 돌봐 줄 사람이 없는 서울시민에게, 돌봄 인력이 집으로 찾아가 돌보는 "
            "‘일시재가’와 꼭 필요한 외출에 함께 가는 ‘동행지원’을 제공합니다."
        ),
        search_description=(
            "서울시 돌봄SOS 가운데 사회서비스원이 맡는 일시재가·동행지원: 대상(중장년·어르신·장애인), "
            "적격 기준, 중위소득 기준, 동주민센터 신청 방법."
        ),
        eligibility=(
            "<p>긴급하고 일시적인 돌봄이 필요한 서울시민이 대상입니다.</p>"
            + _ul(["중장년: 만 50~64세", "어르신: 만 65세 이상", "장애인: 만 6세 이상"])
            + "<p>돌봄SOS센터는 서비스를 신청한 때를 기준으로 다음에 해당하는지 판단합니다.</p>"
            + _ul([
                "혼자 거동하기 어렵거나 혼자서 일상생활을 하기 어려운 경우",
                "돌봐 줄 가족 등이 없거나, 가족이 있어도 돌볼 수 없는 경우",
                "공적 돌봄서비스를 이용하지 않거나, 이용 중에 어쩔 수 없는 공백이 생긴 경우",
            ])
            + "<h3>소득 기준</h3>"
            "<p>2023년 업무보고의 소득 구분에 따르면 서울시 돌봄SOS 서비스는 중위소득 85% 이하를 대상으로 "
            "합니다. 사회서비스원은 2022년 6월부터 돌봄SOS 대상자 가운데 중위소득 120% 이하까지 "
            "일시재가서비스를 넓혔습니다. "
            "소득 기준별 내용은 아래 표를 보십시오. 내가 해당되는지는 신청할 때 동주민센터에서 "
            "확인합니다.</p>"
        ),
        benefits=(
            _ul([
                "<b>일시재가</b>: 돌봄 인력이 이용자의 집 등을 방문해 직접 돌봐 드립니다.",
                "<b>동행지원</b>: 꼭 필요한 외출에 돌봄 인력이 함께 가서 이동을 돕고 볼일을 거들어 드립니다.",
            ])
            + "<p>사회서비스원은 여기에 더해 다음을 제공합니다.</p>"
            + _ul([
                "서비스 기간 중 한 번 집으로 찾아가 상태와 필요, 생활 환경을 살피는 필수 방문 모니터링",
                "계속 살펴야 하는 분은 사례관리, 혼자 사는 분은 반드시 사례관리",
                "서비스가 끝난 모든 분께 전화나 방문으로 사후관리",
                "지역의 종합사회복지관 등 다른 기관과 연결",
            ])
        ),
        how_to_apply=(
            "<p>거주지 동주민센터(돌봄SOS센터)에 신청하십시오. 구청·동주민센터가 돌봄 계획을 세워 "
            "사회서비스원에 의뢰하면, 종합재가센터가 계약을 맺고 서비스를 제공합니다.</p>"
            "<p>사회서비스원 종합재가센터 12곳은 서울 25개 자치구 모두와 돌봄SOS 협약을 맺었습니다.</p>"
        ),
        care_services=("care-sos",),
        body=[
            _table(
                "돌봄SOS 소득 기준별 지원 범위 (2023년 업무보고 기준)",
                ["소득 구분", "지원 범위"],
                [
                    ["중위소득 85% 이하", "서울시 돌봄SOS 서비스 (서울시사회서비스원)"],
                    ["중위소득 100% 이하", "코로나19로 한시적 제공"],
                    ["중위소득 120% 이하", "서울시사회서비스원 전담, 코로나19 외 긴급돌봄서비스(돌봄SOS+)"],
                ],
            ),
            _heading("얼마나 제공했나요"),
            _paragraph(
                "<p>2023년 7월 31일까지 일시재가와 동행지원으로 2,127명에게 16,676건의 서비스를 "
                "제공했습니다.</p>"
            ),
            _faq("자주 묻는 질문", [
                (
                    "돌봄SOS와 긴급돌봄은 어떻게 다른가요?",
                    "<p>돌봄SOS는 동주민센터(돌봄SOS센터)가 대상자를 판단해 의뢰하는 서울시 사업입니다. "
                    "긴급돌봄은 기존 돌봄이 끊길 위기에 놓였거나 즉시 돌봄이 필요한 분을 사회서비스원 "
                    "긴급돌봄지원단이 돕는 사업입니다. "
                    "<a href=\"/services/emergency-care/\">긴급돌봄 안내</a>를 보십시오.</p>",
                ),
            ]),
        ],
    ),
    # -----------------------------------------------------------------------
    # Ⅴ-2 긴급돌봄지원사업: 사업기간, 지원대상, 유형1·1-1 (유형2~4 미지원),
    # 연도별 이용자, 교육시간. 조례 제4조 (긴급돌봄서비스의 제공).
    # 부서별 주요업무: 사업지원팀 — 긴급돌봄지원단 구성 및 운영.
    # -----------------------------------------------------------------------
    Service(
        slug="emergency-care",
        title="긴급돌봄",
        intro=(
            "기존 돌봄이 갑자기 끊기거나 당장 돌봄이 필요한 아동·장애인·노인에게 사회서비스원 "
            "긴급돌봄지원단이 돌봄 인력을 보내 돌봄 공백을 메웁니다."
        ),
        search_description=(
            "사회서비스원 긴급돌봄: 기존 돌봄서비스가 중단될 위기이거나(유형1) 즉시 돌봄이 필요한(유형1-1) "
            "분에게 재가서비스, 외부활동·일상생활 지원, 동행서비스를 제공합니다."
        ),
        eligibility=(
            "<p>돌봄 공백이 생겨 즉시 돌봄이 필요한 아동·장애인·노인 등이 대상입니다. 현재 다음 두 "
            "유형을 지원합니다.</p>"
            + _ul([
                "<b>유형1</b>: 기존 돌봄서비스가 중단될 위기에 놓인 노인과 장애인",
                "<b>유형1-1</b>: 코로나19 외의 이유로 즉시 돌봄이 필요한 분",
            ])
            + "<p>코로나19 확진자 접촉에 따른 격리시설 입소자 등을 돕던 유형2~4는 보건복지부 "
            "‘2022년 긴급돌봄 시범사업 지침’에 따라 현재 지원하지 않습니다.</p>"
        ),
        benefits=(
            "<p>긴급돌봄 인력이 집으로 찾아가거나, 유형1-1은 필요하면 해당 시설로 가서 돌봅니다.</p>"
            + _ul([
                "<b>유형1</b>: 재가서비스, 외부활동 지원, 일상생활 지원 등",
                "<b>유형1-1</b>: 재가서비스, 동행서비스 등",
            ])
            + "<p>긴급돌봄 인력은 감염병 예방 기본교육을 받습니다. 아동 돌봄에 대비해 필수 교육시간을 "
            "13시간에서 20시간으로 늘렸습니다.</p>"
        ),
        how_to_apply=(
            "<p>거주지 동주민센터 또는 사회서비스원에 문의하십시오. 긴급돌봄지원단은 사회서비스원 본부 "
            "사업운영실 사업지원팀이 운영합니다.</p>"
        ),
        body=[
            _table(
                "긴급돌봄 유형별 지원 내용",
                ["유형", "대상", "제공 형태", "서비스 내용"],
                [
                    ["유형1", "기존 돌봄서비스 중단 위기의 노인 및 장애인", "재가방문",
                     "재가서비스, 외부활동 지원, 일상생활 지원 등"],
                    ["유형1-1", "코로나19 외 즉시 돌봄이 필요한 대상", "재가방문 또는 해당 시설",
                     "재가서비스, 동행서비스 등"],
                ],
            ),
            _heading("얼마나 제공했나요"),
            _paragraph(
                "<p>사회서비스원은 2020년 3월부터 긴급돌봄을 제공하고 있습니다. 2023년에는 7월 31일까지 "
                "171명에게 4,883시간의 긴급돌봄을 제공했습니다.</p>"
            ),
            _chart("연도별 긴급돌봄 이용자", "명", [
                ("2020년(3~12월)", "12"),
                ("2021년", "77"),
                ("2022년", "160"),
                ("2023년(1~7월)", "171"),
            ]),
        ],
    ),
    # -----------------------------------------------------------------------
    # 1-4 치매 대상자 관리계획: 목적, 대상(14개소 종사자 및 이용자), 사업내용,
    # 치매교육 이수(190/193, 98.4%), 치매 이용자 178명(7.3%), 권역별 지원체계.
    # -----------------------------------------------------------------------
    Service(
        slug="dementia-care",
        title="치매 대상자 지원",
        intro=(
            "치매가 있는 분이 돌봄 공백 없이 꾸준히 돌봄을 받도록, 치매 교육을 받은 돌봄 인력과 작업치료사가 "
            "이용자와 보호자의 필요에 맞춰 지원합니다."
        ),
        search_description=(
            "사회서비스원 종합재가센터·데이케어센터의 치매 대상자 지원: 치매전문교육을 이수한 요양보호사, "
            "작업치료사 맞춤형 사례관리, 치매안심센터 연계, 인지학습지 ‘인지상정’."
        ),
        eligibility=(
            "<p>사회서비스원 종합재가센터와 데이케어센터 14곳을 이용하는 치매 대상자가 대상입니다. "
            "인지등급을 받은 이용자도 포함합니다.</p>"
        ),
        benefits=(
            _ul([
                "<b>치매 교육을 받은 돌봄 인력</b>: 2023년 7월 31일 기준 요양보호사 193명 가운데 "
                "190명(98.4%)이 치매전문교육을 이수했습니다.",
                "<b>인지등급 이용자 지원</b>: 이용자별 지원 계획을 세우고 작업치료사와 연계해 맞춤형 "
                "서비스를 제공합니다.",
                "<b>작업치료사 사례관리</b>: 권역별 작업치료사가 대상자를 방문해 기능 검사를 하고, 상담과 "
                "맞춤형 인지활동 프로그램·활동 자료를 지원합니다.",
                "<b>치매안심센터 연계</b>: 장기요양 등급 신청, 지문 등록, 자원 연계, 프로그램 참여 등을 "
                "돕습니다.",
                "<b>인지학습지 ‘인지상정’</b>: 사회서비스원이 만든 인지학습지로 인지활동을 돕습니다.",
            ])
        ),
        how_to_apply=(
            "<p>사회서비스원 종합재가센터나 데이케어센터를 이용하고 있다면 이용 중인 센터에 말씀하십시오. "
            "아직 이용하지 않는다면 <a href=\"/services/visiting-care/\">방문요양</a>이나 "
            "<a href=\"/services/day-care/\">데이케어(주야간보호)</a> 이용을 먼저 상담하십시오.</p>"
        ),
        care_services=("visiting-care", "day-care"),
        body=[
            _table(
                "권역별 치매 대상자 지원 체계",
                ["담당 센터", "지원하는 센터"],
                [
                    ["노원(1권역)", "노원, 도봉, 강동, 송파"],
                    ["강서(2권역)", "강서, 강서든든, 양천, 서대문, 은평"],
                    ["성동(3권역)", "성동, 마포, 초록숲, 영등포, 중랑"],
                ],
            ),
            _paragraph(
                "<p>2023년 7월 31일 기준으로 사회서비스원 돌봄 이용자 2,422명 가운데 178명(7.3%)이 치매 "
                "이용자입니다.</p>"
            ),
        ],
    ),
    # -----------------------------------------------------------------------
    # 1-6 데이케어센터 운영: 목적, 대상(장기요양 재가급여 대상), 수행기관,
    # 사업내용, 서비스 내용 표, 추진계획(수탁운영 해지, 6개월 의무운영).
    # -----------------------------------------------------------------------
    Service(
        slug="day-care",
        title="데이케어(주야간보호)",
        intro=(
            "나이가 많거나 노인성 질병 등으로 혼자 일상생활을 하기 어려운 어르신을 하루 중 일정한 시간 동안 "
            "센터에서 보호하며 식사, 목욕, 건강관리, 치매 관리, 기능회복 훈련을 제공합니다."
        ),
        search_description=(
            "사회서비스원 데이케어센터(주야간보호): 장기요양 재가급여 대상 어르신을 일정 시간 보호하며 "
            "신체활동 지원, 건강·간호 관리, 인지관리, 기능회복훈련을 제공합니다."
        ),
        eligibility=(
            "<p>장기요양 재가급여 대상인 어르신이 이용할 수 있습니다. 나이가 많거나 노인성 질병 등으로 "
            "혼자서 일상생활을 하기 어려운 어르신을 위한 서비스입니다.</p>"
        ),
        benefits=(
            "<p>센터에서 일정한 시간 동안 보호하면서 목욕, 식사, 기본 간호, 치매 관리, 응급 서비스 등 "
            "돌봄을 제공합니다. 자세한 내용은 아래 표와 같습니다.</p>"
            "<p>사회서비스원은 마포구립 초록숲데이케어센터와 강서구립 든든데이케어센터를 운영했습니다.</p>"
        ),
        how_to_apply=(
            "<p>데이케어센터에 이용 상담을 신청하거나 거주지 동주민센터 또는 사회서비스원에 "
            "문의하십시오.</p>"
            "<p><b>운영 변경 안내</b>: 2023년 업무보고에 따르면 사회서비스원은 두 데이케어센터의 수탁 운영을 "
            "해지하기로 하고 2023년 9월 구청과 협의·통보할 계획이었으며, 운영 종료일까지 6개월(2023년 "
            "10월~2024년 3월)을 의무 운영 기간으로 두었습니다. 이용하기 전에 현재 운영 기관을 해당 구청에 "
            "확인하십시오.</p>"
        ),
        care_services=("day-care",),
        body=[
            _table("데이케어센터 서비스 내용", ["구분", "서비스 내용"], [
                ["신체활동 지원",
                 "세면 도움, 구강 청결 도움, 머리 감기 도움, 몸단장, 옷 갈아입기 도움, 몸 씻기 도움, "
                 "식사 도움, 이동 도움, 신체 기능의 유지·증진, 화장실 이용하기"],
                ["건강 및 간호 관리", "관찰 및 측정, 건강관리, 간호관리, 응급서비스"],
                ["인지 관리 및 의사소통", "인지관리 지원, 의사소통 도움 등 말벗, 격려"],
                ["기능회복 훈련",
                 "신체·인지기능 향상 프로그램, 신체기능 훈련, 기본동작 훈련, 물리치료, 인지활동형 프로그램, "
                 "인지기능 향상 훈련, 일상생활동작 훈련, 작업치료"],
            ]),
        ],
    ),
    # -----------------------------------------------------------------------
    # 3-4 민간 사회서비스 제공기관 지원: 대상, 교육지원, 자원개방(대관),
    # 공급주체 다변화사업, 실적 표, 추진계획(경영컨설팅·상담, 강사 파견, 대관).
    # 사업의 범위(조례 제4조): 재무·회계·법무·노무 상담·자문.
    # 1-4 치매: 인지상정 교육 (외부기관 교육은 민간지원 실적에 포함).
    # 부서별 주요업무: 사업지원팀 — 민간기관지원 사업. 기관현황: 소재지.
    # -----------------------------------------------------------------------
    Service(
        slug="provider-support",
        title="민간기관 지원 (교육·컨설팅·대관)",
        audience="provider",
        intro=(
            "민간 사회서비스 제공기관과 종사자를 위해 교육, 상담과 컨설팅, 사회서비스원 공공자원의 대관을 "
            "지원합니다."
        ),
        search_description=(
            "민간 사회서비스 제공기관 지원: 종사자 교육(강사 파견 포함), 재무·회계·법무·노무 상담과 경영 "
            "컨설팅, 사회서비스원 공공자원 대관."
        ),
        eligibility="<p>민간 사회서비스 제공기관과 그 종사자가 대상입니다.</p>",
        benefits=_ul([
            "<b>교육 지원</b>: 사회서비스원이 개발한 프로그램과 내부 직원을 활용해 민간기관 종사자 교육을 "
            "지원합니다. 기관으로 강사를 보내는 교육도 합니다. 치매 돌봄을 위한 인지학습지 ‘인지상정’ 활용 "
            "교육과 교구를 활용한 인지활동 교육도 외부 기관에 지원합니다.",
            "<b>상담과 컨설팅</b>: 사회서비스 제공·운영 기관의 재무·회계·법무·노무 등에 관한 상담과 자문, "
            "전문가 경영 컨설팅을 지원합니다.",
            "<b>공공자원 개방(대관)</b>: 사회서비스원의 공공자원을 민간기관에 개방합니다. 공공자원 개방은 "
            "사회서비스원 자원의 대관으로 제공합니다.",
        ]),
        how_to_apply=(
            "<p>사회서비스원 본부 사업운영실 사업지원팀에 문의하십시오. 본부는 서울특별시 마포구 "
            "마포대로 89 포스트타워 5층·12층에 있습니다.</p>"
        ),
        body=[
            _table(
                "교육 지원과 공공자원 개방 실적 (단위: 회(명), 2023년은 7월 31일 기준)",
                ["지원 내용", "2020년", "2021년", "2022년", "2023년"],
                [
                    ["교육 지원", "1(8)", "37(502)", "52(737)", "57(1,208)"],
                    ["공공자원 개방(대관)", "12(383)", "4(84)", "-", "13(262)"],
                ],
            ),
            _heading("사회서비스 공급주체 다변화사업"),
            _paragraph(
                "<p>사회서비스원은 보건복지부(중앙사회서비스원)가 주관하는 사회서비스 공급주체 "
                "다변화사업에 참여하고 있습니다. 마포구의 1인 청·장년 가구 100가구를 대상으로, "
                "컨소시엄단 7곳이 일상·건강·안전 서비스를 맞춤형으로 묶어 제공합니다. 참여 기관에는 "
                "맞춤형 컨설팅과 서비스 종사자 역량강화 교육을 지원합니다.</p>"
            ),
        ],
    ),
]

INDEX = {
    "title": "사업안내",
    "intro": (
        "서울특별시 사회서비스원은 돌봄이 필요한 시민에게 공공 사회서비스를 직접 제공하고, 민간 사회서비스 "
        "제공기관을 지원합니다. 필요한 서비스를 골라 누가 받을 수 있는지, 무엇을 받는지, 어떻게 신청하는지 "
        "확인하십시오."
    ),
    "search_description": (
        "서울특별시 사회서비스원 사업안내: 방문요양, 방문목욕, 방문간호, 장애인활동지원, 돌봄SOS, 긴급돌봄, "
        "치매 대상자 지원, 데이케어(주야간보호), 민간기관 지원."
    ),
    "body": [
        # 5 주요 시설현황: 종합재가센터 12곳, 데이케어센터 2곳.
        _heading("어디에서 받을 수 있나요"),
        _paragraph(
            "<p>사회서비스원은 종합재가센터 12곳과 데이케어센터 2곳에서 서비스를 제공합니다. 가까운 센터는 "
            "<a href=\"/centres/\">센터 찾기</a>에서 자치구와 서비스로 찾을 수 있습니다.</p>"
        ),
        # 1-5 적극개입사례 확대: 유형.
        _heading("다른 기관에서 돌봄을 받기 어려웠다면"),
        _paragraph(
            "<p>사회서비스원 종합재가센터는 민간 기관이 맡기 어려운 다음과 같은 경우를 ‘적극개입사례’로 정해 "
            "맞춤형 서비스를 제공합니다.</p>" + _ul(HARD_CASES)
        ),
    ],
}


def _care_services(slugs):
    """The CareService entries for `slugs`, created (with the shared names and
    order) when the centre loader has not run yet."""
    order = {slug: n for n, (slug, _name) in enumerate(CARE_SERVICES)}
    names = dict(CARE_SERVICES)
    existing = {s.slug: s for s in CareService.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in existing:
            existing[slug], _ = CareService.objects.get_or_create(
                slug=slug, defaults={"name": names[slug], "sort_order": order[slug]}
            )
    return [existing[slug] for slug in slugs]


def _ensure_index(home, report) -> ServiceIndexPage:
    index = ServiceIndexPage.objects.child_of(home).first()  # max_count = 1, whatever its slug
    if index is not None:
        report.kept.append(index.title)
        return index
    taken = Page.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if taken is not None:
        raise SlugTaken(
            f"/{INDEX_SLUG}/ is already the page “{taken.title}” ({taken.specific_class.__name__}); "
            "remove it (or drop the services section from home.seed_content) before loading "
            "the service pages."
        )
    return ensure_page(
        home, ServiceIndexPage, INDEX_SLUG, report,
        title=INDEX["title"], intro=INDEX["intro"], search_description=INDEX["search_description"],
        body=json.dumps(INDEX["body"], ensure_ascii=False), show_in_menus=True,
    )


def load(home, report) -> ServiceIndexPage:
    """Create /services/ under `home` and one page per service. Existing pages
    (by slug) are kept as the editors left them. Returns the index page."""
    index = _ensure_index(home, report)
    for service in SERVICES:
        ensure_page(
            index, ServicePage, service.slug, report,
            title=service.title,
            audience=service.audience,
            intro=service.intro,
            search_description=service.search_description,
            eligibility=service.eligibility,
            benefits=service.benefits,
            how_to_apply=service.how_to_apply,
            care_services=_care_services(service.care_services),
            body=json.dumps(service.body, ensure_ascii=False),
        )
    return index
