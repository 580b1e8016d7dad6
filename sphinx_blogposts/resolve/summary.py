"""What templates and lists get to see of a post: plain values, ready to escape.

One summary serves the post header, the entries of the generated pages, the
archive and ``postlist``, so a date, a reading time or a tag link reads the
same wherever the post is shown.  URLs are relative to the page showing the
post (:class:`~.links.Links`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..core.html.urls import safe_url
from ..i18n import _, format_date

if TYPE_CHECKING:
    from ..config import BlogConfig
    from ..context import BuildContext
    from ..core.post import Post
    from .links import Links


def date_text(value: dt.datetime | None, post: Post, cfg: BlogConfig) -> str:
    """*value* (a date of *post*) as the blog shows it, in the post's language."""
    return format_date(value, cfg.date_format, post.lang or cfg.language) if value else ""


def reading_time_text(minutes: int) -> str:
    return _("%d min read") % minutes


def post_brief(context: BuildContext, links: Links, docname: str) -> dict[str, Any]:
    """Title, link and date: what a line of the archive shows."""
    post = context.blog.posts[docname]
    return {
        "docname": docname,
        "title": post.title,
        "url": links.uri(docname),
        "date_iso": post.date.isoformat() if post.date else "",
        "date_text": date_text(post.date, post, context.cfg),
    }


def post_summary(context: BuildContext, links: Links, docname: str, *, draft: bool = False) -> dict[str, Any]:
    """The ``post`` of the header template and an ``entry`` of the listing
    template: everything about the post that its front matter and its
    reading gave, with the links to its tag, category, author and year pages.

    ``authors[i]["url"]`` is the author's own address if the front matter
    gives one, else the author's page; ``authors[i]["page_url"]`` is always
    the author's page (``None`` when the builder writes no blog pages).
    """
    cfg = context.cfg
    post = context.blog.posts[docname]
    info = context.domain.read.get(docname)
    summary = post_brief(context, links, docname)
    authors = []
    for author in post.authors:
        page = links.group_uri("author", author.name)
        authors.append({"name": author.name, "email": author.email, "url": safe_url(author.url) or page,
                        "page_url": page})
    summary.update(
        path=post.path,
        lang=post.lang,
        draft=draft,
        date=post.date,
        updated=post.updated,
        updated_iso=post.updated.isoformat() if post.updated else "",
        updated_text=date_text(post.updated, post, cfg),
        year_url=links.group_uri("year", str(post.date.year)) if post.date else None,
        authors=authors,
        tags=[{"name": t, "url": links.group_uri("tag", t)} for t in post.tags],
        categories=[{"name": c, "url": links.group_uri("category", c)} for c in post.categories],
        excerpt=post.excerpt,
        image=safe_url(post.image),
        description=post.description,
        reading_minutes=info.reading_minutes if info else None,
        reading_time_text=reading_time_text(info.reading_minutes) if info else "",
        words=info.words if info else None,
        extra=post.extra,
    )
    return summary
