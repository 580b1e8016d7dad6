"""Jekyll post bodies (Liquid + kramdown) to MyST Markdown; see the package docstring.

The work is done in stages: :mod:`.lexer` cuts the body into tokens,
:mod:`.tree` nests them by block tags, :mod:`.renderer` writes MyST, and the
kramdown block attributes are applied line by line (:mod:`.kramdown`).
"""

from __future__ import annotations

import re
from collections import Counter

from .kramdown import apply_block_ials
from .lexer import Lexer
from .model import Converted, JekyllContext
from .problems import SUBTYPE, Reporter
from .renderer import Renderer, place_highlight, suppress_base_urls
from .tree import build_tree

__all__ = ["SUBTYPE", "convert"]

_ABBR_LINE_RE = re.compile(r"^ {0,3}\*\[", re.MULTILINE)


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
    report = Reporter(first_line)
    try:
        return _convert(body, ctx, report)
    except RecursionError:  # nesting deeper than the parser allows
        report(("internal",), "the post is nested too deeply to convert; it was left as is", 0)
    except Exception as exc:  # never let one post stop a build
        report(("internal",), f"the post could not be converted ({type(exc).__name__}: {exc}); left as is", 0)
    return Converted(body, tuple(report.problems), Counter())


def _convert(body: str, ctx: JekyllContext, report: Reporter) -> Converted:
    lexer = Lexer(body, report)
    lexer.run()
    tree = build_tree(lexer.tokens, len(body), report, lexer.line_of)
    renderer = Renderer(lexer, ctx, report)
    renderer.suppressed = suppress_base_urls(lexer.tokens)
    renderer.render(tree)
    lines = "".join(renderer.out).split("\n")
    if len(lines) != lexer.nlines:
        raise AssertionError(f"line count changed from {lexer.nlines} to {len(lines)}")
    for i in renderer.touched:
        if i < len(lines) and not lines[i].strip():
            lines[i] = ""
    kinds, code_start = lexer.kinds, lexer.code_start
    for h in renderer.highlights:
        place_highlight(h, lines, kinds, code_start, report)
    if "{:" in body or "{#" in body:
        apply_block_ials(lines, kinds, code_start, lambda key, msg, li: report(("kd", key), msg, li))
    problems = sorted(report.problems, key=lambda p: p.line)
    return Converted("\n".join(lines), tuple(problems), lexer.tag_names)
