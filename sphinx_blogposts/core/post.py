"""The post model: a post file's front matter read into a typed record.

Pure module (no Sphinx): :func:`parse_post` takes the raw bytes of a file and
returns a :class:`Post` plus the problems found, each with a warning subtype
and a 1-based line number in the file.  The Sphinx glue turns problems into
warnings; the ``check`` command prints them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .dates import DateError, date_from_filename, parse_date
from .frontmatter import FrontMatterError, load_yaml, split_front_matter
from .markup import body_headings, opens_with_title

__all__ = ["Author", "Post", "Problem", "ParseResult", "decode_source", "parse_post"]

#: Post files larger than this are refused (a real post is a few KiB).
MAX_POST_BYTES = 8 * 1024 * 1024

#: The front-matter keys this module reads, with what each one means; the
#: documentation's front-matter reference is generated from this table.
KEYS: dict[str, str] = {
    "title": "The post's title (HTML entities such as ``&amp;`` are decoded). "
    "Without it, the first heading of the body is used, else the file name "
    "(with a ``blogposts.title`` warning).",
    "date": "Publication date: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM[:SS]`` with an "
    "optional offset (``+02:00``, ``+0200``, ``Z``), or ISO 8601 with ``T``. "
    "Without an offset it is read in ``blogposts_timezone``. Without it, a "
    "``YYYY-MM-DD-`` file name prefix gives the date; else the post is undated.",
    "updated": "Date of the last update, in the same forms as ``date``; shown "
    "in the post header and used as the feed entry's update time.",
    "last_modified_at": "Same as ``updated`` (the name jekyll-last-modified-at uses); "
    "``updated`` wins when both are given.",
    "author": "An author: a name, a list of names, or a mapping with ``name`` and "
    "optional ``email`` and ``url`` (or ``uri``).",
    "authors": "Same as ``author``; both may be given and are merged.",
    "tag": "One tag, kept whole even when it contains spaces.",
    "tags": "A list of tags, or a string split on spaces and commas (as Jekyll does).",
    "category": "One category, kept whole even when it contains spaces.",
    "categories": "A list of categories, or a string split on spaces and commas. "
    "Folders above and below ``_posts/`` are categories too, as in Jekyll.",
    "excerpt": "The excerpt shown in lists and feeds (inline Markdown; raw HTML is "
    "escaped). Without it, the body up to an excerpt separator, else the first paragraph.",
    "published": "``false`` (or ``no``, ``off``) makes the post a draft: it is left "
    "out of the build unless ``blogposts_drafts`` is on. Any other value than "
    "true/false is a ``blogposts.draft`` warning and the post stays unpublished.",
    "slug": "Jekyll's slug; available to templates and Liquid as ``page.slug``.",
    "lang": "Language of the post (e.g. ``nl``): its page's ``<html lang>``, its "
    "dates' format, its feed entry's language and the ``postlist`` ``:language:`` filter.",
    "image": "An image for the post (a path or URL, or a mapping with ``path``, ``url`` "
    "or ``src`` and an optional ``alt``): the feed entry's image and the page's "
    "``og:image``. A path is relative to the post's file (``/`` starts at the source "
    "folder); that file is copied to the same place in the output.",
    "image_alt": "The image's text alternative (``og:image:alt``, ``twitter:image:alt``).",
    "description": "A short description: the page's ``<meta name=\"description\">`` and "
    "``og:description`` (else the excerpt, cut near 160 characters); available to "
    "templates as ``post.description``.",
    "seo": "``false`` leaves the post's page without link-preview and search metadata "
    "(description, Open Graph, Twitter, JSON-LD); see ``blogposts_seo``.",
    "permalink": "The post's old address in a Jekyll site; see "
    "``blogposts_jekyll_permalinks`` for redirects from it.",
    "id": "A fixed identifier for the feed entry (e.g. the old site's URL), so "
    "moving the blog does not make readers see old posts as new.",
    "series": "The series the post is a part of (a name; a list of one name, as "
    "WordPress exports write it, is that name). Each part shows a box with every "
    "part of the series, and the series gets a page of its own.",
    "series_part": "The post's place in its series (a whole number from 1). Parts "
    "without it follow those with it, by date.",
    "pinned": "``true`` keeps the post at the top of the blog index's first page "
    "(and of each ``postlist`` with ``:pinned:``), marked as pinned.",
    "unlisted": "``true`` builds the post's page but lists it nowhere: in no list, "
    "feed, tag, category, author, year or series page, previous/next link, related "
    "list or sitemap; its page asks search engines not to index it.",
    "hidden": "Same as ``unlisted`` (the name Jekyll themes and plugins use).",
    "comments": "``false`` turns comments off on this post. ``true`` is the default "
    "(comments on, when ``blogposts_comments`` is set); on an unlisted post or a "
    "draft preview, where comments are off by default, it turns them on.",
}

#: Keys this module reads; every other key is kept in :attr:`Post.extra`.
KNOWN_KEYS = frozenset(KEYS)

_TRUE_WORDS = frozenset({"true", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "no", "off"})
# C0/C1 controls except tab and newlines, and the noncharacters U+FFFE/U+FFFF:
# they make XML invalid and have no business in a title.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")


def _squash(text: str) -> str:
    """Collapse runs of ASCII whitespace; no-break spaces are meant."""
    return _SPACES_RE.sub(" ", text).strip()


def reduce_by_fields(record: object) -> tuple:
    """``__reduce__`` for the frozen records kept in the saved environment:
    made again from their field values, several times faster to load than
    the dataclass default (thousands are loaded on every rebuild)."""
    return type(record), tuple([getattr(record, name) for name in record.__slots__])


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a post; ``subtype`` is the warning subtype."""

    subtype: str
    message: str
    line: int = 1


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None
    url: str | None = None
    #: the key of the author's profile (see :mod:`.authors`), once matched
    key: str | None = None

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Post:
    """One post, as its front matter and file name describe it."""

    #: source path relative to the source directory, with ``/`` separators
    path: str
    title: str
    #: ``"front matter"``, ``"heading"`` or ``"file name"``
    title_source: str
    date: dt.datetime | None
    #: ``"front matter"``, ``"file name"`` or ``None`` (undated)
    date_source: str | None
    published: bool
    updated: dt.datetime | None = None
    authors: tuple[Author, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    excerpt: str | None = None
    slug: str | None = None
    lang: str | None = None
    image: str | None = None
    image_alt: str | None = None
    description: str | None = None
    permalink: str | None = None
    id: str | None = None
    #: ``seo: false`` turns the page's sharing metadata off
    seo: bool = True
    #: the name of the series the post is a part of
    series: str | None = None
    #: its place in the series, if given
    series_part: int | None = None
    pinned: bool = False
    #: built, but left out of every list, feed and neighbour link
    unlisted: bool = False
    #: ``comments:`` as written (``None`` when not given)
    comments: bool | None = None
    #: front-matter keys this module does not know, kept for templates
    extra: Mapping[str, object] = field(default_factory=dict)
    #: line of the file where the body starts (1-based)
    body_line: int = 1
    #: whether the body opens with its own top-level heading
    body_has_title: bool = False
    #: the body's markup: ``"markdown"`` or ``"rst"``
    markup: str = "markdown"
    #: line in the file of each front-matter key, for warnings about it
    key_lines: Mapping[str, int] = field(default_factory=dict)

    __reduce__ = reduce_by_fields

    def line_of(self, *keys: str) -> int:
        return next((self.key_lines[k] for k in keys if k in self.key_lines), 1)

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What :func:`parse_post` found.  ``post`` is ``None`` for a file that
    is not a post (no front matter) or that is refused outright."""

    post: Post | None
    problems: tuple[Problem, ...]
    #: the decoded text, for callers that need the body
    text: str = ""
    #: False when the file must not be read by Sphinx at all (binary, too big)
    readable: bool = True
    #: True when the front matter is unusable: the post must stay unpublished
    refused: bool = False


def decode_source(data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a post file as UTF-8 (BOM optional), as Sphinx reads sources.

    Returns ``None`` with a problem for anything else: Sphinx would stop the
    whole build on such a file, so it is refused instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem("encoding", "file is UTF-16 or UTF-32; Sphinx reads sources as UTF-8. Re-save it as UTF-8; refused")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem("encoding", f"file is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8; refused", line)]


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16/32: refused with a clearer message by decode_source
    return b"\x00" in head


def _truth(value: object) -> bool | None:
    """A YAML yes/no value (``true``, ``"no"``, ``off``...), or ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


class _Reader:
    """Collects problems while reading one front matter mapping."""

    def __init__(self, data: Mapping[str, object], yaml_text: str) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self._lines = yaml_text.splitlines()

    def line_of(self, key: str) -> int:
        """Line in the file of ``key:`` (the opening ``---`` is line 1)."""
        pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
        for number, text in enumerate(self._lines, start=2):
            if pattern.match(text):
                return number
        return 1

    def warn(self, subtype: str, key: str, message: str) -> None:
        self.problems.append(Problem(subtype, message, self.line_of(key)))

    def text(self, key: str) -> str | None:
        """A single-line text value; lists and mappings are refused."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list, set)):
            self.warn("frontmatter", key, f"'{key}' should be text, not a {type(value).__name__}; ignored")
            return None
        if isinstance(value, bytes):
            self.warn("frontmatter", key, f"'{key}' should be text, not binary data; ignored")
            return None
        text = str(value)
        cleaned = _CONTROL_RE.sub("", text)
        if cleaned != text:
            self.warn("frontmatter", key, f"control characters removed from '{key}'")
        cleaned = _squash(cleaned)
        return cleaned or None

    def words(self, singular: str, plural: str) -> tuple[str, ...]:
        """Tags or categories, as Jekyll reads them.

        The plural key takes a list or a space-separated string; the singular
        key is one value even when it contains spaces.
        """
        items: list[str] = []
        for key in (singular, plural):
            value = self.data.get(key)
            if value is None:
                continue
            if isinstance(value, str):
                # Jekyll splits a plural string on whitespace; a trailing comma
                # ("a, b") is a common slip and never part of the name.
                parts = [value] if key == singular else re.split(r"[\s,]+", value)
            elif isinstance(value, (list, tuple)):
                parts = []
                for item in value:
                    if isinstance(item, (dict, list, set, bytes)) or item is None:
                        if item is not None:
                            self.warn("frontmatter", key, f"'{key}' contains a {type(item).__name__}; that item is ignored")
                        continue
                    parts.append(str(item))
            elif isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
                parts = [str(value)]
            else:
                self.warn("frontmatter", key, f"'{key}' should be a list or text, not a {type(value).__name__}; ignored")
                continue
            for part in parts:
                part = _squash(_CONTROL_RE.sub("", part))
                if part and part not in items:
                    items.append(part)
        return tuple(items)

    def authors(self) -> tuple[Author, ...]:
        found: list[Author] = []
        for key in ("author", "authors"):
            value = self.data.get(key)
            if value is None:
                continue
            values = value if isinstance(value, (list, tuple)) else [value]
            for item in values:
                author = self._author(key, item)
                if author is not None and author not in found:
                    found.append(author)
        return tuple(found)

    def _author(self, key: str, item: object) -> Author | None:
        if isinstance(item, Mapping):
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                self.warn("frontmatter", key, f"an '{key}' mapping needs a 'name'; ignored")
                return None
            email = item.get("email")
            url = item.get("url", item.get("uri"))
            return Author(
                _squash(_CONTROL_RE.sub("", name)),
                email if isinstance(email, str) and email.strip() else None,
                url if isinstance(url, str) and url.strip() else None,
            )
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            name = _squash(_CONTROL_RE.sub("", str(item)))
            return Author(name) if name else None
        self.warn("frontmatter", key, f"'{key}' should be a name, a list or a mapping with a name; ignored")
        return None

    def flag(self, key: str) -> bool | None:
        """A yes/no value: ``None`` when not given or not readable (warned)."""
        if key not in self.data or self.data[key] is None:
            return None
        value = _truth(self.data[key])
        if value is None:
            self.warn("frontmatter", key, f"'{key}: {self.data[key]!r}' is neither true nor false; ignored")
        return value

    def series(self) -> str | None:
        value = self.data.get("series")
        if isinstance(value, (list, tuple)):
            names = [v for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
            if not names:
                return None
            if len(value) > 1:
                self.warn("frontmatter", "series", f"a post is a part of one series; using {str(names[0])!r} "
                          f"of the {len(value)} given")
            value = names[0]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.warn("frontmatter", "series", f"'series' should be a name, not a {type(value).__name__}; ignored")
            return None
        return _squash(_CONTROL_RE.sub("", value)) or None

    def series_part(self) -> int | None:
        value = self.data.get("series_part")
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100_000:
            self.warn("frontmatter", "series_part", f"'series_part: {value!r}' should be a whole number "
                      "from 1; ignored (the part is placed by its date)")
            return None
        return value

    def published(self) -> bool:
        if "published" not in self.data:
            return True
        value = _truth(self.data["published"])
        if value is None:
            self.warn(
                "draft",
                "published",
                f"'published: {self.data['published']!r}' is neither true nor false; "
                "the post is treated as unpublished",
            )
            return False
        return value

    def date(self, key: str, tz: dt.tzinfo) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_date(value, tz)
        except DateError as exc:
            self.warn("date", key, f"'{key}' cannot be read: {exc}")
            return None


def _title_from_stem(stem: str) -> str:
    name = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-?", "", stem) or stem
    name = " ".join(re.split(r"[-_\s]+", name)).strip()
    return name[:1].upper() + name[1:] if name else stem


def parse_post(
    data: bytes,
    path: str,
    tz: dt.tzinfo,
    *,
    markup: str = "markdown",
) -> ParseResult:
    """Read one post file.

    *data* is the raw file content, *path* its path relative to the source
    directory (``/``-separated; used for the file-name date and for
    categories from folders), *tz* the timezone for dates without an offset.
    """
    if len(data) > MAX_POST_BYTES:
        problem = Problem(
            "size",
            f"file is larger than {MAX_POST_BYTES // (1024 * 1024)} MiB; refused",
        )
        return ParseResult(None, (problem,), readable=False)
    if _looks_binary(data):
        problem = Problem("encoding", "file looks binary (it contains NUL bytes); refused")
        return ParseResult(None, (problem,), readable=False)

    text, problems = decode_source(data)
    if text is None:
        return ParseResult(None, tuple(problems), readable=False)
    stem = PurePosixPath(path).stem
    try:
        split = split_front_matter(text)
    except FrontMatterError as exc:
        return _refused(path, stem, tz, markup, text, problems, Problem("frontmatter", str(exc), exc.line))
    if split is None:
        return ParseResult(None, tuple(problems), text)

    try:
        data_map = load_yaml(split.yaml_text)
    except FrontMatterError as exc:
        # exc.line counts from the first YAML line; the file's line 1 is '---'
        return _refused(path, stem, tz, markup, text, problems, Problem("frontmatter", str(exc), exc.line + 1), split.fm_lines)
    if data_map is None:
        data_map = {}
    if not isinstance(data_map, Mapping):
        problem = Problem(
            "frontmatter",
            f"front matter must be a mapping of keys to values, not a {type(data_map).__name__}",
            2,
        )
        return _refused(path, stem, tz, markup, text, problems, problem, split.fm_lines)
    data_map = {str(key): value for key, value in data_map.items()}

    reader = _Reader(data_map, split.yaml_text)
    published = reader.published()

    title = reader.text("title")
    if title is not None:
        # Jekyll layouts print titles as HTML, so authors write entities
        # (``&amp;``, ``&mdash;``); the title here is text.
        title = _squash(html.unescape(title)) or None
    title_source = "front matter"
    if title is None:
        heading = next((h for h in body_headings(split.body, markup) if h[1]), None)
        if heading is not None:
            title, title_source = heading[1], "heading"
        else:
            title, title_source = _title_from_stem(stem), "file name"
            reader.warn(
                "title",
                "title",
                f"post has no title; using {title!r} from its file name "
                "(add 'title:' to its front matter)",
            )

    date, date_source = _post_date(reader, stem, tz)
    updated = reader.date("updated", tz) or reader.date("last_modified_at", tz)

    series = reader.series()
    folder_categories = _categories_from_folders(path)
    categories = tuple(dict.fromkeys((*folder_categories, *reader.words("category", "categories"))))

    post = Post(
        path=path,
        title=title,
        title_source=title_source,
        date=date,
        date_source=date_source,
        published=published,
        updated=updated,
        authors=reader.authors(),
        tags=reader.words("tag", "tags"),
        categories=categories,
        excerpt=_clean_excerpt(data_map.get("excerpt"), reader),
        slug=reader.text("slug"),
        lang=_lang(reader),
        image=_image(reader),
        image_alt=_image_alt(reader),
        description=reader.text("description"),
        permalink=reader.text("permalink"),
        id=reader.text("id"),
        seo=reader.flag("seo") is not False,
        series=series,
        series_part=reader.series_part() if series else None,
        pinned=bool(reader.flag("pinned")),
        unlisted=bool(reader.flag("unlisted")) or bool(reader.flag("hidden")),
        comments=reader.flag("comments"),
        extra={k: v for k, v in data_map.items() if k not in KNOWN_KEYS},
        body_line=split.body_line,
        body_has_title=opens_with_title(split.body, markup),
        markup=markup,
        key_lines={k: reader.line_of(k) for k in data_map if k in KNOWN_KEYS},
    )
    return ParseResult(post, tuple(problems + reader.problems), text)


def _post_date(reader: _Reader, stem: str, tz: dt.tzinfo) -> tuple[dt.datetime | None, str | None]:
    """The post's date and where it came from; warns when it falls back."""
    value = reader.data.get("date")
    from_name = date_from_filename(stem, tz)
    fallback = (
        "using the date in the file name instead"
        if from_name is not None
        else "the post is undated and is listed after all dated posts"
    )
    if value is not None and value != "":
        try:
            return parse_date(value, tz), "front matter"
        except DateError as exc:
            reader.warn("date", "date", f"'date' cannot be read: {exc}; {fallback}")
    elif from_name is None:
        reader.problems.append(
            Problem(
                "date",
                "post has no date; add 'date: YYYY-MM-DD' to its front matter "
                "or start its file name with YYYY-MM-DD-",
                1,
            )
        )
    return from_name, ("file name" if from_name is not None else None)


def _clean_excerpt(value: object, reader: _Reader) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        reader.warn("frontmatter", "excerpt", "'excerpt' should be text; ignored")
        return None
    text = _CONTROL_RE.sub("", str(value)).strip()
    # `excerpt: ""` is common in exported blogs and means "none given".
    return text or None


# BCP 47 in the shape real posts use (``en``, ``pt-BR``, ``zh_Hant_TW``); the
# value becomes the page's ``<html lang>``, so nothing else may pass.
_LANG_RE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


def _lang(reader: _Reader) -> str | None:
    value = reader.text("lang")
    if value is not None and not _LANG_RE.fullmatch(value):
        reader.warn("frontmatter", "lang", f"'lang: {value}' is not a language tag such as 'en' or 'pt-BR'; ignored")
        return None
    return value


def _image(reader: _Reader) -> str | None:
    value = reader.data.get("image")
    if isinstance(value, Mapping):
        # jekyll-seo-tag style: {path: ..., width: ..., height: ...}
        for key in ("path", "url", "src", "feature"):
            inner = value.get(key)
            if isinstance(inner, str) and inner.strip():
                return inner.strip()
        return None
    return reader.text("image")


def _image_alt(reader: _Reader) -> str | None:
    value = reader.data.get("image")
    if isinstance(value, Mapping) and isinstance(value.get("alt"), str):
        alt = _squash(_CONTROL_RE.sub("", value["alt"]))
        if alt and "image_alt" not in reader.data:
            return alt
    return reader.text("image_alt")


def _categories_from_folders(path: str) -> tuple[str, ...]:
    """Jekyll's categories from folders: those above ``_posts`` and below it."""
    parts = PurePosixPath(path).parts[:-1]
    if "_posts" not in parts:
        return ()
    at = parts.index("_posts")
    return tuple(p for p in (*parts[:at], *parts[at + 1 :]) if p not in ("", "."))


def _refused(
    path: str,
    stem: str,
    tz: dt.tzinfo,
    markup: str,
    text: str,
    problems: list[Problem],
    problem: Problem,
    fm_lines: int = 1,
) -> ParseResult:
    """Fail closed: a post whose front matter cannot be read is never published."""
    message = problem.message + "; the post is not published until this is fixed"
    post = Post(
        path=path,
        title=_title_from_stem(stem),
        title_source="file name",
        date=date_from_filename(stem, tz),
        date_source="file name" if date_from_filename(stem, tz) else None,
        published=False,
        body_line=fm_lines + 1,
        markup=markup,
    )
    problems = [*problems, Problem(problem.subtype, message, problem.line)]
    return ParseResult(post, tuple(problems), text, refused=True)
