"""Links in a moved Jekyll post: old addresses to posts, pages and files.

Pure module.  A Jekyll post links to the other posts of its site by their
addresses there (``/een-incredible-2010/``, ``{{ site.url }}/2014/03/x.html``,
``../images/a.png`` relative to its own address) and to the site's files
(``/assets/a.pdf``).  :class:`SiteLinks` knows every post's old address, the
project's documents and its files; :meth:`SiteLinks.resolve` says what one
link leads to, and :func:`rewrite_links` rewrites the links of converted
lines (Markdown destinations, link reference definitions, autolinks, and
``href``/``src`` in raw HTML) with it.

What a link becomes:

- another post or a document: ``blogposts:/<source path>`` with the query
  and fragment kept; the build turns it into a link to that page
  (:mod:`...read.links`), right for each builder;
- a file in the source folder: its path from the source folder
  (``/assets/a.pdf``), which Sphinx copies as an image or a download;
- an old address that is none of these (a page that was not moved, a
  deleted post, a file not copied): the same path on the new site's base
  URL, and a problem naming it.

Which links are looked at: root-relative ones (``/x/``), absolute ones on
the old host (``site.url``, http or https, with or without ``www.``), and,
when the post's old address is known, relative ones that name no file or
document from the post's source.  A Markdown link to a single word
(``[text](label)``) is MyST's reference to a target, and stays one.  An address matches with or without ``.html``,
``index.html`` and the trailing slash, percent-encoded or not, and, when no
address matches exactly, in any case.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..core.html.tokens import escape_attr
from ..core.html.urls import URLSlot, rewrite_srcset, url_template
from ..core.markup import LineKind
from .escaping import escape_markdown

__all__ = ["MARKER", "SiteLinks", "Target", "address_key", "rewrite_links"]

#: the scheme of links to documents, resolved by the build for each builder
MARKER = "blogposts:"
#: what a source path may keep unencoded in a marker or a file link
_PATH_SAFE = "/!$&'*+,;=@~-._"
_URL_SAFE = "/!$&'*+,;=@~-._%?#:"
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PAGE_SUFFIXES = (".html", ".htm")


def address_key(path: str) -> str:
    """An old address as links may write it, reduced to one key: percent-
    decoded, without ``index.html``, ``.html`` or a trailing slash."""
    text = re.sub(r"/{2,}", "/", unquote(path))
    lower = text.lower()
    for suffix in ("/index.html", "/index.htm"):
        if lower.endswith(suffix):
            text = text[: -len(suffix) + 1]
            break
    else:
        for suffix in _PAGE_SUFFIXES:
            if lower.endswith(suffix):
                text = text[: -len(suffix)]
                break
    text = text.rstrip("/")
    return text if text.startswith("/") else "/" + text


@dataclass(frozen=True, slots=True)
class Target:
    """What one link leads to."""

    #: ``post``, ``page`` or ``file`` (found: an old address, a document by its
    #: address, a file); ``source`` (found: a path to a document's source
    #: file, as ``post_url`` gives); ``missing`` (a file that is not in the
    #: source folder) or ``unknown`` (no post, page or file)
    kind: str
    #: what to write in place of the link
    dest: str
    #: the source path it leads to, or the URL it now has
    target: str
    #: the path on the old site, decoded (``/contact``)
    path: str = ""

    @property
    def found(self) -> bool:
        return self.kind in ("post", "page", "file", "source")

    def problem(self, url: str) -> str | None:
        """What to say about a link to *url* that leads here, if anything."""
        if self.found:
            return None
        if self.target.startswith(MARKER):
            where = f"'{self.path}' from the root of this site (no base URL is set)"
        else:
            where = self.target
        if self.kind == "missing":
            return (
                f"link to '{url}': the file '{self.path.lstrip('/')}' is not in the source folder; "
                f"it now links to {where} (copy the file there to publish it with the site)"
            )
        return f"link to '{url}': no post, page or file has this address; it now links to {where}"


@dataclass(frozen=True)
class SiteLinks:
    """Everything a post's links may lead to; made once per build."""

    #: address key -> source path of the post that had it
    addresses: Mapping[str, str] = field(default_factory=dict)
    #: source path of a post -> its old address (escaped), for relative links
    address_of: Mapping[str, str] = field(default_factory=dict)
    #: address key -> source path of a document (``/faqs`` -> ``faqs.md``)
    pages: Mapping[str, str] = field(default_factory=dict)
    #: source paths of the documents
    sources: frozenset[str] = frozenset()
    #: whether a path, relative to the source folder, is a file there
    is_file: Callable[[str], bool] = lambda _path: False
    #: the old site's hosts, lower case, without ``www.``
    hosts: frozenset[str] = frozenset()
    #: the old site's path prefix (``site.baseurl``), e.g. ``/blog``; or ``""``
    prefix: str = ""
    #: the new site's base URL, ending in ``/``, or ``None``
    base_url: str | None = None
    _folded: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for mapping in (self.addresses, self.pages):
            for key, value in mapping.items():
                self._folded.setdefault(key.casefold(), value)

    def resolve(self, url: str, source: str, *, embedded: bool = False) -> Target | None:
        """What *url*, written in the post at *source* (its source path),
        leads to; ``None`` for a link left as it is (external, a fragment, a
        file next to the post, a path the build resolves itself).  *embedded*:
        the URL is an image or other embedded file."""
        found = self._old_path(url.strip(), source)
        if found is None:
            return None
        path, query, fragment, kept = found
        extra = ("?" + query if query else "") + ("#" + fragment if fragment else "")
        decoded = unquote(path).lstrip("/")
        if decoded and self.is_file(decoded):
            # a document's source path (what post_url gives) or another file
            if decoded in self.sources:
                return Target("source", "/" + quote(decoded, safe=_PATH_SAFE) + extra, decoded, "/" + decoded)
            # Sphinx links files without query or fragment
            return Target("file", "/" + quote(decoded, safe=_PATH_SAFE), decoded, "/" + decoded)
        key = address_key(path)
        source_path = self.addresses.get(key) or self.pages.get(key) or self._folded.get(key.casefold())
        if source_path is not None:
            kind = "post" if source_path in self.address_of else "page"
            dest = MARKER + "/" + quote(source_path, safe=_PATH_SAFE) + extra
            return Target(kind, dest, source_path, unquote(path))
        last = posixpath.basename(unquote(path).rstrip("/"))
        is_file = embedded or ("." in last and not last.lower().endswith(_PAGE_SUFFIXES) and not path.endswith("/"))
        if self.base_url is not None:
            new = self.base_url + quote(unquote(path).lstrip("/"), safe=_URL_SAFE) + extra
        elif kept is not None:
            new = kept
        else:  # the same path from the root of the output, found by the build
            new = MARKER + "/" + quote(unquote(path).lstrip("/"), safe=_PATH_SAFE) + extra
        return Target("missing" if is_file else "unknown", new, new, unquote(path))

    def may_resolve(self, url: str, source: str) -> bool:
        """Whether :meth:`resolve` may find something for *url*, written in
        the post at *source*: a root-relative link, one on the old host, or a
        relative one that names no file or document next to the post (a
        quick test: no address is looked up)."""
        url = url.strip()
        if not url or url.startswith(("#", "?", MARKER)):
            return False
        if url.startswith("/") and not url.startswith("//"):
            return True
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if parts.scheme or parts.netloc:
            return parts.scheme.lower() in ("", "http", "https") and self._old_host(parts.hostname)
        if not parts.path or _SCHEME_RE.match(url):
            return False
        return not self._local(parts.path, source) and source in self.address_of

    def _local(self, path: str, source: str) -> bool:
        """Whether the relative *path* names a file or document from the
        post's source (which Sphinx finds itself)."""
        here = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
        return self.is_file(here) or "/" + here in self.pages

    def _old_path(self, url: str, source: str) -> tuple[str, str, str, str | None] | None:
        """``(path on the old site, query, fragment, the URL to keep when
        nothing is found or None)`` for a link to the old site, else ``None``."""
        if not url or url.startswith(("#", "?")) or url.startswith(MARKER):
            return None
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        kept: str | None = None
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() not in ("", "http", "https") or not self._old_host(parts.hostname):
                return None
            path, kept = parts.path or "/", url
        elif parts.path.startswith("/"):
            path = parts.path
        elif not parts.path or _SCHEME_RE.match(url):
            return None
        else:
            if self._local(parts.path, source):
                return None  # a file or document from the post's source: Sphinx finds it
            address = self.address_of.get(source)
            if address is None:
                return None
            path = urlsplit(urljoin("https://site.invalid" + address, parts.path)).path
        path = re.sub(r"/{2,}", "/", path)
        prefix = self.prefix
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
        return path, parts.query, parts.fragment, kept

    def _old_host(self, host: str | None) -> bool:
        if not host:
            return False
        host = host.lower().rstrip(".")
        return host.removeprefix("www.") in self.hosts


