"""Reading the block structure of a post body: pure functions, no Sphinx.

One scanner for Markdown (:class:`BlockState`: just enough CommonMark to
know which lines are fenced or indented code, raw HTML or text, one line at
a time) and one for reStructuredText section titles, shared by the post
model (the title from the first heading), the source hook (headings
renumbered under an injected title) and the Jekyll converter (which must
never touch code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = [
    "ATX_RE",
    "BlockState",
    "LineKind",
    "RST_ADORNMENT_RE",
    "body_headings",
    "expand_indent",
    "opens_with_title",
    "rst_adornment_chars",
]

FENCE_OPEN_RE = re.compile(r"(?P<fence>`{3,}(?=[^`]*$)|~{3,})(?P<info>.*)$")
ATX_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
THEMATIC_RE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
LIST_RE = re.compile(r"(?P<marker>[-+*]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
_QUOTE_RE = re.compile(r" {0,3}> ?")
_LIQUID_ONLY_RE = re.compile(r"(?:\{%(?:[^%]|%(?!\}))*%\}\s*)+")

_HTML_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_HTML_STARTS: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (re.compile(r"<(?:script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE),
     re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_HTML_BLOCK_NAMES})(?:[\s>]|/>|$)", re.IGNORECASE), None),
]  # fmt: skip
# Type 7: a complete tag alone on its line; cannot interrupt a paragraph.
_HTML_TAG7_RE = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*"
    r"\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"
)


def expand_indent(line: str) -> tuple[int, int]:
    """Columns of leading whitespace (tabs to multiples of 4), and its length."""
    col = 0
    for i, ch in enumerate(line):
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            return col, i
    return col, len(line)


class LineKind:
    TEXT = "text"
    CODE = "code"
    HTML = "html"


@dataclass
class _Fence:
    char: str
    length: int
    quote_depth: int
    min_indent: int  # a list item's content column the fence belongs to


@dataclass
class BlockState:
    """Block context carried from one line to the next."""

    fence: _Fence | None = None
    indented_code: bool = False
    code_start: int = 0
    #: end condition of the open HTML block (``None``: ends at a blank line)
    html_end: re.Pattern[str] | None = None
    in_html: bool = False
    prev_blank: bool = True
    prev_paragraph: bool = False
    list_indents: list[int] = field(default_factory=list)
    quote_depth: int = 0

    def classify(self, line: str, index: int) -> str:
        """The kind of *line* (without its line break), updating the state."""
        body = line.rstrip("\r")
        depth = 0
        inner = body
        while True:
            m = _QUOTE_RE.match(inner)
            if m is None:
                break
            depth += 1
            inner = inner[m.end() :]
        blank = not inner.strip()

        if self.fence is not None:
            fence = self.fence
            col, _ = expand_indent(inner)
            ends_container = depth < fence.quote_depth or (
                not blank and fence.min_indent and col < fence.min_indent
            )
            if not ends_container:
                stripped = inner.strip()
                if (
                    col - fence.min_indent < 4
                    and stripped.startswith(fence.char * fence.length)
                    and not stripped.strip(fence.char)
                ):
                    self.fence = None
                    self._after_block(blank=False)
                return LineKind.CODE
            self.fence = None

        if depth != self.quote_depth:
            self.quote_depth = depth
            self.list_indents.clear()

        if self.in_html:
            if self.html_end is None:
                if blank:
                    self.in_html = False
                    self._after_block(blank=True)
                    return LineKind.TEXT
                return LineKind.HTML
            if self.html_end.search(inner):
                self.in_html = False
                self._after_block(blank=False)
            return LineKind.HTML

        col, offset = expand_indent(inner)
        base = self.list_indents[-1] if self.list_indents else 0

        if self.indented_code:
            if blank or col >= base + 4:
                return LineKind.CODE
            self.indented_code = False

        if blank:
            self.prev_blank = True
            self.prev_paragraph = False
            return LineKind.TEXT

        # Leaving list items: after a blank line, a line indented less than an
        # item's content column is no longer in that item.
        if self.prev_blank:
            while self.list_indents and col < self.list_indents[-1]:
                self.list_indents.pop()
            base = self.list_indents[-1] if self.list_indents else 0

        if col >= base + 4:
            # A line of Liquid tags only is not code: Jekyll renders Liquid
            # first, and such a line is usually blank by the time Markdown is read.
            if not self.prev_paragraph and not _LIQUID_ONLY_RE.fullmatch(inner.strip()):
                self.indented_code = True
                self.code_start = index
                return LineKind.CODE
            self._text_line()
            return LineKind.TEXT

        rest = inner[offset:]
        first = rest[:1]
        m = FENCE_OPEN_RE.match(rest) if first in ("`", "~") else None
        if m is not None:
            # a fence is never a lazy continuation: it leaves deeper list items
            while self.list_indents and col < self.list_indents[-1]:
                self.list_indents.pop()
            base = self.list_indents[-1] if self.list_indents else 0
            self.fence = _Fence(m.group("fence")[0], len(m.group("fence")), depth, base)
            self.code_start = index
            return LineKind.CODE

        thematic = first in ("-", "*", "_") and THEMATIC_RE.match(rest) is not None
        if not thematic and (first in ("-", "+", "*") or first.isdigit()):
            lm = LIST_RE.match(rest)
            if lm is not None:
                while self.list_indents and col < self.list_indents[-1]:
                    self.list_indents.pop()
                space = lm.group("space")
                width = len(space.expandtabs(4)) if space else 1
                content = rest[lm.end() :]
                starts_code = width > 4 and bool(content.strip())
                if width > 4 or not content.strip():
                    width = 1
                self.list_indents.append(col + len(lm.group("marker")) + width)
                # the item may open with code: "- ```" or "-     code"
                if starts_code:
                    self.indented_code = True
                    self.code_start = index
                    return LineKind.CODE
                fm = FENCE_OPEN_RE.match(content) if content[:1] in ("`", "~") else None
                if fm is not None:
                    self.fence = _Fence(fm.group("fence")[0], len(fm.group("fence")), depth, self.list_indents[-1])
                    self.code_start = index
                    return LineKind.CODE

        if first == "<":
            for start, end in _HTML_STARTS:
                if start.match(rest):
                    return self._open_html(end, inner)
            if not self.prev_paragraph and len(rest) < 2000 and _HTML_TAG7_RE.match(rest):
                return self._open_html(None, inner)

        if thematic or (first == "#" and ATX_RE.match(rest)):
            self._after_block(blank=False)
        else:
            self._text_line()
        return LineKind.TEXT

    def _open_html(self, end: re.Pattern[str] | None, inner: str) -> str:
        if end is not None and end.search(inner):
            self._after_block(blank=False)
            return LineKind.HTML
        self.in_html = True
        self.html_end = end
        self.prev_blank = False
        self.prev_paragraph = True
        return LineKind.HTML

    def _text_line(self) -> None:
        self.prev_blank = False
        self.prev_paragraph = True

    def _after_block(self, *, blank: bool) -> None:
        self.prev_blank = blank
        self.prev_paragraph = False

    def note_content(self) -> None:
        """A line that belongs to a construct the converter consumed whole."""
        self._text_line()

    def note_block_end(self) -> None:
        """A code block the converter made (``highlight``) just ended."""
        self._after_block(blank=False)


# --- headings ------------------------------------------------------------------

_ATX_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
#: a line of one punctuation character repeated: a reST title's adornment
RST_ADORNMENT_RE = re.compile(r"^([!-/:-@\[-`{-~])\1+[ \t]*$")
_RST_ADORNMENT_LINES_RE = re.compile(RST_ADORNMENT_RE.pattern, re.MULTILINE)


def _markdown_headings(body: str) -> Iterator[tuple[int, str, int]]:
    """``(level, text, index)`` for each Markdown heading outside code and
    raw HTML; a setext heading's text is the line above its underline."""
    state = BlockState()
    previous = ""
    for index, line in enumerate(body.splitlines()):
        kind = state.classify(line, index)
        if kind != LineKind.TEXT:
            previous = ""
            continue
        atx = _ATX_HEADING_RE.match(line)
        if atx:
            yield len(atx.group(1)), (atx.group(2) or "").strip(), index
            previous = ""
            continue
        setext = _SETEXT_RE.match(line)
        if setext and previous.strip() and not previous.startswith(("    ", "\t")):
            yield (1 if setext.group(1)[0] == "=" else 2), previous.strip(), index - 1
            previous = ""
            continue
        previous = line if line.strip() else ""


