"""The ``postlist`` directive: a list of posts anywhere in the documentation.

Reading only leaves a placeholder; the list is filled on
``doctree-resolved``, when every post of the build is known, and is written
again whenever the posts change (see :mod:`.rewrites`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import new_document
from sphinx.util.docutils import SphinxDirective

from ..domain import blog_domain
from ..i18n import _
from ..log import warn
from ..nodes import postlist
from .summary import post_summary

if TYPE_CHECKING:
    from ..context import BuildContext
    from .links import Links


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
        "series": _names,
        "year": _years,
        "language": _names,
        "excerpts": directives.flag,
        "sort": _sort,
        "compact": directives.flag,
        "pinned": directives.flag,
        "class": directives.class_option,
    }
    #: help text for the documentation's reference
    option_help: ClassVar[dict[str, str]] = {
        "limit": "Show at most this many posts.",
        "tags": "Only posts with one of these tags (comma-separated).",
        "categories": "Only posts in one of these categories (comma-separated).",
        "author": "Only posts by one of these authors (comma-separated; names or profile keys).",
        "series": "Only posts of one of these series (comma-separated).",
        "year": "Only posts from one of these years (comma-separated).",
        "language": "Only posts in one of these languages (their ``lang``, else the project's ``language``).",
        "excerpts": "Show each post's excerpt and a *Read more* link.",
        "sort": "``newest`` (the default) or ``oldest`` first.",
        "compact": "One line per post: date and title.",
        "pinned": "Pinned posts (front matter ``pinned: true``) first, marked as pinned.",
        "class": "Extra CSS classes for the list.",
    }

    def run(self) -> list[nodes.Node]:
        node = postlist(
            docname=self.env.docname,
            limit=self.options.get("limit"),
            tags=self.options.get("tags", []),
            categories=self.options.get("categories", []),
            authors=self.options.get("author", []),
            series=self.options.get("series", []),
            years=self.options.get("year", []),
            languages=self.options.get("language", []),
            excerpts="excerpts" in self.options,
            oldest="oldest" == self.options.get("sort", "newest"),
            compact="compact" in self.options,
            pinned="pinned" in self.options,
            classes=["blogposts-postlist", *self.options.get("class", [])],
        )
        self.set_source_info(node)
        blog_domain(self.env).note_postlist(self.env.docname)
        return [node]


def on_doctree_resolved(context: BuildContext, doctree: nodes.document, docname: str) -> None:
    if docname not in context.domain.lists and context.pages:
        # No postlist was read in it, and this builder writes each document
        # on its own (singlehtml, LaTeX... put several in one doctree).
        return
    placeholders = list(doctree.findall(postlist))
    if not placeholders:
        return
    blog = context.blog
    links = context.links(docname)
    scratch = new_document("")
    for placeholder in placeholders:
        selected = blog.select(
            tags=placeholder["tags"],
            categories=placeholder["categories"],
            authors=placeholder["authors"],
            series=placeholder.get("series", []),
            years=placeholder["years"],
            languages=placeholder["languages"],
            default_language=context.cfg.language,
            oldest_first=placeholder["oldest"],
            pinned_first=placeholder.get("pinned", False),
            limit=placeholder["limit"],
        )
        if not selected:
            warn("postlist", "postlist matches no post", placeholder)
        items = nodes.bullet_list(classes=["blogposts-entries"])
        for post_docname in selected:
            items += _entry(context, post_docname, placeholder, links, scratch)
        container = nodes.container(classes=[*placeholder["classes"]] + (["compact"] if placeholder["compact"] else []))
        container += items
        placeholder.replace_self(container)


def _link(url: str | None, text: str, classes: list[str]) -> nodes.Element:
    if url is None:
        return nodes.inline("", "", nodes.Text(text), classes=classes)
    return nodes.reference("", "", nodes.Text(text), refuri=url, internal=True, classes=classes)


def _entry(
    context: BuildContext, post_docname: str, placeholder: postlist, links: Links, scratch: nodes.document
) -> nodes.list_item:
    summary = post_summary(context, links, post_docname)
    pinned = placeholder.get("pinned", False) and summary["pinned"]
    item = nodes.list_item(classes=["blogposts-entry", *(["blogposts-pinned"] if pinned else [])])
    if pinned and links.html and not placeholder["compact"]:
        item += nodes.paragraph(text=str(_("Pinned")), classes=["blogposts-pinned-label"])
    title = nodes.paragraph(classes=["blogposts-entry-title"])
    if placeholder["compact"] and summary["date_text"] and links.html:
        title += nodes.inline(text=summary["date_text"] + " ", classes=["blogposts-entry-date"])
    title += links.reference(post_docname, nodes.Text(summary["title"]))
    item += title
    if not links.html or placeholder["compact"]:
        return item

    # names as the blog spells them most (one spelling on every list)
    display = context.blog.table
    meta = nodes.paragraph(classes=["blogposts-entry-meta"])
    if summary["date_text"]:
        meta += nodes.inline(text=summary["date_text"], classes=["blogposts-entry-date"])
    if summary["authors"]:
        meta += nodes.inline(text=" · ")
        for i, author in enumerate(summary["authors"]):
            if i:
                meta += nodes.Text(", ")
            meta += _link(author["page_url"], display("author").display(author["name"]), ["blogposts-entry-author"])
    for tag in summary["tags"]:
        meta += nodes.Text(" ")
        meta += _link(tag["url"], display("tag").display(tag["name"]), ["blogpost-tag"])
    item += meta

    info = context.domain.read.get(post_docname)
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
