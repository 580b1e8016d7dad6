"""A post's text as the parser gets it: pure functions, no Sphinx.

The front matter block is replaced by blank lines, so the body keeps its
line numbers and warnings point at the right line of the original file.
When the body does not open with its own top-level heading, the
front-matter title takes the first of those lines, written as a heading in
the post's own markup with every punctuation character escaped, so the title
is text and never markup or HTML.  The source hook (:mod:`..read.source`)
applies this on ``source-read``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .frontmatter import FrontMatterError, split_front_matter
from .markup import BlockState, LineKind, body_headings, rst_adornment_chars
from .post import Post

__all__ = ["detach_separators", "relevel_headings", "replace_front_matter"]

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_RST_ADORNMENTS = "=-~^\"'`#*+:._"
_ATX_PREFIX = re.compile(r"^ {0,3}#{1,6}")


def _markdown_title(title: str) -> list[str]:
    return ["# " + _ASCII_PUNCTUATION.sub(r"\\\1", title)]


def relevel_headings(body: str) -> str:
    """Renumber the body's Markdown headings by their nesting depth, from 2.

    Jekyll bodies often start at ``###`` or skip levels, because the layout
    supplies the title.  Under the injected ``#`` title that would warn.
    Sections nest by relative level, and the depth computed here is the one
    the parser would give them, so only the warnings change, never the
    structure.  Setext headings become ATX on the same two lines, so line
    numbers stay.
    """
    if not _may_need_releveling(body):
        return body
    return _relevel_by_scan(body)


def _relevel_by_scan(body: str) -> str:
    headings = list(body_headings(body, "markdown"))
    open_levels: list[int] = []
    new_levels: list[int] = []
    for level, _text, _index in headings:
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        new_levels.append(min(6, len(open_levels) + 1))
    if all(new == old for new, (old, _t, _i) in zip(new_levels, headings)):
        return body
    # split as the scanner splits (str.splitlines: not only at "\n"), each
    # line keeping its own line break
    lines = body.splitlines(keepends=True)
    for new, (_level, _text, index) in zip(new_levels, headings):
        text, end = _line_break(lines[index])
        atx = _ATX_PREFIX.match(text)
        if atx:
            lines[index] = "#" * new + text[atx.end():] + end
        elif index + 1 < len(lines):  # setext: text line, then underline
            lines[index] = "#" * new + " " + text.strip() + end
            lines[index + 1] = _line_break(lines[index + 1])[1]
    return "".join(lines)


def _line_break(line: str) -> tuple[str, str]:
    """*line* (from ``splitlines(keepends=True)``) and its line break apart."""
    parts = line.splitlines()
    text = parts[0] if parts else ""
    return text, line[len(text):]


#: where str.splitlines() (the heading scanner's line split) starts a line
_LINE_START = r"(?:^|(?<=[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]))"
_LINE_END = r"(?=[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\Z)"
#: a line that could be a heading other than a ``##`` one: an ATX heading of
#: another level or a setext underline (a superset: code is not told apart)
_OTHER_HEADING = re.compile(_LINE_START + r" {0,3}(?:#(?!#(?:[ \t]|" + _LINE_END + r"))|[=-]+[ \t]*" + _LINE_END + ")")


def _may_need_releveling(body: str) -> bool:
    """False when every heading the body can have is a ``##`` one (or it has
    none): those are at depth 2 under the title, as they are.  A quick test
    that saves scanning the blocks of most posts."""
    return _OTHER_HEADING.search(body) is not None


def detach_separators(body: str, separators: tuple[str, ...]) -> str:
    """Give an excerpt separator that starts a line a line of its own.

    ``<!-- more -->Text`` at the start of a line opens an HTML block that runs
    to the end of the line, so CommonMark would pass the text on as raw HTML.
    The separator moves up onto the blank line above (an HTML comment may
    interrupt a paragraph), which keeps the line count; without a blank line
    above, it gets a new line.  Code is never touched.
    """
    if not any(sep in body for sep in separators):
        return body
    lines = body.split("\n")
    state = BlockState()
    out: list[str] = []
    for index, line in enumerate(lines):
        in_html = state.in_html
        kind = state.classify(line, index)
        stripped = line.lstrip(" ")
        sep = next((s for s in separators if stripped.startswith(s)), None)
        rest = stripped[len(sep):].strip() if sep else ""
        if in_html or kind == LineKind.CODE or not rest or len(line) - len(stripped) > 3:
            out.append(line)
            continue
        if out and not out[-1].strip():
            out[-1] = sep
        else:
            out.append(sep)
        out.append(rest)
        # the rest is a paragraph now, not part of an HTML block
        state = BlockState()
        state.classify(rest, index)
    return "\n".join(out)


def _rst_title(title: str, body: str) -> list[str]:
    # The first adornment style in a reST document makes the top level; pick
    # one the body does not use, so the body's sections nest under the title.
    used = rst_adornment_chars(body)
    char = next((c for c in _RST_ADORNMENTS if c not in used), "=")
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", title)
    # East Asian wide characters take two columns; an over-long line is fine.
    return [escaped, char * (2 * len(escaped) + 2)]


def replace_front_matter(
    text: str,
    post: Post,
    convert_body: Callable[[str, int], str] | None = None,
    separators: tuple[str, ...] = (),
) -> str:
    """*text* with its front matter turned into blank lines (and a title).

    *convert_body*, if given, rewrites the body (Jekyll's Liquid and kramdown);
    it gets the body and the line it starts on, and keeps the line count.
    """
    try:
        split = split_front_matter(text)
    except FrontMatterError:
        return text
    if split is None:
        return text
    lines: list[str] = []
    body = split.body
    if convert_body is not None:
        body = convert_body(body, split.body_line)
    if post.markup == "markdown" and separators:
        body = detach_separators(body, separators)
    if not post.body_has_title and post.title_source != "heading":
        if post.markup == "rst":
            lines = _rst_title(post.title, body)
        else:
            lines = _markdown_title(post.title)
            body = relevel_headings(body)
    # at most two title lines, and the front matter takes at least two
    head = "".join(line + "\n" for line in lines)
    return head + "\n" * (split.fm_lines - len(lines)) + body
