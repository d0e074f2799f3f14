"""axe-core (bundled by axe-playwright-python) run inside the page, plus the
checks axe cannot make on its own."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()

# Rules we knowingly do not satisfy, each with the reason. Keep this empty
# unless axe is wrong about the page, and say why here.
FALSE_POSITIVES: dict[str, str] = {}


def _describe(violation) -> str:
    nodes = "\n".join(
        f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}"
        for node in violation["nodes"][:5]
    )
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}"


def assert_accessible(page, state: str = "") -> None:
    """Zero axe-core violations, at any impact, with every rule axe runs by
    default (WCAG 2.0–2.2 A/AA and best practices); on a phone, nothing wider
    than the screen (no sideways scrolling, WCAG 1.4.10 reflow)."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    violations = [v for v in results.response["violations"] if v["id"] not in FALSE_POSITIVES]
    where = f"{page.url} {state}".strip()
    assert not violations, f"axe-core found problems on {where}:\n" + "\n".join(
        _describe(v) for v in violations
    )
    if getattr(page, "viewport_name", "") == "mobile":
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{where}: the page is {overflow}px wider than a 360px screen"