def old_hosts(site_url: str) -> tuple[frozenset[str], str]:
    """The hosts of ``site.url`` (without ``www.``) and the path it adds."""
    try:
        parts = urlsplit(site_url.strip())
    except ValueError:
        return frozenset(), ""
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return frozenset(), ""
    return frozenset({host.removeprefix("www.")}), parts.path.rstrip("/")


# -- rewriting converted lines --------------------------------------------------

#: the destination of an inline link or image, after ``](``
_DEST_CHAR = r"(?:[^\s()<>\\]|\\[^\s])"
_INLINE_DEST_RE = re.compile(
    r"(?<!\\)\]\([ \t]*(<(?:[^<>\n\\]|\\.)*>|" + _DEST_CHAR + r"+(?:\(" + _DEST_CHAR + r"*\)" + _DEST_CHAR + r"*)*)"
)
# a link reference definition; ``[^note]:`` is a footnote's
_REF_DEF_RE = re.compile(r"^( {0,3}\[(?!\^)(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*)(<[^<>\n\\]*>|\S+)")
_AUTOLINK_RE = re.compile(r"<(https?://[^\s<>]+)>", re.I)
_BACKTICKS_RE = re.compile(r"`+")
_ESCAPED_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMBEDDED_ATTRS = frozenset({"src", "poster", "srcset"})
_WORD_RE = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True)
class Found:
    """A link :func:`rewrite_links` looked up, with the line it is on (0-based)."""

    line: int
    url: str
    embedded: bool
    target: Target


