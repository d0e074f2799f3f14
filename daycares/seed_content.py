"""The daycares section: the index page, the seven daycares the agency runs
and the childcare programmes.

Every fact (names, opening dates, addresses, areas, rooms, 보육정원,
programmes, figures) is from the agency's 2023 business report (seed 000:
the facility overview "시설현황" and "2-1 국공립어린이집 운영" to "2-4 유아
문화예술교육"); the sentences are ours. Addresses are the seed's, with the
spaces put back. Phone numbers are not in the documents and are left blank.

Loading is idempotent: programmes are matched by slug and pages by slug, and
anything that already exists is left as the editors made it.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from home.seed_content import ensure_page

from .models import ChildcareProgramme, DaycareIndexPage, DaycarePage

INDEX_SLUG = "daycares"

VULNERABLE = ChildcareProgramme.Kind.VULNERABLE
COMMON = ChildcareProgramme.Kind.COMMON

# (slug, name, kind, description)
PROGRAMMES = [
    ("disability", "장애아보육", VULNERABLE,
     "장애가 있는 아이가 장애아 통합반에서 다른 아이들과 함께 지내며, 아이에게 맞춘 개별화 교육을 "
     "받습니다. 「영유아보육법 시행규칙」이 정한 취약보육의 하나입니다."),
    ("extended-hours", "야간연장보육", VULNERABLE,
     "기본 보육시간이 끝난 뒤 저녁 시간까지 아이를 돌봅니다. 「영유아보육법 시행규칙」이 정한 "
     "취약보육의 하나입니다."),
    ("multicultural", "다문화보육", VULNERABLE,
     "다문화가정의 아이를 위한 보육입니다. 「영유아보육법 시행규칙」이 정한 취약보육의 하나입니다."),
    ("hourly", "시간제보육", VULNERABLE,
     "필요한 시간만큼 아이를 맡길 수 있는 보육입니다. 서울시 「취약(맞춤)·틈새보육SOS서비스」의 "
     "하나입니다."),
    ("night-hub", "거점형야간보육", VULNERABLE,
     "거점 어린이집에서 밤 시간까지 아이를 돌봅니다. 서울시 「취약(맞춤)·틈새보육SOS서비스」의 "
     "하나입니다."),
    ("development-support", "발달통합지원", COMMON,
     "발달이 늦거나 그럴 위험이 있는 아이를 일찍 찾아 진단하고, 교사와 부모 교육으로 돕습니다"
     "(발달모니터링). 부모와 교사가 K-CDI 검사를 하고 전문가가 아이를 관찰합니다."),
    ("eye-screening", "안과검진", COMMON,
     "매월 한 번 어린이집을 돌며 시력, 색각이상, 안질환 등을 검진합니다. 눈 질환을 일찍 발견해 "
     "치료로 이어지게 합니다."),
    ("arts-education", "문화예술교육", COMMON,
     "서울문화재단과 함께 문화시설을 거점으로 유아 문화예술교육을 합니다. 아이들이 문화예술을 "
     "누리고 마음껏 놀 권리를 보장합니다."),
]


@dataclass
class Daycare:
    slug: str
    title: str
    district: str
    address: str
    opened_on: datetime.date
    floor_area_m2: Decimal
    rooms: str
    capacity: int
    programmes: tuple[str, ...]  # programme slugs, in the seed's order
    intro: str


# Seed 000, "시설현황 — 국공립어린이집(7)"; names as in "국공립어린이집 운영현황 총괄"
# (e.g. 노원든든) with 어린이집, as the seed writes "노원든든어린이집".
# Programmes are the ones in brackets after 보육정원 in the facility overview.
# (The 2023-07-31 table "취약보육(실 운영)" also lists 야간연장보육 for 영등포든든.)
DAYCARES = [
    Daycare(
        slug="nowon-deundeun",
        title="노원든든어린이집",
        district="노원구",
        address="서울특별시 노원구 초안산로2라길 26 월계센트럴아이파크 단지 내",
        opened_on=datetime.date(2020, 3, 1),
        floor_area_m2=Decimal("227.5"),
        rooms="원장실, 보육실, 교사실, 조리실, 유희실 등",
        capacity=45,
        programmes=("extended-hours", "disability"),
        intro=(
            "노원든든어린이집은 2020년 3월 1일 노원구 월계센트럴아이파크 단지 안에 문을 연 "
            "국공립어린이집으로, 서울특별시 사회서비스원이 운영합니다. 보육정원은 45명이며, "
            "취약보육으로 야간연장보육과 장애아보육을 운영합니다."
        ),
    ),
    Daycare(
        slug="seodaemun-deundeun",
        title="서대문든든어린이집",
        district="서대문구",
        address="서울특별시 서대문구 거북골로 100 래미안루센티아 단지 내",
        opened_on=datetime.date(2020, 5, 1),
        floor_area_m2=Decimal("378.96"),
        rooms="원장실, 교사실, 보육실, 조리실, 유희실 등",
        capacity=71,
        programmes=("hourly", "extended-hours", "night-hub"),
        intro=(
            "서대문든든어린이집은 2020년 5월 1일 서대문구 래미안루센티아 단지 안에 문을 연 "
            "국공립어린이집으로, 서울특별시 사회서비스원이 운영합니다. 보육정원은 71명이며, "
            "시간제보육, 야간연장보육, 거점형야간보육을 운영합니다. 「서울형 모아어린이집」 "
            "인큐베이팅에 자발적으로 참여해 시범운영했습니다."
        ),
    ),
    Daycare(
        slug="saeugae-hana",
        title="새우개하나어린이집",
        district="중랑구",
        address="서울특별시 중랑구 용마산로139다길 17",
        opened_on=datetime.date(2020, 7, 1),
        floor_area_m2=Decimal("591.28"),
        rooms="원장실, 교사실, 보육실, 조리실, 옥상놀이터 등",
        capacity=68,
        programmes=("disability", "extended-hours", "night-hub"),
        intro=(
            "새우개하나어린이집은 2020년 7월 1일 중랑구에 문을 연 국공립어린이집으로, "
            "서울특별시 사회서비스원이 운영합니다. 보육정원은 68명이고 옥상놀이터가 있습니다. "
            "2022년 「장애아 통합어린이집」으로 지정되었으며, 장애아보육, 야간연장보육, "
            "거점형야간보육을 운영합니다. 서울시 우수 국공립어린이집인 「서울형 모아어린이집」으로 "
            "선정되었습니다."
        ),
    ),
    Daycare(
        slug="eungam-haengbok",
        title="응암행복어린이집",
        district="은평구",
        address="서울특별시 은평구 은평로 220 녹번이편한세상캐슬 단지 내",
        opened_on=datetime.date(2020, 7, 1),
        floor_area_m2=Decimal("774.85"),
        rooms="원장실, 교사실, 보육실, 조리실, 유희실 등",
        capacity=98,
        programmes=("extended-hours", "disability"),
        intro=(
            "응암행복어린이집은 2020년 7월 1일 은평구 녹번이편한세상캐슬 단지 안에 문을 연 "
            "국공립어린이집으로, 서울특별시 사회서비스원이 운영합니다. 보육정원은 98명으로 "
            "사회서비스원 어린이집 가운데 가장 많습니다. 2020년 「장애아 통합어린이집」으로 "
            "지정되었으며, 야간연장보육과 장애아보육을 운영합니다."
        ),
    ),
    Daycare(
        slug="yeongdeungpo-deundeun",
        title="영등포든든어린이집",
        district="영등포구",
        address="서울특별시 영등포구 대림로35가길 9",
        opened_on=datetime.date(2020, 9, 1),
        floor_area_m2=Decimal("489.88"),
        rooms="원장실, 교사실, 보육실, 조리실, 유희실 등",
        capacity=65,
        programmes=("multicultural", "disability", "night-hub"),
        intro=(
            "영등포든든어린이집은 2020년 9월 1일 영등포구에 문을 연 국공립어린이집으로, "
            "서울특별시 사회서비스원이 운영합니다. 보육정원은 65명입니다. 사회서비스원 어린이집 "
            "가운데 유일하게 다문화보육을 운영합니다. 2022년 「장애아 통합어린이집」으로 지정되어 "
            "장애아보육을 운영하며, 거점형야간보육도 운영합니다."
        ),
    ),
    Daycare(
        slug="gangdong-deundeun",
        title="강동든든어린이집",
        district="강동구",
        address="서울특별시 강동구 아리수로93가길 110 리버스트4단지 내",
        opened_on=datetime.date(2020, 9, 21),
        floor_area_m2=Decimal("545"),
        rooms="원장실, 교사실, 보육실, 조리실, 유희실 등",
        capacity=95,
        programmes=("extended-hours", "disability"),
        intro=(
            "강동든든어린이집은 2020년 9월 21일 강동구 리버스트4단지 안에 문을 연 "
            "국공립어린이집으로, 서울특별시 사회서비스원이 운영합니다. 보육정원은 95명입니다. "
            "2020년 「장애아 통합어린이집」으로 지정되었으며, 야간연장보육과 장애아보육을 "
            "운영합니다. 「서울형 모아어린이집」 인큐베이팅에 자발적으로 참여해 시범운영했습니다."
        ),
    ),
    Daycare(
        slug="songpa-deundeun",
        title="송파든든어린이집",
        district="송파구",
        address="서울특별시 송파구 위례서이로 25 위례포레샤인 13단지 내",
        opened_on=datetime.date(2021, 3, 1),
        floor_area_m2=Decimal("407"),
        rooms="원장실, 교사실, 보육실, 조리실, 유희실 등",
        capacity=77,
        programmes=("extended-hours", "disability"),
        intro=(
            "송파든든어린이집은 2021년 3월 1일 송파구 위례포레샤인 13단지 안에 문을 연 "
            "국공립어린이집으로, 서울특별시 사회서비스원이 운영합니다. 보육정원은 77명입니다. "
            "2021년 「장애아 통합어린이집」으로 지정되었으며, 야간연장보육과 장애아보육을 "
            "운영합니다."
        ),
    ),
]

INDEX = {
    "title": "국공립어린이집",
    "intro": (
        "서울특별시 사회서비스원은 국공립어린이집 7곳을 위탁받아 운영합니다. 보육 프로그램이나 "
        "자치구로 어린이집을 찾아보세요."
    ),
    "search_description": (
        "서울특별시 사회서비스원이 운영하는 국공립어린이집 7곳의 주소·개원일·보육정원과 "
        "취약보육(장애아·야간연장·다문화·시간제·거점형야간보육) 안내."
    ),
}

SOURCE = "서울특별시 사회서비스원 업무보고(2023)"

INDEX_BODY = [
    {"type": "heading", "value": {"text": "취약보육", "level": "h2"}},
    {"type": "paragraph", "value": (
        "<p>취약보육은 돌봄이 더 필요한 아이와 가정을 위한 보육입니다. 「영유아보육법 시행규칙」 "
        "제28조가 정한 장애아보육, 야간연장보육, 다문화보육과 서울시 「취약(맞춤)·틈새보육SOS서비스」의 "
        "시간제보육, 거점형야간보육을 함께 취약보육이라고 부릅니다. 돌봄의 사각지대를 줄이기 위해 "
        "사회서비스원 어린이집들이 나누어 운영합니다.</p>"
        "<p>사회서비스원 어린이집 7곳 가운데 5곳(71.4%)이 「장애아 통합어린이집」으로 지정되어 있고, "
        "장애아 통합반은 2020년 3개 반에서 2023년 8개 반으로 늘었습니다.</p>"
    )},
    {"type": "chart", "value": {
        "title": "취약보육을 이용한 아이 (연간)",
        "unit": "명",
        "rows": [
            {"label": "2020년", "value": "50"},
            {"label": "2021년", "value": "81"},
            {"label": "2022년", "value": "157"},
        ],
        "source": SOURCE,
    }},
    {"type": "heading", "value": {"text": "모든 어린이집이 함께하는 프로그램", "level": "h2"}},
    {"type": "paragraph", "value": (
        "<p>사회서비스원이 운영하는 어린이집 7곳은 모두 다음 프로그램에 함께합니다.</p>"
        "<ul>"
        "<li><b>발달통합지원</b>: 아이의 건강과 발달 문제를 일찍 발견해 치료와 교육으로 잇습니다. "
        "발달이 늦거나 그럴 위험이 있는 아이는 발달모니터링으로 진단하고, 교사와 부모가 함께 "
        "교육을 받습니다. 2022년에는 아이 15명이 120회에 걸쳐 발달모니터링을 받았습니다.</li>"
        "<li><b>안과검진</b>: 매월 한 번 어린이집을 돌며 시력, 색각이상, 안질환 등을 검진합니다. "
        "2023년 7월 말까지 6회, 293명이 검진을 받아 안과 이상 9건을 일찍 발견했습니다.</li>"
        "<li><b>문화예술교육</b>: 서울문화재단과 맺은 업무협약(2022년 6월 14일)에 따라 "
        "문화시설과 예술단체가 어린이집 아이들에게 연극 등 문화예술교육을 합니다.</li>"
        "</ul>"
    )},
]


def load(home, report) -> DaycareIndexPage:
    """Build (or keep) the daycares section under `home`; returns the index page."""
    programmes = _ensure_programmes()
    existing = home.get_children().filter(slug=INDEX_SLUG).first()
    if existing is not None and existing.specific_class is not DaycareIndexPage:
        raise RuntimeError(
            f"'{existing.title}' ({existing.specific_class.__name__}) already uses the slug "
            f"'{INDEX_SLUG}' under the home page; move or delete it before loading the daycares."
        )
    index_page = ensure_page(
        home, DaycareIndexPage, INDEX_SLUG, report,
        body=json.dumps(INDEX_BODY, ensure_ascii=False),
        show_in_menus=True,
        **INDEX,
    )
    for daycare in DAYCARES:
        ensure_page(
            index_page, DaycarePage, daycare.slug, report,
            title=daycare.title,
            intro=daycare.intro,
            district=daycare.district,
            address=daycare.address,
            opened_on=daycare.opened_on,
            floor_area_m2=daycare.floor_area_m2,
            rooms=daycare.rooms,
            capacity=daycare.capacity,
            programmes=[programmes[slug] for slug in daycare.programmes],
        )
    return index_page


def _ensure_programmes() -> dict[str, ChildcareProgramme]:
    programmes = {}
    for slug, name, kind, description in PROGRAMMES:
        programme, _ = ChildcareProgramme.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "description": description}
        )
        programmes[slug] = programme
    return programmes
