"""Links of Jekyll posts to pages, made for the builder that writes them.

The converter points a link that leads to another page of the site at
``blogposts:/<source path>?query#fragment`` (see :mod:`..jekyll.links`);
reading turns the Markdown ones into ``blogposts`` cross-references
(:mod:`..read.links`).  Here:

- :func:`resolve_link` (the domain's ``resolve_xref``) makes such a
  reference a link to the document's page (query and fragment kept), or,
  for a path no document has, to that path from the root of the output;
- ``doctree-resolved`` (:func:`on_doctree_resolved`) does the same in raw
  HTML, where a file (``<img src="/assets/a.png">``) links to its copy among
  the downloads.  It runs after the ``postlist`` has put excerpts in, so
  their raw HTML is made right for the page showing them.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..core.html.urls import rewrite_urls
from ..jekyll.links import MARKER
from ..read.links import split_marker

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..context import BuildContext

__all__ = ["on_doctree_resolved", "resolve_link"]

_SAFE = "/!$&'()*+,;=@~-._%"


def _extra(query: str, fragment: str) -> str:
    return ("?" + quote(query, safe=_SAFE + "?:=&") if query else "") + (
        "#" + quote(fragment, safe=_SAFE + "?:") if fragment else ""
    )


def resolve_link(
    env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str, node: Any, contnode: Any
) -> nodes.reference | None:
    if typ != "link":
        return None
    kind = node.get("blogposts_kind")
    if kind != "doc" and getattr(builder, "format", "") != "html":
        return contnode  # a path on the web site means nothing in a PDF or a text file
    try:
        if kind == "doc":
            if target not in env.all_docs:
                return None
            uri = builder.get_relative_uri(fromdocname, target)
        else:
            uri = relative_uri(builder.get_target_uri(fromdocname), quote(target.lstrip("/"), safe=_SAFE))
    except NoUri:
        return contnode
    uri += _extra(node.get("blogposts_query", ""), node.get("blogposts_fragment", ""))
    ref = nodes.reference("", "", internal=True, refuri=uri)
    if contnode is not None and contnode.astext():
        ref += contnode
    elif kind == "doc" and target in env.titles:
        ref += nodes.inline("", env.titles[target].astext())
    else:
        ref += nodes.literal("", target)
    return ref


def on_doctree_resolved(context: BuildContext, doctree: nodes.document, docname: str) -> None:
    if not context.html:
        return
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if MARKER not in text or "html" not in raw.get("format", "").split():
            continue
        new = rewrite_urls(text, lambda url: _page_url(context, docname, url))
        if new != text:
            copy = raw.copy()
            copy += nodes.Text(new)
            raw.replace_self(copy)


def _page_url(context: BuildContext, fromdoc: str, url: str) -> str:
    if not url.startswith(MARKER):
        return url
    env, builder = context.env, context.builder
    path, query, fragment = split_marker(url)
    docname = env.path2doc(os.path.join(env.srcdir, path)) if path else None
    try:
        if docname is not None and docname in env.all_docs:
            return builder.get_relative_uri(fromdoc, docname) + _extra(query, fragment)
        here = context.target_uri(fromdoc)
        download = _download(env, path)
        if download is not None:
            return relative_uri(here, "_downloads/" + quote(download, safe=_SAFE))
        return relative_uri(here, quote(path, safe=_SAFE)) + _extra(query, fragment)
    except NoUri:
        return url


def _download(env: BuildEnvironment, path: str) -> str | None:
    """The name under ``_downloads`` of a file registered as a download."""
    # keyed by str in older Sphinx, by Path in newer
    for key in (path, PurePosixPath(path), Path(path)):
        if key in env.dlfiles:
            return str(env.dlfiles[key][1]).replace(os.sep, "/")
    return None
