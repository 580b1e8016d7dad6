"""Filling in the parts of a post's page that reading left as placeholders
(``doctree-resolved``): its header (:mod:`.header`), its series box
(:mod:`.series`) and what follows the post: share links (:mod:`.share`),
related posts (:mod:`.related`), the links to the previous and next post
(:mod:`.navigation`) and comments (:mod:`.comments`).  One search of the
doctree finds them all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nodes import post_footer, post_part, post_series
from . import comments, header, navigation, related, series, share

if TYPE_CHECKING:
    from docutils import nodes

    from ..context import BuildContext
    from .links import Links


def footer_nodes(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    return [
        *share.nodes_for(context, links, docname),
        *related.nodes_for(context, links, docname),
        *navigation.nodes_for(context, links, docname),
        *comments.nodes_for(context, links, docname),
    ]


def on_doctree_resolved(context: BuildContext, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(post_part))
    if not placeholders:
        return
    links = context.links(docname)
    for node in placeholders:
        post_docname = node["docname"]
        if context.domain.post(post_docname) is None:
            node.parent.remove(node)
        elif isinstance(node, post_footer):
            node.replace_self(footer_nodes(context, links, post_docname))
        elif isinstance(node, post_series):
            node.replace_self(series.nodes_for(context, links, post_docname))
        else:
            node.replace_self(header.node_for(context, links, post_docname))
