"""A tokenizer for HTML fragments: pure functions, no Sphinx.

The fragments are what Sphinx's HTML writer produced, plus any raw HTML a
post embeds.  The tokenizer follows the HTML standard's rules for where
tags, attributes, comments and raw text (``<script>``, ``<style>``...) begin
and end, so that the modules using it (:mod:`.urls`, :mod:`.clean`) change
only real attribute values and keep everything else byte for byte.  No
function raises, whatever the input string.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator
from html.entities import html5 as _ENTITIES
from typing import NamedTuple

# -- tokenizer -------------------------------------------------------------

TEXT, START, END, COMMENT, RAW = range(5)

# A whole start or end tag.  Quantifiers are possessive so that a tag that is
# never closed costs one linear scan, never backtracking.  An unclosed quoted
# value runs to the end of the input, as in the HTML standard; group 5 is
# empty when the tag is cut off by the end of the input.
_TAG = (
    r"<(/?)([a-zA-Z][^\t\n\f\r />]*+)"
    r"((?:[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+))?+)*+)"
    r"([\t\n\f\r /]*+)(>?)"
)
# The next markup: a tag (the groups of _TAG), or the start of a comment,
# a "<!", "<?" or "</" that is not an end tag ("</" at the very end counts:
# an end tag cut off).  One search finds and reads the next tag.
_NEXT_RE = re.compile(_TAG + r"|<(?:[!?]|/.?)", re.S)
# One attribute inside the attribute part matched by _TAG.
_ATTR_RE = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r />=]*+)"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+))?+"
)
_COMMENT_RE = re.compile(r"<!--(?:-?>|.*?--!?>)", re.S)
_BOGUS_RE = re.compile(r"<[!?/][^>]*>")

# Elements whose content is text up to their end tag.  <noscript> is not one:
# feed readers run no scripts and parse its content as markup.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_RAW_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.I | re.A) for name in RAW_TEXT
}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
SPACE = "\t\n\f\r "


class Token(NamedTuple):
    kind: int
    start: int
    end: int
    name: str = ""  # lower-cased tag name (tags, and raw text: its element)
    complete: bool = True  # False: cut off by the end of the input
    attr_start: int = 0
    attr_end: int = 0
    self_closing: bool = False


def scan(html: str, text: bool = True) -> Iterator[Token]:
    """The tokens of *html*; without *text*, not the text between markup
    (what is between two tokens is text)."""
    pos = 0
    n = len(html)
    search = _NEXT_RE.search
    while pos < n:
        m = search(html, pos)
        if m is None:
            if text:
                yield Token(TEXT, pos, n)
            return
        lt = m.start()
        if lt > pos and text:
            yield Token(TEXT, pos, lt)
        slash, raw_name, spaces, gt = m.group(1, 2, 4, 5)
        if raw_name is not None:
            name = raw_name.translate(_ASCII_LOWER)
            is_end = bool(slash)
            complete = bool(gt)
            pos = m.end()
            attr_start, attr_end = m.span(3)
            yield Token(
                END if is_end else START, lt, pos, name, complete, attr_start, attr_end, spaces.endswith("/"),
            )
            if complete and not is_end and name in RAW_TEXT:
                end = _RAW_END[name].search(html, pos)
                stop = end.start() if end else n
                if stop > pos:
                    yield Token(RAW, pos, stop, name)
                pos = stop
            continue
        if html.startswith("<!--", lt):
            comment = _COMMENT_RE.match(html, lt)
        elif html.startswith("</>", lt):
            pos = lt + 3
            yield Token(COMMENT, lt, pos)  # ignored by parsers, like a comment
            continue
        else:
            comment = _BOGUS_RE.match(html, lt)
        if comment is None:
            yield Token(COMMENT, lt, n, complete=False)
            return
        pos = comment.end()
        yield Token(COMMENT, lt, pos)


def attributes(html: str, tok: Token) -> Iterator[tuple[str, str | None, re.Match[str]]]:
    """(lower-cased name, unescaped value or None, match) of each attribute."""
    for m in _ATTR_RE.finditer(html, tok.attr_start, tok.attr_end):
        value = m.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        yield m.group(1).translate(_ASCII_LOWER), None if value is None else _unescape_attr(value), m


_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _unescape_attr(value: str) -> str:
    """Decode character references the way browsers do inside attribute values.

    Unlike :func:`html.unescape`, a legacy reference without ``;`` that is
    followed by ``=`` or a letter or digit stays as it is, so ``?a=1&copy=2``
    keeps its ``&copy``.
    """
    if "&" not in value:
        return value

    def decode(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            return _html.unescape(m.group(0))
        if ref.endswith(";"):
            return _ENTITIES.get(ref, m.group(0))
        if ref in _ENTITIES and value[m.end() : m.end() + 1] != "=":
            return _ENTITIES[ref]
        return m.group(0)

    return _CHARREF_RE.sub(decode, value)


def escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def text_of(html: str, tok: Token) -> str:
    return html[tok.start : tok.end]



def has_class(html: str, tok: Token, cls: str) -> bool:
    for name, value, _m in attributes(html, tok):
        if name == "class":
            return value is not None and cls in value.split()
    return False


def headerlinks(html: str, tokens: list[Token]) -> dict[int, int]:
    """Index of each ``<a class="headerlink">`` -> index of its ``</a>``."""
    spans: dict[int, int] = {}
    if "headerlink" not in html:
        return spans
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == START and tok.name == "a" and tok.complete and has_class(html, tok, "headerlink"):
            for j in range(i + 1, len(tokens)):
                if tokens[j].kind == END and tokens[j].name == "a":
                    spans[i] = j
                    i = j
                    break
        i += 1
    return spans


