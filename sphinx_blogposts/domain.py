"""Where the blog's state lives: the ``blogposts`` domain's data.

Everything the extension knows between events and between builds is kept
here, inside the build environment, so it is pickled with it, cleared per
document and merged back from parallel readers.  Nothing is global.

Two mappings, each with one owner:

``scan``
    docname -> :class:`Scanned`, for every file that matches
    ``blogposts_paths``.  Made only by :mod:`.registry` in the main process,
    before documents are read, and never changed after (a :class:`FrozenMap`);
    parallel readers see it because they are forked after the scan.
``read``
    docname -> :class:`ReadInfo`, what reading a post's document found.
    Written while reading; cleared with the document and merged from
    parallel readers like any Sphinx collector.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

from .blog import Blog
from .frozenmap import FrozenMap
from .post import Post, reduce_by_fields

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: bump when the shape of the stored data changes
DATA_VERSION = 2


@dataclass(frozen=True, slots=True)
class Scanned:
    """What the scan decided about one file that matches ``blogposts_paths``.

    ``state`` is one of:

    ``"live"``     a post that is part of the build (``post`` is set);
    ``"draft"``    a post left out: unpublished or dated in the future;
    ``"refused"``  a post left out because it cannot be read safely;
    ``"page"``     not a post (no front matter): an ordinary document.

    For posts left out, only the date is kept (to notice when a scheduled post
    becomes due), never the title or other text: the environment is saved
    next to the output, and a draft's words must not reach it.
    """

    stamp: tuple[int, int]
    parse_key: tuple[object, ...]
    state: str
    post: Post | None = None
    date: dt.datetime | None = None
    published: bool = True
    #: a draft built only because ``blogposts_drafts`` is on
    preview: bool = False

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class ReadInfo:
    """What reading one post's document found."""

    words: int
    reading_minutes: int
    #: a cleaned copy of the excerpt's nodes, pickled (see :attr:`excerpt`)
    excerpt_data: bytes = b""
    #: the front-matter excerpt rendered to HTML (Markdown inline, HTML escaped)
    excerpt_html: str | None = None
    #: whether the post has more to read than its excerpt
    has_more: bool = True

    __reduce__ = reduce_by_fields

    @staticmethod
    def pickled_excerpt(excerpt: Iterable[Any]) -> bytes:
        return pickle.dumps(tuple(excerpt), protocol=pickle.HIGHEST_PROTOCOL)

    @property
    def excerpt(self) -> tuple[Any, ...]:
        """A fresh copy of the excerpt's nodes.

        Kept pickled: only a ``postlist`` in a document needs them, and every
        build that loads the saved environment would otherwise rebuild the
        nodes of every excerpt.
        """
        return pickle.loads(self.excerpt_data) if self.excerpt_data else ()


class BlogpostsDomain(Domain):
    """Holds the blog's data; it declares no directives or roles of its own."""

    name = "blogposts"
    label = "Blog posts"
    initial_data: dict[str, Any] = {"version": DATA_VERSION, "scan": FrozenMap(), "read": {}, "lists": {}}
    data_version = DATA_VERSION

    @property
    def scan(self) -> FrozenMap[str, Scanned]:
        return self.data.setdefault("scan", FrozenMap())

    @property
    def read(self) -> dict[str, ReadInfo]:
        return self.data.setdefault("read", {})

    @property
    def lists(self) -> dict[str, bool]:
        """Documents that contain a ``postlist``."""
        return self.data.setdefault("lists", {})

    def blog(self) -> Blog:
        """The live posts as listings see them (cached until the next scan)."""
        scan = self.scan
        cached = getattr(self, "_blog", None)
        if cached is None or cached[0] is not scan:
            cached = (scan, Blog(self.live_posts()))
            self._blog = cached
        return cached[1]

    def post_paths(self) -> dict[str, str]:
        """What Jekyll's ``post_url`` and ``link`` may name, to source paths.

        Keys: the file stem (``2010-07-21-slug``), the path below ``_posts``
        without suffix (``sub/2010-07-21-slug``) and the source path itself;
        values: the source-root-absolute path (``/_posts/2010-07-21-slug.md``).
        """
        scan = self.scan
        cached = getattr(self, "_paths", None)
        if cached is None or cached[0] is not scan:
            paths: dict[str, str] = {}
            for post in sorted(self.live_posts().values(), key=lambda p: p.path):
                target = "/" + post.path
                stem = post.path.rsplit(".", 1)[0]
                below = stem.split("_posts/", 1)[-1]
                for key in (post.path, stem, below, post.stem):
                    paths.setdefault(key, target)
            cached = (scan, paths)
            self._paths = cached
        return cached[1]

    def live_posts(self) -> dict[str, Post]:
        """docname -> post, for every post in this build."""
        return {name: s.post for name, s in self.scan.items() if s.state == "live" and s.post}

    def post(self, docname: str) -> Post | None:
        scanned = self.scan.get(docname)
        return scanned.post if scanned is not None and scanned.state == "live" else None

    def is_preview(self, docname: str) -> bool:
        scanned = self.scan.get(docname)
        return scanned is not None and scanned.preview

    def clear_doc(self, docname: str) -> None:
        # ``scan`` is not per-read data: the scan itself keeps it current.
        self.read.pop(docname, None)
        self.lists.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("read", "lists"):
            other, mine = otherdata.get(key, {}), self.data.setdefault(key, {})
            for docname in docnames:
                if docname in other:
                    mine[docname] = other[docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def blog_domain(env: BuildEnvironment) -> BlogpostsDomain:
    return env.get_domain("blogposts")  # type: ignore[return-value]
