"""What the optional sidebar templates see: ``blogposts`` in every page.

Values are computed only when a template asks for them, so pages of
projects that use none of the sidebars pay nothing, and none of them lists
every post (a sidebar that does makes every build quadratic).
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..i18n import _

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..core.blog import Blog
    from .links import Links


def sidebar_key(blog: Blog, recent_posts: int) -> tuple:
    """What the sidebars show: recent posts, tags with counts, years with counts."""
    return (
        tuple((d, blog.posts[d].title) for d in blog.docnames[:recent_posts]),
        tuple((g.name, g.slug, len(g.docnames)) for g in blog.groups("tag")),
        tuple((g.name, len(g.docnames)) for g in blog.groups("year")),
    )


def uses_blog_sidebars(html_sidebars: object) -> bool:
    """Whether ``html_sidebars`` names any of the blog's sidebar templates."""
    sidebars = html_sidebars or {}
    return any(
        str(name).startswith("blogposts/")
        for names in sidebars.values()
        for name in ([names] if isinstance(names, str) else names)
    )


class SidebarData:
    """``blogposts`` in the context of every HTML page."""

    def __init__(self, context: BuildContext, pagename: str) -> None:
        self._context = context
        self._pagename = pagename

    #: translation of the extension's own catalog, for the templates
    gettext = staticmethod(_)

    @cached_property
    def _links(self) -> Links:
        return self._context.links(self._pagename)

    @cached_property
    def recent(self) -> list[dict[str, Any]]:
        blog = self._context.blog
        count = self._context.cfg.recent_posts
        return [
            {"title": blog.posts[d].title, "url": self._links.uri(d) or "#", "current": d == self._pagename}
            for d in blog.docnames[:count]
        ]

    @cached_property
    def tags(self) -> list[dict[str, Any]]:
        groups = self._context.blog.groups("tag")
        if not groups or not self._links.pages:
            return []
        most = max(len(g.docnames) for g in groups)
        return [
            {
                "name": g.name,
                "url": self._links.group_uri("tag", g.name),
                "count": len(g.docnames),
                # 1..5 on a log scale, for font sizes
                "weight": 1 + round(4 * math.log(len(g.docnames)) / math.log(most)) if most > 1 else 1,
            }
            for g in groups
        ]

    @cached_property
    def years(self) -> list[dict[str, Any]]:
        if not self._links.pages:
            return []
        return [
            {"year": g.name, "url": self._links.group_uri("year", g.name), "count": len(g.docnames)}
            for g in self._context.blog.groups("year")
        ]

    def __bool__(self) -> bool:
        return bool(self._context.blog.docnames)
