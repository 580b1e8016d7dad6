"""A post's links to the previous (older) and next (newer) post.

HTML builders get ``blogposts/post_nav.html`` rendered, kept out of the
search index; other builders a paragraph of links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n import _
from ..nodes import deferred_html

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links

TEMPLATE = "blogposts/post_nav.html"


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    """The navigation of the post *docname* (nothing for a lone post)."""
    older, newer = context.blog.neighbours(docname)
    if older is None and newer is None:
        return []
    posts = context.blog.posts
    if links.html:
        template_context = {
            "older": older and {"title": posts[older].title, "url": links.uri(older)},
            "newer": newer and {"title": posts[newer].title, "url": links.uri(newer)},
            "blog_url": links.blog_index_uri(),
            "_b": _,
        }
        # Left out of the search index: the neighbours' titles would make
        # every search for a post find the two posts beside it as well.
        return [deferred_html(TEMPLATE, template_context)]
    paragraph = nodes.paragraph(classes=["blogpost-nav"])
    if older is not None:
        paragraph += nodes.Text(str(_("Previous post:")) + " ")
        paragraph += links.reference(older, nodes.Text(posts[older].title))
    if newer is not None:
        if older is not None:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.Text(str(_("Next post:")) + " ")
        paragraph += links.reference(newer, nodes.Text(posts[newer].title))
    return [paragraph]
