"""Where the blog's state lives: the ``blogposts`` domain's data.

Everything the extension knows between events and between builds is kept
here, inside the build environment, so it is pickled with it, cleared per
document and merged back from parallel readers.  Nothing is global.

Each key has one owner, the only module that writes it (through the
setter named here); everyone else reads it through the typed properties:

``scan`` (:meth:`~BlogpostsDomain.set_scan`, by :mod:`.read.scan`)
    docname -> :class:`Scanned`, for every file that matches
    ``blogposts_paths``.  Made in the main process before documents are
    read, and never changed after (a :class:`FrozenMap`); parallel readers
    see it because they are forked after the scan.
``gone`` (:meth:`~BlogpostsDomain.set_scan`, by :mod:`.read.scan`)
    The posts that were live in the previous build and are not now.
``read`` (:meth:`~BlogpostsDomain.set_read`, by :mod:`.read.doctree`)
    docname -> :class:`ReadInfo`, what reading a post's document found.
    Cleared with the document and merged from parallel readers like any
    Sphinx collector.
``lists`` (:meth:`~BlogpostsDomain.note_postlist`, by :mod:`.resolve.postlist`)
    The documents that contain a ``postlist``; cleared and merged like ``read``.
``shown`` (:meth:`~BlogpostsDomain.set_shown`, by :mod:`.resolve.rewrites`)
    What the last build's pages showed of other posts (:class:`Shown`), to
    tell which documents to write again, and the related posts it worked
    out, kept for the next build while nothing they depend on changes.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

from .core.authors import Profiles
from .core.blog import Blog
from .core.frozenmap import FrozenMap
from .core.post import Post, reduce_by_fields
from .jekyll.variables import post_url_index

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: bump when the shape of the stored data changes
DATA_VERSION = 4


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
    #: the excerpt as plain text (the microformats' summary)
    excerpt_text: str = ""

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


@dataclass(frozen=True, slots=True)
class Shown:
    """What the pages of the last build showed beyond their own source."""

    #: every live post with its document's read time: what post lists show
    lists: tuple[tuple[str, Any], ...] = ()
    #: docname -> what its page shows of other posts (see :mod:`.resolve.rewrites`)
    posts: dict[str, tuple] = field(default_factory=dict)
    #: what the blog's sidebars show, when the project uses them
    sidebar: tuple | None = None
    #: what related posts were worked out from (the limit, the order, each post's terms) ...
    related_input: tuple = ()
    #: ... and what they were: docname -> its related posts
    related: dict[str, list[str]] = field(default_factory=dict)


class BlogpostsDomain(Domain):
    """Holds the blog's data; it declares no directives or roles of its own."""

    name = "blogposts"
    label = "Blog posts"
    initial_data: dict[str, Any] = {
        "version": DATA_VERSION,
        "scan": FrozenMap(),
        "gone": (),
        "read": {},
        "lists": {},
        "shown": Shown(),
    }
    data_version = DATA_VERSION

    # -- reading -----------------------------------------------------------

    @property
    def scan(self) -> FrozenMap[str, Scanned]:
        return self.data["scan"]

    @property
    def gone(self) -> tuple[str, ...]:
        """Posts of the previous build that left this one."""
        return self.data["gone"]

    @property
    def read(self) -> Mapping[str, ReadInfo]:
        return self.data["read"]

    @property
    def lists(self) -> Mapping[str, bool]:
        """Documents that contain a ``postlist``."""
        return self.data["lists"]

    @property
    def shown(self) -> Shown:
        return self.data["shown"]

    # -- writing: one owner each ----------------------------------------------

    def set_scan(self, scan: FrozenMap[str, Scanned], gone: tuple[str, ...]) -> None:
        self.data["scan"] = scan
        self.data["gone"] = gone

    def set_read(self, docname: str, info: ReadInfo) -> None:
        self.data["read"][docname] = info

    def note_postlist(self, docname: str) -> None:
        self.data["lists"][docname] = True

    def set_shown(self, shown: Shown) -> None:
        self.data["shown"] = shown

    # -- derived -----------------------------------------------------------

    def blog(self, profiles: Profiles) -> Blog:
        """The live posts as listings see them, their authors matched to
        *profiles* (cached until the next scan or other profiles)."""
        scan = self.scan
        cached = getattr(self, "_blog", None)
        if cached is None or cached[0] is not scan or cached[1] != profiles:
            cached = (scan, profiles, Blog(self.live_posts(), profiles))
            self._blog = cached
        return cached[2]

    def post_paths(self) -> dict[str, str]:
        """What Jekyll's ``post_url`` and ``link`` may name (see
        :func:`~.jekyll.variables.post_url_index`), for the live posts."""
        scan = self.scan
        cached = getattr(self, "_paths", None)
        if cached is None or cached[0] is not scan:
            cached = (scan, post_url_index(post.path for post in self.live_posts().values()))
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
        # ``scan``, ``gone`` and ``shown`` are not per-document data: their
        # owners make them anew on every build.
        self.data["read"].pop(docname, None)
        self.data["lists"].pop(docname, None)

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