Resolve = Callable[[str, bool], "Target | None"]


def rewrite_links(lines: list[str], kinds: list[str], resolve: Resolve, skip: Iterable[int] = ()) -> list[Found]:
    """Rewrite, in place, the links of *lines* (text and HTML lines, code
    left alone) that *resolve* finds a target for; return what was found."""
    found: list[Found] = []
    skipped = set(skip)
    for i, line in enumerate(lines):
        if i in skipped or not line or ("/" not in line and "." not in line):
            continue
        if kinds[i] == LineKind.TEXT:
            lines[i] = _text_line(line, i, resolve, found)
        elif kinds[i] == LineKind.HTML:
            lines[i] = _html(line, i, resolve, found)
    return found


def _text_line(line: str, i: int, resolve: Resolve, found: list[Found]) -> str:
    """A Markdown line: destinations, reference definitions, autolinks and
    inline HTML outside code spans."""
    out: list[str] = []
    pos = 0
    for start, end in _code_spans(line):
        out += _markdown(line[pos:start], i, resolve, found, at_line_start=pos == 0), line[start:end]
        pos = end
    out.append(_markdown(line[pos:], i, resolve, found, at_line_start=pos == 0))
    return "".join(out)


def _code_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    runs = list(_BACKTICKS_RE.finditer(line))
    k = 0
    while k < len(runs):
        run = runs[k]
        if run.start() > 0 and line[run.start() - 1] == "\\":
            k += 1
            continue
        closer = next((j for j in range(k + 1, len(runs)) if len(runs[j].group()) == len(run.group())), None)
        if closer is None:
            k += 1
            continue
        spans.append((run.start(), runs[closer].end()))
        k = closer + 1
    return spans


