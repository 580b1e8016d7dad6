"""What reading a post's document adds to it and records about it
(``doctree-read``): the header, series and footer placeholders, the excerpt
markers, the element around the post's content, the microformats' classes,
and the post's :class:`~..domain.ReadInfo`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..config import blog_config
from ..core.html.clean import to_text
from ..core.inline_markdown import render_inline
from ..core.reading_time import reading_minutes
from ..core.separators import CONTENT_END, CONTENT_START, post_separators
from ..domain import ReadInfo, blog_domain
from ..nodes import post_footer, post_header, post_series
from .excerpts import mark_excerpt

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = blog_domain(env)
    post = domain.post(docname)
    if post is None:
        return
    cfg = blog_config(app.config)
    # Posts are reached through the blog's pages, never through a toctree.
    env.metadata[docname]["orphan"] = True
    if post.unlisted:
        # found by those who have its address, not by the site's search
        env.metadata[docname]["nosearch"] = True

    words, minutes = reading_minutes(doctree.astext(), cfg.words_per_minute)

    section = next(iter(doctree.findall(nodes.section)), None)
    header = post_header(docname=docname)
    if section is not None and isinstance(section[0], nodes.title):
        section.insert(1, header)
    else:
        doctree.insert(0, header)
    before_content: nodes.Element = header
    if post.series:
        before_content = post_series(docname=docname)
        header.parent.insert(header.parent.index(header) + 1, before_content)
    separators = post_separators(cfg.excerpt_separators, post.extra)
    excerpt, has_more = mark_excerpt(before_content, doctree, separators)
    _enclose_content(header.parent, doctree)
    doctree.append(post_footer(docname=docname))

    if post.excerpt:
        excerpt_text = to_text(render_inline(post.excerpt))
    else:
        excerpt_text = " ".join(" ".join(node.astext() for node in excerpt).split())
    domain.set_read(
        docname,
        ReadInfo(
            words=words,
            reading_minutes=minutes,
            excerpt_data=ReadInfo.pickled_excerpt(excerpt),
            excerpt_html=render_inline(post.excerpt) if post.excerpt else None,
            has_more=has_more or bool(post.excerpt),
            excerpt_text=excerpt_text,
        ),
    )


def _html(text: str) -> nodes.raw:
    return nodes.raw("", text, format="html")


def _is(node: nodes.Node, marker: str) -> bool:
    return isinstance(node, nodes.raw) and node.astext() == marker


def _enclose_content(container: nodes.Element, doctree: nodes.document) -> None:
    """Put the post's content (from the content-start marker to the
    content-end one) in one ``e-content`` element, and mark the post's
    section as its ``h-entry`` (microformats2; the header has the rest).

    The content starts in the post's section and ends at the end of the
    document (footnotes, and any further top-level section, come after the
    section): what follows the section moves into it, so the element that
    wraps the content opens and closes in one parent.
    """
    if isinstance(container, nodes.section) and container.parent is doctree:
        at = doctree.index(container)
        following = doctree.children[at + 1 :]
        del doctree.children[at + 1 :]
        for node in following:
            container.append(node)  # sets each node's parent
        container["classes"].append("h-entry")
    start = next((n for n in container.children if _is(n, CONTENT_START)), None)
    end = container.children[-1] if container.children and _is(container.children[-1], CONTENT_END) else None
    if start is None or end is None:
        return  # not where they belong: no wrapper rather than an unbalanced one
    container.insert(container.index(start), _html('<div class="e-content">'))
    container.append(_html("</div>"))
