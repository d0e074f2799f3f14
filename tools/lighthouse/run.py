"""`make lighthouse`: Lighthouse (mobile preset) on the site as it runs in
production, for three pages a visitor reaches first; prints the four
category scores per page (the median of LIGHTHOUSE_RUNS runs, default 3)
and writes the JSON and HTML reports to tools/lighthouse/reports/.

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
import tempfile
import urllib.request
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
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
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


def audit(url: str, output: Path) -> dict:
    """Lighthouse on one page, reports written to `output`.report.{json,html};
    returns the JSON report."""
    env = dict(os.environ)
    if chrome := chrome_path():
        env["CHROME_PATH"] = chrome
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", "--output=html", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603 (our own command)
    if result.returncode != 0:
        sys.exit(f"Lighthouse 가 {url} 을(를) 검사하지 못했습니다:\n{result.stderr[-3000:]}")
    return json.loads(output.with_name(output.name + ".report.json").read_text())


def median_audit(url: str, name: str) -> tuple[dict, list[int]]:
    """RUNS audits of one page; the median one (by performance) is kept in
    REPORTS. The performance score moves with whatever else the machine is
    doing (Lighthouse times the page's real work, then scales it), so one
    run can be unlucky; the median is what Lighthouse CI reports too."""
    slug = name.replace(" ", "-")
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(RUNS):
            output = Path(folder) / f"{slug}-{number}"
            runs.append((audit(url, output), output))
        runs.sort(key=lambda run: run[0]["categories"]["performance"]["score"])
        report, output = runs[len(runs) // 2]
        for kind in ("json", "html"):
            shutil.copy(output.with_name(f"{output.name}.report.{kind}"), REPORTS / f"{slug}.report.{kind}")
    return report, [round(run["categories"]["performance"]["score"] * 100) for run, _ in runs]


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost points in `category`, for the summary."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
            value = result.get("displayValue", "")
            lines.append(f"{ref['id']} ({result['score']:.2f}{', ' + value if value else ''})")
    return lines


def warm_up(url: str, visits: int = 20) -> None:
    """Visit the page a few times first, on new connections so that every
    gunicorn worker sees it: Lighthouse should measure the site as visitors
    find it, not a worker's very first request (templates not yet compiled,
    the page not yet in that worker's cache)."""
    for _ in range(visits):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own server)
            response.read()


def run(base_url: str) -> dict[str, dict]:
    REPORTS.mkdir(exist_ok=True)
    for _name, path in PAGES:
        warm_up(base_url + path)
    reports = {}
    for name, path in PAGES:
        print(f"  … Lighthouse: {name} ({path}), {RUNS}×", flush=True)
        reports[name] = median_audit(base_url + path, name)
    return reports


def print_scores(reports: dict[str, tuple[dict, list[int]]]) -> bool:
    version = next(iter(reports.values()))[0]["lighthouseVersion"]
    print(f"\nLighthouse {version}, mobile preset (simulated slow 4G and a 4× slower CPU), "
          f"the median of {RUNS} runs per page (load average {os.getloadavg()[0]:.1f}):")
    print(f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES) + "   performance of each run")
    all_perfect = True
    for name, (report, performance) in reports.items():
        scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
        all_perfect &= all(score == 100 for score in scores)
        print(f"{name:<22}" + "".join(f"{score:>16}" for score in scores)
              + "   " + ", ".join(map(str, performance)))
    for name, (report, _) in reports.items():
        for category in CATEGORIES:
            if lost := failing_audits(report, category):
                print(f"  {name}, {category}: " + "; ".join(lost))
    print("Target: 100 in all four, on every page: " + ("met" if all_perfect else "NOT met"))
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
