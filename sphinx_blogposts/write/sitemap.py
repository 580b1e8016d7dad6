"""The blog's pages in sphinx-sitemap's ``sitemap.xml``.

sphinx-sitemap lists every page written in the build (generated pages
too, since they pass through ``html-page-context``), with a ``lastmod``
only from Git.  After it has written the file (``build-finished``, later
than its handler), each post gets the date of its last update, else its
publication, each generated page the newest date of the posts it lists,
and unlisted posts and drafts built with ``blogposts_drafts`` are taken
out.  Redirect pages
are never in it (they are not written through the theme).  Without
sphinx-sitemap nothing is done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..core.pageplan import plan_pages

if TYPE_CHECKING:
    from ..context import BuildContext

_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _link(context: BuildContext, pagename: str) -> str:
    """The page's address in the sitemap, as sphinx-sitemap writes it."""
    if context.builder.name == "dirhtml":
        if pagename == "index":
            return ""
        if pagename.endswith("/index"):
            return pagename[: -len("index")]
        return pagename + "/"
    suffix = context.config.html_file_suffix
    return pagename + (".html" if suffix is None else suffix)


def _loc(context: BuildContext, pagename: str) -> str:
    config = context.config
    site = config.site_url or config.html_baseurl or ""
    return site + config.sitemap_url_scheme.format(
        lang=config.language + "/" if config.language else "",
        version=config.version + "/" if config.version else "",
        link=_link(context, pagename),
    )


def _stamp(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def on_build_finished(context: BuildContext, exception: Exception | None) -> None:
    config = context.config
    if exception is not None or not context.pages or "sitemap_filename" not in config:
        return
    path = Path(context.builder.outdir) / config.sitemap_filename
    if not path.is_file():
        return
    blog = context.blog
    domain = context.domain
    dates: dict[str, dt.datetime] = {}
    for docname, post in blog.posts.items():
        if domain.is_preview(docname) or post.unlisted:
            continue  # taken out, and dates no page
        when = post.updated or post.date
        if when is not None:
            dates[docname] = when
    newest = max(dates.values(), default=None)
    plan = plan_pages(blog, context.cfg.root, context.cfg.posts_per_page, context.env.found_docs)
    for spec in plan.pages:
        listed = [dates[d] for d in spec.docnames if d in dates]
        when = max(listed) if listed else (newest if not spec.docnames else None)
        if when is not None:
            dates[spec.pagename] = when
    lastmod = {_loc(context, name): _stamp(when) for name, when in dates.items()}
    drafts = {_loc(context, d) for d, post in blog.posts.items() if domain.is_preview(d) or post.unlisted}

    ElementTree.register_namespace("", _NS)
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    try:
        tree = ElementTree.parse(path)
    except (ElementTree.ParseError, OSError):
        return
    root = tree.getroot()
    changed = False
    for url in list(root.findall(f"{{{_NS}}}url")):
        loc = url.findtext(f"{{{_NS}}}loc")
        if loc in drafts:
            root.remove(url)
            changed = True
            continue
        if loc not in lastmod:
            continue
        element = url.find(f"{{{_NS}}}lastmod")
        if element is None:
            element = ElementTree.Element(f"{{{_NS}}}lastmod")
            url.insert(1, element)
        if element.text != lastmod[loc]:
            element.text = lastmod[loc]
            changed = True
    if changed:
        indent = config.sitemap_indent
        if isinstance(indent, int) and indent > 0:
            ElementTree.indent(root, space=indent * " ")
        tree.write(path, xml_declaration=True, encoding="utf-8", method="xml")
