"""What every HTML page's template context gets from the blog
(``html-page-context``): the sidebars' data, feed autodiscovery links, a
post's own language, no published source for posts, a post's Webmention
and Pingback endpoints, ``noindex`` for unlisted posts and the Mastodon
share page, and on post pages and the blog's generated pages the sharing and
search metadata (:mod:`.head_meta`)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ..resolve.sidebars import SidebarData
from .feed_files import feed_links
from .head_meta import add_head_meta
from .robots import noindex, noindex_reasons

if TYPE_CHECKING:
    from ..context import BuildContext


def on_html_page_context(
    context: BuildContext, pagename: str, templatename: str, page: dict[str, Any], doctree: Any
) -> None:
    page["blogposts"] = SidebarData(context, pagename)
    listing = page.get("blogposts_listing")
    feeds = feed_links(context)
    if listing is not None and listing.get("feeds"):
        # a tag page: its own feeds first; the blog index's are the site's
        feeds = listing["feeds"] + [f for f in feeds if f not in listing["feeds"]]
    if feeds:
        # feed autodiscovery for readers and browsers
        links = "".join(
            f'<link rel="alternate" type="{f["type"]}" title="{escape(f["title"])}" href="{escape(f["url"])}">\n'
            for f in feeds
        )
        page["metatags"] = page.get("metatags", "") + links
    reasons = noindex_reasons(context, pagename, page)
    if reasons:
        noindex(page)
    post = context.domain.post(pagename)
    if post is not None:
        cfg = context.cfg
        for rel, endpoint in (("webmention", cfg.webmention_endpoint), ("pingback", cfg.pingback_endpoint)):
            if endpoint:
                page["metatags"] = page.get("metatags", "") + f'<link rel="{rel}" href="{escape(endpoint)}">\n'
    if post is not None and post.lang:
        # the page's <html lang>: a Dutch post in an English site is Dutch
        page["language"] = post.lang.replace("_", "-")
    if post is not None:
        # The source of a post holds its front matter, which may carry
        # private keys: no "show source" copy is published for posts.
        page["sourcename"] = ""
    add_head_meta(context, pagename, page, reasons)
