"""Front-matter text written as Markdown, rendered safely to inline HTML."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    # "html": False escapes any raw HTML; markdown-it also refuses
    # javascript:, vbscript: and data: link targets.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_inline(text: str) -> str:
    """*text* as inline Markdown: emphasis, code, links; raw HTML escaped."""
    return _renderer().renderInline(text).strip()
