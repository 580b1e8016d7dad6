"""Wiring: which event each part of the extension listens to."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import buildcache, config, feedbuild, nodes, pages, postlist, redirects, registry, updates
from .domain import BlogpostsDomain, blog_domain
from .sidebar import SidebarData
from .i18n import CATALOG, LOCALE_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE_DIR = Path(__file__).parent
#: Jekyll's Markdown file extensions, read as MyST like ``.md``
MARKDOWN_SUFFIXES = (".markdown", ".mkdown", ".mkdn", ".mkd")


def _on_first_use(module: str, function: str) -> Callable[..., Any]:
    """A handler that imports its module when first called: what only reading
    and writing documents needs (the Jekyll converter above all) is not
    imported by a rebuild that has nothing to read."""

    def handler(*args: Any) -> Any:
        return getattr(importlib.import_module(f".{module}", __package__), function)(*args)

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

    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _add_static)
    app.connect("env-get-outdated", registry.on_env_get_outdated)
    app.connect("env-before-read-docs", buildcache.forget)
    app.connect("env-get-updated", updates.on_env_get_updated)
    app.connect("source-read", _on_first_use("source", "on_source_read"))
    # after Sphinx's own collectors (priority 500), which reset metadata
    app.connect("doctree-read", _on_first_use("reading", "on_doctree_read"), priority=600)
    app.connect("doctree-resolved", _on_first_use("header", "on_doctree_resolved"))
    app.connect("doctree-resolved", postlist.on_doctree_resolved)
    app.connect("html-collect-pages", pages.on_html_collect_pages)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", feedbuild.on_build_finished)
    app.connect("build-finished", redirects.on_build_finished)
    app.add_directive("postlist", postlist.PostListDirective)


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


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    context["blogposts"] = SidebarData(app, pagename)
    listing = context.get("blogposts_listing")
    feeds = feedbuild.feed_links(app)
    if listing is not None and listing.get("feeds"):
        # a tag page: its own feeds first; the blog index's are the site's
        feeds = listing["feeds"] + [f for f in feeds if f not in listing["feeds"]]
    if feeds:
        # feed autodiscovery for readers and browsers
        links = "".join(
            f'<link rel="alternate" type="{f["type"]}" title="{escape(f["title"])}" href="{escape(f["url"])}">\n'
            for f in feeds
        )
        context["metatags"] = context.get("metatags", "") + links
    post = blog_domain(app.env).post(pagename)
    if post is not None and post.lang:
        # the page's <html lang>: a Dutch post in an English site is Dutch
        context["language"] = post.lang.replace("_", "-")
    if post is not None:
        # The source of a post holds its front matter, which may carry
        # private keys: no "show source" copy is published for posts.
        context["sourcename"] = ""
