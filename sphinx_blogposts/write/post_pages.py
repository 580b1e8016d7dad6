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
    entries only.  Only excerpts are kept: the content of every post would
    be the largest thing the blog holds (tens of megabytes at a few
    thousand posts), and a feed entry reads it once.
    """

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self._cache: dict[str, str | None] = {}
        self._digests: dict[str, str | None] = {}
        self._relocated: dict[tuple[str, str], str] = {}
        self._templates: dict[str, list] = {}

    def _excerpt(self, docname: str) -> str | None:
        """The finished excerpt of the post's page (links relative to it)."""
        if docname not in self._cache:
            content = self._content(docname)
            if content is None:
                self._cache[docname] = None
            else:
                cut = content.find(EXCERPT_END)
                excerpt = clean_fragment(content[:cut] if cut >= 0 else content, drop_ids=True)
                self._cache[docname] = _demote_headings(_FOOTNOTE_REF_RE.sub("", excerpt))
        return self._cache[docname]

    def _content(self, docname: str) -> str | None:
        """The content of the post's written page, as cut out of it."""
        try:
            text = Path(self.builder.get_outfilename(docname)).read_text(encoding="utf-8")
        except OSError:
            return None
        start = text.find(CONTENT_START)
        end = text.find(CONTENT_END, start)
        if start < 0 or end < 0:
            return None
        return text[start + len(CONTENT_START) : end]

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
        excerpt = self._excerpt(docname)
        if excerpt is None:
            return ""
        try:
            here = self.builder.get_target_uri(pagename)
        except NoUri:
            return excerpt
        # relative URLs depend only on the folder the page is in
        folder = here if here.endswith("/") else here.rpartition("/")[0] + "/"
        key = (docname, folder)
        if key not in self._relocated:
            template = self._templates.get(docname)
            if template is None:
                # read once, however many pages show the excerpt
                template = self._templates[docname] = url_template(excerpt, relative_only=True)
            if len(template) == 1:  # no relative URL
                return template[0]
            rewrite = relocation(self.page_path(docname), folder + "x.html")
            self._relocated[key] = fill_urls(template, rewrite)
        return self._relocated[key]

    def content(self, docname: str, base_url: str | None = None) -> str | None:
        """The full content of *docname* without ids, links relative to its
        own page, or absolute when the page's *base_url* is given."""
        content = self._content(docname)
        if content is None:
            return None
        return clean_fragment(content.replace(EXCERPT_END, ""), base_url=base_url, drop_ids=True)

    def excerpt_raw(self, docname: str) -> str | None:
        """The excerpt, links relative to the post's own page."""
        return self._excerpt(docname)

    def forget_relocated(self) -> None:
        """Drop the excerpts made for other pages' folders, once the blog's
        pages are written (the feeds need none of them)."""
        self._relocated.clear()
        self._templates.clear()
