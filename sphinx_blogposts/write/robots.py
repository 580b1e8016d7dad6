"""Which pages search engines must not keep, and the one tag that says so.

Draft previews (``blogposts_drafts``), unlisted posts and the Mastodon share
page get ``<meta name="robots" content="noindex">``, once, whether or not
the sharing metadata is on (:mod:`.page_context` writes it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.pageplan import share_pagename

if TYPE_CHECKING:
    from ..context import BuildContext

NOINDEX = '<meta name="robots" content="noindex">'


def noindex_reasons(context: BuildContext, pagename: str, page: dict[str, Any]) -> tuple[str, ...]:
    """Why search engines must not keep *pagename*: ``()`` for a page they may."""
    reasons = []
    if context.domain.is_preview(pagename):
        reasons.append("draft")
    post = context.domain.post(pagename)
    if post is not None and post.unlisted:
        reasons.append("unlisted")
    if (page.get("blogposts_listing") is None and post is None
            and pagename == share_pagename(context.cfg.root)):
        reasons.append("share page")  # a form, nothing to find
    return tuple(reasons)


def noindex(page: dict[str, Any]) -> None:
    """Ask search engines not to index the page (once, however often asked)."""
    metatags = page.get("metatags", "")
    if NOINDEX not in metatags:
        page["metatags"] = metatags + NOINDEX + "\n"
