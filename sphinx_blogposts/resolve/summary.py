"""What templates and lists get to see of a post: plain values, ready to escape.

One summary serves the post header, the entries of the generated pages, the
archive and ``postlist``, so a date, a reading time or a tag link reads the
same wherever the post is shown.  URLs are relative to the page showing the
post (:class:`~.links.Links`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..core.authors import Profile
from ..core.html.urls import safe_url
from ..i18n import _, format_date

if TYPE_CHECKING:
    from ..config import BlogConfig
    from ..context import BuildContext
    from ..core.post import Author, Post
    from .links import Links

#: how the links of a profile are labelled (brand names stay as they are)
LINK_LABELS = {
    "mastodon": "Mastodon", "bluesky": "Bluesky", "github": "GitHub", "gitlab": "GitLab",
    "codeberg": "Codeberg", "linkedin": "LinkedIn", "x": "X", "twitter": "X", "youtube": "YouTube",
    "instagram": "Instagram", "stackoverflow": "Stack Overflow",
}


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


def link_label(kind: str) -> str:
    if kind == "website":
        return str(_("Website"))
    return LINK_LABELS.get(kind, kind.capitalize())


def avatar_urls(context: BuildContext, links: Links, profile: Profile | None) -> tuple[str | None, str | None]:
    """The profile's picture from this page, and as an absolute URL (``None``
    when the site's address is unknown)."""
    if profile is None:
        return None, None
    if profile.avatar_url:
        return profile.avatar_url, profile.avatar_url
    if profile.avatar_path and links.pages:
        absolute = context.file_url(profile.avatar_path) if context.base_url else None
        return links.file_uri(profile.avatar_path), absolute
    return None, None


def author_summary(context: BuildContext, links: Links, author: Author) -> dict[str, Any]:
    """One author of a post, with their profile when they have one.

    ``url`` is the author's own address (the front matter's, else the
    profile's) if there is one, else the author's page; ``page_url`` is
    always the author's page (``None`` when the builder writes no blog
    pages); ``avatar`` is relative to the page, ``avatar_url`` absolute.
    """
    page = links.group_uri("author", author.name)
    profile = context.cfg.profiles.get(author.key)
    avatar, avatar_url = avatar_urls(context, links, profile)
    return {
        "name": author.name,
        "email": author.email,
        "url": safe_url(author.url) or page,
        "page_url": page,
        "key": author.key,
        "avatar": avatar,
        "avatar_url": avatar_url,
        "bio_html": Markup(profile.bio_html) if profile else Markup(""),
        "links": [{"kind": link.kind, "label": link_label(link.kind), "url": link.url}
                  for link in (profile.links if profile else ())],
    }


def post_summary(context: BuildContext, links: Links, docname: str, *, draft: bool = False) -> dict[str, Any]:
    """The ``post`` of the header template and an ``entry`` of the listing
    template: everything about the post that its front matter and its
    reading gave, with the links to its tag, category, author, series and
    year pages (see :func:`author_summary` for the authors)."""
    cfg = context.cfg
    blog = context.blog
    post = blog.posts[docname]
    info = context.domain.read.get(docname)
    summary = post_brief(context, links, docname)
    series = blog.series_of(docname)
    summary.update(
        path=post.path,
        lang=post.lang,
        draft=draft,
        date=post.date,
        updated=post.updated,
        updated_iso=post.updated.isoformat() if post.updated else "",
        updated_text=date_text(post.updated, post, cfg),
        year_url=links.group_uri("year", str(post.date.year)) if post.date else None,
        authors=[author_summary(context, links, a) for a in blog.authors_of(docname)],
        tags=[{"name": t, "url": links.group_uri("tag", t)} for t in post.tags],
        categories=[{"name": c, "url": links.group_uri("category", c)} for c in post.categories],
        series=series and {
            "name": series.name,
            "url": links.group_uri("series", series.name),
            "part": series.docnames.index(docname) + 1,
            "count": len(series.docnames),
        },
        pinned=post.pinned,
        unlisted=post.unlisted,
        excerpt=post.excerpt,
        image=safe_url(post.image),
        description=post.description,
        summary_text=post.description or (info.excerpt_text if info else ""),
        reading_minutes=info.reading_minutes if info else None,
        reading_time_text=reading_time_text(info.reading_minutes) if info else "",
        words=info.words if info else None,
        extra=post.extra,
    )
    return summary
