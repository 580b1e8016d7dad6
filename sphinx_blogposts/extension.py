"""The event table: which event each part of the extension listens to.

In the order Sphinx emits them during one build:

=========================  ====================================================
``config-inited``          :mod:`.config` checks every ``blogposts_*`` value;
                           the blog's templates and stylesheet are added
``env-get-outdated``       :mod:`.read.scan`: which files are posts, which of
                           them are published; drafts leave the build;
                           :mod:`.read.links`: posts whose links lead
                           elsewhere now are read again
``env-before-read-docs``   :mod:`.context`: the last build's context is dropped
``source-read``            :mod:`.read.source`: front matter out, title in,
                           Jekyll converted
``doctree-read``           :mod:`.read.links`: links to pages become
                           cross-references; :mod:`.read.doctree`: header
                           and navigation placeholders, excerpt markers,
                           reading time
``env-updated``            :mod:`.write.workers`: on ``-j N``, the live
                           objects frozen before Sphinx forks its writers
``env-get-updated``        :mod:`.resolve.rewrites`: documents showing posts
                           that changed are written again
``doctree-resolved``       :mod:`.resolve.post_page` (header, series box,
                           share links, related posts, navigation, comments),
                           :mod:`.resolve.postlist` and
                           :mod:`.resolve.site_links` (links in raw HTML)
``html-collect-pages``     :mod:`.write.listing_pages`: index, tag, category,
                           author, series, year and archive pages (and the
                           authors' pictures, :mod:`.write.avatars`);
                           :mod:`.write.search_index`: words no document
                           holds any more leave the index
``html-page-context``      :mod:`.write.page_context`: sidebars' data, feed
                           links, Webmention links, ``noindex``, sharing and
                           search metadata (:mod:`.write.head_meta`)
``build-finished``         :mod:`.write.post_images` (posts' own images),
                           :mod:`.write.social_cards`, :mod:`.write.feed_files`,
                           :mod:`.write.redirects`, then :mod:`.write.sitemap`
                           (after sphinx-sitemap)
=========================  ====================================================

Handlers of the resolve and write stages get the build's
:class:`~.context.BuildContext` instead of ``app``.  Modules that only
reading or writing needs are imported on first use, so a rebuild with
nothing to read does not import the Jekyll converter.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config, nodes
from .context import build_context, forget
from .domain import BlogpostsDomain
from .i18n import CATALOG, LOCALE_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE_DIR = Path(__file__).parent
#: Jekyll's Markdown file extensions, read as MyST like ``.md``
MARKDOWN_SUFFIXES = (".markdown", ".mkdown", ".mkdn", ".mkd")


def _handler(module: str, function: str, *, with_context: bool = False) -> Callable[..., Any]:
    """A handler that imports its module when first called and, for the
    resolve and write stages, hands it the build's context instead of ``app``.
    After a failed build (``build-finished`` with an exception) nothing is
    done: the build's state may be incomplete."""
    target: list[Callable[..., Any]] = []

    def handler(app: Sphinx, *args: Any) -> Any:
        if with_context and args and isinstance(args[0], BaseException):
            return None
        if not target:
            target.append(getattr(importlib.import_module(f".{module}", __package__), function))
        if with_context:
            return target[0](build_context(app), *args)
        return target[0](app, *args)

    handler.__name__ = handler.__qualname__ = f"{module}.{function}"
    return handler


def setup(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    for suffix in MARKDOWN_SUFFIXES:
        app.add_source_suffix(suffix, "markdown", override=True)

    config.register(app)
    app.add_domain(BlogpostsDomain)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    for node in nodes.PLACEHOLDERS:
        app.add_node(node, **nodes.VISITORS)
    app.add_node(nodes.unindexed_html, **nodes.UNINDEXED_HTML_VISITORS)
    app.add_directive("postlist", _postlist_directive())
    app.add_directive("blogposts-jekyll-include", _include_directive())

    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _add_static)
    # read
    app.connect("env-get-outdated", _handler("read.scan", "on_env_get_outdated"))
    app.connect("env-get-outdated", _handler("read.links", "on_env_get_outdated"))
    app.connect("env-before-read-docs", forget)
    app.connect("source-read", _handler("read.source", "on_source_read"))
    # after Sphinx's own collectors (priority 500), which reset metadata;
    # links first: the excerpt is copied with them
    app.connect("doctree-read", _handler("read.links", "on_doctree_read"), priority=590)
    app.connect("doctree-read", _handler("read.doctree", "on_doctree_read"), priority=600)
    # after every read and merge, before Sphinx forks its writing workers
    app.connect("env-updated", _handler("write.workers", "freeze_for_forks"), priority=900)
    # resolve
    app.connect("env-get-updated", _handler("resolve.rewrites", "on_env_get_updated", with_context=True))
    app.connect("doctree-resolved", _handler("resolve.post_page", "on_doctree_resolved", with_context=True))
    app.connect("doctree-resolved", _handler("resolve.postlist", "on_doctree_resolved", with_context=True))
    # after the postlist: the raw HTML of its excerpts too
    app.connect("doctree-resolved", _handler("resolve.site_links", "on_doctree_resolved", with_context=True),
                priority=600)
    # write
    app.connect("html-collect-pages", _handler("write.listing_pages", "on_html_collect_pages", with_context=True))
    app.connect("html-collect-pages", _handler("write.search_index", "on_html_collect_pages", with_context=True))
    # before other extensions' (500): sphinxext-opengraph reads the switch
    # that turns its tags off on post pages, themes read the page's URL
    app.connect("html-page-context", _handler("write.page_context", "on_html_page_context", with_context=True),
                priority=400)
    app.connect("build-finished", _handler("write.post_images", "on_build_finished", with_context=True))
    app.connect("build-finished", _handler("write.social_cards", "on_build_finished", with_context=True))
    app.connect("build-finished", _handler("write.feed_files", "on_build_finished", with_context=True))
    app.connect("build-finished", _handler("write.redirects", "on_build_finished", with_context=True))
    # after sphinx-sitemap has written its sitemap (500)
    app.connect("build-finished", _handler("write.sitemap", "on_build_finished", with_context=True),
                priority=800)
    app.connect("build-finished", _handler("write.workers", "thaw"), priority=900)


def _postlist_directive() -> type:
    from .resolve.postlist import PostListDirective

    return PostListDirective


def _include_directive() -> type:
    from .read.includes import IncludedFile

    return IncludedFile


def _add_templates(app: Sphinx, cfg: Any) -> None:
    # Last in the search path, so a user's own templates_path overrides ours.
    templates = str(PACKAGE_DIR / "templates")
    if templates not in cfg.templates_path:
        cfg.templates_path.append(templates)


def _add_static(app: Sphinx, cfg: Any) -> None:
    # At config-inited, not builder-inited: the saved environment's copy of
    # the configuration then matches the next build's, so Sphinx does not
    # report a changed html_static_path on every rebuild.  Non-HTML builders
    # ignore both.
    static = str(PACKAGE_DIR / "static")
    if static not in cfg.html_static_path:
        cfg.html_static_path = [*cfg.html_static_path, static]
    app.add_css_file("blogposts.css")
