"""The vendored KRDS build (static/src/build-krds.sh) matches the templates:
every KRDS class a template uses is in the CSS, every image the CSS or a
template points at is vendored, and nothing of GOV.UK Frontend is left."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KRDS = ROOT / "static" / "vendor" / "krds"
CSS = (KRDS / "krds.min.css").read_text()
TEMPLATE_DIRS = ["home", "services", "daycares", "search", "site"]


def templates():
    for folder in TEMPLATE_DIRS:
        yield from (ROOT / folder).glob("**/templates/**/*.html")


def classes_in(text):
    for attribute in re.findall(r'class="([^"]*)"', text):
        attribute = re.sub(r"{[{%].*?[}%]}", " ", attribute)
        yield from attribute.split()


def test_every_krds_class_a_template_uses_is_in_the_vendored_css():
    missing = set()
    for path in templates():
        for name in classes_in(path.read_text()):
            if name.startswith("krds-") and f".{name}" not in CSS:
                missing.add(f"{name} ({path.relative_to(ROOT)})")
    assert not missing, (
        "run bash static/src/build-krds.sh — not in krds.min.css: " + ", ".join(sorted(missing))
    )


def test_every_image_the_css_points_at_is_vendored():
    urls = set(re.findall(r"url\(\"?'?(\./img/[^\"')]+)", CSS))
    assert urls, "the KRDS CSS draws its icons from ./img/"
    assert not [url for url in urls if not (KRDS / url).is_file()]


def test_every_krds_image_a_template_names_is_vendored():
    icons = (ROOT / "static" / "src" / "krds-icons.txt").read_text().split()
    named = [line for line in icons if line.endswith(".svg")]
    for path in templates():
        named += [Path(name).name for name in re.findall(r"vendor/krds/img/[\w./-]+\.svg", path.read_text())]
    assert named
    missing = [name for name in named if not (KRDS / "img" / "component" / "icon" / name).is_file()]
    assert not missing, missing


def test_no_gov_uk_frontend_is_left():
    leftovers = [str(path.relative_to(ROOT)) for path in templates() if "govuk-" in path.read_text()]
    assert not leftovers, leftovers
    assert not (ROOT / "static" / "vendor" / "govuk-frontend").exists()


def test_the_css_downloads_no_font():
    # The system's Korean fonts draw the text; no web font is fetched.
    assert "@font-face" not in CSS and ".woff" not in CSS
