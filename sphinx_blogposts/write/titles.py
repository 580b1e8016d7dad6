"""The titles of the blog's generated pages and of their feeds, translated."""

from __future__ import annotations

from ..core.pageplan import PageSpec
from ..i18n import _


def page_title(kind: str, name: str = "", number: int = 1, count: int = 1) -> str:
    """The title of a page of *kind* (see :class:`~..core.pageplan.PageSpec`)
    for the group *name*; page *number* of *count* says so."""
    titles = {
        "index": _("Blog"),
        "tag": _("Posts tagged “%s”"),
        "category": _("Posts in “%s”"),
        "author": _("Posts by %s"),
        "series": _("Series “%s”"),
        "year": _("Posts from %s"),
        "tags": _("Tags"),
        "categories": _("Categories"),
        "authors": _("Authors"),
        "all-series": _("Series"),
        "share": _("Share on Mastodon"),
        "archive": _("Archive"),
    }
    title = str(titles[kind])
    if "%s" in title:
        title = title % name
    if number > 1:
        title = str(_("%(title)s (page %(number)d of %(count)d)")) % {
            "title": title, "number": number, "count": count,
        }
    return title


def spec_title(spec: PageSpec) -> str:
    """The title of the generated page *spec*."""
    return page_title(spec.kind, spec.group.name if spec.group else "", spec.number, spec.count)
