"""Share links after a post (``blogposts_share``): plain links to each
service's share form with the post's title and address (see
:mod:`..core.share`), rendered from ``blogposts/share.html``.  HTML
builders that write the blog's pages only, and only when the site's
address is known: a share link needs the post's absolute address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.pageplan import share_pagename
from ..core.share import SERVICES, share_url
from ..i18n import _
from ..log import warn
from ..nodes import deferred_html

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links

TEMPLATE = "blogposts/share.html"


def needs_share_page(context: BuildContext) -> bool:
    """Whether the blog writes its Mastodon share page."""
    cfg = context.cfg
    return "mastodon" in cfg.share and not cfg.share_mastodon_instance and context.base_url is not None


def check(context: BuildContext) -> None:
    """One warning for the build when share links are asked for but the
    site's address is unknown (called once, with the blog's pages)."""
    if context.cfg.share and context.base_url is None:
        warn("share", "blogposts_share is set but the site's address is unknown, so the posts get no "
             "share links: set blogposts_baseurl (or html_baseurl)")


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    cfg = context.cfg
    if not cfg.share or not links.html or not links.pages or context.base_url is None:
        return []
    post = context.blog.posts[docname]
    url = context.page_url(docname)
    mastodon_page = links.uri(share_pagename(cfg.root)) if needs_share_page(context) else None
    share = []
    for service in cfg.share:
        href = share_url(service, post.title, url, mastodon_instance=cfg.share_mastodon_instance,
                         mastodon_page=mastodon_page)
        if href is not None:
            label = str(_("Email")) if service == "email" else SERVICES[service]
            share.append({"service": service, "label": label, "url": href})
    return [deferred_html(TEMPLATE, {"share": share, "_b": _})]
