"""Liquid's ``include`` tags: the named file, converted, in the tag's place.

Jekyll puts an included file's text where its tag is, before the Markdown
is read, so the file is converted here like a post body: its Liquid sees
the post's ``page.*`` and ``site.*``, what the post assigned so far, and
``include.*`` (the tag's parameters); its links are the post's links.
Nested includes are followed :data:`MAX_DEPTH` deep; a file that includes
itself is not expanded again.

The post keeps its line count, so the result goes on the tag's line:

- one line, or HTML only (an HTML block, as Jekyll's ``.html`` includes
  mostly are): on that line, its lines joined by spaces;
- several blocks of Markdown, when the tag stands on a line of its own
  before a blank line (or the end): a ``blogposts-jekyll-include``
  directive on the tag's line, closed on the blank one, which carries the
  converted text and has the build parse it in place (:mod:`...read.includes`);
- otherwise joined onto the line too, with a problem.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..core.markup import LineKind
from .model import Converted
from .problems import Reporter

__all__ = ["DIRECTIVE", "INCLUDE_TAGS", "MAX_DEPTH", "Expansion", "IncludeBlock", "decode", "place_includes"]

#: the tags that include a file
INCLUDE_TAGS = frozenset({"include", "include_cached", "include_relative"})
#: how deep includes may nest
MAX_DEPTH = 10
#: the directive that carries several blocks of an included file
DIRECTIVE = "blogposts-jekyll-include"
_OTHER = "other"


@dataclass(frozen=True, slots=True)
class Expansion:
    """An included file, converted: the result and its lines with their kinds."""

    converted: Converted
    lines: list[str]
    kinds: list[str]

    def one_line(self) -> tuple[str, bool]:
        """The text for the tag's line, and whether it is several blocks of
        Markdown (which only the directive keeps apart)."""
        kept = [(line.strip(), kind) for line, kind in zip(self.lines, self.kinds) if line.strip()]
        if len(kept) <= 1:
            return (kept[0][0] if kept else ""), False
        joined = " ".join(line for line, _kind in kept)
        if all(kind == LineKind.HTML for _line, kind in kept):
            return joined, False  # HTML: its line breaks are spaces
        return joined, _several_blocks(self.lines, self.kinds)

    def block_text(self) -> str:
        """The converted text, line for line as in the included file."""
        return "\n".join(line.rstrip("\r") for line in self.lines)


_BLOCK_START_RE = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|[-+*][ \t]|\d{1,9}[.)][ \t]|>|\||:::|```|~~~|\{|\()")


def _several_blocks(lines: list[str], kinds: list[str]) -> bool:
    """Whether *lines* is more than one paragraph (which joining would merge)."""
    groups = 0
    inside = False
    for line, kind in zip(lines, kinds):
        blank = not line.strip()
        if kind == LineKind.CODE or (not blank and _BLOCK_START_RE.match(line)):
            return True
        if not blank and not inside:
            groups += 1
        inside = not blank
    return groups > 1


@dataclass(slots=True)
class IncludeBlock:
    """Several blocks of Markdown written, joined, on a tag's line, to be
    made a directive once all lines are written."""

    #: the output line of the tag
    line_index: int
    #: what was written on it
    joined: str
    #: the included file, from the source folder
    path: str
    #: the converted text, several lines
    text: str


def directive(indent: str, path: str, text: str) -> str:
    """The directive's opening line, carrying *text* (encoded: one line)."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"{indent}~~~{{{DIRECTIVE}}} {quote(path)} {payload}"


def decode(arguments: list[str]) -> tuple[str, str]:
    """``(path, text)`` from the directive's arguments; :class:`ValueError`
    when they were not written by :func:`directive`."""
    if len(arguments) != 2:
        raise ValueError("expected a path and the encoded text")
    try:
        text = base64.b64decode(arguments[1], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"the encoded text is damaged ({exc})") from None
    return unquote(arguments[0]), text


def place_includes(blocks: list[IncludeBlock], lines: list[str], kinds: list[str], report: Reporter) -> set[int]:
    """Make each block a directive where its tag stood alone before a blank
    line; return the lines written (they hold no text to convert further)."""
    written: set[int] = set()
    for block in blocks:
        i = block.line_index
        line = lines[i]
        indent = line[: len(line) - len(line.lstrip())]
        alone = line.strip() == block.joined.strip() and not indent.strip()
        free_below = i + 1 >= len(lines) or not lines[i + 1].strip()
        if alone and free_below and i not in written:
            lines[i] = directive(indent, block.path, block.text)
            kinds[i] = _OTHER
            written.add(i)
            if i + 1 < len(lines):
                lines[i + 1] = indent + "~~~"
                kinds[i + 1] = _OTHER
                written.add(i + 1)
            continue
        report(
            ("include-joined", block.path, i),
            f"{block.path} holds several blocks of Markdown, joined into one line here: put its "
            "include tag on a line of its own, before a blank line, to keep them apart",
            i,
        )
    return written
