"""Writing the blog's feeds at the end of an HTML build.

Feeds are made on ``build-finished``, in the main process, from the
environment's data and the post pages Sphinx has written (see
:mod:`.posthtml`), so they are complete on incremental and parallel builds,
and a failed build writes none.  Every URL in them is absolute, based on
``blogposts_baseurl``, else ``html_baseurl``, else Read the Docs'
``READTHEDOCS_CANONICAL_URL``.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from sphinx.util.display import status_iterator

from . import feeds, htmltools
from ._log import warn
from .blog import Blog
from .buildcache import build_cache
from .config import BlogConfig, blog_config
from .domain import blog_domain
from .i18n import _
from .links import generates_pages
from .pageplan import group_pagename
from . import __version__
from .outputs import GeneratedFiles, fingerprint
from .posthtml import post_html as shared_post_html
from .urls import safe_url
from .workers import in_workers, worth_forking

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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


def base_url(app: Sphinx) -> str | None:
    """The site's absolute URL, ending in ``/``, or ``None`` if unknown."""
    for value in (
        app.config.blogposts_baseurl,
        app.config.html_baseurl,
        os.environ.get("READTHEDOCS_CANONICAL_URL"),
    ):
        if value and safe_url(value) and "://" in value:
            return value if value.endswith("/") else value + "/"
    return None


def page_url(app: Sphinx, base: str, pagename: str) -> str:
    return urljoin(base, quote(app.builder.get_target_uri(pagename), safe="/#%?=&~"))


def site_url(base: str, value: str, relative_to: str) -> str:
    """*value* from front matter as an absolute URL.

    A site path (``/images/x.png``) is inside the site, so under *base* as
    Jekyll's ``absolute_url`` puts it under ``url`` + ``baseurl``; any other
    relative value is resolved against *relative_to*.
    """
    if value.startswith("/") and not value.startswith("//"):
        return htmltools.absolute_url(value.lstrip("/"), base)
    return htmltools.absolute_url(value, relative_to)


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
        for kind, title in (("tag", _("Posts tagged “%s”")), ("category", _("Posts in “%s”"))):
            for group in blog.groups(kind):
                pagename = group_pagename(root, kind, group.slug)
                docnames = tuple(d for d in group.docnames if blog.posts[d].date is not None)
                if docnames:
                    specs.append(FeedSpec(pagename, f"{project}: {title % group.name}", pagename, docnames))
    return specs


def feed_links(app: Sphinx, pagename: str | None = None, title: str | None = None) -> list[dict[str, str]]:
    """Feeds of the whole blog, or of the tag/category page *pagename*."""
    # asked for by every page: made once per build
    cache = build_cache(app.builder).setdefault("feed_links", {})
    key = (pagename, title)
    if key not in cache:
        cache[key] = _feed_links(app, pagename, title)
    return [dict(link) for link in cache[key]]


