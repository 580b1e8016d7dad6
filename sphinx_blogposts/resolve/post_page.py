"""Filling in the parts of a post's page that reading left as placeholders
(``doctree-resolved``): its header (:mod:`.header`) and its links to the
previous and next post (:mod:`.navigation`).  One search of the doctree
finds both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nodes import post_nav, post_part
from . import header, navigation

if TYPE_CHECKING:
    from docutils import nodes

    from ..context import BuildContext


def on_doctree_resolved(context: BuildContext, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(post_part))
    if not placeholders:
        return
    links = context.links(docname)
    for node in placeholders:
        post_docname = node["docname"]
        if context.domain.post(post_docname) is None:
            node.parent.remove(node)
        elif isinstance(node, post_nav):
            node.replace_self(navigation.nodes_for(context, links, post_docname))
        else:
            node.replace_self(header.node_for(context, links, post_docname))
