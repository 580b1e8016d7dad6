"""What reading a post's document adds to it and records about it."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from docutils import nodes

from .config import blog_config
from .domain import ReadInfo, blog_domain
from .excerpts import mark_excerpt, post_separators
from .inline import render_inline
from .nodes import post_header, post_nav

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Scripts written without spaces between words are read by character.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_CHARS_PER_MINUTE = 500


def reading_minutes(text: str, words_per_minute: int) -> tuple[int, int]:
    """``(words, minutes)`` for *text*; CJK characters count one each."""
    cjk = len(_CJK_RE.findall(text))
    words = len(_CJK_RE.sub(" ", text).split())
    minutes = words / words_per_minute + cjk / _CJK_CHARS_PER_MINUTE
    return words + cjk, max(1, math.ceil(minutes))


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

    domain.read[docname] = ReadInfo(
        words=words,
        reading_minutes=minutes,
        excerpt_data=ReadInfo.pickled_excerpt(excerpt),
        excerpt_html=render_inline(post.excerpt) if post.excerpt else None,
        has_more=has_more or bool(post.excerpt),
    )
