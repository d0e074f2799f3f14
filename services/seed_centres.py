"""The agency's 14 centres, as its 2023 business report lists them.

Facts from seed 000, "주요 시설현황" (opening dates, addresses, floor areas,
rooms, services), "종합재가센터 통합(기능재정립)" (the four regions) and
"데이케어센터 운영현황 (’23.7.31. 기준)" (day-care capacity). The seeds give
no telephone numbers: those fields start empty for editors to fill in.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from home.seed_content import ensure_page
from services.districts import region_for
from services.models import CareService, CentreIndexPage, CentrePage

CARE_SERVICES = [
    ("visiting-care", "방문요양"),
    ("visiting-bath", "방문목욕"),
    ("visiting-nursing", "방문간호"),
    ("disability-support", "장애인활동지원"),
    ("care-sos", "돌봄SOS"),
    ("day-care", "주야간보호"),
    ("after-school-developmental", "발달장애 청소년 방과후 활동서비스"),
]

HOME_CARE_ROOMS = "사무실, 교육장, 휴게공간, 상담실, 회의실 등"
USUAL = ("visiting-care", "visiting-bath", "care-sos")


@dataclass
class Centre:
    slug: str
    title: str
    district: str
    opened_on: datetime.date
    address: str
    floor_area_m2: str
    services: tuple
    rooms: str = HOME_CARE_ROOMS
    kind: str = CentrePage.HOME_CARE
    capacity: int | None = None
    extra: dict = field(default_factory=dict)


CENTRES = [
    Centre("seongdong", "성동종합재가센터", "성동구", datetime.date(2019, 7, 23),
           "서울특별시 성동구 아차산로 33, 삼일빌딩 2층", "353",
           ("visiting-care", "visiting-bath", "visiting-nursing", "disability-support", "care-sos")),
    Centre("eunpyeong", "은평종합재가센터", "은평구", datetime.date(2019, 8, 28),
           "서울특별시 은평구 진흥로 77, 와이쓰리빌딩 3층", "242", USUAL),
    Centre("gangseo", "강서종합재가센터", "강서구", datetime.date(2019, 9, 18),
           "서울특별시 강서구 공항대로 325, 에이스빌딩 3층", "466", USUAL),
    Centre("nowon", "노원종합재가센터", "노원구", datetime.date(2019, 10, 23),
           "서울특별시 노원구 한글비석로 432, 기탄빌딩 3층", "275",
           (*USUAL, "after-school-developmental")),
    Centre("mapo", "마포종합재가센터", "마포구", datetime.date(2020, 1, 17),
           "서울특별시 마포구 마포대로11길 44-81 (아현문화건강센터) 2층", "206", USUAL),
    Centre("songpa", "송파종합재가센터", "송파구", datetime.date(2020, 9, 28),
           "서울특별시 송파구 위례성대로 18 (방이동), 금복빌딩 1305호", "243", USUAL),
    Centre("yeongdeungpo", "영등포종합재가센터", "영등포구", datetime.date(2020, 9, 28),
           "서울특별시 영등포구 선유로 130 (양평동), 에이스하이테크시티3 203호·204호", "192", USUAL),
    Centre("yangcheon", "양천종합재가센터", "양천구", datetime.date(2020, 9, 28),
           "서울특별시 양천구 목동로 177 (신정동), 정동빌딩 8층", "263", USUAL),
    Centre("dobong", "도봉종합재가센터", "도봉구", datetime.date(2020, 11, 18),
           "서울특별시 도봉구 도봉로136길 7 (창동), 202호", "262", USUAL),
    Centre("jungnang", "중랑종합재가센터", "중랑구", datetime.date(2020, 11, 30),
           "서울특별시 중랑구 중랑역로 62 (중화동), 3층", "266", USUAL),
    Centre("gangdong", "강동종합재가센터", "강동구", datetime.date(2020, 12, 14),
           "서울특별시 강동구 양재대로 1410 (둔촌동), 6층", "258", USUAL),
    Centre("seodaemun", "서대문종합재가센터", "서대문구", datetime.date(2020, 12, 14),
           "서울특별시 서대문구 연희로 142 (연희동), 2층", "231", USUAL),
    Centre("choroksup-day-care", "마포구립 초록숲데이케어센터", "마포구", datetime.date(2020, 9, 9),
           "서울특별시 마포구 마포대로11길 44-81 (아현문화건강센터) 지하 1층", "366", ("day-care",),
           rooms="", kind=CentrePage.DAY_CARE, capacity=31),
    Centre("gangseo-dundun-day-care", "강서구립 든든데이케어센터", "강서구", datetime.date(2020, 11, 2),
           "서울특별시 강서구 공항대로2가길 5 (공항동), 통합복지센터 2~3층", "242", ("day-care",),
           rooms="생활실, 프로그램실, 사무실, 조리실, 샤워실 등", kind=CentrePage.DAY_CARE, capacity=25),
]

CAPACITY_AS_OF = datetime.date(2023, 7, 31)

INDEX = {
    "title": "센터 찾기",
    "intro": (
        "서울특별시 사회서비스원은 종합재가센터 12곳과 데이케어센터 2곳을 운영합니다. "
        "사는 곳의 자치구나 필요한 서비스로 센터를 찾아보세요."
    ),
    "search_description": (
        "사회서비스원 종합재가센터 12곳과 데이케어센터 2곳의 주소, 제공 서비스, 우리 구 담당 센터."
    ),
    "no_centre_advice": (
        "이 자치구에는 사회서비스원 종합재가센터가 없습니다. 방문요양·돌봄SOS 등은 거주지 동주민센터에 "
        "먼저 문의하시고, 긴급돌봄은 사회서비스원 본부(서울특별시 마포구 마포대로 89 포스트타워)로 "
        "문의해 주세요."
    ),
}


def _intro(centre: Centre) -> str:
    names = [dict(CARE_SERVICES)[slug] for slug in centre.services]
    opened = f"{centre.opened_on.year}년 {centre.opened_on.month}월 {centre.opened_on.day}일"
    if centre.kind == CentrePage.DAY_CARE:
        return (
            f"{centre.district}에 있는 데이케어센터로 {opened}에 문을 열었습니다. 장기요양 재가급여를 받는 "
            "어르신을 낮 동안 보호하며 식사, 목욕, 건강관리, 인지관리, 기능회복 프로그램을 제공합니다."
        )
    return (
        f"{centre.district}에 있는 종합재가센터로 {opened}에 문을 열었습니다. "
        f"{', '.join(names)} 서비스를 제공합니다."
    )


def _notice(centre: Centre) -> str:
    if centre.kind == CentrePage.DAY_CARE:
        return (
            "사회서비스원은 2023년 9월 이 센터의 수탁 운영 해지를 구청과 협의해 통보했고, "
            "운영 종료일까지 6개월(2023년 10월~2024년 3월)을 의무 운영 기간으로 두었습니다. "
            "현재 운영 기관은 구청에 확인해 주세요."
        )
    region = region_for(centre.district)
    others = ", ".join(d.removesuffix("구") for d in region.districts)
    plan = (
        "사회서비스원은 종합재가센터 12곳을 4개 권역 센터로 통합하는 계획을 "
        "2023년 9월부터 2024년 2월까지 순차 추진했습니다. "
    )
    if centre.district == region.base_district:
        return plan + f"이 센터는 {region.name}의 기준센터로 {others} 지역을 함께 맡습니다."
    return plan + (
        f"이 센터는 {region.name} 종합재가센터(기준센터: {region.base_district.removesuffix('구')})로 "
        f"통합됩니다. {region.name} 센터는 {others} 지역을 함께 맡습니다."
    )


def load(home, report) -> CentreIndexPage:
    services = {}
    for order, (slug, name) in enumerate(CARE_SERVICES):
        services[slug], _ = CareService.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    index = ensure_page(home, CentreIndexPage, "centres", report, show_in_menus=True, **INDEX)
    for centre in CENTRES:
        ensure_page(
            index, CentrePage, centre.slug, report,
            title=centre.title, kind=centre.kind, district=centre.district,
            address=centre.address, opened_on=centre.opened_on,
            floor_area_m2=Decimal(centre.floor_area_m2), rooms=centre.rooms,
            capacity=centre.capacity,
            capacity_as_of=CAPACITY_AS_OF if centre.capacity else None,
            intro=_intro(centre), notice=_notice(centre),
            search_description=f"{centre.title}: {centre.address}",
            services=[services[slug] for slug in centre.services],
        )
    return index
