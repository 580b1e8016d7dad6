"""What the optional sidebar templates see: ``blogposts`` in every page.

Values are computed only when a template asks for them, so pages of
projects that use none of the sidebars pay nothing, and none of them lists
every post (a sidebar that does makes every build quadratic).
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .config import blog_config
from .i18n import _
from .links import Links

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SidebarData:
    def __init__(self, app: Sphinx, pagename: str) -> None:
        self._app = app
        self._pagename = pagename

    #: translation of the extension's own catalog, for the templates
    gettext = staticmethod(_)

    @cached_property
    def _links(self) -> Links:
        return Links(self._app, self._pagename)

    @cached_property
    def recent(self) -> list[dict[str, Any]]:
        blog = self._links.blog
        count = blog_config(self._app.config).recent_posts
        return [
            {"title": blog.posts[d].title, "url": self._links.uri(d) or "#", "current": d == self._pagename}
            for d in blog.docnames[:count]
        ]

    @cached_property
    def tags(self) -> list[dict[str, Any]]:
        groups = self._links.blog.groups("tag")
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
            for g in self._links.blog.groups("year")
        ]

    def __bool__(self) -> bool:
        return bool(self._links.blog.docnames)
