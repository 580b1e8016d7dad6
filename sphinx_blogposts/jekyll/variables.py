"""What Liquid sees of a post and of its site, for the build and ``check``
alike: ``page.*`` and ``site.*`` variables and the index of posts that
``post_url`` and ``link`` name.  Pure module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from ..core.post import Post
from .model import JekyllContext, TagMapping

__all__ = ["liquid_context", "page_variables", "post_url_index", "site_variables"]


def post_url_index(paths: Iterable[str]) -> dict[str, str]:
    """What ``post_url`` and ``link`` may name, to source-root-absolute paths.

    *paths* are posts' source paths (``_posts/sub/2010-07-21-slug.md``,
    relative to the source folder).  Keys: the path itself, the path without
    suffix, the path below ``_posts`` without suffix (``sub/2010-07-21-slug``)
    and the file stem (``2010-07-21-slug``); values: ``/`` + the path.  Of
    two posts with one key, the first path in sorted order has it.
    """
    index: dict[str, str] = {}
    for path in sorted(paths):
        target = "/" + path
        stem = path.rsplit(".", 1)[0]
        below = stem.split("_posts/", 1)[-1]
        for key in (path, stem, below, PurePosixPath(path).stem):
            index.setdefault(key, target)
    return index


def page_variables(post: Post) -> dict[str, object]:
    """``page.*``: what the front matter gave, as Jekyll names it."""
    page: dict[str, object] = {
        "title": post.title,
        "date": post.date,
        "tags": list(post.tags),
        "categories": list(post.categories),
        "author": ", ".join(a.name for a in post.authors) or None,
        "excerpt": post.excerpt,
        "slug": post.slug,
        "lang": post.lang,
        "image": post.image,
        "description": post.description,
        "permalink": post.permalink,
        "id": post.id,
        "series": post.series,
        "series_part": post.series_part,
        "pinned": post.pinned or None,
        "unlisted": post.unlisted or None,
        "hidden": post.unlisted or None,
        "comments": post.comments,
        **post.extra,
    }
    return {k: v for k, v in page.items() if v is not None}


def site_variables(project: str | None, configured: Mapping[str, object]) -> dict[str, object]:
    """``site.*``: ``url`` and ``baseurl`` empty (links stay inside the new
    site), ``title`` the project's name, then what ``blogposts_jekyll_site`` sets."""
    site: dict[str, object] = {"url": "", "baseurl": ""}
    if project is not None:
        site["title"] = project
    site.update(configured)
    return site


def liquid_context(
    post: Post,
    site: Mapping[str, object],
    post_index: Mapping[str, str],
    tags: Mapping[str, TagMapping] | None = None,
) -> JekyllContext:
    """Everything the converter needs to know to convert *post*'s body."""
    return JekyllContext(
        site=site,
        page=page_variables(post),
        resolve_post=lambda name: post_index.get(name.strip().lstrip("/")),
        tags=dict(tags or {}),
    )
