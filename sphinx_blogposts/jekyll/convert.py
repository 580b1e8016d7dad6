"""Jekyll post bodies (Liquid + kramdown) to MyST Markdown; see the package docstring."""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .embeds import BUILTIN_TAGS, EmbedError
from .expr import UNKNOWN, Evaluator, ExprError, HtmlText, Missing, compare, to_text
from .kramdown import (
    ABBR_DEF_RE,
    SPAN_IAL_RE,
    abbreviation_pattern,
    abbreviation_role,
    apply_block_ials,
    parse_ial,
    replace_abbreviations,
)
from .liquid import Markup, NextMatch, Scanner, split_args, split_params
from .markdown import BlockState, LineKind, escape_html, escape_markdown, escape_url
from .model import Converted, JekyllContext, Problem, TagCall, TagMapping

__all__ = ["SUBTYPE", "convert"]

#: Warning subtype of every problem this module reports.
SUBTYPE = "jekyll"

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
_LANG_RE = re.compile(r"[\w+#.-]{1,40}")
_LINES_RE = re.compile(r"[\d\s,-]+")
_ABBR_LINE_RE = re.compile(r"^ {0,3}\*\[", re.MULTILINE)

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


_BLOCK_TAGS = frozenset({"if", "unless", "case", "for", "tablerow", "capture", "highlight"})
_BRANCHES = {"elsif": {"if", "unless"}, "else": {"if", "unless", "case", "for"}, "when": {"case"}}
#: tags handled here that tag mappings cannot replace
_STRUCTURAL = frozenset(
    {"if", "elsif", "else", "unless", "case", "when", "for", "tablerow", "capture",
     "highlight", "raw", "comment", "assign", "echo", "#", "break", "continue"}
)  # fmt: skip
_MAX_DEPTH = 64
# inline state of the text before a value -> how the value is escaped
_OUTPUT_CTX = {"md": "md", "dest": "url", "autolink": "url", "tag": "attr"}
_LOOK_BACK = 512
_BLANK_TO_EOL_RE = re.compile(r"[ \t\r]*(?:\n|\Z)")


@dataclass(slots=True)
class _Tok:
    """A piece of the body: ``text`` (converted), ``verbatim`` (copied),
    ``drop`` (only its line breaks stay), ``tag`` or ``output`` (Liquid)."""

    kind: str
    start: int
    end: int
    ctx: str = "md"
    markup: Markup | None = None


@dataclass(slots=True)
class _Block:
    name: str
    open: _Tok
    branches: list[tuple[_Tok, list[_Tok | _Block]]]
    close: _Tok | None = None
    end: int = 0


@dataclass(slots=True)
class _Highlight:
    open_line: int
    close_line: int
    code_on_open_line: bool
    lang: str
    options: list[str]
    indent: str
    line: int


class _Reporter:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.seen: set[object] = set()
        self.problems: list[Problem] = []

    def __call__(self, key: object, message: str, line_index: int) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.problems.append(Problem(SUBTYPE, message, self.first_line + line_index))


# --- lexing ------------------------------------------------------------------


class _Lexer:
    """Splits the body into tokens, deciding what is code, raw text and Liquid."""

    def __init__(self, text: str, report: _Reporter) -> None:
        self.text = text
        self.n = len(text)
        self.report = report
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.nlines = len(self.starts)
        self.kinds = [LineKind.TEXT] * self.nlines
        self.code_start = list(range(self.nlines))
        self.tokens: list[_Tok] = []
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
            self.tokens.append(_Tok(kind, start, end, ctx, markup))

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
                self.tokens.append(_Tok("verbatim", m.start(), m.end(), "rawtag"))
                self._code_raw = (len(self.tokens) - 1, block)
            elif closing and self._code_raw is not None:
                self.emit("verbatim", pos, m.start())
                self.tokens[self._code_raw[0]].kind = "drop"
                self.tokens.append(_Tok("drop", m.start(), m.end()))
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
        if name and not name.startswith("end") and name not in _BRANCHES:
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


