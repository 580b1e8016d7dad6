"""Cleaning HTML fragments for other pages and for feeds: pure functions, no Sphinx.

Balancing an excerpt cut out of a page (every element closed, no stray end
tag), dropping ids and Sphinx's heading anchors, and reading plain text.
"""

from __future__ import annotations

import html as _html
import re

from .tokens import END, RAW, RAW_TEXT, START, TEXT, has_class, headerlinks, scan, text_of
from .urls import absolute_url, rewrite_tag

# -- structure ----------------------------------------------------------------

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# Start tags that end an open element whose end tag HTML lets authors omit
# (the standard's "optional tags"), so ``<p>a<p>b`` becomes two paragraphs.
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section table ul li dd dt".split()
)
_CELL_CLOSERS = frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"})
_CLOSED_BY = {
    "p": _CLOSES_P,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "option": frozenset({"option", "optgroup"}),
    "optgroup": frozenset({"optgroup"}),
    "tr": frozenset({"tr", "tbody", "thead", "tfoot"}),
    "td": _CELL_CLOSERS,
    "th": _CELL_CLOSERS,
    "thead": frozenset({"tbody", "tfoot"}),
    "tbody": frozenset({"tbody", "tfoot"}),
    "rt": frozenset({"rt", "rp"}),
    "rp": frozenset({"rt", "rp"}),
}


def balance(html: str) -> str:
    """*html* with every element closed and no end tag that closes nothing.

    Meant for excerpts cut out of a page, which may start or end inside
    elements.  Elements still open at the end are closed innermost first; an
    end tag closes everything opened after its element; void elements and
    ``<x/>`` open nothing; a tag or comment cut off by the end of the input
    is dropped.
    """
    return clean_fragment(html)


def clean_fragment(html: str, *, base_url: str | None = None, drop_ids: bool = False) -> str:
    """:func:`balance`, :func:`strip_ids` (if *drop_ids*) and :func:`absolutize`
    (if *base_url*) in one pass: the same result, for a third of the work."""
    out: list[str] = []
    stack: list[str] = []
    # Markup only: the text between two tokens is copied as one slice.
    tokens = list(scan(html, text=False))
    links = headerlinks(html, tokens) if drop_ids else {}
    rewrite = drop_ids or base_url is not None
    to_url = None if base_url is None else (lambda url: absolute_url(url, base_url))
    unclosed_link = False  # inside a headerlink anchor that only balancing closes
    pos = 0  # end of the last token read
    i = 0
    count = len(tokens)
    while i < count:
        tok = tokens[i]
        i += 1
        if tok.start > pos and not unclosed_link:
            out.append(html[pos : tok.start])
        pos = tok.end
        if not tok.complete:
            break  # only ever the last token
        kind = tok.kind
        if unclosed_link:
            if kind != END or tok.name not in stack:
                continue
            unclosed_link = False
        if kind == START:
            if i - 1 in links:
                _before_drop(out)
                i = links[i - 1] + 1
                pos = tokens[i - 1].end
                continue
            if drop_ids and tok.name == "a" and has_class(html, tok, "headerlink"):
                _before_drop(out)
                unclosed_link = True
                continue
            name = tok.name
            while stack and name in _CLOSED_BY.get(stack[-1], ()):
                out.append(f"</{stack.pop()}>")
            tag = rewrite_tag(html, tok, to_url, drop_ids) if rewrite and tok.attr_start != tok.attr_end else None
            out.append(html[tok.start : pos] if tag is None else tag)
            if name not in _VOID and (name in RAW_TEXT or not tok.self_closing):
                stack.append(name)
        elif kind == END:
            name = tok.name
            if name not in stack:
                _before_drop(out)
                continue
            while True:
                top = stack.pop()
                out.append(f"</{top}>")
                if top == name:
                    break
        else:
            out.append(html[tok.start : pos])
    else:
        if pos < len(html) and not unclosed_link:
            out.append(html[pos:])  # text after the last token
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)


def _before_drop(out: list[str]) -> None:
    # A stray "<" just before a dropped tag would start new markup with the
    # text after it ("<" "</x>" "b>" -> "<b>"); written as "&lt;" it cannot.
    if out and out[-1].endswith("<"):
        out[-1] = out[-1][:-1] + "&lt;"


_ID_HINT_RE = re.compile(r"\bid\b|headerlink", re.I | re.A)


def strip_ids(html: str) -> str:
    """*html* without ``id`` attributes and Sphinx's ``¶`` heading anchors.

    For excerpts repeated on a page, where ids would clash.
    """
    if not _ID_HINT_RE.search(html):
        return html
    tokens = list(scan(html))
    links = headerlinks(html, tokens)
    out: list[str] = []
    last = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if i in links:
            out.append(html[last : tok.start])
            _before_drop(out)
            i = links[i]
            last = tokens[i].end
        elif tok.kind == START and tok.complete:
            tag = rewrite_tag(html, tok, None, drop_ids=True)
            if tag is not None:
                out += html[last : tok.start], tag
                last = tok.end
        i += 1
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)



# -- text ---------------------------------------------------------------------

_HIDDEN = frozenset({"script", "style", "iframe", "noembed", "noframes"})
# Elements that do not separate words; any other tag counts as a space.
_INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q rp rt ruby "
    "s samp small span strike strong sub sup time tt u var wbr".split()
)
_SPACE_RE = re.compile(r"[\t\n\f\r ]+")


def to_text(html: str) -> str:
    """Plain text of *html*: no tags, comments, scripts, styles or ``¶`` anchors.

    Entities are decoded and runs of whitespace become one space (no-break
    spaces are kept).
    """
    tokens = list(scan(html))
    links = headerlinks(html, tokens)
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.kind
        if i in links:
            i = links[i]
        elif kind == TEXT or (kind == RAW and tok.name not in _HIDDEN):
            text = text_of(html, tok)
            parts.append(text if tok.name == "xmp" else _html.unescape(text))
        elif kind in (START, END) and tok.complete and tok.name not in _INLINE:
            parts.append(" ")
        i += 1
    return _SPACE_RE.sub(" ", "".join(parts)).strip(" ")

