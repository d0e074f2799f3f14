"""Compile the project's translation catalogues, locale/*/LC_MESSAGES/*.po →
.mo, in pure Python (polib), so no GNU gettext is needed.

    .venv/bin/python tools/compile_messages.py          # after editing a .po
    .venv/bin/python tools/compile_messages.py --check  # exit 1 if a .mo is stale

The compiled .mo files are committed next to their .po: a fresh clone, the
production image and CI then have them without a build step (Django reads
only .mo files; `manage.py compilemessages` would need GNU msgfmt).
tests/site/test_admin_korean.py compiles every .po again and compares the
result with the committed .mo, so the two cannot drift apart.
"""

from __future__ import annotations

import gettext
import sys
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_po(po_path: Path, mo_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    # Fuzzy entries are guesses awaiting review: msgfmt leaves them out too.
    for entry in catalogue.fuzzy_entries():
        catalogue.remove(entry)
    catalogue.save_as_mofile(str(mo_path))


def read_mo(mo_path: Path) -> dict:
    """The catalogue as Django's gettext sees it (msgid, or (msgid, n) → text)."""
    with mo_path.open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)


def stale() -> list[Path]:
    """The .po files whose committed .mo is missing or says something else."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for po in catalogues():
            mo = po.with_suffix(".mo")
            fresh = Path(tmp) / f"{po.parent.parent.name}-{po.stem}.mo"
            compile_po(po, fresh)
            if not mo.exists() or read_mo(mo) != read_mo(fresh):
                out.append(po)
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        out_of_date = stale()
        for po in out_of_date:
            print(f"{po.relative_to(LOCALE_DIR.parent)}: .mo is missing or out of date; "
                  f"run tools/compile_messages.py")
        return 1 if out_of_date else 0
    for po in catalogues():
        compile_po(po, po.with_suffix(".mo"))
        print(f"compiled {po.with_suffix('.mo').relative_to(LOCALE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
