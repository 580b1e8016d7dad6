"""Jekyll post bodies (Liquid + kramdown) to MyST Markdown; see the package docstring.

The work is done in stages: :mod:`.lexer` cuts the body into tokens,
:mod:`.tree` nests them by block tags, :mod:`.renderer` writes MyST, and the
kramdown block attributes are applied line by line (:mod:`.kramdown`).
"""

from __future__ import annotations

import re
from collections import Counter

from .figures import place_figure
from .includes import Expansion, place_includes
from .kramdown import apply_block_ials
from .lexer import Lexer
from .links import rewrite_links
from .model import Converted, JekyllContext, LinkUse
from .problems import LINK_SUBTYPE, SUBTYPE, Reporter
from .renderer import Renderer, place_highlight, suppress_base_urls
from .tree import build_tree

__all__ = ["SUBTYPE", "convert"]

_ABBR_LINE_RE = re.compile(r"^ {0,3}\*\[", re.MULTILINE)


_LINK_HINT_RE = re.compile(r"\]\(|\]:|<https?:|href|src|poster", re.IGNORECASE)
# every URL the link rewriter looks at (see links.rewrite_links), found
# without reading the body's structure: Markdown destinations, reference
# definitions, autolinks, and URL attributes of raw HTML (srcset whole)
_URL_CANDIDATE_RE = re.compile(
    r"\]\(\s*<?([^\s)>]*)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)"
    r"|<([A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)>"
    r"|\b(?:href|src|poster|srcset)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE | re.MULTILINE,
)


def _has_site_link(body: str, ctx: JekyllContext) -> bool:
    """Whether *body* may hold a link that :attr:`JekyllContext.resolve_link` changes."""
    if ctx.resolve_link is None:
        return False
    if ctx.may_link is None:
        return _LINK_HINT_RE.search(body) is not None
    for match in _URL_CANDIDATE_RE.finditer(body):
        url = next(group for group in match.groups() if group is not None)
        if match.group(0)[:6].lower() == "srcset" or ctx.may_link(url):
            return True
    return False


def _needs_work(body: str, ctx: JekyllContext) -> bool:
    return (
        bool(ctx.include_stack)
        or _has_site_link(body, ctx)
        or "{%" in body
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
    return _expand(body, ctx, first_line).converted


def _expand(body: str, ctx: JekyllContext, first_line: int = 1) -> Expansion:
    """:func:`convert`, with the converted lines and their kinds (what an
    ``include`` needs of the file it includes)."""
    if not _needs_work(body, ctx):
        return Expansion(Converted(body, (), Counter()), body.split("\n"), [])
    report = Reporter(first_line)
    try:
        return _convert(body, ctx, report)
    except RecursionError:  # nesting deeper than the parser allows
        report(("internal",), "the post is nested too deeply to convert; it was left as is", 0)
    except Exception as exc:  # never let one post stop a build
        report(("internal",), f"the post could not be converted ({type(exc).__name__}: {exc}); left as is", 0)
    return Expansion(Converted(body, tuple(report.problems), Counter()), body.split("\n"), [])


def _convert(body: str, ctx: JekyllContext, report: Reporter) -> Expansion:
    lexer = Lexer(body, report)
    lexer.run()
    tree = build_tree(lexer.tokens, len(body), report, lexer.line_of)
    renderer = Renderer(lexer, ctx, report, expand=_expand)
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
    written = place_includes(renderer.include_blocks, lines, kinds, report)
    if "{:" in body or "{#" in body:
        apply_block_ials(lines, kinds, code_start, lambda key, msg, li: report(("kd", key), msg, li))
    links = renderer.links
    if ctx.resolve_link is not None:
        links = _resolve_links(lines, kinds, ctx, report, written, links)
    for figure in renderer.figures:
        place_figure(figure, lines, kinds, report)
    problems = sorted(report.problems, key=lambda p: p.line)
    includes = tuple(renderer.includes)
    converted = Converted("\n".join(lines), tuple(problems), lexer.tag_names, tuple(links), includes)
    return Expansion(converted, lines, kinds)


def _resolve_links(
    lines: list[str], kinds: list[str], ctx: JekyllContext, report: Reporter, written: set[int], links: list[LinkUse]
) -> list[LinkUse]:
    """Rewrite the links of *lines*; what was found, with the links of
    included files (*links*), in line order, each link once per line."""
    assert ctx.resolve_link is not None
    found = rewrite_links(lines, kinds, ctx.resolve_link, written)  # type: ignore[arg-type]
    uses = list(links)
    for each in found:
        problem = each.target.problem(each.url)
        if problem is not None:
            report(("link", each.url), problem, each.line, LINK_SUBTYPE)
        line = report.first_line + each.line
        uses.append(LinkUse(line, each.url, each.embedded, each.target.kind, each.target.target, problem))
    unique = {(use.line, use.url, use.embedded): use for use in sorted(uses, key=lambda u: u.line)}
    return list(unique.values())
