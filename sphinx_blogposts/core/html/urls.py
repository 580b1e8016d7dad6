"""URLs in HTML fragments and in front matter: pure functions, no Sphinx.

Rewriting the URLs of ``href``, ``src``, ``poster`` and ``srcset``
attributes (made absolute for feeds, relocated for a page in another
folder), resolving single URLs, and refusing unsafe schemes in values that
come from front matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit

from .tokens import SPACE, START, Token, attributes, escape_attr, scan

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
    for tok in scan(html):
        if tok.kind != START or not tok.complete or tok.attr_start == tok.attr_end:
            continue
        tag = rewrite_tag(html, tok, func, drop_ids=False)
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
    for tok in scan(html):
        if tok.kind != START or not tok.complete or tok.attr_start == tok.attr_end:
            continue
        for name, value, m in attributes(html, tok):
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
        new = rewrite_srcset(part.value, func) if part.name == "srcset" else func(part.value)
        out.append(part.written if new == part.value else f'{part.written_name}="{escape_attr(new)}"')
    return "".join(out)


_SRCSET_SEP_RE = re.compile(r"[\t\n\f\r ,]*")
_SRCSET_URL_RE = re.compile(r"[^\t\n\f\r ]+")


def rewrite_srcset(value: str, func: Callable[[str], str]) -> str:
    """*func* applied to each URL of a ``srcset`` value, descriptors kept."""
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



def rewrite_tag(
    html: str, tok: Token, url_func: Callable[[str], str] | None, drop_ids: bool
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
    for name, value, m in attributes(html, tok):
        if drop_ids and name == "id":
            start = m.start()
            while start > tok.attr_start and html[start - 1] in "\t\n\f\r /":
                start -= 1
            # keep a space before what follows, so "x/" or a next name
            # cannot join the attribute before
            following = html[m.end() : m.end() + 1]
            out += html[last:start], " " if following and following not in SPACE + ">" else ""
            last = m.end()
        elif url_func is not None and value and name in _URL_ATTRS:
            new = rewrite_srcset(value, url_func) if name == "srcset" else url_func(value)
            if new != value:
                out += html[last : m.start()], m.group(1), '="', escape_attr(new), '"'
                last = m.end()
    if not out:
        return None
    out.append(html[last : tok.end])
    return "".join(out)



# -- values from front matter ---------------------------------------------------

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters browsers ignore or strip inside a scheme ("java\tscript:").
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME_NAME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def first_base_url(*candidates: object) -> str | None:
    """The first of *candidates* that is an absolute, safe URL, ending in ``/``."""
    for value in candidates:
        if isinstance(value, str) and value and safe_url(value) and "://" in value:
            return value if value.endswith("/") else value + "/"
    return None


def safe_url(value: str | None) -> str | None:
    """*value* if it is an http(s)/mailto or relative URL, else ``None``.

    ``javascript:``, ``data:`` and other schemes are refused: front matter is
    untrusted, and these values end up in ``href`` and ``src`` attributes.
    """
    if not value:
        return None
    probe = _INVISIBLE_RE.sub("", value)
    match = _SCHEME_NAME_RE.match(probe)
    if match is not None and match.group(1).lower() not in _SAFE_SCHEMES:
        return None
    if probe.startswith("//") or probe.startswith("\\"):
        return value.strip() if probe.startswith("//") else None
    return value.strip()


def site_url(base: str, value: str, relative_to: str) -> str:
    """*value* from front matter as an absolute URL.

    A site path (``/images/x.png``) is inside the site, so under *base* as
    Jekyll's ``absolute_url`` puts it under ``url`` + ``baseurl``; any other
    relative value is resolved against *relative_to*.
    """
    if value.startswith("/") and not value.startswith("//"):
        return absolute_url(value.lstrip("/"), base)
    return absolute_url(value, relative_to)
