"""Every ``blogposts_*`` configuration value, in one place.

Each value is declared once, with its type, default, rebuild kind and help
text; Sphinx registration, validation and the documentation's reference
table all read this list, so they cannot drift apart.  Other modules read
configuration only through :func:`blog_config`.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .core.authors import Profiles
from .core.comments import CommentSettings, comment_settings
from .core.dates import DateError, load_timezone
from .core.separators import DEFAULT_SEPARATORS
from .core.share import SERVICES, instance_ok

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

FEED_FORMATS = ("atom", "rss", "json")


def _str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _optional_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _safe_root(value: str) -> bool:
    parts = value.strip("/").split("/") if value.strip("/") else []
    return not value.startswith("/") and all(p and p not in (".", "..") and "\\" not in p for p in parts)


def _permalink_problem(value: Any) -> str | None:
    from .jekyll.permalinks import check_pattern

    return check_pattern(value) if isinstance(value, str) else None


def _permalink_pattern(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and _permalink_problem(value) is None)


def _absolute_url(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.startswith(("https://", "http://")))


def _fonts(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(value)) or (_str_list(value) and bool(value))


#: the colours of social cards, and their defaults
CARD_COLORS = {"background": "#1f2933", "text": "#f5f7fa", "accent": "#3ebd93", "muted": "#9aa5b1"}
_HEX_RE = re.compile(r"#[0-9a-fA-F]{6}")


def _card_colors(value: Any) -> bool:
    return isinstance(value, dict) and all(
        k in CARD_COLORS and isinstance(v, str) and _HEX_RE.fullmatch(v) for k, v in value.items()
    )


def _feeds(value: Any) -> bool:
    return _str_list(value) and all(v in FEED_FORMATS for v in value)


def _endpoint(value: Any) -> bool:
    from .core.html.urls import safe_url

    return value is None or (isinstance(value, str) and value.lower().startswith(("https://", "http://"))
                             and safe_url(value) == value and not any(c in value for c in "<>\"\' "))


def _comments_problem(value: Any) -> str | None:
    return comment_settings(value)[1]


def _share(value: Any) -> bool:
    return _str_list(value) and all(v in SERVICES for v in value)


@dataclass(frozen=True)
class Option:
    """One configuration value: what the docs and the validator know of it."""

    type: str
    default: Any
    help: str
    rebuild: str = "env"
    check: Callable[[Any], bool] | None = None
    #: why a value the check refused is wrong, where "<type> expected" would mislead
    problem: Callable[[Any], str | None] | None = None


#: name (without the ``blogposts_`` prefix) -> declaration
OPTIONS: dict[str, Option] = {
    "paths": Option(
        "list[str]",
        ["_posts/**", "blog/posts/**"],
        "Glob patterns, relative to the source directory, of the files that "
        "may be posts. A matching file that starts with YAML front matter is a "
        "post; one without front matter stays an ordinary document.",
        check=_str_list,
    ),
    "drafts_paths": Option(
        "list[str]",
        ["_drafts/**"],
        "Glob patterns of folders whose files are always drafts, as Jekyll's "
        "``_drafts``: they are left out of the build (every file there, with "
        "or without front matter) unless ``blogposts_drafts`` is on.",
        check=_str_list,
    ),
    "timezone": Option(
        "str",
        "UTC",
        "IANA timezone (e.g. ``Europe/Amsterdam``) in which dates without an "
        "offset are read. The build machine's own timezone is never used.",
        check=lambda v: isinstance(v, str),
    ),
    "drafts": Option(
        "bool",
        False,
        "Build unpublished posts (``published: false``) too, with a visible "
        "*Draft* banner. For local previews only.",
        check=lambda v: isinstance(v, bool),
    ),
    "future": Option(
        "bool",
        False,
        "Publish posts dated in the future. Otherwise they stay out of the "
        "build until their date has passed (``SOURCE_DATE_EPOCH`` is the "
        "current time when it is set).",
        check=lambda v: isinstance(v, bool),
    ),
    "root": Option(
        "str",
        "blog",
        "Folder (URL path) under which the blog's pages are generated: the "
        "paginated index, tag, category, author and year pages, the archive "
        "and the feeds. ``\"\"`` puts them at the top of the site.",
        rebuild="html",
        check=lambda v: isinstance(v, str) and _safe_root(v),
    ),
    "posts_per_page": Option(
        "int",
        10,
        "Posts on each page of the blog index and of each tag, category, "
        "author and year page.",
        rebuild="html",
        check=_positive_int,
    ),
    "excerpt_separator": Option(
        "str | None",
        None,
        "An extra excerpt separator, besides ``<!--more-->`` and "
        "``<!-- more -->`` (e.g. ``<!-- excerpt -->``): the excerpt is the "
        "body up to the separator.",
        check=_optional_str,
    ),
    "recent_posts": Option(
        "int",
        5,
        "How many posts the ``blogposts/recent.html`` sidebar lists.",
        rebuild="html",
        check=_positive_int,
    ),
    "baseurl": Option(
        "str | None",
        None,
        "The site's absolute address, e.g. ``https://example.org/docs/``, for "
        "the absolute URLs feeds need. Defaults to ``html_baseurl``, then to "
        "``READTHEDOCS_CANONICAL_URL`` (set by Read the Docs for each version "
        "and language). With none of them, no feed is written.",
        rebuild="html",
        check=_optional_str,
    ),
    "feeds": Option(
        "list[str]",
        ["atom", "rss", "json"],
        "Feed formats to write: any of ``atom`` (Atom 1.0), ``rss`` (RSS 2.0) "
        "and ``json`` (JSON Feed 1.1). ``[]`` writes none.",
        rebuild="html",
        check=_feeds,
    ),
    "feed_archives": Option(
        "bool",
        True,
        "Also write a feed for each tag and each category.",
        rebuild="html",
        check=lambda v: isinstance(v, bool),
    ),
    "feed_fulltext": Option(
        "bool",
        True,
        "Put each post's full content in the feeds; ``False`` puts only the "
        "excerpt. The excerpt is always there as the summary.",
        rebuild="html",
        check=lambda v: isinstance(v, bool),
    ),
    "feed_length": Option(
        "int",
        20,
        "How many of the newest posts each feed holds.",
        rebuild="html",
        check=_positive_int,
    ),
    "jekyll": Option(
        "bool",
        True,
        "Convert Jekyll's Liquid tags and kramdown syntax in Markdown posts "
        "(``{% highlight %}``, ``{% post_url %}``, ``{% include %}``, "
        "``{{ site.url }}``, ``{: .class}``...), and the links of posts to the "
        "old site's addresses, pages and files. Turns on the MyST extensions "
        "``attrs_block`` and ``attrs_inline``.",
        check=lambda v: isinstance(v, bool),
    ),
    "jekyll_site": Option(
        "dict[str, object]",
        {},
        "Values of Jekyll's ``site.*`` variables, e.g. ``{\"imageurl\": "
        "\"/images/\"}``. ``site.url`` and ``site.baseurl`` default to ``\"\"``, "
        "so ``{{ site.baseurl }}/x.png`` becomes ``/x.png``, a path from the "
        "source folder that Sphinx resolves. Set ``url`` to the old site's "
        "address (``\"https://example.com\"``) and absolute links to it are "
        "resolved like root-relative ones: to the post, page or file that has "
        "that address now.",
        check=lambda v: isinstance(v, dict),
    ),
    "jekyll_tags": Option(
        "dict[str, callable | str]",
        {},
        "Liquid tags of plugins, mapped to a Python callable (given the tag "
        "call) or a template string with ``{0}``, ``{args}`` or ``{key}``, "
        "e.g. ``{\"asciinema\": '<script src=\"https://asciinema.org/a/{0}.js\"></script>'}``. "
        "``youtube``, ``vimeo``, ``gist``, ``tweet``, ``twitter``, ``video`` and the "
        "``figure`` block are built in; a mapping replaces them. Changing it does not make "
        "Sphinx read posts again (functions cannot be compared): use ``-E``.",
        rebuild="",
        check=lambda v: isinstance(v, dict),
    ),
    "jekyll_includes": Option(
        "str | None",
        "_includes",
        "The folder, relative to the source directory, that Jekyll's "
        "``{% include name.html key=value %}`` (and ``include_cached``) read "
        "from, as Jekyll's ``_includes``: each included file is converted "
        "like a post body, with ``include.key`` set, in the tag's place, and "
        "editing it rebuilds the posts that include it. Its files are never "
        "built as pages. ``None`` leaves ``include`` tags out, with a warning.",
        check=lambda v: v is None or (isinstance(v, str) and _safe_root(v.strip("/")) and bool(v.strip("/"))),
    ),
    "jekyll_permalinks": Option(
        "str | None",
        None,
        "The Jekyll ``permalink`` setting the blog had: a built-in style "
        "(``date``, Jekyll's default, ``pretty``, ``ordinal``, ``weekdate``, "
        "``none``) or a pattern with Jekyll's placeholders, such as "
        "``/:categories/:year/:month/:day/:title:output_ext``. Each post then "
        "gets a small redirect page at its old address, leading to its new "
        "page. The redirect is written where Jekyll wrote the page: an "
        "address ending in ``/`` gets ``index.html``, any other one without "
        "``.html`` gets ``.html`` appended. A post's own ``permalink:`` front "
        "matter gets one even when this is ``None``, as long as "
        "``blogposts_jekyll`` is on. HTML builders only.",
        rebuild="",
        check=_permalink_pattern,
        problem=_permalink_problem,
    ),
    "seo": Option(
        "bool",
        True,
        "Write link-preview and search metadata into the head of post pages and "
        "of the blog's generated pages: the description, Open Graph, Twitter "
        "card and JSON-LD tags, ``rel=\"prev\"``/``\"next\"`` links, and "
        "the canonical address. A post's ``seo: false`` turns it off for that post.",
        rebuild="html",
        check=lambda v: isinstance(v, bool),
    ),
    "twitter_site": Option(
        "str | None",
        None,
        "The site's account on X/Twitter, e.g. ``@example``: the pages' "
        "``twitter:site``.",
        rebuild="html",
        check=_optional_str,
    ),
    "social_cards": Option(
        "bool",
        False,
        "Draw a 1200x630 PNG card (title, date, authors, site name, logo) for "
        "every post without an ``image`` of its own: its ``og:image`` and its "
        "feed thumbnail. Needs Pillow (``pip install sphinx-blogposts[cards]``).",
        rebuild="html",
        check=lambda v: isinstance(v, bool),
    ),
    "social_cards_font": Option(
        "str | list[str] | None",
        None,
        "The font file (TrueType/OpenType, ``.ttc`` too) of the cards, or a "
        "list of them: each card uses the first that has every character it "
        "shows, and DejaVu Sans, which ships with the extension (Latin, Greek, "
        "Cyrillic...), after them. Chinese, Japanese or Korean titles need a "
        "font such as Noto Sans CJK (e.g. "
        "``/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc``). Relative "
        "paths start at the configuration folder.",
        rebuild="html",
        check=_fonts,
    ),
    "social_cards_colors": Option(
        "dict[str, str]",
        {},
        "Colours of the cards as ``#rrggbb``, by role: ``background``, "
        "``text``, ``accent`` (the bar and the site name) and ``muted`` (date "
        "and authors); roles not given keep their defaults.",
        rebuild="html",
        check=_card_colors,
    ),
    "social_cards_logo": Option(
        "str | None",
        None,
        "A PNG, JPEG, GIF or WebP logo drawn in the cards' corner, relative "
        "to the configuration folder. ``None`` uses ``html_logo`` when it is "
        "such a file; ``\"\"`` draws none.",
        rebuild="html",
        check=_optional_str,
    ),
    "websub_hub": Option(
        "str | None",
        None,
        "The address of a WebSub hub (e.g. ``https://pubsubhubbub.appspot.com/``) "
        "that readers may subscribe to for instant updates: written into every "
        "feed (``rel=\"hub\"``, JSON Feed ``hubs``). Ping the hub after "
        "publishing; the build does not.",
        rebuild="html",
        check=_absolute_url,
    ),
    "date_format": Option(
        "str",
        "long",
        "How dates are shown: ``short``, ``medium``, ``long`` or ``full`` "
        "(formatted for the project's ``language``), or a ``strftime`` "
        "pattern such as ``%Y-%m-%d``.",
        rebuild="html",
        check=lambda v: isinstance(v, str) and bool(v),
    ),
    "authors": Option(
        "dict[str, dict]",
        {},
        "Author profiles: a mapping of keys to ``name``, ``url``, ``avatar`` (a "
        "picture in the source folder or an http(s) address), ``bio`` (inline "
        "Markdown), ``email`` and links such as ``mastodon``, ``github``, "
        "``bluesky``, ``linkedin`` or ``website`` (an address, or a handle). Posts "
        "name an author by key or by name. Merged over ``blogposts_authors_file``.",
        rebuild="html",
        check=lambda v: isinstance(v, dict),
    ),
    "authors_file": Option(
        "str | None",
        None,
        "A YAML file of author profiles, in the source folder (e.g. "
        "``blog/authors.yml``), shaped as ``blogposts_authors``; the "
        "``authors.yml`` of Docusaurus and the ``.authors.yml`` of MkDocs Material "
        "are read as they are.",
        rebuild="html",
        check=lambda v: v is None or (isinstance(v, str) and bool(v.strip()) and _safe_root(v.strip())),
    ),
    "related_posts": Option(
        "int",
        3,
        "How many related posts (those that share the most tags and categories, "
        "rare ones counting more) are listed at the end of each post; ``0`` lists none.",
        rebuild="html",
        check=lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 50,
    ),
    "comments": Option(
        "dict[str, str]",
        {},
        "Comments under each post: ``{\"provider\": \"giscus\", ...}`` with the "
        "provider's own settings, for ``giscus``, ``utterances`` or ``disqus``. "
        "``{}`` (the default) has none.",
        rebuild="html",
        check=lambda v: _comments_problem(v) is None,
        problem=_comments_problem,
    ),
    "share": Option(
        "list[str]",
        [],
        "Share links under each post, any of ``mastodon``, ``bluesky``, "
        "``linkedin``, ``hackernews`` and ``email``: plain links, no script, no "
        "tracking. Needs the site's address (``blogposts_baseurl``).",
        rebuild="html",
        check=_share,
    ),
    "share_mastodon_instance": Option(
        "str | None",
        None,
        "The Mastodon instance share links go to (e.g. ``mastodon.social``); "
        "without it, they go to a page of the blog that asks for the reader's.",
        rebuild="html",
        check=lambda v: v is None or instance_ok(v),
    ),
    "webmention_endpoint": Option(
        "str | None",
        None,
        "The address of the site's Webmention endpoint (e.g. "
        "``https://webmention.io/example.org/webmention``): post pages get a "
        "``<link rel=\"webmention\">`` to it.",
        rebuild="html",
        check=_endpoint,
    ),
    "pingback_endpoint": Option(
        "str | None",
        None,
        "The address of the site's Pingback endpoint: post pages get a "
        "``<link rel=\"pingback\">`` to it.",
        rebuild="html",
        check=_endpoint,
    ),
    "words_per_minute": Option(
        "int",
        220,
        "Reading speed used for the reading time shown on posts.",
        rebuild="html",
        check=_positive_int,
    ),
}


@dataclass(frozen=True)
class BlogConfig:
    """The validated configuration, as the rest of the package sees it."""

    paths: tuple[str, ...]
    drafts_paths: tuple[str, ...]
    timezone: dt.tzinfo
    timezone_name: str
    drafts: bool
    future: bool
    date_format: str
    words_per_minute: int
    root: str
    posts_per_page: int
    excerpt_separators: tuple[str, ...]
    recent_posts: int
    feeds: tuple[str, ...]
    feed_archives: bool
    feed_fulltext: bool
    feed_length: int
    jekyll: bool
    jekyll_site: dict[str, Any]
    jekyll_tags: dict[str, Any]
    #: the includes folder, from the source folder, or ``None``
    jekyll_includes: str | None = None
    #: the ``language`` of the project, for dates and text
    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    #: the old site's permalink style or pattern, ``None`` when off
    jekyll_permalinks: str | None = None
    seo: bool = True
    twitter_site: str | None = None
    social_cards: bool = False
    #: font files of the cards (``()``: the shipped font)
    social_cards_fonts: tuple[str, ...] = ()
    social_cards_colors: tuple[tuple[str, str], ...] = tuple(CARD_COLORS.items())
    #: ``None``: ``html_logo`` if it is a raster image; ``""``: none
    social_cards_logo: str | None = None
    websub_hub: str | None = None
    #: the author profiles (see :mod:`.core.authors`)
    profiles: Profiles = field(default_factory=Profiles)
    related_posts: int = 3
    #: ``None`` when the posts have no comments
    comments: CommentSettings | None = None
    share: tuple[str, ...] = ()
    share_mastodon_instance: str | None = None
    webmention_endpoint: str | None = None
    pingback_endpoint: str | None = None

    @property
    def parse_key(self) -> tuple[object, ...]:
        """What post parsing depends on: a cached parse is stale if it changes."""
        return (self.paths, self.drafts_paths, self.timezone_name)


def register(app: Sphinx) -> None:
    for name, option in OPTIONS.items():
        app.add_config_value(
            f"blogposts_{name}", option.default, option.rebuild, description=option.help
        )
    app.connect("config-inited", _validate, priority=400)


def _validate(app: Sphinx, config: Config) -> None:
    """Warn about and replace invalid values, so the rest can trust them."""
    from .log import warn

    for name, option in OPTIONS.items():
        key = f"blogposts_{name}"
        value = config[key]
        if option.check is not None and not option.check(value):
            problem = option.problem(value) if option.problem else None
            warn(
                "config",
                f"{key} = {value!r} is not valid ({problem or option.type + ' expected'}); "
                f"using the default {option.default!r}",
            )
            config[key] = option.default
    if config.blogposts_jekyll:
        # kramdown's {: .class} becomes MyST attributes
        extensions = list(getattr(config, "myst_enable_extensions", []) or [])
        for name in ("attrs_block", "attrs_inline"):
            if name not in extensions:
                extensions.append(name)
        config.myst_enable_extensions = extensions
        includes = config.blogposts_jekyll_includes
        if includes:
            # included snippets are parts of posts, never pages of their own
            pattern = includes.strip("/") + "/**"
            if pattern not in config.exclude_patterns:
                config.exclude_patterns = [*config.exclude_patterns, pattern]
    if config.blogposts_social_cards:
        from .core.card_drawing import pillow_available

        if not pillow_available():
            # the option stays as given (a changed value would make Sphinx
            # write every page again on the next build); no cards are drawn
            warn("cards", "blogposts_social_cards needs Pillow, which is not installed: "
                 "pip install 'sphinx-blogposts[cards]'; no social cards are drawn")
    try:
        load_timezone(config.blogposts_timezone)
    except DateError as exc:
        warn("config", f"blogposts_timezone: {exc}; using UTC")
        config.blogposts_timezone = "UTC"
    from .profiles import load_profiles

    object.__setattr__(config, PROFILES, load_profiles(app, config))


def blog_config(config: Config) -> BlogConfig:
    """The one accessor other modules use to read ``blogposts_*`` values.

    Built once per configuration (it is asked for on every page), and again
    only if a value changed.
    """
    raw = tuple([getattr(config, name, None) for name in _NAMES])
    cached = config.__dict__.get("_blogposts_cache")
    if cached is not None and cached[0] == raw:
        return cached[1]
    result = _make_blog_config(config)
    # a deep copy, so that a list changed in place is noticed too
    object.__setattr__(config, "_blogposts_cache", (copy.deepcopy(raw), result))
    return result


_NAMES = (*(f"blogposts_{name}" for name in OPTIONS), "language", "_blogposts_profiles")
#: where the profiles loaded on ``config-inited`` are kept (never pickled: private)
PROFILES = "_blogposts_profiles"


def _make_blog_config(config: Config) -> BlogConfig:
    name = config.blogposts_timezone
    try:
        tz = load_timezone(name)
    except DateError:
        tz, name = dt.timezone.utc, "UTC"
    return BlogConfig(
        paths=tuple(config.blogposts_paths),
        drafts_paths=tuple(config.blogposts_drafts_paths),
        timezone=tz,
        timezone_name=name,
        drafts=config.blogposts_drafts,
        future=config.blogposts_future,
        date_format=config.blogposts_date_format,
        words_per_minute=config.blogposts_words_per_minute,
        root=config.blogposts_root.strip("/"),
        posts_per_page=config.blogposts_posts_per_page,
        excerpt_separators=(
            *DEFAULT_SEPARATORS,
            *([config.blogposts_excerpt_separator] if config.blogposts_excerpt_separator else []),
        ),
        recent_posts=config.blogposts_recent_posts,
        feeds=tuple(dict.fromkeys(config.blogposts_feeds)),
        feed_archives=config.blogposts_feed_archives,
        feed_fulltext=config.blogposts_feed_fulltext,
        feed_length=config.blogposts_feed_length,
        jekyll=config.blogposts_jekyll,
        jekyll_site=dict(config.blogposts_jekyll_site),
        jekyll_tags=dict(config.blogposts_jekyll_tags),
        jekyll_includes=config.blogposts_jekyll_includes.strip("/") if config.blogposts_jekyll_includes else None,
        language=config.language or "en",
        jekyll_permalinks=config.blogposts_jekyll_permalinks or None,
        seo=config.blogposts_seo,
        twitter_site=config.blogposts_twitter_site or None,
        social_cards=config.blogposts_social_cards,
        social_cards_fonts=_font_list(config.blogposts_social_cards_font),
        social_cards_colors=tuple({**CARD_COLORS, **config.blogposts_social_cards_colors}.items()),
        social_cards_logo=config.blogposts_social_cards_logo,
        websub_hub=config.blogposts_websub_hub or None,
        profiles=config.__dict__.get(PROFILES) or Profiles(),
        related_posts=config.blogposts_related_posts,
        comments=comment_settings(config.blogposts_comments)[0],
        share=tuple(dict.fromkeys(config.blogposts_share)),
        share_mastodon_instance=config.blogposts_share_mastodon_instance,
        webmention_endpoint=config.blogposts_webmention_endpoint,
        pingback_endpoint=config.blogposts_pingback_endpoint,
    )


def _font_list(value: str | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def build_time() -> dt.datetime:
    """"Now" for deciding what is in the future: ``SOURCE_DATE_EPOCH`` if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            pass
    return dt.datetime.now(dt.timezone.utc)
