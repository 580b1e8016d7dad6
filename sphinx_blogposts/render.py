"""What templates get to see of a post: plain values, ready to escape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import BlogConfig
from .domain import ReadInfo
from .i18n import _, format_date
from .post import Post
from .urls import safe_url

if TYPE_CHECKING:
    from collections.abc import Callable


def reading_time_text(minutes: int) -> str:
    return _("%d min read") % minutes


def post_context(
    post: Post,
    info: ReadInfo | None,
    cfg: BlogConfig,
    *,
    draft: bool = False,
    tag_url: Callable[[str], str | None] = lambda name: None,
    category_url: Callable[[str], str | None] = lambda name: None,
    author_url: Callable[[str], str | None] = lambda name: None,
) -> dict[str, Any]:
    """The ``post`` variable of the blog's templates."""
    language = post.lang or cfg.language
    context: dict[str, Any] = {
        "title": post.title,
        "path": post.path,
        "lang": post.lang,
        "draft": draft,
        "date": post.date,
        "date_iso": post.date.isoformat() if post.date else "",
        "date_text": format_date(post.date, cfg.date_format, language) if post.date else "",
        "updated": post.updated,
        "updated_iso": post.updated.isoformat() if post.updated else "",
        "updated_text": format_date(post.updated, cfg.date_format, language) if post.updated else "",
        "authors": [
            {"name": a.name, "email": a.email, "url": safe_url(a.url) or author_url(a.name)}
            for a in post.authors
        ],
        "tags": [{"name": t, "url": tag_url(t)} for t in post.tags],
        "categories": [{"name": c, "url": category_url(c)} for c in post.categories],
        "excerpt": post.excerpt,
        "image": safe_url(post.image),
        "description": post.description,
        "reading_minutes": info.reading_minutes if info else None,
        "reading_time_text": reading_time_text(info.reading_minutes) if info else "",
        "words": info.words if info else None,
        "extra": post.extra,
    }
    return context
