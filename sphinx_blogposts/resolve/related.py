"""Related posts, after a post: up to ``blogposts_related_posts`` listed
posts that share the most tags and categories with it (see
:mod:`..core.related`).

HTML builders get ``blogposts/related.html`` rendered, kept out of the
search index; other builders a paragraph of links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n import _
from ..nodes import unindexed_html
from .summary import date_text, post_brief

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..core.blog import Blog
    from .links import Links

TEMPLATE = "blogposts/related.html"


def related_key(blog: Blog, docname: str, limit: int, cfg) -> tuple:
    """What the related list of *docname* shows (see :mod:`.rewrites`)."""
    posts = blog.posts
    return tuple(
        (d, posts[d].title, date_text(posts[d].date, posts[d], cfg)) for d in blog.related(docname, limit)
    )


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    related = context.blog.related(docname, context.cfg.related_posts)
    if not related:
        return []
    if links.html:
        entries = [post_brief(context, links, d) for d in related]
        html = context.builder.templates.render(TEMPLATE, {"related": entries, "_b": _})
        return [unindexed_html(html=html)]
    paragraph = nodes.paragraph(classes=["blogposts-related"])
    paragraph += nodes.Text(str(_("Related posts")) + ": ")
    for i, other in enumerate(related):
        if i:
            paragraph += nodes.Text(" · ")
        paragraph += links.reference(other, nodes.Text(context.blog.posts[other].title))
    return [paragraph]
