"""Comments under a post, from the provider ``blogposts_comments`` names
(see :mod:`..core.comments`).

Only on post pages of the builders that write a page per post (not
``singlehtml`` or ePub), rendered from
``blogposts/comments.html``: an element with the provider's settings, which
the extension's ``blogposts-comments.js`` turns into the provider's script
when the reader scrolls near it.  A post's ``comments: false`` turns them
off; unlisted posts and draft previews have none unless their front matter
says ``comments: true``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n import _
from ..nodes import deferred_html

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links

TEMPLATE = "blogposts/comments.html"
SCRIPT = "_static/blogposts-comments.js"


def wanted(context: BuildContext, docname: str) -> bool:
    """Whether the page of the post *docname* gets comments."""
    if context.cfg.comments is None or not context.pages:
        return False  # one page per post only: a single page or a book has no place for threads
    post = context.blog.posts[docname]
    if post.comments is False:
        return False
    if post.unlisted or context.domain.is_preview(docname):
        return post.comments is True
    return True


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    if not wanted(context, docname) or not links.html:
        return []
    settings = context.cfg.comments
    post = context.blog.posts[docname]
    values = dict(settings.settings)
    if settings.provider == "giscus" and "lang" not in values:
        values["lang"] = (post.lang or context.cfg.language).replace("_", "-")
    if settings.provider == "disqus":
        url = context.page_url(docname) if context.base_url else None
        values = {"url": url or "", "identifier": post.id or url or docname}
    comments = {
        "provider": settings.provider,
        "script_url": settings.script_url,
        "prefix": settings.prefix,
        "attributes": json.dumps(values, sort_keys=True, ensure_ascii=True),
        "themes": settings.themes,
        "script": links.file_uri(SCRIPT),
    }
    return [deferred_html(TEMPLATE, {"comments": comments, "_b": _})]