# --- parsing -----------------------------------------------------------------


def _parse(tokens: list[_Tok], text_len: int, report: _Reporter, line_of: Callable[[int], int]) -> list:
    """Nest the tokens by block tags."""
    ends_later: list[bool] = [False] * len(tokens)
    seen_ends: set[str] = set()
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.kind == "tag" and tok.markup is not None:
            name = tok.markup.name
            if name.startswith("end"):
                seen_ends.add(name[3:])
            else:
                ends_later[i] = name in seen_ends

    root: list[_Tok | _Block] = []
    stack: list[_Block] = []

    def children() -> list[_Tok | _Block]:
        return stack[-1].branches[-1][1] if stack else root

    def close_unclosed(block: _Block, end: int) -> None:
        block.end = end
        report(
            ("unclosed", block.name),
            f"'{{% {block.name} %}}' is never closed with '{{% end{block.name} %}}'",
            line_of(block.open.start),
        )

    for i, tok in enumerate(tokens):
        if tok.kind != "tag" or tok.markup is None:
            children().append(tok)
            continue
        name = tok.markup.name
        opens = name in _BLOCK_TAGS or (
            ends_later[i] and name not in _STRUCTURAL and name not in _BRANCHES and name != "raw"
        )
        if opens and len(stack) < _MAX_DEPTH:
            block = _Block(name, tok, [(tok, [])])
            children().append(block)
            stack.append(block)
        elif name in _BRANCHES and stack and stack[-1].name in _BRANCHES[name]:
            stack[-1].branches.append((tok, []))
        elif name.startswith("end") and any(b.name == name[3:] for b in stack):
            while stack[-1].name != name[3:]:
                close_unclosed(stack.pop(), tok.start)
            block = stack.pop()
            block.close = tok
            block.end = tok.end
        else:
            children().append(tok)
    while stack:
        close_unclosed(stack.pop(), text_len)
    return root


# --- rendering ---------------------------------------------------------------


