"""A post's excerpt and content, cut out of its written page.

Sphinx has already rendered every post page (in this build or, for
unchanged posts, in an earlier one) when the blog's pages and feeds are
written; the marker comments placed while reading (see :mod:`..read.excerpts`)
say where the content and the excerpt are.  Cutting is cheap and gives
exactly what the post page shows.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import NoUri

from ..core.html.clean import clean_fragment
from ..core.html.urls import fill_urls, relocation, url_template
from ..core.separators import CONTENT_END, CONTENT_START, EXCERPT_END

if TYPE_CHECKING:
    from sphinx.builders import Builder

# Footnote references would point at notes the excerpt does not include.
_FOOTNOTE_REF_RE = re.compile(r'<a class="footnote-reference[^"]*"[^>]*>.*?</a>', re.DOTALL)
# Headings inside an excerpt would break the outline of the page showing it.
_HEADING_RE = re.compile(r"<(/?)h[1-6]\b([^>]*)>")


def _demote_headings(html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return "</p>" if match.group(1) else '<p class="rubric">'

    return _HEADING_RE.sub(replace, html)


class PostPages:
    """Reads post pages on demand, once each per build.

    One instance serves the whole build (:attr:`.BuildContext.post_pages`):
    the blog's pages need the excerpts, the feeds need the content of their
    entries only.
    """

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self._cache: dict[str, tuple[str, str] | None] = {}
        self._digests: dict[str, str | None] = {}
        self._relocated: dict[tuple[str, str], str] = {}
        self._templates: dict[str, list] = {}

    def _cut(self, docname: str) -> tuple[str, str] | None:
        if docname not in self._cache:
            self._cache[docname] = self._read(docname)
        return self._cache[docname]

    def _read(self, docname: str) -> tuple[str, str] | None:
        """(finished excerpt, content as cut) of the post's page."""
        try:
            text = Path(self.builder.get_outfilename(docname)).read_text(encoding="utf-8")
        except OSError:
            return None
        start = text.find(CONTENT_START)
        end = text.find(CONTENT_END, start)
        if start < 0 or end < 0:
            return None
        content = text[start + len(CONTENT_START) : end]
        cut = content.find(EXCERPT_END)
        excerpt = content[:cut] if cut >= 0 else content
        excerpt = clean_fragment(excerpt, drop_ids=True)
        return _demote_headings(_FOOTNOTE_REF_RE.sub("", excerpt)), content

    def digest(self, docname: str) -> str | None:
        """A digest of the content of the post's written page (what
        excerpts and feed entries are cut from), ``None`` without a page.

        The blog's record of generated files (:mod:`.generated`) keys pages
        and feeds on it, not on the page's modification time: the record,
        which is part of the output, is then the same for the same sources.
        """
        if docname not in self._digests:
            try:
                text = Path(self.builder.get_outfilename(docname)).read_bytes()
            except OSError:
                self._digests[docname] = None
                return None
            start = text.find(CONTENT_START.encode())
            end = text.find(CONTENT_END.encode(), start)
            content = text[start:end] if 0 <= start < end else text
            self._digests[docname] = hashlib.blake2b(content, digest_size=16).hexdigest()
        return self._digests[docname]

    def page_path(self, docname: str) -> str:
        """The post's page as a site-relative URL path."""
        return self.builder.get_target_uri(docname)

    def excerpt(self, docname: str, pagename: str) -> str:
        """The excerpt of *docname*, with links working from page *pagename*."""
        cut = self._cut(docname)
        if cut is None:
            return ""
        try:
            here = self.builder.get_target_uri(pagename)
        except NoUri:
            return cut[0]
        # relative URLs depend only on the folder the page is in
        folder = here if here.endswith("/") else here.rpartition("/")[0] + "/"
        key = (docname, folder)
        if key not in self._relocated:
            template = self._templates.get(docname)
            if template is None:
                # read once, however many pages show the excerpt
                template = self._templates[docname] = url_template(cut[0], relative_only=True)
            if len(template) == 1:  # no relative URL
                return template[0]
            rewrite = relocation(self.page_path(docname), folder + "x.html")
            self._relocated[key] = fill_urls(template, rewrite)
        return self._relocated[key]

    def content(self, docname: str, base_url: str | None = None) -> str | None:
        """The full content of *docname* without ids, links relative to its
        own page, or absolute when the page's *base_url* is given."""
        cut = self._cut(docname)
        if cut is None:
            return None
        return clean_fragment(cut[1].replace(EXCERPT_END, ""), base_url=base_url, drop_ids=True)

    def excerpt_raw(self, docname: str) -> str | None:
        """The excerpt, links relative to the post's own page."""
        cut = self._cut(docname)
        return cut[0] if cut else None
