"""One build's shared state for the resolve and write stages.

A :class:`BuildContext` is made once per build, on first use after the scan
(see :func:`build_context`), and handed by the event table
(:mod:`.extension`) to every stage that resolves or writes: the post
header, ``postlist``, the sidebars, the generated pages, the feeds and the
redirects.  It holds what they all need (the configuration, the blog, the
builder's facts, the site's base URL) and the caches they share (target
URIs, relative links, tag pages, post pages read back, feed links), so no
stage re-derives them from ``app``.

It lives on the builder, never in the saved environment, and is dropped when
the next build starts reading (``env-before-read-docs``): an application may
build more than once, and pages written by an earlier build may change.
Worker processes of ``-j N`` builds get a copy with the fork.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin

from .config import BlogConfig, blog_config
from .core.blog import Blog
from .core.html.urls import first_base_url
from .domain import BlogpostsDomain, blog_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .resolve.links import Links
    from .write.post_images import PostImages
    from .write.post_pages import PostPages
    from .write.social_cards import SocialCards

_ATTRIBUTE = "_blogposts_context"


def is_html(builder: Builder) -> bool:
    return getattr(builder, "format", "") == "html" and hasattr(builder, "templates")


def generates_pages(builder: Builder) -> bool:
    """Whether this builder gets the blog's index, tag and archive pages.

    Only the multi-page website builders do: a single page, an e-book or a
    help file has no place for them.
    """
    return (
        is_html(builder)
        and builder.name not in ("singlehtml", "epub")
        and not getattr(builder, "embedded", False)
    )


def site_base_url(config: Config) -> str | None:
    """The site's absolute URL, ending in ``/``, or ``None`` if unknown:
    ``blogposts_baseurl``, else ``html_baseurl``, else Read the Docs'
    ``READTHEDOCS_CANONICAL_URL``."""
    return first_base_url(
        config.blogposts_baseurl, config.html_baseurl, os.environ.get("READTHEDOCS_CANONICAL_URL")
    )


class BuildContext:
    """What the resolve and write stages of one build share."""

    def __init__(self, app: Sphinx) -> None:
        self.builder: Builder = app.builder
        self.env = app.env
        self.config = app.config
        self.cfg: BlogConfig = blog_config(app.config)
        self.domain: BlogpostsDomain = blog_domain(app.env)
        self.blog: Blog = self.domain.blog(self.cfg.profiles)
        #: the builder writes HTML with templates
        self.html = is_html(app.builder)
        #: the builder gets the blog's generated pages, feeds and redirects
        self.pages = generates_pages(app.builder)
        self.base_url = site_base_url(app.config)
        #: the folder of conf.py, which relative paths in it start from
        self.confdir = str(app.confdir)
        #: ``-j N``: how many processes may write
        self.parallel: int = app.parallel
        self.verbosity: int = app.verbosity
        # caches of the links (see resolve/links.py)
        self.target_uris: dict[str, str] = {}
        self.relative_uris: dict[tuple[str, str], str] = {}
        self.group_pages: dict[tuple[str, str], str | None] = {}
        self._page_urls: dict[str, str] = {}
        #: (pagename, title) -> the feed links of that page (see write/feed_files.py)
        self.feed_links: dict[tuple[str | None, str | None], list[dict[str, str]]] = {}
        #: docname -> its related posts (see resolve/rewrites.py, which may
        #: bring the last build's when nothing they depend on changed)
        self.related: dict[str, list[str]] = {}

    def related_posts(self, docname: str) -> list[str]:
        """The related posts of *docname*, worked out once per build."""
        found = self.related.get(docname)
        if found is None:
            found = self.related[docname] = self.blog.related(docname, self.cfg.related_posts)
        return found

    def links(self, fromdoc: str) -> Links:
        """URLs as seen from the page *fromdoc*."""
        from .resolve.links import Links

        return Links(self, fromdoc)

    @cached_property
    def post_pages(self) -> PostPages:
        """The written post pages, read back once each (excerpts, content)."""
        from .write.post_pages import PostPages

        return PostPages(self.builder)

    @cached_property
    def post_images(self) -> PostImages:
        """The posts' own images (``image:``), looked up once each."""
        from .write.post_images import PostImages

        return PostImages(self)

    @cached_property
    def social_cards(self) -> SocialCards:
        """The posts' social cards (``blogposts_social_cards``)."""
        from .write.social_cards import SocialCards

        return SocialCards(self)

    def target_uri(self, docname: str) -> str:
        """The builder's URI of a document or generated page (cached)."""
        uris = self.target_uris
        if docname not in uris:
            uris[docname] = self.builder.get_target_uri(docname)
        return uris[docname]

    def page_url(self, pagename: str) -> str:
        """The absolute URL of a page (cached); needs :attr:`base_url`."""
        urls = self._page_urls
        if pagename not in urls:
            assert self.base_url is not None
            urls[pagename] = urljoin(self.base_url, quote(self.target_uri(pagename), safe="/#%?=&~"))
        return urls[pagename]

    def file_url(self, path: str) -> str:
        """The absolute URL of a file in the output folder; needs :attr:`base_url`."""
        assert self.base_url is not None
        return urljoin(self.base_url, quote(path, safe="/"))

    @property
    def blog_index(self) -> str:
        """The page "the blog" links go to: ``<root>/index``."""
        return f"{self.cfg.root}/index" if self.cfg.root else "index"


def build_context(app: Sphinx) -> BuildContext:
    """This build's context, made on first use."""
    context = app.builder.__dict__.get(_ATTRIBUTE)
    if context is None:
        context = BuildContext(app)
        setattr(app.builder, _ATTRIBUTE, context)
    return context


def forget(app: Sphinx, *args: object) -> None:
    """Start each build afresh (connected to ``env-before-read-docs``)."""
    app.builder.__dict__.pop(_ATTRIBUTE, None)
