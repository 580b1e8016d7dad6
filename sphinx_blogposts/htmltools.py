"""Operations on HTML fragments: pure functions, no Sphinx.

The fragments are what Sphinx's HTML writer produced, plus any raw HTML a
post embeds.  A small tokenizer follows the HTML standard's rules for where
tags, attributes, comments and raw text (``<script>``, ``<style>``...) begin
and end, so only real attribute values are changed and everything else is
kept byte for byte.  No function raises, whatever the input string.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator
from html.entities import html5 as _ENTITIES
from typing import NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit

__all__ = [
    "rewrite_urls", "url_template", "fill_urls", "absolutize", "absolute_url", "relocate", "relocation", "balance", "strip_ids", "clean_fragment", "to_text",
]

# -- tokenizer -------------------------------------------------------------

_TEXT, _START, _END, _COMMENT, _RAW = range(5)

# A whole start or end tag.  Quantifiers are possessive so that a tag that is
# never closed costs one linear scan, never backtracking.  An unclosed quoted
# value runs to the end of the input, as in the HTML standard; group 5 is
# empty when the tag is cut off by the end of the input.
_TAG = (
    r"<(/?)([a-zA-Z][^\t\n\f\r />]*+)"
    r"((?:[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+))?+)*+)"
    r"([\t\n\f\r /]*+)(>?)"
)
# The next markup: a tag (the groups of _TAG), or the start of a comment,
# a "<!", "<?" or "</" that is not an end tag ("</" at the very end counts:
# an end tag cut off).  One search finds and reads the next tag.
_NEXT_RE = re.compile(_TAG + r"|<(?:[!?]|/.?)", re.S)
# One attribute inside the attribute part matched by _TAG.
_ATTR_RE = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r />=]*+)"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+))?+"
)
_COMMENT_RE = re.compile(r"<!--(?:-?>|.*?--!?>)", re.S)
_BOGUS_RE = re.compile(r"<[!?/][^>]*>")

# Elements whose content is text up to their end tag.  <noscript> is not one:
# feed readers run no scripts and parse its content as markup.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_RAW_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.I | re.A) for name in _RAW_TEXT
}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPACE = "\t\n\f\r "


class _Token(NamedTuple):
    kind: int
    start: int
    end: int
    name: str = ""  # lower-cased tag name (tags, and raw text: its element)
    complete: bool = True  # False: cut off by the end of the input
    attr_start: int = 0
    attr_end: int = 0
    self_closing: bool = False


def _scan(html: str, text: bool = True) -> Iterator[_Token]:
    """The tokens of *html*; without *text*, not the text between markup
    (what is between two tokens is text)."""
    pos = 0
    n = len(html)
    search = _NEXT_RE.search
    while pos < n:
        m = search(html, pos)
        if m is None:
            if text:
                yield _Token(_TEXT, pos, n)
            return
        lt = m.start()
        if lt > pos and text:
            yield _Token(_TEXT, pos, lt)
        slash, raw_name, spaces, gt = m.group(1, 2, 4, 5)
        if raw_name is not None:
            name = raw_name.translate(_ASCII_LOWER)
            is_end = bool(slash)
            complete = bool(gt)
            pos = m.end()
            attr_start, attr_end = m.span(3)
            yield _Token(
                _END if is_end else _START, lt, pos, name, complete, attr_start, attr_end, spaces.endswith("/"),
            )
            if complete and not is_end and name in _RAW_TEXT:
                end = _RAW_END[name].search(html, pos)
                stop = end.start() if end else n
                if stop > pos:
                    yield _Token(_RAW, pos, stop, name)
                pos = stop
            continue
        if html.startswith("<!--", lt):
            comment = _COMMENT_RE.match(html, lt)
        elif html.startswith("</>", lt):
            pos = lt + 3
            yield _Token(_COMMENT, lt, pos)  # ignored by parsers, like a comment
            continue
        else:
            comment = _BOGUS_RE.match(html, lt)
        if comment is None:
            yield _Token(_COMMENT, lt, n, complete=False)
            return
        pos = comment.end()
        yield _Token(_COMMENT, lt, pos)


def _attributes(html: str, tok: _Token) -> Iterator[tuple[str, str | None, re.Match[str]]]:
    """(lower-cased name, unescaped value or None, match) of each attribute."""
    for m in _ATTR_RE.finditer(html, tok.attr_start, tok.attr_end):
        value = m.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        yield m.group(1).translate(_ASCII_LOWER), None if value is None else _unescape_attr(value), m


_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _unescape_attr(value: str) -> str:
    """Decode character references the way browsers do inside attribute values.

    Unlike :func:`html.unescape`, a legacy reference without ``;`` that is
    followed by ``=`` or a letter or digit stays as it is, so ``?a=1&copy=2``
    keeps its ``&copy``.
    """
    if "&" not in value:
        return value

    def decode(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            return _html.unescape(m.group(0))
        if ref.endswith(";"):
            return _ENTITIES.get(ref, m.group(0))
        if ref in _ENTITIES and value[m.end() : m.end() + 1] != "=":
            return _ENTITIES[ref]
        return m.group(0)

    return _CHARREF_RE.sub(decode, value)


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _text(html: str, tok: _Token) -> str:
    return html[tok.start : tok.end]


# -- URLs --------------------------------------------------------------------

_URL_ATTRS = frozenset({"href", "src", "poster", "srcset"})
_URL_ATTR_HINT_RE = re.compile(r"href|src|poster", re.I | re.A)
_ID_OR_URL_HINT_RE = re.compile(r"id|href|src|poster", re.I | re.A)


def rewrite_urls(html: str, func: Callable[[str], str]) -> str:
    """Apply *func* to every URL in ``href``, ``src``, ``poster`` and ``srcset``.

    *func* gets the value unescaped and returns a plain URL; a changed value is
    written back escaped, in double quotes.  Unchanged values, and everything
    else (comments, ``<script>``, text), keep their exact bytes.
    """
    if not _URL_ATTR_HINT_RE.search(html):
        return html
    out: list[str] = []
    last = 0
    for tok in _scan(html):
        if tok.kind != _START or not tok.complete or tok.attr_start == tok.attr_end:
            continue
        tag = _rewrite_tag(html, tok, func, drop_ids=False)
        if tag is not None:
            out += html[last : tok.start], tag
            last = tok.end
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


class URLSlot(NamedTuple):
    """One URL attribute of a :func:`url_template`."""

    name: str  # lower-cased
    value: str  # unescaped
    written: str  # the attribute as written
    written_name: str


def url_template(html: str, relative_only: bool = False) -> list[str | URLSlot]:
    """*html* cut into text and the URL attributes :func:`rewrite_urls` would
    look at, so that :func:`fill_urls` can rewrite it for many *func* without
    reading the HTML again.  With *relative_only*, only attributes holding a
    relative URL (the only ones :func:`relocation` changes) are slots."""
    if not _URL_ATTR_HINT_RE.search(html):
        return [html]
    parts: list[str | URLSlot] = []
    last = 0
    for tok in _scan(html):
        if tok.kind != _START or not tok.complete or tok.attr_start == tok.attr_end:
            continue
        for name, value, m in _attributes(html, tok):
            if value and name in _URL_ATTRS and not (relative_only and name != "srcset" and _fixed_url(value)):
                parts += html[last : m.start()], URLSlot(name, value, m.group(0), m.group(1))
                last = m.end()
    parts.append(html[last:])
    return parts


def fill_urls(template: list[str | URLSlot], func: Callable[[str], str]) -> str:
    """``rewrite_urls(html, func)`` for the *html* of ``url_template(html)``."""
    out: list[str] = []
    for part in template:
        if isinstance(part, str):
            out.append(part)
            continue
        new = _rewrite_srcset(part.value, func) if part.name == "srcset" else func(part.value)
        out.append(part.written if new == part.value else f'{part.written_name}="{_escape_attr(new)}"')
    return "".join(out)


_SRCSET_SEP_RE = re.compile(r"[\t\n\f\r ,]*")
_SRCSET_URL_RE = re.compile(r"[^\t\n\f\r ]+")


def _rewrite_srcset(value: str, func: Callable[[str], str]) -> str:
    # The standard's candidate parsing: a URL is a run of non-spaces (a data:
    # URL may hold commas), trailing commas end the candidate, and otherwise
    # its descriptors run to the next comma outside parentheses.
    out: list[str] = []
    pos, n = 0, len(value)
    while pos < n:
        sep = _SRCSET_SEP_RE.match(value, pos)
        assert sep is not None
        out.append(sep.group())
        pos = sep.end()
        if pos >= n:
            break
        url_match = _SRCSET_URL_RE.match(value, pos)
        assert url_match is not None
        url = url_match.group()
        pos = url_match.end()
        if url.endswith(","):
            stripped = url.rstrip(",")
            out += func(stripped), url[len(stripped) :]
            continue
        out.append(func(url))
        start, depth = pos, 0
        while pos < n:
            char = value[pos]
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "," and not depth:
                break
            pos += 1
        out.append(value[start:pos])
    return "".join(out)


_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_AUTHORITY_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?://[^/?#]*)?")
_LONE_PERCENT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
# What URL parsers strip from both ends of a URL: C0 controls and space.
_URL_TRIM = "".join(map(chr, range(0x21)))
# Everything valid in a URL's path, query and fragment, plus "%" of "%XX".
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def _clean_ref(url: str) -> str:
    """*url* as a URL parser reads it: trimmed, tabs and newlines removed."""
    return _TAB_NEWLINE_RE.sub("", url.strip(_URL_TRIM)).replace("\\", "/")


def _encode(url: str) -> str:
    """Percent-encode what is not valid in *url*, keeping existing ``%XX``."""
    head = _AUTHORITY_RE.match(url)
    cut = head.end() if head else 0
    rest = _LONE_PERCENT_RE.sub("%25", url[cut:])
    return url[:cut] + quote(rest, safe=_URL_SAFE, errors="surrogatepass")


def absolutize(html: str, base_url: str) -> str:
    """Make every relative URL in *html* absolute, resolved against *base_url*.

    URLs with a scheme are left untouched; protocol-relative ones (``//host``)
    get ``https:``.  The results are percent-encoded where needed.
    """

    return rewrite_urls(html, lambda url: absolute_url(url, base_url))


def absolute_url(url: str, base_url: str) -> str:
    """*url* resolved against *base_url* and percent-encoded where needed, as
    :func:`absolutize` does it; a URL with a scheme (or a malformed one) is
    returned as it is."""
    ref = _clean_ref(url)
    if _SCHEME_RE.match(ref):
        return url
    try:
        absolute = "https:" + ref if ref.startswith("//") else urljoin(base_url, ref)
        urlsplit(absolute)
    except ValueError:  # e.g. a malformed IPv6 host
        return url
    return _encode(absolute)


# Stands for the site while resolving paths; never appears in results.
_SITE = "https://site.invalid/"


def _fixed_url(url: str) -> bool:
    """Whether *url* means the same on every page: it has a scheme, or is
    ``//host...`` or ``/path``."""
    ref = _clean_ref(url)
    return bool(_SCHEME_RE.match(ref)) or ref.startswith("/")


def relocate(html: str, from_path: str, to_path: str) -> str:
    """Rewrite relative URLs written for page *from_path* to work on *to_path*.

    See :func:`relocation` for the rules.
    """
    if from_path.lstrip("/") == to_path.lstrip("/"):
        return html
    return rewrite_urls(html, relocation(from_path, to_path))


def relocation(from_path: str, to_path: str) -> Callable[[str], str]:
    """The URL rewrite of :func:`relocate`, for :func:`fill_urls`.

    Both are site-relative URL paths of pages, as the builder's target URIs:
    ``posts/first.html``, or for dirhtml ``posts/first/`` (a path ending in
    ``/``, or empty for the site's root, is a directory page, and relative
    URLs on it resolve inside that directory).  ``#x`` becomes a link to
    *from_path*'s page.  URLs with a scheme, ``//host`` and ``/path`` ones
    mean the same on every page and are left untouched.
    """
    from_path = from_path.lstrip("/")
    to_path = to_path.lstrip("/")
    if from_path == to_path:
        return lambda url: url
    base = _SITE + from_path
    here = to_path.split("/")[:-1]  # the folders of the page showing the fragment

    def convert(url: str) -> str:
        if _fixed_url(url):
            return url
        ref = _clean_ref(url)
        try:
            target = urlsplit(urljoin(base, ref))
        except ValueError:
            return url
        if f"{target.scheme}://{target.netloc}/" != _SITE:
            return url
        result = _relative_path(target.path, here)
        if target.query:
            result += "?" + target.query
        if target.fragment:
            result += "#" + target.fragment
        return result

    return convert


def _relative_path(target: str, here: list[str]) -> str:
    """The path from a page in folders *here* to the absolute path *target*."""
    segments = target.split("/")[1:]  # "/a/b/" -> ["a", "b", ""]
    common = 0
    limit = min(len(segments) - 1, len(here))
    while common < limit and unquote(segments[common]) == unquote(here[common]):
        common += 1
    rest = "/".join(segments[common:])
    result = "../" * (len(here) - common) + rest
    first = rest.split("/", 1)[0]
    if not result or (common == len(here) and (":" in first or rest.startswith("/"))):
        # "" would mean this page, not the folder; "a:b" would read as a scheme
        result = "./" + result
    return result


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
    tokens = list(_scan(html, text=False))
    links = _headerlinks(html, tokens) if drop_ids else {}
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
            if kind != _END or tok.name not in stack:
                continue
            unclosed_link = False
        if kind == _START:
            if i - 1 in links:
                _before_drop(out)
                i = links[i - 1] + 1
                pos = tokens[i - 1].end
                continue
            if drop_ids and tok.name == "a" and _has_class(html, tok, "headerlink"):
                _before_drop(out)
                unclosed_link = True
                continue
            name = tok.name
            while stack and name in _CLOSED_BY.get(stack[-1], ()):
                out.append(f"</{stack.pop()}>")
            tag = _rewrite_tag(html, tok, to_url, drop_ids) if rewrite and tok.attr_start != tok.attr_end else None
            out.append(html[tok.start : pos] if tag is None else tag)
            if name not in _VOID and (name in _RAW_TEXT or not tok.self_closing):
                stack.append(name)
        elif kind == _END:
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


def _rewrite_tag(
    html: str, tok: _Token, url_func: Callable[[str], str] | None, drop_ids: bool
) -> str | None:
    """The start tag *tok* without ``id`` (if *drop_ids*) and with *url_func*
    applied to its URLs, or ``None`` when nothing changes.

    A changed URL is written back escaped, in double quotes; everything else
    keeps its exact bytes.
    """
    hint = _ID_OR_URL_HINT_RE if drop_ids else _URL_ATTR_HINT_RE
    if not hint.search(html, tok.attr_start, tok.attr_end):
        return None  # most tags: no attribute that could change
    out: list[str] = []
    last = tok.start
    for name, value, m in _attributes(html, tok):
        if drop_ids and name == "id":
            start = m.start()
            while start > tok.attr_start and html[start - 1] in "\t\n\f\r /":
                start -= 1
            # keep a space before what follows, so "x/" or a next name
            # cannot join the attribute before
            following = html[m.end() : m.end() + 1]
            out += html[last:start], " " if following and following not in _SPACE + ">" else ""
            last = m.end()
        elif url_func is not None and value and name in _URL_ATTRS:
            new = _rewrite_srcset(value, url_func) if name == "srcset" else url_func(value)
            if new != value:
                out += html[last : m.start()], m.group(1), '="', _escape_attr(new), '"'
                last = m.end()
    if not out:
        return None
    out.append(html[last : tok.end])
    return "".join(out)


def _before_drop(out: list[str]) -> None:
    # A stray "<" just before a dropped tag would start new markup with the
    # text after it ("<" "</x>" "b>" -> "<b>"); written as "&lt;" it cannot.
    if out and out[-1].endswith("<"):
        out[-1] = out[-1][:-1] + "&lt;"


def _has_class(html: str, tok: _Token, cls: str) -> bool:
    for name, value, _m in _attributes(html, tok):
        if name == "class":
            return value is not None and cls in value.split()
    return False


def _headerlinks(html: str, tokens: list[_Token]) -> dict[int, int]:
    """Index of each ``<a class="headerlink">`` -> index of its ``</a>``."""
    spans: dict[int, int] = {}
    if "headerlink" not in html:
        return spans
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == _START and tok.name == "a" and tok.complete and _has_class(html, tok, "headerlink"):
            for j in range(i + 1, len(tokens)):
                if tokens[j].kind == _END and tokens[j].name == "a":
                    spans[i] = j
                    i = j
                    break
        i += 1
    return spans


_ID_HINT_RE = re.compile(r"\bid\b|headerlink", re.I | re.A)


def strip_ids(html: str) -> str:
    """*html* without ``id`` attributes and Sphinx's ``¶`` heading anchors.

    For excerpts repeated on a page, where ids would clash.
    """
    if not _ID_HINT_RE.search(html):
        return html
    tokens = list(_scan(html))
    links = _headerlinks(html, tokens)
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
        elif tok.kind == _START and tok.complete:
            tag = _rewrite_tag(html, tok, None, drop_ids=True)
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
    tokens = list(_scan(html))
    links = _headerlinks(html, tokens)
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.kind
        if i in links:
            i = links[i]
        elif kind == _TEXT or (kind == _RAW and tok.name not in _HIDDEN):
            text = _text(html, tok)
            parts.append(text if tok.name == "xmp" else _html.unescape(text))
        elif kind in (_START, _END) and tok.complete and tok.name not in _INLINE:
            parts.append(" ")
        i += 1
    return _SPACE_RE.sub(" ", "".join(parts)).strip(" ")
