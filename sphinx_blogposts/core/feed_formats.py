"""Atom 1.0, RSS 2.0 and JSON Feed 1.1 documents from plain data: no Sphinx.

The output depends only on the input: no current time, no timezone or locale
of the machine (dates keep their own offsets; English names come from
:mod:`email.utils`), no system MIME table.  Entries are written in the order
given.  Every date must be timezone-aware: a naive one raises
:class:`ValueError` naming the entry's ``source``.

Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR,
U+FFFE, U+FFFF, and surrogates, which UTF-8 cannot encode) are removed from
every field of every format, and each removal is reported in
:attr:`FeedResult.problems`.

A post's image goes out as an enclosure (Atom ``<link rel="enclosure">``,
RSS ``<enclosure>``), which the formats define, and as Media RSS
``<media:thumbnail>`` and ``<media:content>``, which most readers use for a
preview; in JSON Feed it is the item's ``image``.

An RSS item's ``<description>`` is the summary and ``<content:encoded>`` the
full content, as readers expect of the two.  The feed's small icon and its
larger logo are Atom's ``<icon>`` and ``<logo>``, JSON Feed's ``favicon``
and ``icon``, and RSS's ``<image>`` (the logo, else the icon).  A WebSub hub
is a ``rel="hub"`` link in Atom and RSS and ``hubs`` in JSON Feed.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from email.utils import format_datetime
from urllib.parse import urlsplit

from .. import __version__
from .html.clean import to_text

__all__ = [
    "FeedAuthor",
    "FeedEntry",
    "FeedInfo",
    "FeedLink",
    "FeedResult",
    "Problem",
    "atom",
    "image_type",
    "rss",
    "json_feed",
    "sanitize",
    "updated_of",
]

GENERATOR = "sphinx-blogposts"
GENERATOR_URL = "https://sphinx-blogposts.readthedocs.io/"
#: the ``updated`` of a feed with no entries when the caller gives none
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_ATOM_NS = "http://www.w3.org/2005/Atom"
_MEDIA_NS = "http://search.yahoo.com/mrss/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

#: (source, message): which post, and what had to be changed in it
Problem = tuple[str, str]


@dataclass(frozen=True)
class FeedAuthor:
    name: str
    email: str | None = None
    url: str | None = None
    #: an absolute URL of the author's picture (JSON Feed's ``avatar``)
    avatar: str | None = None


@dataclass(frozen=True)
class FeedLink:
    """Another representation of the feed, e.g. the RSS version of an Atom feed."""

    url: str
    type: str  # MIME type, e.g. "application/rss+xml"


@dataclass(frozen=True)
class FeedEntry:
    """One post.  URLs must be absolute; dates timezone-aware."""

    id: str
    url: str
    title: str
    published: dt.datetime
    updated: dt.datetime | None = None
    authors: tuple[FeedAuthor, ...] = ()
    categories: tuple[str, ...] = ()
    content_html: str | None = None
    summary_html: str | None = None
    image_url: str | None = None
    #: the image's size in pixels, when known (Media RSS)
    image_width: int | None = None
    image_height: int | None = None
    lang: str | None = None
    #: names the post in problem reports (e.g. its source file); not written
    source: str = ""


@dataclass(frozen=True)
class FeedInfo:
    """The feed itself; one per file, since *self_url* is that file's URL."""

    title: str
    id: str
    site_url: str  # the HTML page the feed belongs to
    self_url: str
    authors: tuple[FeedAuthor, ...] = ()
    language: str | None = None
    subtitle: str | None = None
    #: a small square image (a favicon)
    icon_url: str | None = None
    #: a larger image identifying the feed (a logo)
    logo_url: str | None = None
    #: a WebSub hub readers may subscribe to
    hub_url: str | None = None
    #: other formats of this feed; written as Atom/RSS ``rel="alternate"`` links
    alternate_urls: tuple[FeedLink, ...] = ()

    def with_self_url(self, url: str) -> FeedInfo:
        return dataclasses.replace(self, self_url=url)


@dataclass(frozen=True)
class FeedResult:
    data: bytes
    problems: list[Problem] = field(default_factory=list)


# -- checks and clean-up ------------------------------------------------------

_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: object, name: str, source: str, problems: list[Problem]) -> object:
    if isinstance(value, str):
        cleaned = _NOT_XML_RE.sub("", value)
        if cleaned != value:
            problems.append(
                (
                    source,
                    f"{name}: removed {len(value) - len(cleaned)} character(s) that feeds cannot "
                    "contain (control characters, U+FFFE, U+FFFF or unpaired surrogates)",
                )
            )
        return cleaned
    if isinstance(value, tuple):
        return tuple(_clean(item, f"{name}[{i}]", source, problems) for i, item in enumerate(value))
    if isinstance(value, FeedAuthor | FeedLink):
        return dataclasses.replace(
            value,
            **{
                f.name: _clean(getattr(value, f.name), f"{name}.{f.name}", source, problems)
                for f in dataclasses.fields(value)
            },
        )
    return value


