"""The ``postlist`` directive: a list of posts anywhere in the documentation.

Reading only leaves a placeholder; the list is filled on
``doctree-resolved``, when every post of the build is known, and is written
again whenever the posts change (see :mod:`.updates`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import new_document
from sphinx.util.docutils import SphinxDirective

from ._log import warn
from .config import blog_config
from .domain import blog_domain
from .i18n import _, format_date
from .links import Links, generates_pages
from .nodes import postlist

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _names(argument: str | None) -> list[str]:
    """A comma-separated list of names (tags, categories, authors...)."""
    return [part.strip() for part in (argument or "").split(",") if part.strip()]


def _years(argument: str | None) -> list[int]:
    years = []
    for part in _names(argument):
        if not part.isdigit():
            raise ValueError(f"{part!r} is not a year")
        years.append(int(part))
    return years


def _sort(argument: str | None) -> str:
    return directives.choice(argument, ("newest", "oldest"))


class PostListDirective(SphinxDirective):
    """``postlist``: posts newest first, optionally filtered and limited.

    Filters are ANDed with each other; the names inside one filter are ORed.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "limit": directives.positive_int,
        "tags": _names,
        "categories": _names,
        "author": _names,
        "year": _years,
        "language": _names,
        "excerpts": directives.flag,
        "sort": _sort,
        "compact": directives.flag,
        "class": directives.class_option,
    }
    #: help text for the documentation's reference
    option_help: ClassVar[dict[str, str]] = {
        "limit": "Show at most this many posts.",
        "tags": "Only posts with one of these tags (comma-separated).",
        "categories": "Only posts in one of these categories (comma-separated).",
        "author": "Only posts by one of these authors (comma-separated).",
        "year": "Only posts from one of these years (comma-separated).",
        "language": "Only posts in one of these languages (their ``lang``, else the project's ``language``).",
        "excerpts": "Show each post's excerpt and a *Read more* link.",
        "sort": "``newest`` (the default) or ``oldest`` first.",
        "compact": "One line per post: date and title.",
        "class": "Extra CSS classes for the list.",
    }

    def run(self) -> list[nodes.Node]:
        node = postlist(
            docname=self.env.docname,
            limit=self.options.get("limit"),
            tags=self.options.get("tags", []),
            categories=self.options.get("categories", []),
            authors=self.options.get("author", []),
            years=self.options.get("year", []),
            languages=self.options.get("language", []),
            excerpts="excerpts" in self.options,
            oldest="oldest" == self.options.get("sort", "newest"),
            compact="compact" in self.options,
            classes=["blogposts-postlist", *self.options.get("class", [])],
        )
        self.set_source_info(node)
        blog_domain(self.env).lists[self.env.docname] = True
        return [node]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = blog_domain(app.env)
    if docname not in domain.lists and generates_pages(app.builder):
        # No postlist was read in it, and this builder writes each document
        # on its own (singlehtml, LaTeX... put several in one doctree).
        return
    placeholders = list(doctree.findall(postlist))
    if not placeholders:
        return
    blog = domain.blog()
    cfg = blog_config(app.config)
    links = Links(app, docname)
    scratch = new_document("")
    for placeholder in placeholders:
        selected = blog.select(
            tags=placeholder["tags"],
            categories=placeholder["categories"],
            authors=placeholder["authors"],
            years=placeholder["years"],
            languages=placeholder["languages"],
            default_language=cfg.language,
            oldest_first=placeholder["oldest"],
            limit=placeholder["limit"],
        )
        if not selected:
            warn("postlist", "postlist matches no post", placeholder)
        items = nodes.bullet_list(classes=["blogposts-entries"])
        for post_docname in selected:
            items += _entry(app, domain, post_docname, placeholder, links, cfg, scratch)
        container = nodes.container(classes=[*placeholder["classes"]] + (["compact"] if placeholder["compact"] else []))
        container += items
        placeholder.replace_self(container)


def _entry(app, domain, post_docname, placeholder, links, cfg, scratch) -> nodes.list_item:
    post = domain.post(post_docname)
    info = domain.read.get(post_docname)
    item = nodes.list_item(classes=["blogposts-entry"])
    title = nodes.paragraph(classes=["blogposts-entry-title"])
    if placeholder["compact"] and post.date is not None and links.html:
        title += nodes.inline(text=format_date(post.date, cfg.date_format, post.lang or cfg.language) + " ",
                              classes=["blogposts-entry-date"])
    title += links.reference(post_docname, nodes.Text(post.title))
    item += title
    if not links.html or placeholder["compact"]:
        return item

    meta = nodes.paragraph(classes=["blogposts-entry-meta"])
    if post.date is not None:
        meta += nodes.inline(text=format_date(post.date, cfg.date_format, post.lang or cfg.language),
                             classes=["blogposts-entry-date"])
    if post.authors:
        meta += nodes.inline(text=" · ")
        for i, author in enumerate(post.authors):
            if i:
                meta += nodes.Text(", ")
            meta += links.group_reference("author", author.name, classes=["blogposts-entry-author"])
    for tag in post.tags:
        meta += nodes.Text(" ")
        meta += links.group_reference("tag", tag, classes=["blogpost-tag"])
    item += meta

    if placeholder["excerpts"] and info is not None:
        excerpt = nodes.container(classes=["blogposts-excerpt"])
        if info.excerpt_html is not None:
            excerpt += nodes.paragraph("", "", nodes.raw("", info.excerpt_html, format="html"))
        else:
            excerpt.extend(info.excerpt)  # a fresh copy each time
            links.adopt(excerpt, post_docname, scratch)
        item += excerpt
        more = nodes.paragraph(classes=["blogposts-read-more"])
        more += links.reference(post_docname, nodes.Text(_("Read more")))
        item += more
    return item
