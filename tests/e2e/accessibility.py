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


def assert_accessible(page, state: str = "", *, reflow: bool = True) -> None:
    """Zero axe-core violations, at any impact, with every rule axe runs by
    default (WCAG 2.0–2.2 A/AA and best practices); on a phone, nothing wider
    than the screen (no sideways scrolling, WCAG 1.4.10 reflow)."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    violations = [v for v in results.response["violations"] if v["id"] not in FALSE_POSITIVES]
    where = f"{page.url} {state}".strip()
    assert not violations, f"axe-core found problems on {where}:\n" + "\n".join(
        _describe(v) for v in violations
    )
    # reflow=False only for Wagtail's own admin screens, whose listings and
    # header scroll sideways inside their boxes on a phone (staff work them on
    # a desktop); axe's checks above still apply to them at every width.
    if reflow and getattr(page, "viewport_name", "") == "mobile":
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{where}: the page is {overflow}px wider than a 360px screen"
        hidden = page.evaluate(WIDER_THAN_ITS_BOX)
        assert not hidden, (
            f"{where}: content that a phone shows only by scrolling sideways inside a box "
            f"(or not at all):\n" + "\n".join(hidden)
        )


# Looks inside the page, not only at its width: a table that scrolls inside
# its own box, or a box that clips what it holds, still hides "신청하기" on a
# phone. Visually hidden text (1px, clipped) is meant to be off screen.
WIDER_THAN_ITS_BOX = """() => {
  const found = [];
  const screen = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    if (el.closest("[hidden], .sr-only, [aria-hidden=true]")) continue;
    const classes = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const describe = () => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes +
      ": " + (el.innerText || "").trim().slice(0, 40);
    const clips = ["auto", "scroll", "hidden", "clip"].includes(style.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1 && el.tagName !== "TEXTAREA") {
      found.push(describe() + ` (${el.scrollWidth}px of content in ${el.clientWidth}px)`);
    } else if (box.right > screen + 1 && style.position !== "fixed") {
      found.push(describe() + ` (reaches ${Math.round(box.right)}px of ${screen}px)`);
    }
    if (found.length >= 5) break;
  }
  return found;
}"""
