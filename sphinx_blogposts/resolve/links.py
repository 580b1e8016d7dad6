"""Links from one page to posts and to the blog's generated pages.

Every URL comes from the builder (``get_relative_uri``), so ``html``,
``dirhtml`` and the other builders each get links of their own kind.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from ..core.pageplan import group_pagename

if TYPE_CHECKING:
    from ..context import BuildContext

_ABSOLUTE_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


class Links:
    """URLs as seen from the page *fromdoc* (a document or a generated page).

    Made through :meth:`.BuildContext.links`; the URIs and links it works
    out are kept in the build's context, so each is computed once per build.
    """

    def __init__(self, context: BuildContext, fromdoc: str) -> None:
        self.context = context
        self.builder = context.builder
        self.fromdoc = fromdoc
        self.html = context.html
        self.pages = context.pages
        self.root = context.cfg.root
        self.blog = context.blog
        self._plain_relative = type(self.builder).get_relative_uri is Builder.get_relative_uri
        self._relative = context.relative_uris
        self._group_pages = context.group_pages
        self._here: str | None = None

    def uri(self, target: str) -> str | None:
        try:
            if not self._plain_relative:
                return self.builder.get_relative_uri(self.fromdoc, target)
            # What Builder.get_relative_uri does, with each page's URI computed
            # once per build, and each link once per folder: a relative URI
            # depends only on the folder it is seen from (except a page's link
            # to itself).
            if self._here is None:
                self._here = self.context.target_uri(self.fromdoc)
                self._folder = self._here.rpartition("/")[0]
            to = self.context.target_uri(target)
            if to == self._here:
                return relative_uri(self._here, to)
            key = (self._folder, to)
            found = self._relative.get(key)
            if found is None:
                found = self._relative[key] = relative_uri(self._here, to)
            return found
        except NoUri:
            return None

    def file_uri(self, path: str) -> str | None:
        """A file in the output folder (``_static/x.js``), from this page."""
        try:
            here = self.context.target_uri(self.fromdoc)
        except NoUri:
            return None
        return relative_uri(here, path)

    def page_uri(self, pagename: str) -> str | None:
        """A generated page, if this builder writes them."""
        return self.uri(pagename) if self.pages else None

    def blog_index_uri(self) -> str | None:
        """The blog's index: ``<root>/index``, generated or a document."""
        return self.page_uri(self.context.blog_index)

    def group_uri(self, kind: str, name: str) -> str | None:
        """The tag / category / author / year page of *name*."""
        if not self.pages:
            return None
        key = (kind, name)
        pagename = self._group_pages.get(key, "")
        if pagename == "":  # not looked up yet in this build
            slug = name if kind == "year" else self.blog.table(kind).slug(name)
            pagename = self._group_pages[key] = group_pagename(self.root, kind, slug) if slug else None
        return self.uri(pagename) if pagename else None

    def reference(self, docname: str, *children: nodes.Node, **attributes) -> nodes.Element:
        uri = self.uri(docname)
        if uri is None:
            return nodes.inline("", "", *children)
        return nodes.reference("", "", *children, refuri=uri, internal=True, **attributes)

    def group_reference(self, kind: str, name: str, classes: list[str]) -> nodes.Element:
        uri = self.group_uri(kind, name)
        text = nodes.Text(self.blog.table(kind).display(name) if kind != "year" else name)
        if uri is None:
            return nodes.inline("", "", text, classes=classes)
        return nodes.reference("", "", text, refuri=uri, internal=True, classes=classes)

    def adopt(self, content: nodes.Element, post_docname: str, scratch: nodes.document) -> None:
        """Make nodes copied from *post_docname* work on this page.

        Cross-references are resolved as if written here; links relative to
        the post, and links to places inside it, are rewritten to reach the
        same target from this page.
        """
        post_uri = self.uri(post_docname) or ""
        for ref in content.findall(nodes.reference):
            if "refid" in ref and "refuri" not in ref:
                ref["refuri"] = f"{post_uri}#{ref['refid']}"
                del ref["refid"]
            elif "refuri" in ref and not ref.get("internal") and not _ABSOLUTE_RE.match(ref["refuri"]):
                ref["refuri"] = self.relocate(ref["refuri"], post_docname)
        for xref in content.findall(addnodes.pending_xref):
            if "refdoc" in xref:
                xref["refdoc"] = self.fromdoc
        if any(True for _ in content.findall(addnodes.pending_xref)):
            scratch += content
            self.context.env.resolve_references(scratch, self.fromdoc, self.builder)
            scratch.remove(content)

    def relocate(self, uri: str, post_docname: str) -> str:
        """*uri*, relative to the post's page, made relative to this page."""
        try:
            post_page = self.context.target_uri(post_docname)
            here = self.context.target_uri(self.fromdoc)
        except NoUri:
            return uri
        target = posixpath.normpath(posixpath.join(posixpath.dirname(post_page), uri))
        return posixpath.relpath(target, posixpath.dirname(here) or ".")