class _Renderer:
    def __init__(self, lexer: _Lexer, ctx: JekyllContext, report: _Reporter) -> None:
        self.lexer = lexer
        self.text = lexer.text
        self.ctx = ctx
        self.report = report
        self.out: list[str] = []
        self.tail = ""
        self.strip_next = False
        self.line_index = 0
        self.touched: set[int] = set()
        self.highlights: list[_Highlight] = []
        self.suppressed: set[int] = set()
        self.current_line = 0
        self.evaluator = Evaluator(ctx.site, ctx.page, self._on_missing, self._on_filter)
        self.abbr_pattern: re.Pattern[str] | None = None
        self.abbr_roles: dict[str, str] = {}
        for word, (definition, li) in lexer.abbreviations.items():
            role = abbreviation_role(word, definition)
            if role is None:
                report(
                    ("abbr", word), f"abbreviation '{word}' cannot be written as a MyST role; left as is", li
                )
            else:
                self.abbr_roles[word] = role
        self.abbr_pattern = abbreviation_pattern(list(self.abbr_roles))

    # problems ---------------------------------------------------------------

    def _on_missing(self, root: str, path: str) -> None:
        where = "the front matter" if root == "page" else "the site variables"
        self.report(
            (root, path), f"{path} is not defined in {where}; it was replaced by nothing", self.current_line
        )

    def _on_filter(self, name: str, why: str) -> None:
        if why == "unknown":
            message = f"Liquid filter '{name}' is not supported; the value was used unfiltered"
        else:
            message = f"Liquid filter '{name}' failed ({why}); the value was used unfiltered"
        self.report(("filter", name), message, self.current_line)

    # output buffer ----------------------------------------------------------

    def emit(self, piece: str) -> None:
        if not piece:
            return
        if self.strip_next:
            stripped = piece.lstrip(" \t")
            if stripped:
                self.strip_next = False
            piece = stripped
            if not piece:
                return
        self.out.append(piece)
        newlines = piece.count("\n")
        if newlines:
            self.line_index += newlines
            self.tail = piece[piece.rfind("\n") + 1 :]
        else:
            self.tail += piece
        if len(self.tail) > 4096:
            self.tail = self.tail[-2048:]

    def strip_before(self) -> None:
        """``{%-``: remove the spaces and tabs emitted just before, on this line."""
        while self.out:
            last = self.out[-1]
            stripped = last.rstrip(" \t")
            if stripped:
                self.out[-1] = stripped
                break
            self.out.pop()
        self.tail = self.tail.rstrip(" \t")

    def remove(self, start: int, end: int) -> None:
        """Replace ``text[start:end]`` by its line breaks."""
        self.touched.add(self.line_index)
        newlines = self.text.count("\n", start, end)
        for k in range(1, newlines + 1):
            self.touched.add(self.line_index + k)
        if newlines:
            self.emit("\n" * newlines)

    def emit_with_breaks(self, value: str, start: int, end: int) -> None:
        """*value* (one line) in place of ``text[start:end]``, keeping its line breaks."""
        if not value:
            self.touched.add(self.line_index)
        self.emit(value)
        newlines = self.text.count("\n", start, end)
        if newlines:
            self.touched.update(range(self.line_index, self.line_index + newlines + 1))
            self.emit("\n" * newlines)

    def line(self, pos: int) -> int:
        return self.lexer.line_of(pos)

    # walking ----------------------------------------------------------------

    def render(self, nodes: list) -> None:
        for node in nodes:
            if isinstance(node, _Block):
                self.block(node)
            else:
                self.leaf(node)

    def leaf(self, tok: _Tok) -> None:
        kind = tok.kind
        if kind == "text":
            piece = self.text[tok.start : tok.end]
            if tok.ctx == "md":
                piece = self.markdown_text(piece, tok)
            self.emit(piece)
        elif kind == "verbatim":
            self.emit(self.text[tok.start : tok.end])
        elif kind == "drop":
            self.remove(tok.start, tok.end)
        elif kind == "output":
            self.output(tok)
        else:
            self.tag(tok)

    def ws_before(self, tok: _Tok) -> None:
        if tok.markup is not None and tok.markup.lstrip:
            self.strip_before()

    def ws_after(self, tok: _Tok) -> None:
        if tok.markup is not None and tok.markup.rstrip:
            self.strip_next = True

    def remove_tag(self, tok: _Tok) -> None:
        self.ws_before(tok)
        self.remove(tok.start, tok.end)
        self.ws_after(tok)

    # values -----------------------------------------------------------------

    def format(self, value: object, ctx: str) -> str:
        if value is UNKNOWN or isinstance(value, Missing):
            return ""
        text = to_text(value)
        escaped = isinstance(value, HtmlText)
        if ctx == "md":
            return escape_markdown(text, html_escaped=escaped)
        if ctx == "url":
            return escape_url(html.unescape(text) if escaped else text)
        if ctx in ("attr", "html"):
            return escape_html(text, html_escaped=escaped)
        return text.replace("\r", " ").replace("\n", " ")

    def evaluate(self, markup: str, line: int, source: str) -> object:
        self.current_line = line
        self.evaluator.unknown_root = None
        try:
            value = self.evaluator.output(markup)
        except ExprError as exc:
            self.report(("syntax", source), f"invalid Liquid '{source}' ({exc}); it was removed", line)
            return UNKNOWN
        if value is UNKNOWN:
            root = self.evaluator.unknown_root
            if root:
                self.report(
                    ("var", root),
                    f"Liquid variable '{root}' is not known when converting; it was replaced by nothing",
                    line,
                )
            else:
                self.report(("output", markup), f"'{source}' cannot be evaluated; it was removed", line)
        return value

    def output(self, tok: _Tok) -> None:
        assert tok.markup is not None
        self.ws_before(tok)
        if tok.start in self.suppressed:
            self.remove(tok.start, tok.end)
        else:
            line = self.line(tok.start)
            value = self.evaluate(tok.markup.markup, line, f"{{{{ {tok.markup.markup} }}}}")
            self.emit_with_breaks(self.format(value, tok.ctx), tok.start, tok.end)
        self.ws_after(tok)

    def inner_outputs(self, markup: str, line: int) -> str:
        """Tag arguments with their ``{{ ... }}`` evaluated (as plain text)."""
        if "{{" not in markup:
            return markup
        out: list[str] = []
        pos = 0
        while True:
            start = markup.find("{{", pos)
            end = markup.find("}}", start + 2) if start >= 0 else -1
            if end < 0:
                break
            inner = markup[start + 2 : end].strip().strip("-").strip()
            value = self.evaluate(inner, line, markup[start : end + 2])
            out.append(markup[pos:start])
            out.append("" if value is UNKNOWN else to_text(value))
            pos = end + 2
        out.append(markup[pos:])
        return "".join(out)

    # tags -------------------------------------------------------------------

    def tag(self, tok: _Tok) -> None:
        markup = tok.markup
        assert markup is not None
        name = markup.name
        mapping = self.ctx.tags.get(name) if name not in _STRUCTURAL else None
        if mapping is not None:
            self.mapped(tok, mapping)
        elif name in ("post_url", "link"):
            self.post_link(tok)
        elif name in BUILTIN_TAGS:
            self.mapped(tok, BUILTIN_TAGS[name])
        elif name == "assign":
            self.remove_tag(tok)
            self.current_line = line = self.line(tok.start)
            try:
                self.evaluator.assign(markup.markup)
            except ExprError as exc:
                self.report(("assign", markup.markup), f"invalid assign '{markup.markup}' ({exc})", line)
        elif name == "echo":
            self.output(tok)
        elif name == "#":
            self.remove_tag(tok)
        else:
            self.remove_tag(tok)
            if ("tag", name) not in self.report.seen:
                self.report_removed(name, self.line(tok.start))

    def report_removed(self, name: str, line: int) -> None:
        if name in _BRANCHES or name.startswith("end"):
            message = f"'{{% {name} %}}' has no matching opening tag; it was removed"
        elif name == "":
            message = "a Liquid tag without a valid name was removed"
        elif name.startswith("include") or name == "render":
            message = (
                f"Liquid tag '{name}' was removed: included files are not converted "
                "(map the tag to convert it)"
            )
        elif name in ("for", "tablerow"):
            message = f"Liquid '{name}' loop was removed: its data is not known when converting"
        elif name == "capture":
            message = "Liquid 'capture' was removed; the captured variable renders as nothing"
        else:
            message = (
                f"Liquid tag '{name}' was removed: it has no MyST equivalent (map the tag to convert it)"
            )
        self.report(("tag", name), message, line)

    def post_link(self, tok: _Tok) -> None:
        markup = tok.markup
        assert markup is not None
        name = markup.name
        line = self.line(tok.start)
        self.ws_before(tok)
        args = split_args(self.inner_outputs(markup.markup, line))
        target = args[0] if args else ""
        path: str | None = None
        if target:
            try:
                path = self.ctx.resolve_post(target)
            except Exception as exc:  # a callback must not stop the conversion
                self.report(("resolve", target), f"{name}: resolving '{target}' failed: {exc}", line)
            if path is None and name == "link" and "_posts/" not in target and "_drafts/" not in target:
                path = "/" + target.lstrip("/")
        if path is None:
            what = "no post named" if name == "post_url" else "no post at"
            self.report(("post", name, target), f"{name}: {what} '{target}'", line)
            path = "#"
        elif tok.ctx in ("attr", "html"):
            self.report(
                ("post-html",),
                f"{name} inside raw HTML gives the path of the source file, which MyST does not "
                "resolve there: write a Markdown link instead",
                line,
            )
        self.emit_with_breaks(self.format(path, tok.ctx), tok.start, tok.end)
        self.ws_after(tok)

    def mapped(self, tok: _Tok, mapping: TagMapping) -> None:
        markup = tok.markup
        assert markup is not None
        name = markup.name
        line = self.line(tok.start)
        self.ws_before(tok)
        args = split_args(self.inner_outputs(markup.markup, line))
        params = split_params(args)
        call = TagCall(name, args, params, markup.markup, self.report.first_line + line)
        result = ""
        try:
            if isinstance(mapping, str):
                escaped = [html.escape(a) for a in args]
                named = {k: html.escape(v) for k, v in params.items() if k != "args" and k.isidentifier()}
                result = mapping.format(*escaped, args=" ".join(escaped), **named)
            else:
                result = mapping(call)
            if not isinstance(result, str):
                raise TypeError(f"returned {type(result).__name__}, not str")
        except EmbedError as exc:
            self.report(("embed", tok.start), f"{exc}; the tag was removed", line)
            result = ""
        except Exception as exc:  # a user mapping must not stop the conversion
            self.report(("mapping", name), f"the mapping for Liquid tag '{name}' failed: {exc}", line)
            result = ""
        result = result.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
        self.emit_with_breaks(result, tok.start, tok.end)
        self.ws_after(tok)

    # blocks -----------------------------------------------------------------

    def block(self, block: _Block) -> None:
        name = block.name
        if name in ("if", "unless"):
            self.conditional(block)
        elif name == "case":
            self.case(block)
        elif name == "highlight":
            self.highlight(block)
        elif name in ("for", "tablerow", "capture"):
            self.ws_before(block.open)
            self.remove(block.open.start, block.end)
            if block.close is not None:
                self.ws_after(block.close)
            self.report_removed(name, self.line(block.open.start))
            if name == "capture":
                words = block.open.markup.markup.split() if block.open.markup else []
                if words:
                    self.evaluator.variables[words[0]] = ""
        else:
            self.unknown_block(block)

    def regions(self, block: _Block) -> list[tuple[_Tok, list, int, int]]:
        out = []
        for i, (tag, kids) in enumerate(block.branches):
            if i + 1 < len(block.branches):
                end = block.branches[i + 1][0].start
            elif block.close is not None:
                end = block.close.start
            else:
                end = block.end
            out.append((tag, kids, tag.end, end))
        return out

    def render_branches(self, block: _Block, chosen: set[int]) -> None:
        for i, (tag, kids, start, end) in enumerate(self.regions(block)):
            self.remove_tag(tag)
            if i in chosen:
                self.render(kids)
            else:
                self.remove(start, end)
        if block.close is not None:
            self.remove_tag(block.close)

    def undecided(self, block: _Block, tag: _Tok) -> None:
        markup = tag.markup.markup if tag.markup else ""
        self.report(
            ("undecided", block.name),
            f"'{{% {tag.markup.name if tag.markup else block.name} {markup} %}}' cannot be decided "
            "when converting; its first branch was kept",
            self.line(tag.start),
        )

    def condition(self, tag: _Tok) -> object:
        markup = tag.markup
        assert markup is not None
        line = self.line(tag.start)
        self.current_line = line
        try:
            return self.evaluator.condition(markup.markup)
        except ExprError as exc:
            self.report(
                ("syntax", markup.markup), f"invalid Liquid condition '{markup.markup}' ({exc})", line
            )
            return UNKNOWN

    def conditional(self, block: _Block) -> None:
        chosen: int | None = None
        for i, (tag, _kids) in enumerate(block.branches):
            name = tag.markup.name if tag.markup else ""
            if name == "else":
                chosen = i
                break
            result = self.condition(tag)
            if result is not UNKNOWN and name == "unless":
                result = not result
            if result is UNKNOWN:
                self.undecided(block, tag)
                chosen = 0
                break
            if result:
                chosen = i
                break
        self.render_branches(block, set() if chosen is None else {chosen})

    def case(self, block: _Block) -> None:
        open_markup = block.open.markup.markup if block.open.markup else ""
        self.current_line = self.line(block.open.start)
        try:
            subject = self.evaluator.case_value(open_markup)
        except ExprError:
            subject = UNKNOWN
        chosen: set[int] = set()
        undecided = subject is UNKNOWN
        for i, (tag, _kids) in enumerate(block.branches[1:], 1):
            name = tag.markup.name if tag.markup else ""
            if name == "else":
                if not chosen:
                    chosen.add(i)
                continue
            try:
                values = self.evaluator.when_values(tag.markup.markup if tag.markup else "")
            except ExprError:
                values = [UNKNOWN]
            results = [compare("==", subject, v) for v in values]
            if any(r is True for r in results):
                chosen.add(i)
            elif any(r is UNKNOWN for r in results):
                undecided = True
        if undecided:
            self.undecided(block, block.open)
            chosen = {1} if len(block.branches) > 1 else set()
        self.render_branches(block, chosen)

    def unknown_block(self, block: _Block) -> None:
        """A plugin block tag: its tags go (or are mapped), its content stays."""
        opener = block.open
        name = block.name
        if name in self.ctx.tags:
            self.mapped(opener, self.ctx.tags[name])
        else:
            self.remove_tag(opener)
            self.report(
                ("tag", name),
                f"Liquid block tag '{name}' was removed and its content kept: it has no MyST "
                "equivalent (map the tag to convert it)",
                self.line(opener.start),
            )
        self.render(block.branches[0][1])
        for tag, kids in block.branches[1:]:
            self.remove_tag(tag)
            self.render(kids)
        if block.close is not None:
            close = block.close
            name = close.markup.name if close.markup else ""
            mapping = self.ctx.tags.get(name)
            if mapping is not None:
                self.mapped(close, mapping)
            else:
                self.remove_tag(close)

    def highlight(self, block: _Block) -> None:
        opener = block.open
        assert opener.markup is not None
        line = self.line(opener.start)
        args = split_args(opener.markup.markup)
        lang = args[0] if args else ""
        if lang and not _LANG_RE.fullmatch(lang):
            self.report(("highlight-lang", lang), f"highlight: '{lang}' is not a language name", line)
            lang = ""
        options: list[str] = []
        for word in args[1:]:
            key, _, value = word.partition("=")
            if key == "linenos":
                options.append(":linenos:")
            elif key in ("mark_lines", "hl_lines") and _LINES_RE.fullmatch(value):
                options.append(":emphasize-lines: " + ",".join(value.replace(",", " ").split()))
            else:
                self.report(("highlight-opt", key), f"highlight: option '{word}' is not supported", line)
        line_start = self.lexer.starts[line]
        before = self.text[line_start : opener.start]
        indent = before if not before.strip() else ""
        content_end = block.close.start if block.close is not None else block.end
        one_line = "\n" not in self.text[opener.end : content_end] and block.close is not None

        self.remove_tag(opener)
        open_line = self.line_index
        first = len(self.out)
        self.render(block.branches[0][1])
        for tag, kids in block.branches[1:]:
            self.remove_tag(tag)
            self.render(kids)
        content = "".join(self.out[first:])
        if one_line:
            del self.out[first:]
            self.tail = self.tail[: len(self.tail) - len(content)] if len(content) <= len(self.tail) else ""
            longest = max((len(r) for r in re.findall(r"`+", content)), default=0)
            ticks = "`" * (longest + 1)
            pad = " " if content.startswith("`") or content.endswith("`") else ""
            self.emit(f"{ticks}{pad}{content}{pad}{ticks}" if content.strip() else "")
        else:
            first_line_text = content.split("\n", 1)[0]
            self.highlights.append(
                _Highlight(
                    open_line=open_line,
                    close_line=self.line_index,
                    code_on_open_line=bool(first_line_text.strip()),
                    lang=lang,
                    options=options,
                    indent=indent,
                    line=line,
                )
            )
        if block.close is not None:
            self.remove_tag(block.close)
        if one_line and options:
            self.report(
                ("highlight-inline",), "highlight on one line became inline code; options dropped", line
            )

    # kramdown inline --------------------------------------------------------

    def markdown_text(self, piece: str, tok: _Tok) -> str:
        if "{:" in piece:
            piece = self.span_ials(piece, tok)
        if self.abbr_pattern is not None:
            piece = replace_abbreviations(piece, self.abbr_pattern, self.abbr_roles)
        return piece

    def span_ials(self, piece: str, tok: _Tok) -> str:
        out: list[str] = []
        pos = 0
        for m in SPAN_IAL_RE.finditer(piece):
            chunk = piece[pos : m.start()]
            # Look back a bounded window only: long lines must not cost quadratic time.
            low = max(0, m.start() - _LOOK_BACK)
            nl = piece.rfind("\n", low, m.start())
            if nl >= 0:
                line_before = piece[nl + 1 : m.start()]
            elif low > 0:
                line_before = "\0" + piece[low : m.start()]  # a long line: never blank
            else:
                line_before = self.tail[-_LOOK_BACK:] + piece[: m.start()]
            after = _BLANK_TO_EOL_RE.match(piece, m.end())
            at_line_end = after is not None and (
                after.group().endswith("\n") or tok.end >= len(self.text) or self.text[tok.end] in "\r\n"
            )
            if not line_before.strip() and at_line_end:
                out.append(chunk + m.group())  # a block IAL: handled line by line later
                pos = m.end()
                continue
            line = self.line(tok.start + m.start())
            attrs = parse_ial(m.group(1))
            for dropped in dict.fromkeys(attrs.dropped):
                self.report(("ial-attr", dropped), f"kramdown attribute '{dropped}' is not kept", line)
            previous = line_before[-1:]
            if not attrs:
                out.append(chunk)
            elif previous in ("]", "`") or (previous == ")" and "](" in line_before):
                out.append(chunk + attrs.myst())
            elif previous in ("*", "_"):
                wrapped = _wrap_emphasis(chunk, previous, attrs.myst())
                if wrapped is None:
                    out.append(chunk)
                    self._span_problem(line)
                else:
                    out.append(wrapped)
            else:
                out.append(chunk)
                self._span_problem(line)
            pos = m.end()
        out.append(piece[pos:])
        return "".join(out)

    def _span_problem(self, line: int) -> None:
        self.report(
            ("ial-span",),
            "kramdown span attributes not written right after a link, image, code or emphasis were dropped",
            line,
        )


