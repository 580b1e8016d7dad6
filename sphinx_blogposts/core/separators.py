"""Where a post's excerpt ends, and the markers that delimit it in a page.

Pure module.  A post's author ends its excerpt with a separator
(``<!--more-->``, ``<!-- more -->``, ``blogposts_excerpt_separator`` or
the post's own ``excerpt_separator``).  While a post is read, marker
comments are put in its doctree where its content starts, where the excerpt
ends and where the content ends (see :mod:`..read.excerpts`); the blog's
pages and feeds cut its written page at those markers (see
:mod:`..write.post_pages`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["CONTENT_END", "CONTENT_START", "DEFAULT_SEPARATORS", "EXCERPT_END", "MARKERS", "post_separators"]

CONTENT_START = "<!-- blogposts:content-start -->"
EXCERPT_END = "<!-- blogposts:excerpt-end -->"
CONTENT_END = "<!-- blogposts:content-end -->"
MARKERS = frozenset({CONTENT_START, EXCERPT_END, CONTENT_END})
DEFAULT_SEPARATORS = ("<!--more-->", "<!-- more -->")


def post_separators(configured: Sequence[str], front_matter: Mapping[str, object]) -> tuple[str, ...]:
    """The separators of one post: the configured ones and its own, if any."""
    own = front_matter.get("excerpt_separator")  # Jekyll's per-post setting
    if isinstance(own, str) and own.strip():
        return (*configured, own.strip())
    return tuple(configured)
