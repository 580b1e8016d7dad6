"""Turning the block tree into MyST Markdown.

:class:`Renderer` walks the tree: it evaluates Liquid, picks the branches to
keep, applies tag mappings, converts kramdown span syntax and escapes values
for where they land.  :func:`place_highlight` then puts the fences of the
converted ``highlight`` blocks on free lines.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..core.markup import LineKind
from .embeds import BUILTIN_TAGS, EmbedError
from .expr import UNKNOWN, Evaluator, ExprError, HtmlText, Missing, compare, to_text
from .figures import Figure, figure_params
from .includes import INCLUDE_TAGS, MAX_DEPTH, Expansion, IncludeBlock
from .kramdown import (
    SPAN_IAL_RE,
    WRAPPED_SPAN_IAL_RE,
    abbreviation_pattern,
    abbreviation_role,
    parse_ial,
    replace_abbreviations,
)
from .lexer import Lexer, Token
from .liquid import BRANCHES, split_args, split_include, split_params
from .escaping import escape_html, escape_markdown, escape_url
from .model import IncludeError, IncludeUse, JekyllContext, LinkUse, TagCall, TagMapping
from .problems import LINK_SUBTYPE, Reporter
from .tree import STRUCTURAL, Block

__all__ = ["Highlight", "Renderer", "place_highlight", "suppress_base_urls"]

_LANG_RE = re.compile(r"[\w+#.-]{1,40}")
_LINES_RE = re.compile(r"[\d\s,-]+")
_LOOK_BACK = 512
_BLANK_TO_EOL_RE = re.compile(r"[ \t\r]*(?:\n|\Z)")


@dataclass(slots=True)
class Highlight:
    """A multi-line ``highlight`` block, fenced once all lines are written."""

    open_line: int
    close_line: int
    code_on_open_line: bool
    lang: str
    options: list[str]
    indent: str
    line: int


class Renderer:
    """Writes the tree as MyST, keeping every line break of the body in place."""

    def __init__(
        self,
        lexer: Lexer,
        ctx: JekyllContext,
        report: Reporter,
        expand: Callable[[str, JekyllContext], Expansion] | None = None,
    ) -> None:
        self.lexer = lexer
        self.text = lexer.text
        self.ctx = ctx
        self.report = report
        self.out: list[str] = []
        self.tail = ""
        self.strip_next = False
        self.line_index = 0
        self.touched: set[int] = set()
        self.highlights: list[Highlight] = []
        self.suppressed: set[int] = set()
        self.current_line = 0
        self.evaluator = Evaluator(ctx.site, ctx.page, self._on_missing, self._on_filter)
        self.evaluator.variables.update(ctx.variables)
        #: converts an included file (see :mod:`.includes`)
        self.expand = expand
        self.links: list[LinkUse] = []
        self.includes: list[IncludeUse] = []
        self.include_blocks: list[IncludeBlock] = []
        self.figures: list[Figure] = []
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
            if isinstance(node, Block):
                self.block(node)
            else:
                self.leaf(node)

    def leaf(self, tok: Token) -> None:
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

    def ws_before(self, tok: Token) -> None:
        if tok.markup is not None and tok.markup.lstrip:
            self.strip_before()

    def ws_after(self, tok: Token) -> None:
        if tok.markup is not None and tok.markup.rstrip:
            self.strip_next = True

    def remove_tag(self, tok: Token) -> None:
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

    def output(self, tok: Token) -> None:
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

    def tag(self, tok: Token) -> None:
        markup = tok.markup
        assert markup is not None
        name = markup.name
        mapping = self.ctx.tags.get(name) if name not in STRUCTURAL else None
        if mapping is not None:
            self.mapped(tok, mapping)
        elif name in ("post_url", "link"):
            self.post_link(tok)
        elif name in INCLUDE_TAGS and self.ctx.load_include is not None and self.expand is not None:
            self.include(tok)
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
        if name in BRANCHES or name.startswith("end"):
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

    def post_link(self, tok: Token) -> None:
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
        elif tok.ctx in ("attr", "html") and self.ctx.resolve_link is None:
            self.report(
                ("post-html",),
                f"{name} inside raw HTML gives the path of the source file, which MyST does not "
                "resolve there: write a Markdown link instead",
                line,
            )
        self.emit_with_breaks(self.format(path, tok.ctx), tok.start, tok.end)
        self.ws_after(tok)

    def include(self, tok: Token) -> None:
        """``{% include name key=value %}``: the file, converted, in its place."""
        markup = tok.markup
        assert markup is not None and self.ctx.load_include is not None and self.expand is not None
        tag = markup.name
        line = self.line(tok.start)
        self.ws_before(tok)
        file_name, params, _rest = split_include(self.inner_outputs(markup.markup, line))
        at = self.report.first_line + line
        if tok.ctx == "code":
            self.skip_include(tok, ("include-code",), f"'{tag}' inside a highlight block is not expanded", line)
            return
        if not file_name:
            self.skip_include(tok, ("include-name",), f"'{tag}' without a file name was removed", line)
            return
        try:
            found = self.ctx.load_include(file_name, tag == "include_relative")
        except IncludeError as exc:
            self.includes.append(IncludeUse(at, file_name, None, "missing", tag == "include_relative"))
            self.skip_include(tok, ("include", file_name), f"{tag} {file_name}: {exc}; the tag was removed", line)
            return
        stack = self.ctx.include_stack
        if found.path in stack:
            cycle = stack[stack.index(found.path) :]
            through = f" through {' -> '.join(cycle[1:])}" if len(cycle) > 1 else ""
            self.includes.append(IncludeUse(at, file_name, found.path, "loop", tag == "include_relative"))
            self.skip_include(tok, ("include-loop", found.path), f"{tag} {file_name}: {found.path} includes "
                              f"itself{through}; it was not expanded again", line)
            return
        if len(stack) >= MAX_DEPTH:
            self.includes.append(IncludeUse(at, file_name, found.path, "depth", tag == "include_relative"))
            self.skip_include(tok, ("include-depth",), f"{tag} {file_name}: includes nested more than "
                              f"{MAX_DEPTH} deep; {found.path} was not expanded", line)
            return
        values: dict[str, object] = {}
        for key, value, is_expression in params:
            result: object = value
            if is_expression:
                result = self.evaluate(value, line, f"{key}={value}")
                if result is UNKNOWN or isinstance(result, Missing):
                    result = None
            values[key] = result
        child = dataclasses.replace(
            self.ctx, variables={**self.evaluator.variables, "include": values}, include_stack=(*stack, found.path)
        )
        expansion = self.expand(found.text, child)
        converted = expansion.converted
        self.includes.append(IncludeUse(at, file_name, found.path, "expanded", tag == "include_relative"))
        self.includes.extend(dataclasses.replace(use, line=at) for use in converted.includes)
        for problem in converted.problems:
            if problem.subtype != LINK_SUBTYPE:
                self.report(("included", found.path, problem.line, problem.message),
                            f"{found.path}:{problem.line}: {problem.message}", line, problem.subtype)
        for use in converted.links:
            self.links.append(dataclasses.replace(use, line=at))
            if use.problem is not None:
                self.report(("link", use.url), f"{use.problem} (in {found.path})", line, LINK_SUBTYPE)
        text, several = expansion.one_line()
        if several:
            self.include_blocks.append(IncludeBlock(self.line_index, text, found.path, expansion.block_text()))
        self.emit_with_breaks(text, tok.start, tok.end)
        self.ws_after(tok)

    def skip_include(self, tok: Token, key: tuple, message: str, line: int) -> None:
        self.report(key, message, line)
        self.remove(tok.start, tok.end)
        self.ws_after(tok)

    def mapped(self, tok: Token, mapping: TagMapping) -> None:
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

    def block(self, block: Block) -> None:
        name = block.name
        if name in ("if", "unless"):
            self.conditional(block)
        elif name == "case":
            self.case(block)
        elif name == "highlight":
            self.highlight(block)
        elif name == "figure" and name not in self.ctx.tags:
            self.figure(block)
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

    def regions(self, block: Block) -> list[tuple[Token, list, int, int]]:
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

    def render_branches(self, block: Block, chosen: set[int]) -> None:
        for i, (tag, kids, start, end) in enumerate(self.regions(block)):
            self.remove_tag(tag)
            if i in chosen:
                self.render(kids)
            else:
                self.remove(start, end)
        if block.close is not None:
            self.remove_tag(block.close)

    def undecided(self, block: Block, tag: Token) -> None:
        markup = tag.markup.markup if tag.markup else ""
        self.report(
            ("undecided", block.name),
            f"'{{% {tag.markup.name if tag.markup else block.name} {markup} %}}' cannot be decided "
            "when converting; its first branch was kept",
            self.line(tag.start),
        )

    def condition(self, tag: Token) -> object:
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

    def conditional(self, block: Block) -> None:
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

    def case(self, block: Block) -> None:
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

    def unknown_block(self, block: Block) -> None:
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

    def figure(self, block: Block) -> None:
        """``{% figure caption:"..." %}`` around an image: a MyST figure,
        made once all lines are written (:func:`.figures.place_figure`)."""
        opener = block.open
        assert opener.markup is not None
        line = self.line(opener.start)
        params = figure_params(self.inner_outputs(opener.markup.markup, line))
        self.remove_tag(opener)
        open_line = self.line_index
        self.render(block.branches[0][1])
        for tag, kids in block.branches[1:]:
            self.remove_tag(tag)
            self.render(kids)
        if block.close is not None:
            self.remove_tag(block.close)
        self.figures.append(Figure(open_line, self.line_index, params, line))

    def highlight(self, block: Block) -> None:
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
                Highlight(
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

    def markdown_text(self, piece: str, tok: Token) -> str:
        if "{:" in piece:
            if "\n" in piece:
                piece = self.wrapped_span_ials(piece, tok)
            piece = self.span_ials(piece, tok)
        if self.abbr_pattern is not None:
            piece = replace_abbreviations(piece, self.abbr_pattern, self.abbr_roles)
        return piece

    def span_ials(self, piece: str, tok: Token) -> str:
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

    def wrapped_span_ials(self, piece: str, tok: Token) -> str:
        """A span IAL that wraps over lines, right after a link, image or code
        span: its attributes go right after it, its line breaks stay."""
        out: list[str] = []
        pos = 0
        for m in WRAPPED_SPAN_IAL_RE.finditer(piece):
            before = piece[: m.start()]
            nl = before.rfind("\n")
            line_before = before[nl + 1 :] if nl >= 0 else self.tail[-_LOOK_BACK:] + before
            previous = line_before[-1:]
            attrs = parse_ial(m.group(1).replace("\r", " ").replace("\n", " "))
            line = self.line(tok.start + m.start())
            for dropped in dict.fromkeys(attrs.dropped):
                self.report(("ial-attr", dropped), f"kramdown attribute '{dropped}' is not kept", line)
            if not (previous in ("]", "`") or (previous == ")" and "](" in line_before)):
                self._span_problem(line)
                attrs = parse_ial("")
            breaks = "\n".join("\r" if part.endswith("\r") else "" for part in m.group(1).split("\n")[:-1])
            breaks += "\n"
            # What followed on the last line; when nothing did and the
            # paragraph goes on, the line must not turn blank and end it.
            rest = piece[m.end() : piece.find("\n", m.end()) if "\n" in piece[m.end() :] else len(piece)]
            following = self.text[tok.start + m.end() + len(rest) + 1 :].split("\n", 1)[0]
            keep_open = not rest.strip() and following.strip() and not following.lstrip().startswith(("{:", "#"))
            out += piece[pos : m.start()], attrs.myst() if attrs else "", breaks, "&#8203;" if keep_open else ""
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


def place_highlight(
    h: Highlight,
    lines: list[str],
    kinds: list[str],
    code_start: list[int],
    report: Reporter,
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


def suppress_base_urls(tokens: list[Token]) -> set[int]:
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
