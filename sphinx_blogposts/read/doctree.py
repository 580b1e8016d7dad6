"""What reading a post's document adds to it and records about it
(``doctree-read``): the header and navigation placeholders, the excerpt
markers, and the post's :class:`~..domain.ReadInfo`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..config import blog_config
from ..core.inline_markdown import render_inline
from ..core.reading_time import reading_minutes
from ..core.separators import post_separators
from ..domain import ReadInfo, blog_domain
from ..nodes import post_header, post_nav
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

    words, minutes = reading_minutes(doctree.astext(), cfg.words_per_minute)

    section = next(iter(doctree.findall(nodes.section)), None)
    header = post_header(docname=docname)
    if section is not None and isinstance(section[0], nodes.title):
        section.insert(1, header)
    else:
        doctree.insert(0, header)
    separators = post_separators(cfg.excerpt_separators, post.extra)
    excerpt, has_more = mark_excerpt(header, doctree, separators)
    doctree.append(post_nav(docname=docname))

    domain.set_read(
        docname,
        ReadInfo(
            words=words,
            reading_minutes=minutes,
            excerpt_data=ReadInfo.pickled_excerpt(excerpt),
            excerpt_html=render_inline(post.excerpt) if post.excerpt else None,
            has_more=has_more or bool(post.excerpt),
        ),
    )