def _feed_links(app: Sphinx, pagename: str | None, title: str | None) -> list[dict[str, str]]:
    cfg = blog_config(app.config)
    base = base_url(app)
    if base is None or not cfg.feeds or not generates_pages(app.builder):
        return []
    if pagename is not None and not cfg.feed_archives:
        return []
    folder = pagename if pagename is not None else cfg.root
    title = title or app.config.project
    return [
        {
            "url": urljoin(base, quote(posixpath.join(folder, FORMATS[fmt][0]), safe="/")),
            "type": FORMATS[fmt][1],
            "label": FORMATS[fmt][2],
            "title": f"{title} ({FORMATS[fmt][2]})",
        }
        for fmt in cfg.feeds
    ]


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not generates_pages(app.builder):
        return
    cfg = blog_config(app.config)
    base = base_url(app)
    generated = GeneratedFiles(app.builder.outdir, "feeds")
    if cfg.feeds and base is None:
        given = [
            f"{name} = {value!r}"
            for name, value in (("blogposts_baseurl", app.config.blogposts_baseurl),
                                ("html_baseurl", app.config.html_baseurl))
            if value
        ]
        problem = f"{' and '.join(given)} is not an absolute URL; " if given else ""
        warn(
            "feed",
            f"no feeds written: {problem}set blogposts_baseurl (or html_baseurl) to the "
            "site's address, e.g. 'https://example.org/docs/'; on Read the Docs it is "
            "found by itself. Set blogposts_feeds = [] to turn feeds off.",
        )
    if not cfg.feeds or base is None:
        generated.finish()  # feeds of earlier builds go
        return
    domain = blog_domain(app.env)
    blog = domain.blog()
    maker = _EntryMaker(app, cfg, base)
    specs = feed_specs(blog, cfg, app.config.project)
    build_info = getattr(app.builder, "build_info", None)
    common = (__version__, base, getattr(build_info, "config_hash", ""), app.config.project,
              app.config.author, app.config.language)
    stamps: dict[str, tuple[int, int] | None] = {}

    def stamp(docname: str) -> tuple[int, int] | None:
        # Entries are cut from the post's written page, which Sphinx may write
        # again without reading the post again (a postlist in it, links to
        # posts that moved): a page written again makes the entry new.
        if docname not in stamps:
            try:
                info = os.stat(app.builder.get_outfilename(docname))
                stamps[docname] = (info.st_mtime_ns, info.st_size)
            except OSError:
                stamps[docname] = None
        return stamps[docname]

    # which feed files are out of date
    work: list[tuple[FeedSpec, list[str], list[tuple[str, Path]]]] = []
    for spec in specs:
        docnames = spec.docnames[: cfg.feed_length]
        entries_key = [(d, app.env.all_docs.get(d), stamp(d)) for d in docnames]
        todo = []
        for fmt in cfg.feeds:
            target = Path(app.builder.outdir, spec.folder, FORMATS[fmt][0])
            digest = fingerprint(common, fmt, spec.title, spec.pagename, entries_key)
            if not generated.up_to_date(target, digest):
                todo.append((fmt, target))
        if todo:
            work.append((spec, docnames, todo))
    maker.make_all(dict.fromkeys(d for _spec, docnames, _todo in work for d in docnames))

    for spec, docnames, todo in status_iterator(
        work, "writing blog feeds... ", "darkgreen", len(work), app.verbosity,
        stringify_func=lambda item: item[0].folder,
    ):
        entries = [maker.entry(d) for d in docnames]
        info = feeds.FeedInfo(
            title=spec.title,
            id=page_url(app, base, spec.pagename),
            site_url=page_url(app, base, spec.pagename),
            self_url="",
            authors=(feeds.FeedAuthor(app.config.author or app.config.project),),
            language=app.config.language or None,
        )
        for fmt, target in todo:
            self_url = urljoin(base, quote(target.relative_to(app.builder.outdir).as_posix(), safe="/"))
            result = _WRITERS[fmt](info.with_self_url(self_url), entries, updated_fallback=_EMPTY_FEED_DATE)
            for source, message in result.problems:
                warn("feed", message, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            feeds.write_atomic(target, result.data)
    generated.finish()


class _EntryMaker:
    """Feed entries for posts, each made once per build."""

    def __init__(self, app: Sphinx, cfg: BlogConfig, base: str) -> None:
        self.app = app
        self.cfg = cfg
        self.base = base
        self.domain = blog_domain(app.env)
        self.post_html = shared_post_html(app)
        self._made: dict[str, feeds.FeedEntry] = {}

    def entry(self, docname: str) -> feeds.FeedEntry:
        if docname not in self._made:
            self._made[docname] = self._make(docname)
        return self._made[docname]

    def make_all(self, docnames: Iterable[str]) -> None:
        """Make the entries of *docnames*: shared out to worker processes on
        ``-j N`` builds (cleaning each post's HTML is most of a feed's cost)."""
        todo = [d for d in docnames if d not in self._made]
        if not worth_forking(self.app, len(todo)):
            return  # made when first asked for

        def make(chunk: list[str]) -> list[tuple[str, feeds.FeedEntry]]:
            return [(d, self._make(d)) for d in chunk]

        def keep(chunk: list[str], made: list[tuple[str, feeds.FeedEntry]]) -> None:
            self._made.update(made)

        in_workers(self.app, todo, make, keep)

    def _make(self, docname: str) -> feeds.FeedEntry:
        post = self.domain.post(docname)
        info = self.domain.read.get(docname)
        url = page_url(self.app, self.base, docname)
        if info is not None and info.excerpt_html is not None:
            summary = info.excerpt_html
        else:
            summary = self.post_html.excerpt_raw(docname) or ""
        summary = htmltools.absolutize(summary, url)
        content = None
        if self.cfg.feed_fulltext:
            content = self.post_html.content(docname, base_url=url) or ""
        image = safe_url(post.image)
        # A relative image path is relative to the post's source file (its
        # page may be elsewhere: dirhtml puts it in a folder of its own).
        folder = posixpath.dirname(docname)
        source_folder = urljoin(self.base, quote(folder + "/")) if folder else self.base
        entry = feeds.FeedEntry(
            # a pinned id may be written as a site path (/2019/05/06/x): Atom
            # wants it absolute
            id=site_url(self.base, post.id, self.base) if post.id else url,
            url=url,
            title=post.title,
            published=post.date,
            updated=post.updated,
            authors=tuple(feeds.FeedAuthor(a.name, a.email, safe_url(a.url)) for a in post.authors),
            categories=(*post.tags, *post.categories),
            content_html=content,
            summary_html=summary or None,
            image_url=site_url(self.base, image, source_folder) if image else None,
            lang=post.lang,
            # Sphinx turns a docname location into the source file's path
            source=docname,
        )
        # cleaned once here, so each feed the entry appears in reports nothing
        _info, (entry,), problems = feeds.sanitize(_NO_INFO, [entry])
        for source, message in problems:
            warn("feed", message, source)
        return entry
