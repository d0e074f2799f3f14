"""`make lighthouse`: Lighthouse (mobile preset) on the site as it runs in
production, for three pages a visitor reaches first; prints the four
category scores per page and writes the JSON and HTML reports to
tools/lighthouse/reports/.

The site is started like `make bench` does (tests/bench/production_site.py):
production settings, collected static files, its own database from the
seeds, gunicorn. `--url http://127.0.0.1:8000` audits a running site instead.

Needs Node ≥ 18 with Lighthouse installed here (`npm ci`, done by the
Makefile) and Chromium or Chrome: CHROME_PATH, else /usr/bin/chromium when
it exists, else whatever Lighthouse finds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REPORTS = HERE / "reports"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"

PAGES = [
    ("home", "/"),
    ("centre", "/centres/mapo/"),
    ("emergency-care form", "/services/emergency-care-application/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Headless, and nothing in the background that would talk to the network
# or disturb the measurement (--no-sandbox: Chromium runs as root in containers).
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def chrome_path() -> str | None:
    if os.environ.get("CHROME_PATH"):
        return os.environ["CHROME_PATH"]
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if Path(candidate).exists():
            return candidate
    return None


def audit(url: str, name: str) -> dict:
    """Lighthouse on one page; returns the JSON report."""
    slug = name.replace(" ", "-")
    env = dict(os.environ)
    if chrome := chrome_path():
        env["CHROME_PATH"] = chrome
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", "--output=html", f"--output-path={REPORTS / slug}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603 (our own command)
    if result.returncode != 0:
        sys.exit(f"Lighthouse 가 {url} 을(를) 검사하지 못했습니다:\n{result.stderr[-3000:]}")
    return json.loads((REPORTS / f"{slug}.report.json").read_text())


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost points in `category`, for the summary."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
            value = result.get("displayValue", "")
            lines.append(f"{ref['id']} ({result['score']:.2f}{', ' + value if value else ''})")
    return lines


def run(base_url: str) -> dict[str, dict]:
    REPORTS.mkdir(exist_ok=True)
    reports = {}
    for name, path in PAGES:
        print(f"  … Lighthouse: {name} ({path})", flush=True)
        reports[name] = audit(base_url + path, name)
    return reports


def print_scores(reports: dict[str, dict]) -> bool:
    print(f"\nLighthouse {next(iter(reports.values()))['lighthouseVersion']}, mobile preset "
          f"(simulated slow 4G and a 4× slower CPU):")
    print(f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
    all_perfect = True
    for name, report in reports.items():
        scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
        all_perfect &= all(score == 100 for score in scores)
        print(f"{name:<22}" + "".join(f"{score:>16}" for score in scores))
    for name, report in reports.items():
        for category in CATEGORIES:
            if lost := failing_audits(report, category):
                print(f"  {name}, {category}: " + "; ".join(lost))
    print(f"Reports: {REPORTS.relative_to(ROOT)}/*.report.html")
    return all_perfect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="audit a running site at this address instead of starting one")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse 가 설치되어 있지 않습니다: tools/lighthouse 에서 `npm ci` 를 실행해 주세요.")
    if not shutil.which("node"):
        sys.exit("Node.js 18 이상이 필요합니다.")

    if args.url:
        reports = run(args.url.rstrip("/"))
    else:
        sys.path.insert(0, str(ROOT))
        from tests.bench.production_site import production_site

        with production_site("lighthouse") as site:
            reports = run(site.url)
    print_scores(reports)


if __name__ == "__main__":
    main()
