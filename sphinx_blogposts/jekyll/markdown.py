"""Just enough CommonMark block structure to know where code is.

The converter must not touch code, so it needs to know which lines are
fenced or indented code and which are raw HTML.  These helpers read one
line at a time; :class:`BlockState` carries the state between lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = [
    "BlockState",
    "LineKind",
    "escape_html",
    "escape_markdown",
    "escape_url",
    "expand_indent",
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


# --- escaping ----------------------------------------------------------------

# Everything that can start Markdown or MyST markup; a backslash before any
# ASCII punctuation is always a literal in CommonMark.
_MD_SPECIAL = "\\`*_[]{}()<>#+-.!|~^$&:="
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})
_ENTITY_RE = re.compile(r"&#?\w{1,32};")
_URL_UNSAFE_RE = re.compile(r"[\s()<>\\\"`]")


def _one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def escape_markdown(text: str, *, html_escaped: bool = False) -> str:
    """Text that MyST shows literally (entities kept when already HTML-escaped)."""
    text = _one_line(text)
    if not html_escaped:
        return text.translate(_MD_ESCAPES)
    out: list[str] = []
    pos = 0
    for m in _ENTITY_RE.finditer(text):
        out.append(text[pos : m.start()].translate(_MD_ESCAPES))
        out.append(m.group())
        pos = m.end()
    out.append(text[pos:].translate(_MD_ESCAPES))
    return "".join(out)


def escape_html(text: str, *, html_escaped: bool = False) -> str:
    text = _one_line(text)
    return text if html_escaped else html.escape(text)


def escape_url(text: str) -> str:
    """A URL that stays one link destination."""
    return _URL_UNSAFE_RE.sub(lambda m: f"%{ord(m.group()):02X}", _one_line(text).strip())
