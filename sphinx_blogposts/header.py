"""Filling in each post's header (date, authors, tags, reading time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .config import blog_config
from .domain import blog_domain
from .i18n import _
from .nodes import post_header
from .render import post_context

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HEADER_TEMPLATE = "blogposts/post_header.html"


def is_html(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "html" and hasattr(app.builder, "templates")


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    headers = list(doctree.findall(post_header))
    if not headers:
        return
    domain = blog_domain(app.env)
    cfg = blog_config(app.config)
    for node in headers:
        post = domain.post(node["docname"])
        if post is None:
            node.parent.remove(node)
            continue
        context = post_context(
            post,
            domain.read.get(node["docname"]),
            cfg,
            draft=domain.is_preview(node["docname"]),
        )
        if is_html(app):
            html = app.builder.templates.render(HEADER_TEMPLATE, {"post": context, "_b": _})
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.replace_self(_plain_header(context))


def _plain_header(context: dict) -> nodes.Node:
    """The header for builders other than HTML: one line of text."""
    parts = []
    if context["draft"]:
        parts.append(str(_("Draft")))
    if context["date_text"]:
        parts.append(context["date_text"])
    if context["authors"]:
        parts.append(", ".join(a["name"] for a in context["authors"]))
    if context["tags"]:
        parts.append(str(_("Tags:")) + " " + ", ".join(t["name"] for t in context["tags"]))
    if context["reading_time_text"]:
        parts.append(context["reading_time_text"])
    paragraph = nodes.paragraph(classes=["blogpost-meta"])
    paragraph += nodes.emphasis(text=" · ".join(parts))
    return paragraph
