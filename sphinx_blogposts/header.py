"""Filling in each post's header (date, authors, tags, reading time) and
its links to the previous and next post."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .config import blog_config
from .domain import blog_domain
from .i18n import _
from .links import Links
from .nodes import post_nav, post_part, unindexed_html
from .render import post_context

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HEADER_TEMPLATE = "blogposts/post_header.html"
NAV_TEMPLATE = "blogposts/post_nav.html"


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(post_part))
    if not placeholders:
        return
    domain = blog_domain(app.env)
    cfg = blog_config(app.config)
    links = Links(app, docname)
    for node in placeholders:
        post_docname = node["docname"]
        post = domain.post(post_docname)
        if post is None:
            node.parent.remove(node)
            continue
        if isinstance(node, post_nav):
            node.replace_self(_nav(app, links, post_docname))
            continue
        context = post_context(
            post,
            domain.read.get(post_docname),
            cfg,
            draft=domain.is_preview(post_docname),
            tag_url=lambda name: links.group_uri("tag", name),
            category_url=lambda name: links.group_uri("category", name),
            author_url=lambda name: links.group_uri("author", name),
        )
        if post.date is not None:
            context["year_url"] = links.group_uri("year", str(post.date.year))
        if links.html:
            html = app.builder.templates.render(HEADER_TEMPLATE, {"post": context, "_b": _})
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.replace_self(_plain_header(context))


def _nav(app: Sphinx, links: Links, docname: str) -> list[nodes.Node]:
    older, newer = links.blog.neighbours(docname)
    if older is None and newer is None:
        return []
    posts = blog_domain(app.env)
    if links.html:
        context = {
            "older": older and {"title": posts.post(older).title, "url": links.uri(older)},
            "newer": newer and {"title": posts.post(newer).title, "url": links.uri(newer)},
            "blog_url": links.blog_index_uri(),
            "_b": _,
        }
        html = app.builder.templates.render(NAV_TEMPLATE, context)
        # Left out of the search index: the neighbours' titles would make
        # every search for a post find the two posts beside it as well.
        return [unindexed_html(html=html)]
    paragraph = nodes.paragraph(classes=["blogpost-nav"])
    if older is not None:
        paragraph += nodes.Text(str(_("Previous post:")) + " ")
        paragraph += links.reference(older, nodes.Text(posts.post(older).title))
    if newer is not None:
        if older is not None:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.Text(str(_("Next post:")) + " ")
        paragraph += links.reference(newer, nodes.Text(posts.post(newer).title))
    return [paragraph]


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
