"""Compile the message catalogs: locale/*/LC_MESSAGES/*.po -> .mo.

Run after editing a .po file; the compiled .mo files are committed so the
package needs no build step.  ``--check`` fails if a .mo is out of date.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "sphinx_blogposts" / "locale"


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _messages(mo_data: bytes) -> dict:
    """The translations in compiled catalog data (byte layout varies with Babel)."""
    return {m.id: m.string for m in read_mo(io.BytesIO(mo_data)) if m.id}


def main(check: bool = False) -> int:
    stale = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if mo_path.exists() and _messages(mo_path.read_bytes()) == _messages(data):
            continue
        if check:
            stale.append(str(mo_path))
        else:
            mo_path.write_bytes(data)
            print(f"wrote {mo_path}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(check="--check" in sys.argv))
