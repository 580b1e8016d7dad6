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
from ..nodes import deferred_html
from .summary import date_text, post_brief

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links

TEMPLATE = "blogposts/related.html"


def related_key(context: BuildContext, docname: str) -> tuple:
    """What the related list of *docname* shows (see :mod:`.rewrites`)."""
    posts = context.blog.posts
    return tuple(
        (d, posts[d].title, date_text(posts[d].date, posts[d], context.cfg)) for d in context.related_posts(docname)
    )


def related_input(context: BuildContext) -> tuple:
    """What the related posts of every post are worked out from."""
    blog = context.blog
    return (context.cfg.related_posts, tuple(blog.docnames), tuple((d, blog.terms_of(d)) for d in sorted(blog.posts)))


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    related = context.related_posts(docname)
    if not related:
        return []
    if links.html:
        entries = [post_brief(context, links, d) for d in related]
        return [deferred_html(TEMPLATE, {"related": entries, "_b": _})]
    paragraph = nodes.paragraph(classes=["blogposts-related"])
    paragraph += nodes.Text(str(_("Related posts")) + ": ")
    for i, other in enumerate(related):
        if i:
            paragraph += nodes.Text(" · ")
        paragraph += links.reference(other, nodes.Text(context.blog.posts[other].title))
    return [paragraph]
