"""Liquid tokenizer: finds ``{% tag %}`` and ``{{ output }}`` markup in a text.

The scanner works on offsets into one text and never restarts a search it
has already failed, so scanning is linear in the text size however many
unterminated ``{%`` or unbalanced quotes the text holds.

Differences from Liquid itself, chosen for Markdown posts:

- a quote inside the markup hides ``%}`` and ``}}`` (``{% x a="%}" %}`` is one
  tag); an unbalanced quote falls back to the first terminator, as Liquid does;
- markup never spans a blank line or a line opening a code fence, so a stray
  ``{%`` in prose cannot swallow the rest of the post.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BRANCHES", "Markup", "NextMatch", "Scanner", "split_args", "split_params"]


@dataclass(frozen=True, slots=True)
class Markup:
    """One ``{% ... %}`` (``kind == "tag"``) or ``{{ ... }}`` (``"output"``)."""

    kind: str
    start: int
    end: int
    #: tag name, ``""`` for outputs and for tags without a valid name
    name: str
    #: what follows the name (tags) or the expression (outputs), stripped
    markup: str
    #: ``{%-`` / ``{{-``: strip the whitespace before
    lstrip: bool
    #: ``-%}`` / ``-}}``: strip the whitespace after
    rstrip: bool


START_RE = re.compile(r"\{[{%]")
_EVENT_RES = {"%}": re.compile(r"%\}|['\"]"), "}}": re.compile(r"\}\}|['\"]")}
# A blank line, or a line opening a code fence, ends the search for a terminator.
_BOUNDARY_RE = re.compile(r"\n[ \t\r]*(?:\n|\Z)|\n {0,3}(?:```|~~~)")
_NAME_RE = re.compile(r"\s*(#|[A-Za-z_][\w-]*)")

#: branch tags, each with the block tags it may divide
BRANCHES = {"elsif": {"if", "unless"}, "else": {"if", "unless", "case", "for"}, "when": {"case"}}


class NextMatch:
    """``first match of a pattern at or after pos`` with a monotone cache.

    A cached answer ``(origin, found)`` says there is no match in
    ``[origin, found)``; any later query inside that range is answered
    without searching again.
    """

    __slots__ = ("_found", "_group", "_origin", "_pattern", "_text")

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._origin = 1
        self._found = 0  # empty range: nothing cached yet
        self._group = ""

    def find(self, pos: int) -> tuple[int, str]:
        """Offset and text of the next match (``len(text)`` and ``""`` if none)."""
        if not (self._origin <= pos <= self._found):
            m = self._pattern.search(self._text, pos)
            self._origin = pos
            if m is None:
                self._found, self._group = len(self._text), ""
            else:
                self._found, self._group = m.start(), m.group()
        return self._found, self._group


class Scanner:
    """Scans Liquid markup in one text; see the module docstring."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._boundary = NextMatch(text, _BOUNDARY_RE)
        self._events = {c: NextMatch(text, r) for c, r in _EVENT_RES.items()}
        self._closers = {c: NextMatch(text, re.compile(re.escape(c))) for c in _EVENT_RES}
        # (closer, offset of an opening quote) -> end of the markup or -1
        self._memo: dict[tuple[str, int], int] = {}

    def limit(self, pos: int) -> int:
        """Where markup starting at *pos* must end at the latest."""
        return self._boundary.find(pos)[0]

    def scan(self, pos: int) -> Markup | None:
        """The markup starting at *pos* (a ``{%`` or ``{{``), or ``None``
        when it is not terminated."""
        text = self.text
        closer = "%}" if text.startswith("{%", pos) else "}}"
        limit = self.limit(pos)
        first, found = self._closers[closer].find(pos + 2)
        if not found or first >= limit:
            return None
        if text.find('"', pos + 2, first) < 0 and text.find("'", pos + 2, first) < 0:
            end = first + 2  # no quote before the first terminator: the common case
        else:
            end = self._find_end(pos + 2, closer, limit)
            if end < 0:
                return None
        inner = text[pos + 2 : end - 2]
        lstrip = inner.startswith("-")
        if lstrip:
            inner = inner[1:]
        rstrip = inner.endswith("-")
        if rstrip:
            inner = inner[:-1]
        if closer == "}}":
            return Markup("output", pos, end, "", inner.strip(), lstrip, rstrip)
        m = _NAME_RE.match(inner)
        if m is None:
            return Markup("tag", pos, end, "", inner.strip(), lstrip, rstrip)
        return Markup("tag", pos, end, m.group(1), inner[m.end() :].strip(), lstrip, rstrip)

    def _find_end(self, pos: int, closer: str, limit: int) -> int:
        memo = self._memo
        text = self.text
        search = _EVENT_RES[closer].search
        visited: list[int] = []
        result = -1
        # the first search goes through the cache: many starts may share it
        at, found = self._events[closer].find(pos)
        while True:
            if at >= limit or not found:
                break
            if found == closer:
                result = at + 2
                break
            key = (closer, at)
            if key in memo:
                result = memo[key]
                break
            visited.append(at)
            partner = text.find(found, at + 1, limit)
            if partner < 0:
                break
            m = search(text, partner + 1, limit)
            at, found = (m.start(), m.group()) if m else (limit, "")
        for at in visited:
            memo[(closer, at)] = result
        if result >= 0:
            return result
        # An unbalanced quote: Liquid itself ends at the first terminator.
        at, found = self._closers[closer].find(pos)
        return at + 2 if found and at < limit else -1


_WORD_RE = re.compile(r"""(?:[^\s"']|"[^"]*"|'[^']*'|["'])+""")
_QUOTED_RE = re.compile(r""""([^"]*)"|'([^']*)'""")
_PARAM_RE = re.compile(r"([A-Za-z_][\w-]*)=(.*)", re.DOTALL)


def _unquote(word: str) -> str:
    return _QUOTED_RE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), word)


def split_args(markup: str) -> tuple[str, ...]:
    """Split tag markup into words; quotes group and are removed."""
    return tuple(_unquote(m.group()) for m in _WORD_RE.finditer(markup))


def split_params(args: tuple[str, ...]) -> Mapping[str, str]:
    """The ``key=value`` words of *args*."""
    params: dict[str, str] = {}
    for word in args:
        m = _PARAM_RE.fullmatch(word)
        if m:
            params[m.group(1)] = m.group(2)
    return params


# ``key="value"``, ``key='value'`` (backslash escapes) or ``key=variable``
_INCLUDE_PARAM_RE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'=]+))""", re.DOTALL
)
_BACKSLASH_RE = re.compile(r"\\(.)", re.DOTALL)


def split_include(markup: str) -> tuple[str, list[tuple[str, str, bool]], str]:
    """An ``include`` tag's markup: the file name, then each parameter as
    ``(key, value, is_expression)`` (a quoted value is text, an unquoted one
    an expression), and whatever could not be read as a parameter."""
    markup = markup.strip()
    name, _sep, rest = markup.partition(" ")
    if name[:1] in ("'", '"') and len(name) > 1 and name.endswith(name[0]):
        name = name[1:-1]
    params: list[tuple[str, str, bool]] = []
    left: list[str] = []
    pos = 0
    for m in _INCLUDE_PARAM_RE.finditer(rest):
        left.append(rest[pos : m.start()])
        pos = m.end()
        quoted = m.group(2) if m.group(2) is not None else m.group(3)
        if quoted is not None:
            params.append((m.group(1), _BACKSLASH_RE.sub(r"\1", quoted), False))
        else:
            params.append((m.group(1), m.group(4), True))
    left.append(rest[pos:])
    return name, params, "".join(left).strip()
