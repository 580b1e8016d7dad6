"""Placeholder nodes, put in the doctree while reading and replaced late.

They are replaced on ``doctree-resolved``, once every post is known and the
builder is chosen (HTML gets rendered templates, other builders plain
nodes).  Their visitors only drop them, as a guard for any builder that
writes a doctree without resolving it.
"""

from __future__ import annotations

from docutils import nodes


class post_part(nodes.General, nodes.Element):
    """A part of a post's page filled in late (so one search finds them all)."""


class post_header(post_part):
    """Where a post's date, authors, tags and reading time go (``docname``)."""


class post_series(post_part):
    """Where the box of a post's series goes, under its header (``docname``)."""


class post_footer(post_part):
    """Where what follows a post goes (``docname``): share links, related
    posts, the links to the previous and next post, comments."""


class postlist(nodes.General, nodes.Element):
    """A list of posts, filled in with every post known (directive options)."""


class unindexed_html(nodes.General, nodes.Element):
    """HTML from the extension's templates, kept out of the search index
    (Sphinx indexes the text of raw HTML): ``template`` rendered with
    ``context`` when the page is written.

    Rendering when written, not when resolved, matters on ``-j N`` builds:
    Sphinx resolves every document in its main process, one after the
    other, and writes them in the worker processes.  Text children, if
    any, are what the search index gets of the part instead; HTML writers
    skip them.
    """


def deferred_html(template: str, context: dict, indexed_text: str = "") -> unindexed_html:
    """A part rendered from *template* when its page is written."""
    node = unindexed_html(template=template, context=context)
    if indexed_text:
        node += nodes.inline("", indexed_text)
    return node


def _skip(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _visit_unindexed_html(self: nodes.NodeVisitor, node: unindexed_html) -> None:
    self.body.append(self.builder.templates.render(node["template"], node["context"]))
    raise nodes.SkipNode


PLACEHOLDERS = (post_header, post_series, post_footer, postlist)
VISITORS = {
    fmt: (_skip, None)
    for fmt in ("html", "latex", "text", "man", "texinfo", "xml", "pseudoxml", "gettext")
}
UNINDEXED_HTML_VISITORS = {**VISITORS, "html": (_visit_unindexed_html, None)}
