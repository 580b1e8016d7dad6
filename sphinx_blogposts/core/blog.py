"""The blog as listings see it: posts in order, grouped and paginated.

Pure module: built from the post records (and the author profiles) alone,
so every listing, page and feed agrees on the order (newest first, undated
posts last, ties broken by document name) and on the slugs.  Unlisted posts
are in :attr:`Blog.posts` (their pages are built) but in no order, group,
series, neighbour link or related list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .authors import Profiles
from .post import Author, Post
from .related import RelatedIndex, terms
from .slugs import SlugTable, assign_slugs, name_key, slugify

__all__ = ["Blog", "Group", "KINDS", "Kind", "OVERVIEWS", "paginate"]


@dataclass(frozen=True)
class Kind:
    """A way posts are grouped, with every name the layout gives it."""

    #: ``"tag"``, ``"category"``, ``"author"``, ``"series"`` or ``"year"``
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
        Kind("series", "all-series", "series", ("series",)),
        Kind("year", "archive", "archive", ("date",)),
    )
}
#: overview page kind -> the kind of group it lists
OVERVIEWS: dict[str, str] = {kind.overview: kind.name for kind in KINDS.values()}
#: the kinds whose groups are names of the posts' own (every kind but years)
NAMED = ("tag", "category", "author", "series")


def _order(item: tuple[str, Post]) -> tuple:
    docname, post = item
    if post.date is None:
        return (1, 0.0, docname)
    return (0, -post.date.timestamp(), docname)


def _part_order(item: tuple[str, Post]) -> tuple:
    """The reading order of a series: numbered parts first, then by date."""
    docname, post = item
    dated = (0, post.date.timestamp()) if post.date is not None else (1, 0.0)
    if post.series_part is not None:
        return (0, post.series_part, *dated, docname)
    return (1, 0, *dated, docname)


@dataclass(frozen=True)
class Group:
    """Posts that share a tag, category, author, series or year (a series'
    parts in reading order, any other group's newest first)."""

    kind: str
    #: the name as shown ("Social media", "2019")
    name: str
    slug: str
    docnames: tuple[str, ...]


@dataclass
class Blog:
    """Every live post, with the listed ones newest first, grouped by tag,
    category, author, series and year."""

    #: every live post, listed or not
    posts: Mapping[str, Post]
    profiles: Profiles = field(default_factory=Profiles)
    _order: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self._order = [d for d, post in sorted(self.posts.items(), key=_order) if not post.unlisted]

    @property
    def docnames(self) -> list[str]:
        """The listed posts, newest first."""
        return self._order

    @cached_property
    def index_order(self) -> list[str]:
        """The blog index's order: pinned posts first (newest first), then the rest."""
        pinned = [d for d in self._order if self.posts[d].pinned]
        return pinned + [d for d in self._order if not self.posts[d].pinned] if pinned else self._order

    @cached_property
    def _authors(self) -> dict[str, tuple[Author, ...]]:
        if not self.profiles:
            return {d: post.authors for d, post in self.posts.items()}
        return {d: self.profiles.resolve(post.authors) for d, post in self.posts.items()}

    def authors_of(self, docname: str) -> tuple[Author, ...]:
        """The authors of a post, matched to their profiles (names as the
        profiles spell them, their keys set)."""
        return self._authors[docname]

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
        return assign_slugs(a.name for docname in self._order for a in self._authors[docname])

    @cached_property
    def series(self) -> SlugTable:
        return assign_slugs(n for docname in self._order for n in self.names("series", docname))

    def table(self, kind: str) -> SlugTable:
        return {"tag": self.tags, "category": self.categories, "author": self.authors, "series": self.series}[kind]

    def names(self, kind: str, docname: str) -> tuple[str, ...]:
        """The names the post *docname* has of one kind of group (not ``"year"``)."""
        post = self.posts[docname]
        if kind == "tag":
            return post.tags
        if kind == "category":
            return post.categories
        if kind == "series":
            return (post.series,) if post.series else ()
        return tuple(a.name for a in self._authors[docname])

    def first_with(self, kind: str, name: str) -> str | None:
        """The newest post that has the name *name* of this kind, as written."""
        return next((d for d in self._order if name in self.names(kind, d)), None)

    def groups(self, kind: str) -> list[Group]:
        """Every tag / category / author / year with its posts, newest first.

        Tags, categories and authors are sorted by name; years newest first.
        """
        return self._groups[kind]

    @cached_property
    def _groups(self) -> dict[str, list[Group]]:
        result: dict[str, list[Group]] = {}
        for kind in NAMED:
            table = self.table(kind)
            members: dict[str, list[str]] = {}
            for docname in self._order:
                for name in dict.fromkeys(name_key(n) for n in self.names(kind, docname)):
                    if name:
                        members.setdefault(name, []).append(docname)
            if kind == "series":
                members = {
                    key: [d for d, _post in sorted(((d, self.posts[d]) for d in docs), key=_part_order)]
                    for key, docs in members.items()
                }
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

    # --- series and related posts -------------------------------------------

    @cached_property
    def _series_of(self) -> dict[str, Group]:
        return {d: group for group in self._groups["series"] for d in group.docnames}

    def series_of(self, docname: str) -> Group | None:
        """The series *docname* is a listed part of, if any."""
        return self._series_of.get(docname)

    @cached_property
    def _related(self) -> RelatedIndex:
        return RelatedIndex(self._order, self._terms)

    @cached_property
    def _terms(self) -> dict[str, frozenset[str]]:
        return {d: terms(post.tags, post.categories) for d, post in self.posts.items()}

    def terms_of(self, docname: str) -> frozenset[str]:
        """The tags and categories of *docname* as related posts compare them."""
        return self._terms[docname]

    def related(self, docname: str, limit: int) -> list[str]:
        """Up to *limit* listed posts that share the most tags and
        categories with *docname* (see :mod:`.related`)."""
        return self._related.related(docname, self.terms_of(docname), limit)

    # --- filtering ---------------------------------------------------------

    def select(
        self,
        *,
        tags: Sequence[str] = (),
        categories: Sequence[str] = (),
        authors: Sequence[str] = (),
        series: Sequence[str] = (),
        years: Sequence[int] = (),
        languages: Sequence[str] = (),
        default_language: str = "en",
        oldest_first: bool = False,
        pinned_first: bool = False,
        limit: int | None = None,
    ) -> list[str]:
        """Posts matching every given filter (any value within one filter)."""

        def wanted(values: Sequence[str]) -> set[str]:
            return {slugify(v) for v in values}

        want_tags, want_cats, want_authors = wanted(tags), wanted(categories), wanted(authors)
        want_series = wanted(series)
        want_langs = {v.lower() for v in languages}
        order = self._order
        if oldest_first:  # undated posts stay last either way
            dated = [d for d in order if self.posts[d].date is not None]
            order = dated[::-1] + [d for d in order if self.posts[d].date is None]
        if pinned_first:
            order = [d for d in order if self.posts[d].pinned] + [d for d in order if not self.posts[d].pinned]
        selected = []
        for docname in order:
            post = self.posts[docname]
            if want_tags and not want_tags & {slugify(t) for t in post.tags}:
                continue
            if want_cats and not want_cats & {slugify(c) for c in post.categories}:
                continue
            if want_authors and not want_authors & {
                slugify(n) for a in self._authors[docname] for n in (a.name, a.key) if n
            }:
                continue
            if want_series and not (post.series and slugify(post.series) in want_series):
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
