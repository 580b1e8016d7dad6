"""Which pages the blog generates, and under which names.

Pure module.  Under ``blogposts_root`` (``blog`` by default)::

    <root>/index, <root>/page/2 ...           every post, newest first
    <root>/tag/index                          every tag
    <root>/tag/<slug>, <root>/tag/<slug>/page/2 ...
    <root>/category/index, <root>/category/<slug> ...
    <root>/author/index, <root>/author/<slug> ...
    <root>/series/index, <root>/series/<slug> ...   a series' parts in order
    <root>/archive/index                      every post by year and month
    <root>/archive/<year> ...
    <root>/share/mastodon                     asks for the reader's Mastodon
                                              instance (with share links on)

Pinned posts open the index's first page.

A document of the project's own always wins over a generated page: if
``<root>/index`` is a document (typically with a ``postlist`` in it), the
paginated index moves to ``<root>/page/1``, ``<root>/page/2`` ... and links
to "the blog" go to that document.  Any other generated page whose name is
taken by a document is not generated, and reported.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .blog import KINDS, Blog, Group, paginate

__all__ = ["PageSpec", "PagePlan", "plan_pages", "group_pagename", "share_pagename"]


@dataclass(frozen=True)
class PageSpec:
    pagename: str
    #: "index", a group kind ("tag", "category", "author", "series", "year"),
    #: an overview: "tags", "categories", "authors", "all-series", "archive";
    #: or "share" (the Mastodon share page)
    kind: str
    group: Group | None = None
    docnames: Sequence[str] = ()
    number: int = 1
    count: int = 1
    previous: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class PagePlan:
    pages: list[PageSpec]
    #: the page "the blog" links go to (a project document or a generated page)
    index: str
    #: generated pages not written because a document has that name
    taken: list[str]


def _join(root: str, *parts: str) -> str:
    return posixpath.join(root, *parts) if root else posixpath.join(*parts)


def group_pagename(root: str, kind: str, slug: str) -> str:
    return _join(root, KINDS[kind].folder, slug)


def _listing(
    kind: str, group: Group | None, docnames: Sequence[str], first: str, later: str, per_page: int
) -> list[PageSpec]:
    """A paginated listing: page 1 at *first*, page N at ``later/page/N``."""
    chunks = paginate(docnames, per_page)
    names = [first] + [_join(later, "page", str(n)) for n in range(2, len(chunks) + 1)]
    return [
        PageSpec(
            pagename=names[i],
            kind=kind,
            group=group,
            docnames=tuple(chunk),
            number=i + 1,
            count=len(chunks),
            previous=names[i - 1] if i > 0 else None,
            next=names[i + 1] if i + 1 < len(names) else None,
        )
        for i, chunk in enumerate(chunks)
    ]


def share_pagename(root: str) -> str:
    return _join(root, "share", "mastodon")


def plan_pages(
    blog: Blog, root: str, per_page: int, documents: Collection[str], *, share_page: bool = False
) -> PagePlan:
    """Every generated page; *documents* are the project's own docnames;
    *share_page*: whether the Mastodon share page is wanted."""
    pages: list[PageSpec] = []
    index_name = _join(root, "index")
    if index_name in documents:
        pages += _listing("index", None, blog.index_order, _join(root, "page", "1"), root, per_page)
        index = index_name
    else:
        pages += _listing("index", None, blog.index_order, index_name, root, per_page)
        index = index_name

    for kind in KINDS.values():
        groups = blog.groups(kind.name)
        if groups or kind.name == "year":
            pages.append(PageSpec(_join(root, kind.folder, "index"), kind.overview))
        for group in groups:
            base = group_pagename(root, kind.name, group.slug)
            pages += _listing(kind.name, group, group.docnames, base, base, per_page)
    if share_page:
        pages.append(PageSpec(share_pagename(root), "share"))

    taken = sorted(p.pagename for p in pages if p.pagename in documents)
    pages = [p for p in pages if p.pagename not in documents]
    return PagePlan(pages, index, taken)
