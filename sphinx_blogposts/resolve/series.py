"""The box of a post's series, under its header: "Part 2 of 4 in *Name*",
every part (the current one marked) and the previous and next part.

HTML builders get ``blogposts/series.html`` rendered, kept out of the search
index (the other parts' titles would make every search for one part find
them all); other builders a paragraph.  Unlisted parts are in no box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..i18n import _
from ..nodes import deferred_html

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..core.blog import Blog
    from .links import Links

TEMPLATE = "blogposts/series.html"


def series_key(blog: Blog, docname: str) -> tuple:
    """What the box of *docname* shows of the other parts (see :mod:`.rewrites`)."""
    group = blog.series_of(docname)
    if group is None:
        return ()
    return (group.name, group.slug, tuple((d, blog.posts[d].title) for d in group.docnames))


def series_context(context: BuildContext, links: Links, docname: str) -> dict[str, Any] | None:
    group = context.blog.series_of(docname)
    if group is None:
        return None
    posts = context.blog.posts
    at = group.docnames.index(docname)
    parts = [
        {"title": posts[d].title, "url": links.uri(d), "current": d == docname, "docname": d}
        for d in group.docnames
    ]
    return {
        "name": group.name,
        "url": links.group_uri("series", group.name),
        "part": at + 1,
        "count": len(parts),
        "parts": parts,
        "previous": parts[at - 1] if at > 0 else None,
        "next": parts[at + 1] if at + 1 < len(parts) else None,
    }


def nodes_for(context: BuildContext, links: Links, docname: str) -> list[nodes.Node]:
    series = series_context(context, links, docname)
    if series is None:
        return []
    if links.html:
        return [deferred_html(TEMPLATE, {"series": series, "_b": _})]
    text = str(_("Part %(part)d of %(count)d in %(series)s")) % {
        "part": series["part"], "count": series["count"], "series": series["name"],
    }
    paragraph = nodes.paragraph(classes=["blogposts-series"])
    paragraph += nodes.emphasis(text=text)
    for key, label in (("previous", _("Previous part")), ("next", _("Next part"))):
        if series[key] is not None:
            paragraph += nodes.Text(" · " + str(label) + ": ")
            paragraph += links.reference(series[key]["docname"], nodes.Text(series[key]["title"]))
    return [paragraph]
