"""Writing the blog's feeds at the end of an HTML build.

Feeds are made on ``build-finished``, in the main process, from the
environment's data and the post pages Sphinx has written (see
:mod:`.post_pages`), so they are complete on incremental and parallel builds,
and a failed build writes none.  Every URL in them is absolute, based on
``blogposts_baseurl``, else ``html_baseurl``, else Read the Docs'
``READTHEDOCS_CANONICAL_URL``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from sphinx.util.display import status_iterator

from .. import __version__
from ..config import BlogConfig
from ..core import feed_formats as feeds
from ..core.blog import Blog
from ..core.html.urls import absolutize, safe_url, site_url
from ..core.pageplan import group_pagename
from ..log import warn
from ..resolve.summary import post_summary
from .generated import GeneratedFiles, fingerprint, write_atomic
from .post_images import shared_image
from .titles import page_title
from .workers import in_workers, worth_forking

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..core.post import Author

#: format -> (file name, MIME type, label shown in pages)
FORMATS = {
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "rss": ("rss.xml", "application/rss+xml", "RSS"),
    "json": ("feed.json", "application/feed+json", "JSON Feed"),
}
_NO_INFO = feeds.FeedInfo(title="", id="", site_url="", self_url="")
_WRITERS = {"atom": feeds.atom, "rss": feeds.rss, "json": feeds.json_feed}
#: the "updated" of a feed with no entries: fixed, so the file stays the same
_EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class FeedSpec:
    """One feed: which posts, and where it is written."""

    folder: str  # site-relative folder of the feed files
    title: str
    #: page the feed belongs to (the blog index, a tag page...)
    pagename: str
    docnames: tuple[str, ...]


def feed_specs(blog: Blog, cfg: BlogConfig, project: str) -> list[FeedSpec]:
    root = cfg.root
    dated = [d for d in blog.docnames if blog.posts[d].date is not None]
    specs = [FeedSpec(root, project, posixpath.join(root, "index") if root else "index", tuple(dated))]
    if cfg.feed_archives:
        for kind in ("tag", "category"):
            for group in blog.groups(kind):
                pagename = group_pagename(root, kind, group.slug)
                docnames = tuple(d for d in group.docnames if blog.posts[d].date is not None)
                if docnames:
                    specs.append(FeedSpec(pagename, f"{project}: {page_title(kind, group.name)}", pagename, docnames))
    return specs


def feed_links(context: BuildContext, pagename: str | None = None, title: str | None = None) -> list[dict[str, str]]:
    """Feeds of the whole blog, or of the tag/category page *pagename*."""
    # asked for by every page: made once per build
    key = (pagename, title)
    if key not in context.feed_links:
        context.feed_links[key] = _feed_links(context, pagename, title)
    return [dict(link) for link in context.feed_links[key]]


def _feed_links(context: BuildContext, pagename: str | None, title: str | None) -> list[dict[str, str]]:
    cfg = context.cfg
    base = context.base_url
    if base is None or not cfg.feeds or not context.pages:
        return []
    if pagename is not None and not cfg.feed_archives:
        return []
    folder = pagename if pagename is not None else cfg.root
    title = title or context.config.project
    return [
        {
            "url": urljoin(base, quote(posixpath.join(folder, FORMATS[fmt][0]), safe="/")),
            "type": FORMATS[fmt][1],
            "label": FORMATS[fmt][2],
            "title": f"{title} ({FORMATS[fmt][2]})",
        }
        for fmt in cfg.feeds
    ]


def on_build_finished(context: BuildContext, exception: Exception | None) -> None:
    if exception is not None or not context.pages:
        return
    builder = context.builder
    config = context.config
    cfg = context.cfg
    base = context.base_url
    generated = GeneratedFiles(builder.outdir, "feeds")
    if base is None and (cfg.feeds or cfg.seo):
        _warn_no_base_url(config, cfg.feeds, cfg.seo)
    if not cfg.feeds or base is None:
        generated.finish()  # feeds of earlier builds go
        return
    blog = context.blog
    maker = _EntryMaker(context, base)
    specs = feed_specs(blog, cfg, config.project)
    build_info = getattr(builder, "build_info", None)
    common = (__version__, base, getattr(build_info, "config_hash", ""), config.project,
              config.author, config.language, cfg.profiles)
    # which feed files are out of date: an entry is made from the post and
    # cut from its written page, which Sphinx may write again without reading
    # the post again (a postlist in it, links to posts that moved)
    work: list[tuple[FeedSpec, list[str], list[tuple[str, Path]]]] = []
    for spec in specs:
        docnames = spec.docnames[: cfg.feed_length]
        entries_key = [(d, blog.posts[d], context.post_pages.digest(d), shared_image(context, d)) for d in docnames]
        todo = []
        for fmt in cfg.feeds:
            target = Path(builder.outdir, spec.folder, FORMATS[fmt][0])
            digest = fingerprint(common, fmt, spec.title, spec.pagename, entries_key)
            if not generated.up_to_date(target, digest):
                todo.append((fmt, target))
        if todo:
            work.append((spec, docnames, todo))
    maker.make_all(dict.fromkeys(d for _spec, docnames, _todo in work for d in docnames))

    for spec, docnames, todo in status_iterator(
        work, "writing blog feeds... ", "darkgreen", len(work), context.verbosity,
        stringify_func=lambda item: item[0].folder,
    ):
        entries = [maker.entry(d) for d in docnames]
        info = feeds.FeedInfo(
            title=spec.title,
            id=context.page_url(spec.pagename),
            site_url=context.page_url(spec.pagename),
            self_url="",
            authors=(feeds.FeedAuthor(config.author or config.project),),
            language=config.language or None,
            icon_url=_static_url(base, config.html_favicon),
            logo_url=_static_url(base, config.html_logo),
            hub_url=cfg.websub_hub,
        )
        for fmt, target in todo:
            self_url = urljoin(base, quote(target.relative_to(builder.outdir).as_posix(), safe="/"))
            result = _WRITERS[fmt](info.with_self_url(self_url), entries, updated_fallback=_EMPTY_FEED_DATE)
            for source, message in result.problems:
                warn("feed", message, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, result.data)
    generated.finish()


def _warn_no_base_url(config, feeds: bool, seo: bool) -> None:
    """One warning for the build: what is missing without a base URL."""
    given = [
        f"{name} = {value!r}"
        for name, value in (("blogposts_baseurl", config.blogposts_baseurl),
                            ("html_baseurl", config.html_baseurl))
        if value
    ]
    problem = f"{' and '.join(given)} is not an absolute URL; " if given else ""
    missing = "no feeds written" if feeds else "pages get no canonical link, og:url or og:image"
    if feeds and seo:
        missing += " and pages get no canonical link, og:url or og:image"
    off = "Set blogposts_feeds = [] to turn feeds off." if feeds else "Set blogposts_seo = False to turn this off."
    warn(
        "feed" if feeds else "seo",
        f"{missing}: {problem}set blogposts_baseurl (or html_baseurl) to the "
        f"site's address, e.g. 'https://example.org/docs/'; on Read the Docs it is found by itself. {off}",
    )


def _static_url(base: str, value: str | None) -> str | None:
    """``html_logo`` or ``html_favicon`` as an absolute URL: Sphinx copies
    a file to ``_static/``; a URL stays what it is."""
    if not value:
        return None
    if "://" in value:
        return safe_url(value)
    return urljoin(base, "_static/" + quote(value.replace("\\", "/").rsplit("/", 1)[-1]))


class _EntryMaker:
    """Feed entries for posts, each made once per build."""

    def __init__(self, context: BuildContext, base: str) -> None:
        self.context = context
        self.cfg = context.cfg
        self.base = base
        self.domain = context.domain
        self.post_pages = context.post_pages
        self._made: dict[str, feeds.FeedEntry] = {}

    def entry(self, docname: str) -> feeds.FeedEntry:
        if docname not in self._made:
            self._made[docname] = self._make(docname)
        return self._made[docname]

    def make_all(self, docnames: Iterable[str]) -> None:
        """Make the entries of *docnames*: shared out to worker processes on
        ``-j N`` builds (cleaning each post's HTML is most of a feed's cost)."""
        todo = [d for d in docnames if d not in self._made]
        if not worth_forking(self.context, len(todo)):
            return  # made when first asked for

        def make(chunk: list[str]) -> list[tuple[str, feeds.FeedEntry]]:
            return [(d, self._make(d)) for d in chunk]

        def keep(chunk: list[str], made: list[tuple[str, feeds.FeedEntry]]) -> None:
            self._made.update(made)

        in_workers(self.context, todo, make, keep)

    def _author(self, author: Author) -> feeds.FeedAuthor:
        profile = self.cfg.profiles.get(author.key)
        avatar = None
        if profile is not None and profile.avatar_url:
            avatar = profile.avatar_url
        elif profile is not None and profile.avatar_path:
            avatar = self.context.file_url(profile.avatar_path)
        return feeds.FeedAuthor(author.name, author.email, safe_url(author.url), avatar)

    def _make(self, docname: str) -> feeds.FeedEntry:
        post = self.domain.post(docname)
        info = self.domain.read.get(docname)
        url = self.context.page_url(docname)
        if info is not None and info.excerpt_html is not None:
            summary = info.excerpt_html
        else:
            summary = self.post_pages.excerpt_raw(docname) or ""
        summary = absolutize(summary, url)
        content = None
        if self.cfg.feed_fulltext:
            content = self.post_pages.content(docname, base_url=url) or ""
        # the post's own image (relative to its source file), else its card
        image = shared_image(self.context, docname)
        summary_authors = post_summary(self.context, self.context.links(docname), docname)["authors"]
        entry = feeds.FeedEntry(
            # a pinned id may be written as a site path (/2019/05/06/x): Atom
            # wants it absolute
            id=site_url(self.base, post.id, self.base) if post.id else url,
            url=url,
            title=post.title,
            published=post.date,
            updated=post.updated,
            authors=tuple(
                feeds.FeedAuthor(a["name"], a["email"], _absolute(a["url"], url),
                                 a["avatar_url"] or _absolute(a["avatar"], url))
                for a in summary_authors
            ),
            categories=(*post.tags, *post.categories),
            content_html=content,
            summary_html=summary or None,
            image_url=image.url if image else None,
            image_width=image.width if image else None,
            image_height=image.height if image else None,
            lang=post.lang,
            # Sphinx turns a docname location into the source file's path
            source=docname,
        )
        # cleaned once here, so each feed the entry appears in reports nothing
        _info, (entry,), problems = feeds.sanitize(_NO_INFO, [entry])
        for source, message in problems:
            warn("feed", message, source)
        return entry


def _absolute(value: str | None, here: str) -> str | None:
    return urljoin(here, value) if value and safe_url(value) else None
