"""The blog as listings see it: posts in order, grouped and paginated.

Pure module: built from the post records alone, so every listing, page and
feed agrees on the order (newest first, undated posts last, ties broken by
document name) and on the slugs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .post import Post
from .slugs import SlugTable, assign_slugs, name_key, slugify

__all__ = ["Blog", "Group", "KINDS", "Kind", "OVERVIEWS", "paginate"]


@dataclass(frozen=True)
class Kind:
    """A way posts are grouped, with every name the layout gives it."""

    #: ``"tag"``, ``"category"``, ``"author"`` or ``"year"``
    name: str
    #: the kind of the page that lists every group of this kind
    overview: str
    #: the folder, under the blog's root, of the groups' pages
    folder: str
    #: the front-matter keys that give the names (for warnings' locations)
    keys: tuple[str, ...]


#: the kinds of groups, in the order the blog's pages are laid out
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("tag", "tags", "tag", ("tags", "tag")),
        Kind("category", "categories", "category", ("categories", "category")),
        Kind("author", "authors", "author", ("author", "authors")),
        Kind("year", "archive", "archive", ("date",)),
    )
}
#: overview page kind -> the kind of group it lists
OVERVIEWS: dict[str, str] = {kind.overview: kind.name for kind in KINDS.values()}


def _order(item: tuple[str, Post]) -> tuple:
    docname, post = item
    if post.date is None:
        return (1, 0.0, docname)
    return (0, -post.date.timestamp(), docname)


@dataclass(frozen=True)
class Group:
    """Posts that share a tag, category, author or year."""

    kind: str
    #: the name as shown ("Social media", "2019")
    name: str
    slug: str
    docnames: tuple[str, ...]


@dataclass
class Blog:
    """Every live post, newest first, with its tags, categories, authors, years."""

    posts: Mapping[str, Post]
    _order: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self._order = [docname for docname, _post in sorted(self.posts.items(), key=_order)]

    @property
    def docnames(self) -> list[str]:
        """All posts, newest first."""
        return self._order

    @cached_property
    def position(self) -> dict[str, int]:
        return {docname: i for i, docname in enumerate(self._order)}

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """``(older, newer)`` post next to *docname*."""
        i = self.position.get(docname)
        if i is None:
            return None, None
        older = self._order[i + 1] if i + 1 < len(self._order) else None
        newer = self._order[i - 1] if i > 0 else None
        return older, newer

    # --- names and slugs ---------------------------------------------------

    @cached_property
    def tags(self) -> SlugTable:
        return assign_slugs(t for docname in self._order for t in self.posts[docname].tags)

    @cached_property
    def categories(self) -> SlugTable:
        return assign_slugs(c for docname in self._order for c in self.posts[docname].categories)

    @cached_property
    def authors(self) -> SlugTable:
        return assign_slugs(a.name for docname in self._order for a in self.posts[docname].authors)

    def table(self, kind: str) -> SlugTable:
        return {"tag": self.tags, "category": self.categories, "author": self.authors}[kind]

    @staticmethod
    def names(kind: str, post: Post) -> Iterable[str]:
        """The names *post* has of one kind of group (not ``"year"``)."""
        if kind == "tag":
            return post.tags
        if kind == "category":
            return post.categories
        return (a.name for a in post.authors)

    def first_with(self, kind: str, name: str) -> str | None:
        """The newest post that has the name *name* of this kind, as written."""
        return next((d for d in self._order if name in tuple(self.names(kind, self.posts[d]))), None)

    def groups(self, kind: str) -> list[Group]:
        """Every tag / category / author / year with its posts, newest first.

        Tags, categories and authors are sorted by name; years newest first.
        """
        return self._groups[kind]

    @cached_property
    def _groups(self) -> dict[str, list[Group]]:
        result: dict[str, list[Group]] = {}
        for kind in ("tag", "category", "author"):
            table = self.table(kind)
            members: dict[str, list[str]] = {}
            for docname in self._order:
                for name in dict.fromkeys(name_key(n) for n in self.names(kind, self.posts[docname])):
                    if name:
                        members.setdefault(name, []).append(docname)
            groups = [
                Group(kind, table.names[key], table.slugs[key], tuple(docs)) for key, docs in members.items()
            ]
            result[kind] = sorted(groups, key=lambda g: (name_key(g.name), g.slug))
        years: dict[int, list[str]] = {}
        for docname in self._order:
            date = self.posts[docname].date
            if date is not None:
                years.setdefault(date.year, []).append(docname)
        result["year"] = [Group("year", str(y), str(y), tuple(d)) for y, d in sorted(years.items(), reverse=True)]
        return result

    # --- filtering ---------------------------------------------------------

    def select(
        self,
        *,
        tags: Sequence[str] = (),
        categories: Sequence[str] = (),
        authors: Sequence[str] = (),
        years: Sequence[int] = (),
        languages: Sequence[str] = (),
        default_language: str = "en",
        oldest_first: bool = False,
        limit: int | None = None,
    ) -> list[str]:
        """Posts matching every given filter (any value within one filter)."""

        def wanted(values: Sequence[str]) -> set[str]:
            return {slugify(v) for v in values}

        want_tags, want_cats, want_authors = wanted(tags), wanted(categories), wanted(authors)
        want_langs = {v.lower() for v in languages}
        order = self._order
        if oldest_first:  # undated posts stay last either way
            dated = [d for d in order if self.posts[d].date is not None]
            order = dated[::-1] + [d for d in order if self.posts[d].date is None]
        selected = []
        for docname in order:
            post = self.posts[docname]
            if want_tags and not want_tags & {slugify(t) for t in post.tags}:
                continue
            if want_cats and not want_cats & {slugify(c) for c in post.categories}:
                continue
            if want_authors and not want_authors & {slugify(a.name) for a in post.authors}:
                continue
            if years and (post.date is None or post.date.year not in years):
                continue
            if want_langs and (post.lang or default_language).lower() not in want_langs:
                continue
            selected.append(docname)
            if limit is not None and len(selected) >= limit:
                break
        return selected


def paginate(items: Sequence[str], per_page: int) -> list[Sequence[str]]:
    """*items* cut into pages; an empty list still has one (empty) page."""
    if not items:
        return [items[:0]]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]
