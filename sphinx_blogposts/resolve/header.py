"""A post's header: date, update, authors, reading time, tags, categories.

HTML builders get ``blogposts/post_header.html`` rendered when the page is
written (a template the project may override); other builders one line of
text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n import _
from ..nodes import deferred_html
from .summary import post_summary

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links

TEMPLATE = "blogposts/post_header.html"


def node_for(context: BuildContext, links: Links, docname: str) -> nodes.Node:
    """The header of the post *docname*, for the page *links* is made for."""
    summary = post_summary(context, links, docname, draft=context.domain.is_preview(docname))
    # the post's own address (its microformats' u-url): absolute when the site's is known
    summary["permalink"] = context.page_url(docname) if context.base_url and context.pages else links.uri(docname)
    if links.html:
        return deferred_html(TEMPLATE, {"post": summary, "_b": _}, indexed_text=_search_terms(summary))
    return _plain_header(summary)


def _search_terms(summary: dict) -> str:
    """What a search should find the post by in its header: its authors,
    tags and categories (not its date or reading time, which every post has)."""
    names = [a["name"] for a in summary["authors"]]
    names += [t["name"] for t in summary["tags"]]
    names += [c["name"] for c in summary["categories"]]
    return " ".join(names)


def _plain_header(summary: dict) -> nodes.Node:
    """The header for builders other than HTML: one line of text."""
    parts = []
    if summary["draft"]:
        parts.append(str(_("Draft")))
    if summary["date_text"]:
        parts.append(summary["date_text"])
    if summary["authors"]:
        parts.append(", ".join(a["name"] for a in summary["authors"]))
    if summary["tags"]:
        parts.append(str(_("Tags:")) + " " + ", ".join(t["name"] for t in summary["tags"]))
    if summary["reading_time_text"]:
        parts.append(summary["reading_time_text"])
    paragraph = nodes.paragraph(classes=["blogpost-meta"])
    paragraph += nodes.emphasis(text=" · ".join(parts))
    return paragraph
