"""The converter's warning subtype and the reporter that records each problem once."""

from __future__ import annotations

from .model import Problem

__all__ = ["SUBTYPE", "Reporter"]

#: Warning subtype of every problem the converter reports.
SUBTYPE = "jekyll"


class Reporter:
    """Records a problem once per key, at its line in the original file."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.seen: set[object] = set()
        self.problems: list[Problem] = []

    def __call__(self, key: object, message: str, line_index: int) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.problems.append(Problem(SUBTYPE, message, self.first_line + line_index))
