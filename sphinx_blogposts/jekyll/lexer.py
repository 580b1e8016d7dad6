"""Lexing a post body: :class:`Lexer` cuts it into :class:`Token` pieces.

A token is text to convert, code or raw text to copy, markup to drop, or a
Liquid tag or output; on the way the lexer records what each line is (text,
code, HTML...), the abbreviation definitions and the Liquid tag names found.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..core.markup import BlockState, LineKind
from .kramdown import ABBR_DEF_RE
from .liquid import BRANCHES, Markup, NextMatch, Scanner
from .problems import Reporter

__all__ = ["Lexer", "Token"]

_OTHER = "other"  # line kind: inside raw text, a comment or a multi-line construct

_RAW_TAG_RE = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")
_ENDRAW_RE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_COMMENT_TAG_RE = re.compile(r"\{%-?\s*(end)?comment\s*-?%\}")
_KD_EXT_RE = re.compile(r"""\{::([A-Za-z_]\w*)((?:[^{}"'\n]|"[^"\n]*"|'[^'\n]*'){0,400}?)(/?)\}""")
_KD_CLOSE_RE = re.compile(r"\{:/(\w*)\}")
_KD_COMMENT_END_RE = re.compile(r"\{:/(?:comment)?\}")
_HTML_COMMENT_END_RE = re.compile(r"-->")
_BACKTICKS_RE = re.compile(r"`+")
_CTX_EVENT_RE = re.compile(r"\]\(|\]:[ \t]*|<[A-Za-z/!?]|<|>|\)|\n|[ \t]+")

# What starts an inline construct, by mode; Liquid starts are left out while
# an earlier one of the same kind found no terminator before the same limit.
_STARTS = {
    "md": (r"`+", "<!--", r"\{::", r"\{:/"),
    "html": ("<!--", r"\{::", r"\{:/"),
    "highlight": (),
    "nomarkdown": (r"\{:/",),
}


@functools.cache
def _start_pattern(mode: str, outputs: bool, tags: bool) -> re.Pattern[str]:
    parts = list(_STARTS[mode])
    if outputs:
        parts.append(r"\{\{")
    if tags:
        parts.append(r"\{%")
    return re.compile("|".join(parts) or r"(?!)")

_OUTPUT_CTX = {"md": "md", "dest": "url", "autolink": "url", "tag": "attr"}


@dataclass(slots=True)
class Token:
    """A piece of the body: ``text`` (converted), ``verbatim`` (copied),
    ``drop`` (only its line breaks stay), ``tag`` or ``output`` (Liquid)."""

    kind: str
    start: int
    end: int
    ctx: str = "md"
    markup: Markup | None = None


class Lexer:
    """Splits the body into tokens, deciding what is code, raw text and Liquid."""

    def __init__(self, text: str, report: Reporter) -> None:
        self.text = text
        self.n = len(text)
        self.report = report
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.nlines = len(self.starts)
        self.kinds = [LineKind.TEXT] * self.nlines
        self.code_start = list(range(self.nlines))
        self.tokens: list[Token] = []
        self.block = BlockState()
        self.scanner = Scanner(text)
        self.mode = "md"
        self.line_ctx = "md"
        self.inline_state = "md"
        self.highlight_line = 0
        self.abbreviations: dict[str, tuple[str, int]] = {}
        self.tag_names: Counter[str] = Counter()
        self._code_raw: tuple[int, int] | None = None  # (token index, code block start)
        self._bt_limit = -1
        self._bt_index: dict[int, list[int]] = {}
        self._comment_end = -1
        self._kd_comment_end = NextMatch(text, _KD_COMMENT_END_RE)
        # Liquid starts of each kind are text before these offsets (no terminator)
        self._dead = {"{{": -1, "{%": -1}

    # positions --------------------------------------------------------------

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def line_end(self, li: int) -> int:
        return self.starts[li + 1] - 1 if li + 1 < self.nlines else self.n

    def next_line(self, li: int) -> int:
        return self.starts[li + 1] if li + 1 < self.nlines else self.n

    # output -----------------------------------------------------------------

    def emit(self, kind: str, start: int, end: int, ctx: str = "md", markup: Markup | None = None) -> None:
        if start >= end and kind in ("text", "verbatim", "drop"):
            return
        last = self.tokens[-1] if self.tokens else None
        if (
            last is not None
            and kind in ("text", "verbatim", "drop")
            and last.kind == kind
            and last.end == start
            and last.ctx == ctx
        ):
            last.end = end
        else:
            self.tokens.append(Token(kind, start, end, ctx, markup))

    def text_piece(self, start: int, end: int) -> None:
        if self.mode == "highlight":
            ctx = "code"
        elif self.mode == "nomarkdown":
            ctx = "html"
        else:
            ctx = self.line_ctx
            if ctx == "md":
                self._feed(start, end)
        self.emit("text", start, end, ctx)

    def _feed(self, start: int, end: int) -> None:
        """Track whether the text is inside a link destination or an HTML tag."""
        state = self.inline_state
        text = self.text
        if state == "md" and text.find("]", start, end) < 0 and text.find("<", start, end) < 0:
            return
        for m in _CTX_EVENT_RE.finditer(text, start, end):
            event = m.group()
            if event == "\n":
                if state != "tag":
                    state = "md"
            elif state == "md":
                if event == "](" or event.startswith("]:"):
                    state = "dest"
                elif event == "<":
                    state = "autolink"
                elif event[0] == "<":
                    state = "tag"
            elif state == "dest":
                if event == ")" or event[0] in " \t":
                    state = "md"
            elif state == "tag":
                if event == ">":
                    state = "md"
            elif event == ">" or event[0] in " \t":
                state = "md"
        self.inline_state = state

    def output_ctx(self) -> str:
        if self.mode == "highlight":
            return "code"
        if self.mode == "nomarkdown" or self.line_ctx == "html":
            return "html"
        return _OUTPUT_CTX[self.inline_state]

    def consume_lines(self, start: int, end: int, how: str) -> None:
        """Account for the lines that start strictly inside ``[start, end)``."""
        if self.text.find("\n", start, end) < 0:
            return
        first = bisect.bisect_right(self.starts, start)
        for li in range(first, self.nlines):
            s = self.starts[li]
            if s >= end:
                break
            if how == "code":
                self.kinds[li] = LineKind.CODE
                self.code_start[li] = self.highlight_line
            elif how == "classify":
                self.block.classify(self.text[s : self.line_end(li)], li)
                self.kinds[li] = _OTHER
            else:
                self.block.note_content()
                self.kinds[li] = _OTHER

    # the main loop ----------------------------------------------------------

    def run(self) -> None:
        pos = 0
        while pos < self.n:
            li = self.line_of(pos)
            if pos == self.starts[li] and self.line_start(li):
                pos = self.next_line(li)
                continue
            pos = self.inline(pos, li)

    def line_start(self, li: int) -> bool:
        """Block-level handling of a line; ``True`` if the line was consumed."""
        if self.mode == "highlight":
            self.kinds[li] = LineKind.CODE
            self.code_start[li] = self.highlight_line
            return False
        if self.mode == "nomarkdown":
            self.kinds[li] = LineKind.HTML
            return False
        start, end = self.starts[li], self.line_end(li)
        line = self.text[start:end]
        kind = self.block.classify(line, li)
        self.kinds[li] = kind
        if kind == LineKind.CODE:
            self.code_start[li] = self.block.code_start
            self.code_line(li, start, end)
            return True
        self.line_ctx = "html" if kind == LineKind.HTML else "md"
        if self.inline_state != "tag":
            self.inline_state = "md"
        if kind == LineKind.TEXT and "*[" in line:
            m = ABBR_DEF_RE.fullmatch(line)
            if m is not None:
                self.abbreviations[m.group(1)] = (m.group(2), li)
                self.emit("drop", start, self.next_line(li))
                return True
        return False

    def code_line(self, li: int, start: int, end: int) -> None:
        """A line of fenced or indented code: only paired raw tags go."""
        stop = self.next_line(li)
        block = self.code_start[li]
        if self._code_raw is not None and self._code_raw[1] != block:
            self._code_raw = None
        if "{%" not in self.text[start:end]:
            self.emit("verbatim", start, stop)
            return
        pos = start
        for m in _RAW_TAG_RE.finditer(self.text, start, end):
            closing = m.group(1) is not None
            if not closing and self._code_raw is None:
                self.emit("verbatim", pos, m.start())
                self.tokens.append(Token("verbatim", m.start(), m.end(), "rawtag"))
                self._code_raw = (len(self.tokens) - 1, block)
            elif closing and self._code_raw is not None:
                self.emit("verbatim", pos, m.start())
                self.tokens[self._code_raw[0]].kind = "drop"
                self.tokens.append(Token("drop", m.start(), m.end()))
                self._code_raw = None
                self.tag_names["raw"] += 1
            else:
                continue
            pos = m.end()
        self.emit("verbatim", pos, stop)

    def inline(self, pos: int, li: int) -> int:
        """Inline handling from *pos* to the end of line *li* (or further,
        when a construct spans lines); returns where to continue."""
        text = self.text
        while True:
            le = self.line_end(li)
            outputs = pos >= self._dead["{{"]
            tags = pos >= self._dead["{%"]
            stop = le
            if not outputs:
                stop = min(stop, self._dead["{{"])
            if not tags:
                stop = min(stop, self._dead["{%"])
            pattern = _start_pattern(self.mode if self.mode != "md" else self.line_ctx, outputs, tags)
            m = pattern.search(text, pos, stop)
            if m is None and stop < le:
                self.text_piece(pos, stop)
                pos = stop
                continue
            if m is None:
                stop = self.next_line(li)
                self.text_piece(pos, stop)
                return stop
            if m.start() > pos:
                self.text_piece(pos, m.start())
            new = self.construct(m.start(), m.group())
            if new >= self.n:
                return self.n
            nli = li if new <= le else self.line_of(new)
            if nli != li and new == self.starts[nli]:
                return new
            pos, li = new, nli

    def construct(self, q: int, found: str) -> int:
        if found[0] == "`":
            return self.code_span(q, len(found))
        if found == "<!--":
            return self.html_comment(q)
        if found == "{::":
            return self.kramdown_extension(q)
        if found == "{:/":
            return self.kramdown_close(q)
        return self.liquid(q)

    # inline constructs ------------------------------------------------------

    def code_span(self, q: int, n: int) -> int:
        text = self.text
        backslashes = 0
        k = q - 1
        while k >= 0 and text[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2:
            self.text_piece(q, q + 1)
            return q + 1
        close = self.closing_backticks(q + n, n)
        if close < 0:
            self.text_piece(q, q + n)
            return q + n
        end = close + n
        self.code_region(q, end)
        self.consume_lines(q, end, "content")
        return end

    def closing_backticks(self, start: int, n: int) -> int:
        limit = self.scanner.limit(start)
        if limit != self._bt_limit:
            index: dict[int, list[int]] = {}
            for m in _BACKTICKS_RE.finditer(self.text, start, limit):
                index.setdefault(m.end() - m.start(), []).append(m.start())
            self._bt_limit, self._bt_index = limit, index
        runs = self._bt_index.get(n)
        if not runs:
            return -1
        i = bisect.bisect_left(runs, start)
        return runs[i] if i < len(runs) else -1

    def code_region(self, start: int, end: int) -> None:
        """Copy code, dropping ``{% raw %}``/``{% endraw %}`` pairs inside it."""
        pos = start
        opened: re.Match[str] | None = None
        for m in _RAW_TAG_RE.finditer(self.text, start, end):
            if m.group(1) is None and opened is None:
                opened = m
            elif m.group(1) is not None and opened is not None:
                self.emit("verbatim", pos, opened.start())
                self.emit("drop", opened.start(), opened.end())
                self.emit("verbatim", opened.end(), m.start())
                self.emit("drop", m.start(), m.end())
                pos = m.end()
                opened = None
                self.tag_names["raw"] += 1
        self.emit("verbatim", pos, end)

    def html_comment(self, q: int) -> int:
        text = self.text
        for short in ("<!-->", "<!--->"):
            if text.startswith(short, q):
                self.emit("verbatim", q, q + len(short))
                return q + len(short)
        if self._comment_end < q + 4:
            m = _HTML_COMMENT_END_RE.search(text, q + 4)
            self._comment_end = m.start() if m else self.n + 1
        if self._comment_end > self.n:
            self.text_piece(q, q + 4)
            return q + 4
        end = self._comment_end + 3
        self.emit("verbatim", q, end)
        self.consume_lines(q, end, "content")
        return end

    def liquid(self, q: int) -> int:
        markup = self.scanner.scan(q)
        if markup is None:
            start = self.text[q : q + 2]
            self._dead[start] = self.scanner.limit(q)
            kind = "tag" if start == "{%" else "output"
            self.report(
                ("unterminated", kind),
                f"Liquid {kind} opened with '{self.text[q : q + 2]}' is not closed before the next "
                "blank line; it was left as text",
                self.line_of(q),
            )
            self.text_piece(q, q + 1)
            return q + 1
        end = markup.end
        if markup.kind == "output":
            self.emit("output", q, end, self.output_ctx(), markup)
            self.consume_lines(q, end, "content")
            return end
        name = markup.name
        if name and not name.startswith("end") and name not in BRANCHES:
            self.tag_names[name] += 1
        if name == "raw":
            return self.raw(markup)
        if name == "comment":
            return self.comment(markup)
        self.emit("tag", q, end, self.output_ctx(), markup)
        self.consume_lines(q, end, "code" if self.mode == "highlight" else "content")
        if name == "highlight" and self.mode == "md":
            self.mode = "highlight"
            self.highlight_line = self.line_of(q)
        elif name == "endhighlight" and self.mode == "highlight":
            self.mode = "md"
            self.line_ctx = "md"
            self.block.note_block_end()
        return end

    def raw(self, markup: Markup) -> int:
        self.emit("drop", markup.start, markup.end)
        m = _ENDRAW_RE.search(self.text, markup.end)
        end = m.start() if m else self.n
        self.emit("verbatim", markup.end, end)
        self.consume_lines(markup.start, end, "code" if self.mode == "highlight" else "classify")
        if m is None:
            self.report(
                ("raw",), "'{% raw %}' is never closed with '{% endraw %}'", self.line_of(markup.start)
            )
            return self.n
        self.emit("drop", m.start(), m.end())
        self.consume_lines(m.start(), m.end(), "content")
        return m.end()

    def comment(self, markup: Markup) -> int:
        depth = 1
        end = self.n
        for m in _COMMENT_TAG_RE.finditer(self.text, markup.end):
            depth += -1 if m.group(1) else 1
            if depth == 0:
                end = m.end()
                break
        else:
            self.report(
                ("comment",),
                "'{% comment %}' is never closed with '{% endcomment %}'; the rest of the post was removed",
                self.line_of(markup.start),
            )
        self.emit("drop", markup.start, end)
        self.consume_lines(markup.start, end, "code" if self.mode == "highlight" else "content")
        return end

    def kramdown_extension(self, q: int) -> int:
        m = _KD_EXT_RE.match(self.text, q)
        if m is None:
            self.text_piece(q, q + 1)
            return q + 1
        name, closed = m.group(1), bool(m.group(3))
        li = self.line_of(q)
        self.emit("drop", q, m.end())
        if name == "nomarkdown" and not closed:
            self.mode = "nomarkdown"
        elif name == "comment" and not closed:
            at, closer = self._kd_comment_end.find(m.end())
            if not closer:
                self.report(("kd-comment",), "'{::comment}' is never closed with '{:/comment}'", li)
                return m.end()
            end = at + len(closer)
            self.emit("drop", m.end(), end)
            self.consume_lines(q, end, "content")
            return end
        elif name != "options":
            self.report(
                ("kd-ext", name), f"kramdown extension '{{::{name}}}' is not supported; it was removed", li
            )
        return m.end()

    def kramdown_close(self, q: int) -> int:
        m = _KD_CLOSE_RE.match(self.text, q)
        if m is None:
            self.text_piece(q, q + 1)
            return q + 1
        self.emit("drop", q, m.end())
        if self.mode == "nomarkdown" and m.group(1) in ("", "nomarkdown"):
            self.mode = "md"
            self.line_ctx = "md"
            self.block.note_content()
        else:
            self.report(
                ("kd-close", m.group(1)),
                f"'{m.group()}' closes no kramdown extension; it was removed",
                self.line_of(q),
            )
        return m.end()