def _rst_headings(body: str) -> Iterator[tuple[int, str, int]]:
    """``(level, text, index)`` for reST section titles (level is 1 for the
    first adornment style seen)."""
    lines = body.splitlines()
    styles: list[tuple[str, bool]] = []
    index = 0
    while index < len(lines) - 1:
        line, following = lines[index], lines[index + 1]
        over = RST_ADORNMENT_RE.match(line)
        if over and index + 2 < len(lines) and lines[index + 1].strip():
            under = RST_ADORNMENT_RE.match(lines[index + 2])
            if under and under.group(1) == over.group(1):
                style = (over.group(1), True)
                if style not in styles:
                    styles.append(style)
                yield styles.index(style) + 1, lines[index + 1].strip(), index
                index += 3
                continue
        under = RST_ADORNMENT_RE.match(following)
        if line.strip() and not line.startswith((" ", "\t")) and not over and under:
            if len(following.rstrip()) >= len(line.rstrip()) or len(following.rstrip()) >= 4:
                style = (under.group(1), False)
                if style not in styles:
                    styles.append(style)
                yield styles.index(style) + 1, line.strip(), index
                index += 2
                continue
        index += 1


def body_headings(body: str, markup: str) -> Iterator[tuple[int, str, int]]:
    """The headings of a post body (``"markdown"`` or ``"rst"``):
    ``(level, text, line index)``."""
    return _rst_headings(body) if markup == "rst" else _markdown_headings(body)


def opens_with_title(body: str, markup: str) -> bool:
    """Whether the first thing in *body* is a top-level heading."""
    first_content = next((i for i, line in enumerate(body.splitlines()) if line.strip()), None)
    if first_content is None:
        return False
    for level, _text, index in body_headings(body, markup):
        return level == 1 and index == first_content
    return False


def rst_adornment_chars(body: str) -> set[str]:
    """The characters a reST *body* uses for its section adornments."""
    return {m.group(1) for m in _RST_ADORNMENT_LINES_RE.finditer(body)}
