"""The ``figure`` plugin block tag, as a MyST ``figure`` directive.

``{% figure caption:"A *caption*" class:"wide" label:"fig-x" %}`` around
one Markdown image becomes::

    ```{figure} /assets/images/x.png
    :alt: the image's alt text
    :name: fig-x
    :figclass: wide
    A *caption*
    ```

on the lines the tags, the image and blank lines next to them free; kramdown
attributes of the image (``{: .icon width="70"}``) become ``:class:``,
``:width:`` and ``:height:``.  When lines are short, the options go first
(the caption never does); content that is not one image alone on its line
keeps today's form: the tags go, the content stays, and the caption is kept
as text after it, with a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.markup import LineKind
from .problems import Reporter

__all__ = ["Figure", "figure_params", "place_figure"]

_OTHER = "other"
_PARAM_RE = re.compile(r"""([\w-]+)\s*[:=]\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+))""", re.DOTALL)
_BACKSLASH_RE = re.compile(r"\\(.)", re.DOTALL)
_IMAGE_RE = re.compile(
    r"[ \t]*!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]\([ \t]*(?P<src><[^<>\n]*>|[^\s()]+)"
    r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'))?[ \t]*\)(?P<attrs>\{[^{}\n]*\})?[ \t]*\r?"""
)
_ATTRS_LINE_RE = re.compile(r"[ \t]*(\{[^{}\n]*\})[ \t]*\r?")
_ATTR_RE = re.compile(r"""#([\w:-]+)|\.([\w:-]+)|([\w-]+)=(?:"([^"]*)"|(\S+?))(?=[\s}])""")
_ESCAPES_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(slots=True)
class Figure:
    """A ``figure`` block, placed once all lines are written."""

    #: output lines of the opening and of the closing tag
    open_line: int
    close_line: int
    params: dict[str, str] = field(default_factory=dict)
    #: line of the opening tag in the body, for problems
    line: int = 0


def figure_params(markup: str) -> dict[str, str]:
    """``caption:"..." class:"..."`` (``=`` works too) as a mapping."""
    params: dict[str, str] = {}
    for m in _PARAM_RE.finditer(markup):
        quoted = m.group(2) if m.group(2) is not None else m.group(3)
        value = _BACKSLASH_RE.sub(r"\1", quoted) if quoted is not None else m.group(4)
        params[m.group(1).lower()] = " ".join(value.split())
    return params


def _attrs(text: str) -> tuple[str | None, list[str], dict[str, str]]:
    ident, classes, pairs = None, [], {}
    for m in _ATTR_RE.finditer(text):
        if m.group(1):
            ident = m.group(1)
        elif m.group(2):
            classes.append(m.group(2))
        else:
            pairs[m.group(3)] = m.group(4) if m.group(4) is not None else m.group(5)
    return ident, classes, pairs


def _one_line(text: str) -> str:
    return " ".join(text.split())


def place_figure(figure: Figure, lines: list[str], kinds: list[str], report: Reporter) -> None:
    """Rewrite the lines of *figure* as a MyST figure, or keep its content."""
    last = min(figure.close_line, len(lines) - 1)
    region = range(figure.open_line, last + 1)
    content = [i for i in region if lines[i].strip()]
    images = [i for i in content if kinds[i] == LineKind.TEXT and _IMAGE_RE.fullmatch(lines[i])]
    attr_lines = [i for i in content if kinds[i] == LineKind.TEXT and _ATTRS_LINE_RE.fullmatch(lines[i])]
    caption = _one_line(figure.params.get("caption", ""))
    if len(images) != 1 or set(content) != {*images, *attr_lines}:
        _keep(figure, lines, caption, report, "only one image, alone on its line, becomes a MyST figure")
        return
    m = _IMAGE_RE.fullmatch(lines[images[0]])
    assert m is not None
    src = m.group("src")
    src = src[1:-1] if src.startswith("<") else src
    alt = _one_line(_ESCAPES_RE.sub(r"\1", m.group("alt")))
    ident, classes, pairs = _attrs(" ".join(lines[i] for i in attr_lines) + " " + (m.group("attrs") or ""))
    options = []
    if alt:
        options.append(f":alt: {alt}")
    name = figure.params.get("label") or ident
    if name:
        options.append(f":name: {name}")
    if figure.params.get("class"):
        options.append(f":figclass: {figure.params['class']}")
    if classes:
        options.append(f":class: {' '.join(classes)}")
    for key in ("width", "height"):
        if key in pairs and re.fullmatch(r"\d+(?:\.\d+)?(?:px|%|em|rem)?", pairs[key]):
            options.append(f":{key}: {pairs[key]}")
    top, bottom = figure.open_line, last
    need = 2 + len(options) + (1 if caption else 0)
    while bottom - top + 1 < need and top > 0 and not lines[top - 1].strip() and kinds[top - 1] == LineKind.TEXT:
        top -= 1
    while bottom - top + 1 < need and bottom + 1 < len(lines) and not lines[bottom + 1].strip():
        bottom += 1
    room = bottom - top + 1
    if room < 2 + (1 if caption else 0):
        _keep(figure, lines, caption, report, "no line is free for the figure's directive")
        return
    dropped = options[room - 2 - (1 if caption else 0) :]
    options = options[: len(options) - len(dropped)]
    if dropped:
        report(
            ("figure-options", figure.line),
            "figure: no line free for " + ", ".join(o.split(":")[1] for o in dropped) + "; dropped",
            figure.line,
        )
    longest = max((len(run) for run in re.findall(r"`+", caption)), default=0)
    fence = "`" * max(3, longest + 1)
    written = [f"{fence}{{figure}} {src}", *options, *([caption] if caption else []), fence]
    for k, i in enumerate(range(top, bottom + 1)):
        lines[i] = written[k] if k < len(written) else ""
        kinds[i] = _OTHER


def _keep(figure: Figure, lines: list[str], caption: str, report: Reporter, why: str) -> None:
    close = figure.close_line
    kept = ""
    if caption and close < len(lines) and not lines[close].strip():
        lines[close] = caption
        kept = "; the caption was kept as text after it"
    elif caption:
        kept = "; its caption was dropped"
    report(("figure", figure.line), f"figure: {why}{kept}", figure.line)
