"""The converter's warning subtype and the reporter that records each problem once."""

from __future__ import annotations

from .model import Problem

__all__ = ["LINK_SUBTYPE", "SUBTYPE", "Reporter"]

#: Warning subtype of the converter's problems, but for links.
SUBTYPE = "jekyll"
#: Warning subtype of links that lead nowhere on the new site.
LINK_SUBTYPE = "link"


class Reporter:
    """Records a problem once per key, at its line in the original file."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.seen: set[object] = set()
        self.problems: list[Problem] = []

    def __call__(self, key: object, message: str, line_index: int, subtype: str = SUBTYPE) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.problems.append(Problem(subtype, message, self.first_line + line_index))
