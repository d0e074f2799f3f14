"""The only content that is computed rather than written down.

- Dates relative to the day of loading (`{ days_after_loading = 21 }`): the
  sample trainings' sessions, which the documents give no dates for, are
  placed a few weeks after the site is built, counted in Seoul's calendar.
- A centre's intro, notice and search description (`hook = "centre"`): the
  sentences are templates in centres.toml's [centre_text]; what fills them
  comes from the centre's own fields, its services' names and the care
  region its district belongs to (agency_site.districts, which routing and
  the district finder also use), so the regions are written down once.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from agency_site.districts import region_for

from .files import SeedError

SEOUL = ZoneInfo("Asia/Seoul")


def date(value: dict, name: str) -> datetime.date:
    if set(value) != {"days_after_loading"}:
        raise SeedError(f"{name}.toml: a computed date is {{ days_after_loading = N }}, not {value!r}")
    return timezone.localdate(timezone=SEOUL) + datetime.timedelta(days=value["days_after_loading"])


def run(hook: str, fields: dict, data: dict) -> dict:
    try:
        compute = HOOKS[hook]
    except KeyError:
        raise SeedError(f"no seed hook {hook!r}; the hooks are {', '.join(HOOKS)}") from None
    return {**fields, **compute(fields, data)}


def centre(fields: dict, data: dict) -> dict:
    text = data["centre_text"]
    opened = fields["opened_on"]
    values = {
        **fields,
        "opened": f"{opened.year}년 {opened.month}월 {opened.day}일",
        "services": ", ".join(service.name for service in fields["services"]),
    }
    kind = fields["kind"]
    if kind == "home_care":
        region = region_for(fields["district"])
        if region is None:
            raise SeedError(f"centres.toml: {fields['district']} is in no care region "
                            "(agency_site.districts)")
        role = "base_centre" if fields["district"] == region.base_district else "merged_centre"
        values.update(
            region=region.name,
            base=region.base_district.removesuffix("구"),
            districts=", ".join(district.removesuffix("구") for district in region.districts),
        )
        notice = f"{text['integration_plan']} {text[role].format(**values)}"
    else:
        notice = text[f"{kind}_notice"]
    return {
        "intro": text[f"{kind}_intro"].format(**values),
        "notice": notice,
        "search_description": text["search_description"].format(**values),
    }


HOOKS = {"centre": centre}
