"""Compile every ``checker.po`` into ``checker.mo`` (needs Babel; run after editing a .po).

``python -m checker.locale.compile`` rewrites the .mo files; ``--check`` only
reports (exit 1) the catalogs whose .mo is missing or out of date.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

HERE = Path(__file__).parent


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    stale = []
    for po_path in sorted(HERE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        stale.append(mo_path)
        if "--check" not in argv:
            mo_path.write_bytes(data)
    for path in stale:
        print(f"{'stale' if '--check' in argv else 'compiled'}: {path.relative_to(HERE.parent.parent)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