def _wrap_emphasis(chunk: str, char: str, attrs: str) -> str | None:
    """``*word*`` + attrs -> ``[*word*]{attrs}`` (MyST puts attributes on spans)."""
    run = len(chunk) - len(chunk.rstrip(char))
    if run > 3 or run == 0:
        return None
    delim = char * run
    body_end = len(chunk) - run
    line_start = chunk.rfind("\n", 0, body_end) + 1
    i = body_end - 1
    while i >= line_start:
        i = chunk.rfind(delim, line_start, i + 1)
        if i < 0:
            return None
        before = chunk[i - 1] if i > line_start else ""
        after = chunk[i + run] if i + run < len(chunk) else ""
        if before != char and after not in (char, " ", "\t", "") and i + run < body_end:
            return chunk[:i] + "[" + chunk[i:] + "]" + attrs
        i -= 1
    return None


def _place_highlight(
    h: _Highlight,
    lines: list[str],
    kinds: list[str],
    code_start: list[int],
    report: _Reporter,
) -> None:
    """Put the fences of a converted ``highlight`` block on free lines."""
    first = h.open_line if h.code_on_open_line else h.open_line + 1
    last = min(h.close_line, len(lines) - 1)
    code = [i for i in range(first, last + 1) if lines[i].strip()]
    if not code:
        return
    f, l = code[0], code[-1]
    free = 0
    while free < 1 + len(h.options) and f - free - 1 >= 0 and not lines[f - free - 1].strip():
        free += 1
    closer_ok = l + 1 >= len(lines) or not lines[l + 1].strip()
    if free == 0 or not closer_ok:
        report(
            ("highlight-place", h.line),
            "highlight: no line free for the code fence; put '{% highlight %}' and "
            "'{% endhighlight %}' on lines of their own",
            h.line,
        )
        return
    options = h.options[: free - 1]
    if len(options) < len(h.options):
        dropped = ", ".join(o.split()[0] for o in h.options[len(options) :])
        report(("highlight-opts", h.line), f"highlight: no line free for {dropped}; dropped", h.line)
    longest = max((len(r) for i in range(f, l + 1) for r in re.findall(r"`+", lines[i])), default=0)
    fence = "`" * max(3, longest + 1)
    top = f - 1 - len(options)
    if options:
        lines[top] = f"{h.indent}{fence}{{code-block}} {h.lang or 'text'}"
    else:
        lines[top] = f"{h.indent}{fence}{h.lang}"
    for k, option in enumerate(options, 1):
        lines[top + k] = h.indent + option
    end = l
    if l + 1 < len(lines):
        lines[l + 1] = h.indent + fence
        end = l + 1
    for i in range(top, end + 1):
        kinds[i] = LineKind.CODE
        code_start[i] = top


