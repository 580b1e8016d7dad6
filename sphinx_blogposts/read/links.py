"""Links of Jekyll posts to the old site, while reading (see :mod:`..jekyll.links`).

- :func:`site_links_for`: the index links resolve against, once per build:
  every live post's old address, every document, the source folder's files.
- ``doctree-read`` (:func:`on_doctree_read`, before the excerpt is copied):
  a Markdown link the converter pointed at a page (``blogposts:/<source>``)
  becomes a cross-reference of the ``blogposts`` domain, resolved for each
  builder when the page is written (:mod:`..resolve.site_links`); a file a
  raw HTML tag links to is registered as a download, so Sphinx copies it.
- ``env-get-outdated`` (:func:`on_env_get_outdated`, after the scan): a post
  is read again when one of its links leads elsewhere now (a post added,
  deleted or given another address, a file copied) or an include it missed
  exists now, so an incremental build links as a clean one does.
"""

from __future__ import annotations

import os
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes

from ..config import blog_config
from ..context import site_base_url
from ..core.html.urls import URLSlot, rewrite_srcset, url_template
from ..domain import blog_domain
from ..jekyll.links import MARKER, SiteLinks
from ..jekyll.variables import IncludeLoader, file_checker, site_links, site_variables

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["include_loader", "on_doctree_read", "on_env_get_outdated", "site_links_for", "split_marker"]


def site_links_for(app: Sphinx) -> SiteLinks:
    """This build's :class:`~..jekyll.links.SiteLinks` (made once per build)."""
    env = app.env
    cfg = blog_config(app.config)
    domain = blog_domain(env)
    site = site_variables(app.config.project, cfg.jekyll_site)
    base_url = site_base_url(app.config)
    found = env.found_docs
    key = (cfg.jekyll_permalinks, cfg.timezone_name, str(site.get("url")), str(site.get("baseurl")), base_url,
           id(found), len(found))

    def make() -> SiteLinks:
        return site_links(
            domain.live_posts().values(),
            {docname: _source(env, docname) for docname in found},
            pattern=cfg.jekyll_permalinks,
            tz=cfg.timezone,
            site=site,
            base_url=base_url,
            is_file=file_checker(env.srcdir),
        )

    return domain.site_links(key, make)


def include_loader(app: Sphinx) -> IncludeLoader:
    return IncludeLoader(app.env.srcdir, blog_config(app.config).jekyll_includes)


def _source(env: BuildEnvironment, docname: str) -> str:
    return os.path.relpath(env.doc2path(docname), env.srcdir).replace(os.sep, "/")


def split_marker(url: str) -> tuple[str, str, str]:
    """``(path from the source folder, decoded; query; fragment)`` of a
    ``blogposts:/...`` URL."""
    parts = urlsplit(url[len(MARKER) :])
    return unquote(parts.path).lstrip("/"), parts.query, parts.fragment


def _marked(node: nodes.Node) -> bool:
    if isinstance(node, addnodes.pending_xref):
        return node.get("reftype") == "myst" and node.get("reftarget", "").startswith(MARKER)
    if isinstance(node, nodes.reference):
        # myst_all_links_external makes every link a plain reference
        return node.get("refuri", "").startswith(MARKER)
    return isinstance(node, nodes.raw) and MARKER in node.astext() and "html" in node.get("format", "").split()


#: set in the document's reading data when its converted source links to pages
LINKS_TO_PAGES = "blogposts_links_to_pages"


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not env.temp_data.get(LINKS_TO_PAGES):
        return  # nothing the converter pointed at a page: no need to search
    for node in list(doctree.findall(_marked)):
        if isinstance(node, addnodes.pending_xref):
            node.replace_self(_cross_reference(env, node["reftarget"], node.children, node.get("refexplicit", True)))
        elif isinstance(node, nodes.reference):
            inner = nodes.inline("", "", *[child.deepcopy() for child in node.children])
            node.replace_self(_cross_reference(env, node["refuri"], [inner], bool(node.children)))
        else:
            _register_files(env, node.astext())


def _cross_reference(env: BuildEnvironment, url: str, children: list, explicit: bool) -> addnodes.pending_xref:
    path, query, fragment = split_marker(url)
    docname = env.path2doc(os.path.join(env.srcdir, path)) if path else None
    is_doc = docname is not None and docname in env.found_docs
    xref = addnodes.pending_xref(
        "",
        refdomain="blogposts",
        reftype="link",
        reftarget=docname if is_doc else "/" + path,
        refdoc=env.docname,
        refexplicit=explicit,
        blogposts_kind="doc" if is_doc else "root",
        blogposts_query=query,
        blogposts_fragment=fragment,
    )
    xref.extend(child.deepcopy() for child in children)
    if not len(xref):
        xref += nodes.inline("", "")
    return xref


def _register_files(env: BuildEnvironment, html: str) -> None:
    """Files a raw HTML tag links to (``blogposts:/assets/a.png``), as downloads."""

    def register(url: str) -> str:
        if url.startswith(MARKER):
            path = split_marker(url)[0]
            full = os.path.join(env.srcdir, path)
            if path and os.path.isfile(full) and env.path2doc(full) not in env.found_docs:
                env.dlfiles.add_file(env.docname, path)
        return url

    for part in url_template(html):
        if isinstance(part, URLSlot) and MARKER in part.value:
            if part.name == "srcset":
                rewrite_srcset(part.value, register)
            else:
                register(part.value)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The posts whose links or includes would come out differently now."""
    cfg = blog_config(app.config)
    domain = blog_domain(env)
    records = domain.links
    if not cfg.jekyll or not records:
        return []
    links = site_links_for(app)
    loader = include_loader(app)
    stale: list[str] = []
    for docname, record in sorted(records.items()):
        post = domain.post(docname)
        if post is None or docname in changed or docname in added or docname in removed:
            continue
        if any(
            _now(links, url, post.path, embedded) != (kind, target) for url, embedded, kind, target in record.links
        ) or any(
            loader.exists(name, posixpath.dirname(post.path) if relative else None)
            for name, relative in record.missing_includes
        ):
            stale.append(docname)
    return stale


def _now(links: SiteLinks, url: str, source: str, embedded: bool) -> tuple[str, str] | None:
    target = links.resolve(url, source, embedded=embedded)
    return None if target is None else (target.kind, target.target)
