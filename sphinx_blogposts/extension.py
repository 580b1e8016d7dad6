"""Wiring: which event each part of the extension listens to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config, header, nodes, reading, registry, source
from .domain import blog_domain, BlogpostsDomain
from .i18n import CATALOG, LOCALE_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PACKAGE_DIR = Path(__file__).parent
#: Jekyll's Markdown file extensions, read as MyST like ``.md``
MARKDOWN_SUFFIXES = (".markdown", ".mkdown", ".mkdn", ".mkd")


def setup(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    for suffix in MARKDOWN_SUFFIXES:
        app.add_source_suffix(suffix, "markdown", override=True)

    config.register(app)
    app.add_domain(BlogpostsDomain)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    for node in nodes.PLACEHOLDERS:
        app.add_node(node, **nodes.VISITORS)

    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static)
    app.connect("env-get-outdated", registry.on_env_get_outdated)
    app.connect("env-get-updated", registry.on_env_get_updated)
    app.connect("source-read", source.on_source_read)
    # after Sphinx's own collectors (priority 500), which reset metadata
    app.connect("doctree-read", reading.on_doctree_read, priority=600)
    app.connect("doctree-resolved", header.on_doctree_resolved)
    app.connect("html-page-context", _page_context)


def _add_templates(app: Sphinx, cfg: Any) -> None:
    # Last in the search path, so a user's own templates_path overrides ours.
    templates = str(PACKAGE_DIR / "templates")
    if templates not in cfg.templates_path:
        cfg.templates_path.append(templates)


def _add_static(app: Sphinx) -> None:
    if not header.is_html(app):
        return
    static = str(PACKAGE_DIR / "static")
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)
    app.add_css_file("blogposts.css")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if blog_domain(app.env).post(pagename) is not None:
        # The source of a post holds its front matter, which may carry
        # private keys: no "show source" copy is published for posts.
        context["sourcename"] = ""
