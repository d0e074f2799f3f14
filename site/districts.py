"""Seoul's 25 districts (자치구) and the agency's four care regions (권역).

From the agency's 2023 plan (seed 000): the 12 home-care centres are being
merged into four regional centres, each serving three districts. The other
13 districts have no centre of their own and are served by the agency's
headquarters (본부).
"""

from dataclasses import dataclass

DISTRICTS = [
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
    "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
    "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
]
DISTRICT_CHOICES = [(name, name) for name in DISTRICTS]


@dataclass(frozen=True)
class Region:
    slug: str
    name: str  # e.g. 서북권
    base_district: str  # the district whose centre becomes the regional centre
    districts: tuple[str, ...]


REGIONS = [
    Region("northwest", "서북권", "서대문구", ("서대문구", "은평구", "마포구")),
    Region("southwest", "서남권", "양천구", ("양천구", "강서구", "영등포구")),
    Region("northeast", "동북권", "도봉구", ("도봉구", "노원구", "중랑구")),
    Region("southeast", "동남권", "송파구", ("송파구", "강동구", "성동구")),
]
REGION_CHOICES = [(region.slug, region.name) for region in REGIONS]


def region_for(district: str) -> Region | None:
    """The care region a district belongs to, or None (served by the HQ team)."""
    for region in REGIONS:
        if district in region.districts:
            return region
    return None