def _markdown(text: str, i: int, resolve: Resolve, found: list[Found], *, at_line_start: bool) -> str:
    if not text:
        return text
    if at_line_start and "]:" in text:
        m = _REF_DEF_RE.match(text)
        if m is not None:
            rest = _markdown(text[m.end() :], i, resolve, found, at_line_start=False)
            return m.group(1) + _destination(m.group(2), i, False, resolve, found) + rest
    if "](" in text:
        out: list[str] = []
        pos = 0
        images = _image_ends(text) if "![" in text else set()
        for m in _INLINE_DEST_RE.finditer(text):
            embedded = m.start() in images
            new = _destination(m.group(1), i, embedded, resolve, found)
            out += text[pos : m.start(1)], new
            pos = m.end(1)
        out.append(text[pos:])
        text = "".join(out)
    if "<" in text:
        text = _AUTOLINK_RE.sub(lambda m: _autolink(m, i, resolve, found), text)
        text = _html(text, i, resolve, found)
    return text


def _image_ends(text: str) -> set[int]:
    """The offsets of the ``]`` that end the text of an image (``![...]``),
    brackets matched in one pass."""
    ends: set[int] = set()
    openers: list[int] = []
    escaped = False
    for k, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            openers.append(k)
        elif char == "]" and openers:
            start = openers.pop()
            if start > 0 and text[start - 1] == "!":
                ends.add(k)
    return ends


def _destination(written: str, i: int, embedded: bool, resolve: Resolve, found: list[Found]) -> str:
    angled = written.startswith("<")
    url = _ESCAPED_RE.sub(r"\1", written[1:-1] if angled else written)
    if _WORD_RE.fullmatch(url):
        return written  # ``[text](label)``: MyST's reference to a target
    target = resolve(url, embedded)
    if target is None:
        return written
    found.append(Found(i, url, embedded, target))
    dest = target.dest
    if embedded and not target.found and dest.startswith(MARKER):
        return written  # an image Sphinx does not find either; it says so too
    if dest == url:
        return written
    return f"<{dest}>" if angled else dest.replace("(", "%28").replace(")", "%29")


def _autolink(m: re.Match[str], i: int, resolve: Resolve, found: list[Found]) -> str:
    url = m.group(1)
    target = resolve(url, False)
    if target is None:
        return m.group()
    found.append(Found(i, url, False, target))
    if not target.found:
        return m.group()
    return f"[{escape_markdown(url)}]({target.dest.replace('(', '%28').replace(')', '%29')})"


def _html(text: str, i: int, resolve: Resolve, found: list[Found]) -> str:
    """``href``, ``src``, ``poster`` and ``srcset`` in the tags of *text*."""
    if "=" not in text:
        return text
    parts = url_template(text)
    if len(parts) == 1:
        return text
    out: list[str] = []
    for part in parts:
        if not isinstance(part, URLSlot):
            out.append(part)
            continue
        embedded = part.name in _EMBEDDED_ATTRS

        def rewrite(url: str, embedded: bool = embedded) -> str:
            target = resolve(url, embedded)
            if target is None:
                return url
            found.append(Found(i, url, embedded, target))
            # raw HTML is not seen by Sphinx: files too are found by the build
            return MARKER + target.dest if target.dest.startswith("/") else target.dest

        value = rewrite_srcset(part.value, rewrite) if part.name == "srcset" else rewrite(part.value)
        out.append(part.written if value == part.value else f'{part.written_name}="{escape_attr(value)}"')
    return "".join(out)