def _suppress_base_urls(tokens: list[_Tok]) -> set[int]:
    """``{{ site.baseurl }}{% post_url x %}``: the path given already starts at the root."""
    suppressed: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.kind != "tag" or tok.markup is None or tok.markup.name not in ("post_url", "link"):
            continue
        j, end = i - 1, tok.start
        while j >= 0:
            prev = tokens[j]
            if (
                prev.kind != "output"
                or prev.end != end
                or prev.markup is None
                or prev.markup.markup not in ("site.baseurl", "site.url")
            ):
                break
            suppressed.add(prev.start)
            end = prev.start
            j -= 1
    return suppressed


def _needs_work(body: str) -> bool:
    return (
        "{%" in body
        or "{{" in body
        or "{:" in body
        or "{#" in body
        or ("*[" in body and _ABBR_LINE_RE.search(body) is not None)
    )


def convert(body: str, ctx: JekyllContext, *, first_line: int = 1) -> Converted:
    """Convert a Jekyll post body to MyST Markdown, keeping every line in place.

    *first_line* is the line of the original file where *body* starts; the
    problems carry lines of the original file.  Never raises.
    """
    if not _needs_work(body):
        return Converted(body, (), Counter())
    report = _Reporter(first_line)
    try:
        return _convert(body, ctx, report)
    except RecursionError:  # nesting deeper than the parser allows
        report(("internal",), "the post is nested too deeply to convert; it was left as is", 0)
    except Exception as exc:  # never let one post stop a build
        report(("internal",), f"the post could not be converted ({type(exc).__name__}: {exc}); left as is", 0)
    return Converted(body, tuple(report.problems), Counter())


def _convert(body: str, ctx: JekyllContext, report: _Reporter) -> Converted:
    lexer = _Lexer(body, report)
    lexer.run()
    tree = _parse(lexer.tokens, len(body), report, lexer.line_of)
    renderer = _Renderer(lexer, ctx, report)
    renderer.suppressed = _suppress_base_urls(lexer.tokens)
    renderer.render(tree)
    lines = "".join(renderer.out).split("\n")
    if len(lines) != lexer.nlines:
        raise AssertionError(f"line count changed from {lexer.nlines} to {len(lines)}")
    for i in renderer.touched:
        if i < len(lines) and not lines[i].strip():
            lines[i] = ""
    kinds, code_start = lexer.kinds, lexer.code_start
    for h in renderer.highlights:
        _place_highlight(h, lines, kinds, code_start, report)
    if "{:" in body or "{#" in body:
        apply_block_ials(lines, kinds, code_start, lambda key, msg, li: report(("kd", key), msg, li))
    problems = sorted(report.problems, key=lambda p: p.line)
    return Converted("\n".join(lines), tuple(problems), lexer.tag_names)
