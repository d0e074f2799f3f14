"""Moving through a page with the keyboard alone, checking at every stop
that the focused element can be seen (WCAG 2.4.7)."""

# What the focused element says: its label, or its own text.
_FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""

# Whether focus is drawn: an outline or shadow on the element, or — for KRDS
# radios and checkboxes, which are drawn on their label — on its label's box.
_FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const drawn = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none";
  if (drawn(getComputedStyle(el))) return true;
  if (["radio", "checkbox"].includes(el.type) && el.labels.length) {
    const label = el.labels[0];
    return drawn(getComputedStyle(label, "::after")) || drawn(getComputedStyle(label, "::before"));
  }
  return false;
}"""


def focused_text(page) -> str:
    return page.evaluate(_FOCUSED)


def tab_to(page, text: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element's label or text starts with `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_text(page)
        assert page.evaluate(_FOCUS_VISIBLE), f"focus is not visible on {current!r}"
        if current.startswith(text):
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def choose_option(page, option_text: str) -> None:
    """In a focused <select>, move with the arrow keys to `option_text`."""
    options = page.evaluate("() => [...document.activeElement.options].map(o => o.text.trim())")
    current = page.evaluate("() => document.activeElement.selectedIndex")
    target = options.index(option_text)
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