def _clean_fields(obj: FeedEntry | FeedInfo, source: str, problems: list[Problem]) -> FeedEntry | FeedInfo:
    changes = {
        f.name: _clean(getattr(obj, f.name), f.name, source, problems)
        for f in dataclasses.fields(obj)
        if f.name != "source"
    }
    return dataclasses.replace(obj, **changes)


def _check_date(value: dt.datetime | None, name: str, source: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{source}: {name} {value.isoformat()} has no timezone")


def sanitize(
    info: FeedInfo, entries: list[FeedEntry] | tuple[FeedEntry, ...]
) -> tuple[FeedInfo, list[FeedEntry], list[Problem]]:
    """*info* and *entries* without characters feeds cannot contain, and the problems.

    The writers call this themselves; call it first to report problems once
    when writing several feeds from the same entries.  Feed-level problems
    name ``info.self_url`` as their source.

    :raises ValueError: if a date is naive.
    """
    problems: list[Problem] = []
    clean_info = _clean_fields(info, info.self_url, problems)
    assert isinstance(clean_info, FeedInfo)
    clean_entries = []
    for entry in entries:
        clean, entry_problems = _clean_entry(entry)
        problems.extend(entry_problems)
        clean_entries.append(clean)
    return clean_info, clean_entries, problems


@functools.lru_cache(maxsize=4096)
def _clean_entry(entry: FeedEntry) -> tuple[FeedEntry, tuple[Problem, ...]]:
    """One entry cleaned; cached, as an entry is in several feeds and formats."""
    _check_date(entry.published, "published", entry.source)
    _check_date(entry.updated, "updated", entry.source)
    problems: list[Problem] = []
    clean = _clean_fields(entry, entry.source, problems)
    assert isinstance(clean, FeedEntry)
    return clean, tuple(problems)


def updated_of(
    entries: list[FeedEntry] | tuple[FeedEntry, ...], fallback: dt.datetime = EPOCH
) -> dt.datetime:
    """The newest ``updated`` or ``published`` date of *entries*, else *fallback*."""
    dates = [date for e in entries for date in (e.published, e.updated) if date is not None]
    return max(dates) if dates else fallback


# -- dates, types, languages ----------------------------------------------------


def _whole_minutes(value: dt.datetime) -> dt.datetime:
    # Historic zone offsets such as +00:09:21 cannot be written in RFC 3339 or
    # RFC 822; such a date is written in UTC instead.
    offset = value.utcoffset()
    if offset is not None and offset % dt.timedelta(minutes=1):
        return value.astimezone(dt.timezone.utc)
    return value


def _rfc3339(value: dt.datetime) -> str:
    return _whole_minutes(value).isoformat(timespec="seconds")


def _rfc822(value: dt.datetime) -> str:
    return format_datetime(_whole_minutes(value).replace(microsecond=0))


def _language(tag: str | None) -> str | None:
    # Sphinx writes "pt_BR"; feeds want the BCP 47 form "pt-BR".
    return tag.replace("_", "-") if tag else None


# Fixed, not mimetypes: that reads the machine's own tables.
_IMAGE_TYPES = {
    "apng": "image/apng",
    "avif": "image/avif",
    "bmp": "image/bmp",
    "gif": "image/gif",
    "ico": "image/vnd.microsoft.icon",
    "jpe": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "jxl": "image/jxl",
    "png": "image/png",
    "svg": "image/svg+xml",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "webp": "image/webp",
}


def image_type(url: str) -> str | None:
    """The MIME type of an image from its URL's extension, if known."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    return _IMAGE_TYPES.get(name.rsplit(".", 1)[1].lower())


# -- XML ----------------------------------------------------------------------


def _xml_text(value: str) -> str:
    # ">" too, so "]]>" cannot appear; CR as a reference, or parsers turn it into LF
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(value: str) -> str:
    # Whitespace as references, or attribute normalization turns it into spaces.
    return (
        _xml_text(value)
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
    )


class _XMLWriter:
    """Writes indented XML line by line; the caller opens and closes in order."""

    def __init__(self) -> None:
        self._lines = ['<?xml version="1.0" encoding="utf-8"?>']
        self._open: list[str] = []

    def _tag(self, name: str, attrs: dict[str, str | None]) -> str:
        rendered = "".join(
            f' {key}="{_xml_attr(value)}"' for key, value in attrs.items() if value is not None
        )
        return f"{name}{rendered}"

    def _line(self, text: str) -> None:
        self._lines.append("  " * len(self._open) + text)

    def start(self, name: str, **attrs: str | None) -> None:
        self._line(f"<{self._tag(name, attrs)}>")
        self._open.append(name)

    def end(self) -> None:
        name = self._open.pop()
        self._line(f"</{name}>")

    def element(self, name: str, text: str | None = None, **attrs: str | None) -> None:
        if text is None:
            self._line(f"<{self._tag(name, attrs)}/>")
        else:
            self._line(f"<{self._tag(name, attrs)}>{_xml_text(text)}</{name}>")

    def data(self) -> bytes:
        assert not self._open
        return ("\n".join(self._lines) + "\n").encode("utf-8")


def _attrs(**attrs: str | None) -> dict[str, str | None]:
    """Attributes whose names are not Python identifiers (``xml:lang``...)."""
    return {key.replace("__", ":"): value for key, value in attrs.items()}


def _unique(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- Atom ---------------------------------------------------------------------


def _atom_person(xml: _XMLWriter, author: FeedAuthor) -> None:
    xml.start("author")
    xml.element("name", author.name)
    if author.email:
        xml.element("email", author.email)
    if author.url:
        xml.element("uri", author.url)
    xml.end()


def atom(
    info: FeedInfo, entries: list[FeedEntry] | tuple[FeedEntry, ...], *, updated_fallback: dt.datetime = EPOCH
) -> FeedResult:
    """An Atom 1.0 feed (RFC 4287).

    The feed's ``updated`` is :func:`updated_of` the entries, *updated_fallback*
    for an empty feed.  Atom wants an author on the feed or on every entry:
    when neither is given, the feed's title is used as its author's name.
    """
    info, entries, problems = sanitize(info, entries)
    xml = _XMLWriter()
    has_media = any(e.image_url for e in entries)
    xml.start(
        "feed",
        **_attrs(
            xmlns=_ATOM_NS,
            xmlns__media=_MEDIA_NS if has_media else None,
            xml__lang=_language(info.language),
        ),
    )
    xml.element("id", info.id)
    xml.element("title", info.title, type="text")
    if info.subtitle:
        xml.element("subtitle", info.subtitle, type="text")
    xml.element("updated", _rfc3339(updated_of(entries, updated_fallback)))
    xml.element("link", rel="self", type="application/atom+xml", href=info.self_url)
    xml.element("link", rel="alternate", type="text/html", href=info.site_url)
    for link in info.alternate_urls:
        xml.element("link", rel="alternate", type=link.type, href=link.url)
    if info.hub_url:
        xml.element("link", rel="hub", href=info.hub_url)
    authors = info.authors
    if not authors and not all(e.authors for e in entries):
        authors = (FeedAuthor(info.title),)
    for author in authors:
        _atom_person(xml, author)
    xml.element("generator", GENERATOR, uri=GENERATOR_URL, version=__version__)
    if info.icon_url:
        xml.element("icon", info.icon_url)
    if info.logo_url:
        xml.element("logo", info.logo_url)
    for entry in entries:
        xml.start("entry", **_attrs(xml__lang=_language(entry.lang)))
        xml.element("id", entry.id)
        xml.element("title", entry.title, type="text")
        xml.element("link", rel="alternate", type="text/html", href=entry.url)
        xml.element("published", _rfc3339(entry.published))
        xml.element("updated", _rfc3339(entry.updated or entry.published))
        for author in entry.authors:
            _atom_person(xml, author)
        for term in _unique(entry.categories):
            xml.element("category", term=term)
        if entry.image_url:
            xml.element("link", rel="enclosure", type=image_type(entry.image_url), href=entry.image_url)
            _media(xml, entry)
        if entry.summary_html is not None:
            xml.element("summary", entry.summary_html, type="html")
        if entry.content_html is not None:
            xml.element("content", entry.content_html, type="html")
        xml.end()
    xml.end()
    return FeedResult(xml.data(), problems)


def _media(xml: _XMLWriter, entry: FeedEntry) -> None:
    """The entry's image as Media RSS: a thumbnail and the image itself."""
    assert entry.image_url
    size = {"width": str(entry.image_width) if entry.image_width else None,
            "height": str(entry.image_height) if entry.image_height else None}
    xml.element("media:thumbnail", url=entry.image_url, **size)
    xml.element("media:content", url=entry.image_url, medium="image", type=image_type(entry.image_url), **size)


# -- RSS ----------------------------------------------------------------------


def rss(
    info: FeedInfo, entries: list[FeedEntry] | tuple[FeedEntry, ...], *, updated_fallback: dt.datetime = EPOCH
) -> FeedResult:
    """An RSS 2.0 feed.

    ``lastBuildDate`` is :func:`updated_of` the entries.  An item's
    ``description`` is its summary (else its content) and
    ``content:encoded`` its content; authors are ``dc:creator`` (RSS's own
    ``author`` must be an e-mail address).
    """
    info, entries, problems = sanitize(info, entries)
    xml = _XMLWriter()
    has_media = any(e.image_url for e in entries)
    has_content = any(e.content_html is not None for e in entries)
    xml.start(
        "rss",
        **_attrs(
            version="2.0",
            xmlns__atom=_ATOM_NS,
            xmlns__content=_CONTENT_NS if has_content else None,
            xmlns__dc=_DC_NS,
            xmlns__media=_MEDIA_NS if has_media else None,
        ),
    )
    xml.start("channel")
    xml.element("title", info.title)
    xml.element("link", info.site_url)
    xml.element("description", info.subtitle or info.title)
    if info.language:
        xml.element("language", _language(info.language))
    xml.element("lastBuildDate", _rfc822(updated_of(entries, updated_fallback)))
    xml.element("generator", GENERATOR)
    xml.element("atom:link", rel="self", type="application/rss+xml", href=info.self_url)
    for link in info.alternate_urls:
        xml.element("atom:link", rel="alternate", type=link.type, href=link.url)
    if info.hub_url:
        xml.element("atom:link", rel="hub", href=info.hub_url)
    if info.logo_url or info.icon_url:
        xml.start("image")
        xml.element("url", info.logo_url or info.icon_url)
        xml.element("title", info.title)
        xml.element("link", info.site_url)
        xml.end()
    for entry in entries:
        xml.start("item")
        xml.element("title", entry.title)
        xml.element("link", entry.url)
        xml.element("guid", entry.id, isPermaLink="true" if entry.id == entry.url else "false")
        xml.element("pubDate", _rfc822(entry.published))
        for author in entry.authors:
            xml.element("dc:creator", author.name)
        for term in _unique(entry.categories):
            xml.element("category", term)
        description = entry.summary_html if entry.summary_html is not None else entry.content_html
        if description is not None:
            xml.element("description", description)
        if entry.content_html is not None:
            xml.element("content:encoded", entry.content_html)
        if entry.image_url:
            mime = image_type(entry.image_url)
            if mime is not None:
                # RSS requires a length; the image's size is not known here,
                # and 0 is what validators accept for "unknown".
                xml.element("enclosure", url=entry.image_url, length="0", type=mime)
            _media(xml, entry)
        xml.end()
    xml.end()
    xml.end()
    return FeedResult(xml.data(), problems)


# -- JSON Feed ----------------------------------------------------------------


def _json_author(author: FeedAuthor) -> dict[str, str]:
    item = {"name": author.name}
    # JSON Feed authors have no e-mail field; its spec suggests a mailto: URL.
    url = author.url or (f"mailto:{author.email}" if author.email else None)
    if url:
        item["url"] = url
    if author.avatar:
        item["avatar"] = author.avatar
    return item


def json_feed(
    info: FeedInfo, entries: list[FeedEntry] | tuple[FeedEntry, ...], *, updated_fallback: dt.datetime = EPOCH
) -> FeedResult:
    """A JSON Feed 1.1.

    JSON Feed has no feed date, so *updated_fallback* is unused.  An item's
    ``content_html`` is its content, else its summary (one of the two content
    fields is required); ``summary`` is the summary as plain text.
    """
    info, entries, problems = sanitize(info, entries)
    feed: dict[str, object] = {
        "version": _JSON_FEED_VERSION,
        "title": info.title,
        "home_page_url": info.site_url,
        "feed_url": info.self_url,
    }
    if info.subtitle:
        feed["description"] = info.subtitle
    if info.logo_url or info.icon_url:
        feed["icon"] = info.logo_url or info.icon_url
    if info.icon_url:
        feed["favicon"] = info.icon_url
    if info.language:
        feed["language"] = _language(info.language)
    if info.authors:
        feed["authors"] = [_json_author(a) for a in info.authors]
    if info.hub_url:
        feed["hubs"] = [{"type": "WebSub", "url": info.hub_url}]
    items = []
    for entry in entries:
        item: dict[str, object] = {"id": entry.id, "url": entry.url, "title": entry.title}
        content = entry.content_html if entry.content_html is not None else entry.summary_html
        item["content_html"] = content or ""
        if entry.summary_html:
            summary = to_text(entry.summary_html)
            if summary:
                item["summary"] = summary
        if entry.image_url:
            item["image"] = entry.image_url
        item["date_published"] = _rfc3339(entry.published)
        if entry.updated is not None:
            item["date_modified"] = _rfc3339(entry.updated)
        if entry.authors:
            item["authors"] = [_json_author(a) for a in entry.authors]
        tags = _unique(entry.categories)
        if tags:
            item["tags"] = tags
        if entry.lang:
            item["language"] = _language(entry.lang)
        items.append(item)
    feed["items"] = items
    text = json.dumps(feed, ensure_ascii=False, sort_keys=False, indent=2)
    return FeedResult((text + "\n").encode("utf-8"), problems)


# -- files ----------------------------------------------------------------------
