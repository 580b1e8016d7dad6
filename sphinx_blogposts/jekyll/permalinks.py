"""Old Jekyll addresses of posts, as safe paths in the output folder.

Pure module (no Sphinx): :func:`expand` fills a Jekyll permalink pattern
(a built-in style such as ``date``, or a template such as
``/:categories/:year/:month/:day/:title:output_ext``) for one post, and
:func:`old_address` turns the result into the file a redirect is written
to, or raises :class:`PermalinkError` saying why it cannot be.

How an address becomes a file, as Jekyll wrote its pages:

- an address ending in ``/`` (or ``/`` itself) is ``<address>/index.html``;
- an address whose last segment ends in ``.html`` is that file;
- any other address gets ``.html`` appended, as Jekyll appends the output
  extension: ``/2015/02/20/title`` is ``2015/02/20/title.html``, which
  GitHub Pages, Netlify and most static hosts serve at ``/2015/02/20/title``.
  A redirect must be an HTML page, so an address such as ``/feed.xml`` or
  ``/post.php`` gets one at ``post.php.html``, again where Jekyll wrote it.

Placeholder values are escaped as Jekyll escapes them, so a ``%`` in a
title stays a literal ``%``; the pattern's own text is percent-decoded once,
as a web server decodes a request path.  The decoded path is refused if any
segment is ``.`` or ``..`` or would be read differently by a file system
(an encoded ``/``, a backslash, a drive letter or other ``:``, control
characters, characters Windows forbids, device names such as ``con``), or if
it is too long.  Jekyll silently rewrote such addresses; here they are
reported, since no one can have linked to what Jekyll published instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from ..core.post import Post
from .slugify import slugify

__all__ = ["BUILTIN_STYLES", "DEFAULT_STYLE", "PLACEHOLDERS", "OldAddress", "PermalinkError", "UndatedError",
           "check_pattern", "expand", "jekyll_slugify", "old_address", "pattern_for", "post_address"]

#: the style Jekyll uses when the site sets none
DEFAULT_STYLE = "date"

#: Jekyll's named permalink styles
BUILTIN_STYLES: dict[str, str] = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_PLACEHOLDERS = {
    "year": lambda d: f"{d.year:04d}",
    "short_year": lambda d: f"{d.year % 100:02d}",
    "month": lambda d: f"{d.month:02d}",
    "i_month": lambda d: str(d.month),
    # English names whatever the build machine's locale, as Ruby's strftime
    "short_month": lambda d: _MONTHS[d.month - 1][:3],
    "long_month": lambda d: _MONTHS[d.month - 1],
    "day": lambda d: f"{d.day:02d}",
    "i_day": lambda d: str(d.day),
    "y_day": lambda d: f"{d.timetuple().tm_yday:03d}",
    "w_year": lambda d: f"{d.isocalendar()[0]:04d}",
    "week": lambda d: f"{d.isocalendar()[1]:02d}",
    "w_day": lambda d: str(d.isoweekday()),
    "short_day": lambda d: _DAYS[d.weekday()][:3],
    "long_day": lambda d: _DAYS[d.weekday()],
    "hour": lambda d: f"{d.hour:02d}",
    "minute": lambda d: f"{d.minute:02d}",
    "second": lambda d: f"{d.second:02d}",
}
_POST_PLACEHOLDERS = ("title", "slug", "name", "path", "categories", "collection", "output_ext")
#: every placeholder a pattern may use
PLACEHOLDERS = frozenset(_DATE_PLACEHOLDERS) | frozenset(_POST_PLACEHOLDERS)

#: a placeholder as Jekyll finds one: a colon and lowercase letters or ``_``;
#: the longest known name wins (``:year`` in ``:yearly`` is not ``:year``)
_PLACEHOLDER_RE = re.compile(r":([a-z_]+)")
_DATED_NAME_RE = re.compile(r"^\d{2,4}-\d{1,2}-\d{1,2}-(.+)$")
#: characters Jekyll leaves unescaped in placeholder values
_ESCAPE_SAFE = "-._~!$&'()*+,;=@/"

MAX_PATH_LENGTH = 1024
MAX_SEGMENT_BYTES = 255
_FORBIDDEN_CHARS_RE = re.compile(r'[\x00-\x1f\x7f\\:*?"<>|]')
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


class PermalinkError(ValueError):
    """An address no redirect can be written for; the message says why."""


class UndatedError(PermalinkError):
    """The pattern has a date placeholder and the post has no date."""


@dataclass(frozen=True)
class OldAddress:
    """Where a post used to be."""

    #: the address as Jekyll published it, percent-escaped (``/2019/05/06/x.html``)
    url: str
    #: the file for it, relative to the output folder (``2019/05/06/x.html``)
    file: str


def pattern_for(style: str) -> str:
    """The template of a built-in style name, else *style* itself."""
    return BUILTIN_STYLES.get(style.strip(), style.strip())


def check_pattern(pattern: str) -> str | None:
    """Why *pattern* (a style name or template) is unusable, or ``None``."""
    template = pattern_for(pattern)
    if not template:
        return "the pattern is empty"
    bad = [m.group(0) for m in _PLACEHOLDER_RE.finditer(template) if _match_name(m.group(1)) is None]
    if bad:
        return f"unknown placeholder {bad[0]} (known: {', '.join(sorted(PLACEHOLDERS))})"
    return None


def _match_name(word: str) -> str | None:
    """The known placeholder that *word* starts with (longest first)."""
    for end in range(len(word), 0, -1):
        if word[:end] in PLACEHOLDERS:
            return word[:end]
    return None


def jekyll_slugify(text: str, *, pretty: bool = False, cased: bool = False) -> str:
    """A slug as Jekyll's ``slugify`` makes it in ``default`` or ``pretty`` mode.

    Runs of characters other than letters, marks and decimal digits (plus,
    in pretty mode, ``._~!$&'()+,;=@``) become one ``-``; dashes at the ends
    go; the result is lowercased unless *cased*.
    """
    return slugify(text, "pretty" if pretty else "default", cased=cased)


def _file_slug(post: Post) -> str:
    """The slug Jekyll takes from a post's file name: the part after the date."""
    match = _DATED_NAME_RE.match(post.stem)
    return match.group(1) if match else post.stem


def _values(post: Post) -> dict[str, str]:
    raw_slug = post.slug or _file_slug(post)
    below = post.path.split("_posts/", 1)[-1]
    path = below.rsplit(".", 1)[0] if "." in PurePosixPath(below).name else below
    categories = list(dict.fromkeys(c.lower() for c in post.categories))
    values: dict[str, str] = {
        "title": jekyll_slugify(raw_slug, pretty=True, cased=True),
        "slug": jekyll_slugify(raw_slug),
        "name": jekyll_slugify(post.stem),
        "path": path,
        "categories": "/".join(categories),
        "collection": "posts",
        "output_ext": ".html",
    }
    return values


def expand(pattern: str, post: Post, date: dt.datetime | None, *, styles: bool = True) -> str:
    """The address *pattern* gives *post*, escaped and with one leading ``/``.

    *date* is the post's date in the blog's timezone (Jekyll formats dates
    in the site's timezone).  With *styles* false (a front-matter
    ``permalink``, where Jekyll does not know the style names), ``pretty``
    is a literal address.  Raises :class:`PermalinkError` for an unknown
    placeholder, or :class:`UndatedError` for a date placeholder in the
    pattern of an undated post.
    """
    template = pattern_for(pattern) if styles else pattern.strip()
    values = _values(post)

    def fill(match: re.Match[str]) -> str:
        word = match.group(1)
        name = _match_name(word)
        if name is None:
            raise PermalinkError(f"unknown placeholder :{word}")
        if name in _DATE_PLACEHOLDERS:
            if date is None:
                raise UndatedError(f"the post has no date for :{name}")
            value = _DATE_PLACEHOLDERS[name](date)
        else:
            value = values[name]
        return quote(value, safe=_ESCAPE_SAFE) + word[len(name):]

    url = _PLACEHOLDER_RE.sub(fill, template)
    return re.sub(r"/{2,}", "/", "/" + url)


def old_address(url: str) -> OldAddress:
    """The file for the escaped address *url*, or :class:`PermalinkError`."""
    if "?" in url or "#" in url:
        raise PermalinkError("an address with '?' or '#' is not a path")
    path = re.sub(r"/{2,}", "/", "/" + url.strip())
    raw_segments = path.split("/")[1:]
    folder_like = path.endswith("/")
    if folder_like:
        raw_segments = raw_segments[:-1]
    segments = []
    for raw in raw_segments:
        try:
            segment = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            raise PermalinkError(f"'{raw}' is not valid UTF-8 once decoded") from None
        _check_segment(segment)
        segments.append(segment)
    if folder_like or not segments:
        segments.append("index.html")
    elif not segments[-1].endswith(".html"):
        segments[-1] += ".html"
        _check_segment(segments[-1])
    file = "/".join(segments)
    if len(file) > MAX_PATH_LENGTH:
        raise PermalinkError(f"the address is longer than {MAX_PATH_LENGTH} characters")
    return OldAddress(url=path, file=file)


def _check_segment(segment: str) -> None:
    if segment in (".", ".."):
        raise PermalinkError(f"'{segment}' would leave its folder")
    if not segment:
        raise PermalinkError("an empty path segment")
    if "/" in segment:
        raise PermalinkError("an encoded '/' makes a path of its own")
    found = _FORBIDDEN_CHARS_RE.search(segment)
    if found:
        raise PermalinkError(f"{found.group(0)!r} cannot be in a file name on every system")
    if segment.split(".", 1)[0].lower().strip() in _WINDOWS_DEVICES:
        raise PermalinkError(f"'{segment}' is a device name on Windows")
    if len(segment.encode("utf-8", "surrogatepass")) > MAX_SEGMENT_BYTES:
        raise PermalinkError(f"a path segment is longer than {MAX_SEGMENT_BYTES} bytes")


def post_address(post: Post, pattern: str | None, tz: dt.tzinfo) -> str | None:
    """The address *post* had on its Jekyll site (escaped), or ``None`` when
    it can have none: its own ``permalink``, else *pattern* (the site's
    setting), else Jekyll's default :data:`DEFAULT_STYLE`.  Dates are read
    in *tz*, the blog's timezone."""
    own = bool(post.permalink)
    template = post.permalink if own else (pattern or DEFAULT_STYLE)
    assert template is not None
    date = post.date.astimezone(tz) if post.date is not None else None
    try:
        return old_address(expand(template, post, date, styles=not own)).url
    except PermalinkError:
        return None
