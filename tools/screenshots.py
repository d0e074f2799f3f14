"""`make screenshots`: pictures of the public site for reviewers, at a 360 px
phone and a 1280 px desktop, written to docs/screenshots/.

The site runs as in production (tests/bench/production_site.py: production
settings, collected static files, its own database from the seeds,
gunicorn) and Debian's Chromium draws it (CHROME_PATH overrides). The form
pages are reached the way a person reaches them: the emergency-care form
sent empty (every error), then answered in full (the confirmation).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": 360, "desktop": 1280}
FORM = "/services/emergency-care-application/"


def shoot(browser, base_url: str, width: int, suffix: str) -> list[Path]:
    from tests.e2e.answers import apply_for_emergency_care

    context = browser.new_context(base_url=base_url, locale="ko-KR", timezone_id="Asia/Seoul",
                                  viewport={"width": width, "height": 900},
                                  device_scale_factor=1)
    page = context.new_page()
    written = []

    def save(name):
        path = OUT / f"{name}-{suffix}.png"
        page.screenshot(path=path, full_page=True)
        written.append(path)

    page.goto("/")
    save("home")
    page.goto("/services/emergency-care/")
    save("service-page")
    page.goto(FORM)
    page.get_by_role("button", name="계속").click()
    page.get_by_role("alert").first.wait_for()
    save("form-with-errors")
    apply_for_emergency_care(page)
    save("confirmation")
    context.close()
    return written


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency_site.settings.test")
    from playwright.sync_api import sync_playwright

    from tests.bench.production_site import production_site

    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium 이 필요합니다 ({CHROMIUM} 없음): sudo apt-get install -y chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with production_site("screenshots") as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for suffix, width in WIDTHS.items():
            for path in shoot(browser, site.url, width, suffix):
                print(f"  {path.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
