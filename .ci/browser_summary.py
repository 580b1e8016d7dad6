"""The last line of a CI run: how many browser tests ran, and if none, why.

    python3 .ci/browser_summary.py [--apt-log FILE] [--chromium TEXT] NAME=RESULTS.xml...

Each RESULTS.xml is the JUnit XML pytest wrote for one suite (the Makefile's
``test``, ``test-lowest`` and ``test-newest`` targets write them to build/).  The browser
tests are those of tests/test_browser.py.  When none ran in a suite, the
line gives pytest's skip reasons, what the Chromium setup said and the last
lines of its apt log, so a green run without browser coverage is seen.
Exits 1 when none ran and ``REQUIRE_BROWSER_TESTS=1`` is set, else 0.
Only the standard library: CI has nothing else before ``make test``.
"""

from __future__ import annotations

import argparse
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

#: the module of the browser tests, as JUnit's classname ends
BROWSER_MODULE = "test_browser"


def browser_counts(results: Path) -> tuple[int, int, list[str]] | None:
    """(ran, skipped, skip reasons) of the browser tests in one JUnit XML
    file; ``None`` if the file is missing or unreadable (the suite never
    finished)."""
    try:
        root = ET.parse(results).getroot()
    except (OSError, ET.ParseError):
        return None
    ran = skipped = 0
    reasons: list[str] = []
    for case in root.iter("testcase"):
        if case.get("classname", "").rpartition(".")[2] != BROWSER_MODULE:
            continue
        skip = case.find("skipped")
        if skip is None:
            ran += 1
            continue
        skipped += 1
        reason = (skip.get("message") or "").strip()
        if reason and reason not in reasons:
            reasons.append(reason)
    return ran, skipped, reasons


def last_lines(path: Path | None, count: int = 3) -> list[str]:
    if path is None or not path.is_file():
        return []
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [line for line in lines if line][-count:]


def summary(suites: list[tuple[str, Path]], chromium: str, apt_log: Path | None) -> tuple[str, bool]:
    """(the line, whether any browser test ran)."""
    parts, reasons, ran_any = [], [], False
    for name, results in suites:
        counts = browser_counts(results)
        if counts is None:
            parts.append(f"{name}: no results ({results} missing)")
            continue
        ran, skipped, why = counts
        ran_any = ran_any or ran > 0
        parts.append(f"{name}: {ran} ran" + (f", {skipped} skipped" if skipped else ""))
        reasons += [r for r in why if r not in reasons]
    if ran_any:
        return "browser tests: " + "; ".join(parts), True
    why = []
    if reasons:
        why.append("skipped because " + " / ".join(reasons))
    if chromium:
        why.append(f"Chromium setup: {chromium}")
    tail = last_lines(apt_log)
    if tail:
        why.append(f"end of {apt_log}: " + " | ".join(tail))
    return "BROWSER TESTS DID NOT RUN: " + "; ".join(parts + why), False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apt-log", type=Path)
    parser.add_argument("--chromium", default="")
    parser.add_argument("suites", nargs="+", metavar="NAME=RESULTS.xml")
    args = parser.parse_args(argv)
    suites = []
    for item in args.suites:
        name, _, path = item.partition("=")
        suites.append((name, Path(path)))
    line, ran = summary(suites, args.chromium, args.apt_log)
    print(line)
    return 1 if not ran and os.environ.get("REQUIRE_BROWSER_TESTS") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
