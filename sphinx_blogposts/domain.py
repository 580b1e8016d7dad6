"""Where the blog's state lives: the ``blogposts`` domain's data.

Everything the extension knows between events and between builds is kept
here, inside the build environment, so it is pickled with it, cleared per
document and merged back from parallel readers.  Nothing is global.

Each key has one owner, the only module that writes it (through the
setter named here); everyone else reads it through the typed properties:

``scan`` (:meth:`~BlogpostsDomain.set_scan`, by :mod:`.read.scan`)
    docname -> :class:`Scanned`, for every file that matches
    ``blogposts_paths``; a draft's record is keyed by a digest of its
    docname instead, so the saved environment never names a draft.  Made in
    the main process before documents are read, and never changed after (a
    :class:`FrozenMap`); parallel readers see it because they are forked
    after the scan.
``gone`` (:meth:`~BlogpostsDomain.set_scan`, by :mod:`.read.scan`)
    How many posts were live in the previous build and are not now (a
    number: an unpublished post's name is not kept).
``read`` (:meth:`~BlogpostsDomain.set_read`, by :mod:`.read.doctree`)
    docname -> :class:`ReadInfo`, what reading a post's document found.
    Cleared with the document and merged from parallel readers like any
    Sphinx collector.
``lists`` (:meth:`~BlogpostsDomain.note_postlist`, by :mod:`.resolve.postlist`)
    The documents that contain a ``postlist``; cleared and merged like ``read``.
``links`` (:meth:`~BlogpostsDomain.set_links`, by :mod:`.read.source`)
    docname -> :class:`LinkRecord`: what a Jekyll post's links led to and
    which includes it did not find, to read it again when that changes;
    cleared and merged like ``read``.
``shown`` (:meth:`~BlogpostsDomain.set_shown`, by :mod:`.resolve.rewrites`)
    What the last build's pages showed of other posts (:class:`Shown`), to
    tell which documents to write again, and the related posts it worked
    out, kept for the next build while nothing they depend on changes.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

from .core.authors import Profiles
from .core.blog import Blog
from .core.frozenmap import FrozenMap
from .core.post import Post, reduce_by_fields
from .jekyll.links import SiteLinks
from .jekyll.variables import post_url_index

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: bump when the shape of the stored data changes
DATA_VERSION = 7


@dataclass(frozen=True, slots=True)
class Scanned:
    """What the scan decided about one file that matches ``blogposts_paths``.

    ``state`` is one of:

    ``"live"``     a post that is part of the build (``post`` is set);
    ``"draft"``    a post left out: unpublished or dated in the future;
    ``"refused"``  a post left out because it cannot be read safely;
    ``"page"``     not a post (no front matter): an ordinary document.

    For posts left out, only the date is kept (to notice when a scheduled post
    becomes due), never the title or other text, and a draft's record is kept
    under a digest of its docname: the environment is saved next to the
    output, and neither a draft's words nor its name must reach it.
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
class LinkRecord:
    """What converting one Jekyll post found outside it."""

    #: ``(url, embedded, kind, target)`` of each link looked up
    links: tuple[tuple[str, bool, str, str], ...] = ()
    #: ``(name, relative)`` of each include whose file was not found
    missing_includes: tuple[tuple[str, bool], ...] = ()

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Shown:
    """What the pages of the last build showed beyond their own source."""

    #: every live post with its document's read time: what post lists show
    lists: tuple[tuple[str, Any], ...] = ()
    #: docname -> what its page shows of other posts (see :mod:`.resolve.rewrites`)
    posts: dict[str, tuple] = field(default_factory=dict)
    #: what the blog's sidebars show, when the project uses them
    sidebar: tuple | None = None
    #: the project's documents (not posts) in the blog's folder: each may
    #: hold the name of a page the blog would generate
    documents: tuple[str, ...] = ()
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
        "gone": 0,
        "read": {},
        "lists": {},
        "links": {},
        "shown": Shown(),
    }
    data_version = DATA_VERSION

    # -- reading -----------------------------------------------------------

    @property
    def scan(self) -> FrozenMap[str, Scanned]:
        return self.data["scan"]

    @property
    def gone(self) -> int:
        """How many posts of the previous build left this one."""
        return self.data["gone"]

    @property
    def read(self) -> Mapping[str, ReadInfo]:
        return self.data["read"]

    @property
    def lists(self) -> Mapping[str, bool]:
        """Documents that contain a ``postlist``."""
        return self.data["lists"]

    @property
    def links(self) -> Mapping[str, LinkRecord]:
        """What each Jekyll post's links and includes led to."""
        return self.data["links"]

    @property
    def shown(self) -> Shown:
        return self.data["shown"]

    # -- writing: one owner each ----------------------------------------------

    def set_scan(self, scan: FrozenMap[str, Scanned], gone: int) -> None:
        self.data["scan"] = scan
        self.data["gone"] = gone

    def set_read(self, docname: str, info: ReadInfo) -> None:
        self.data["read"][docname] = info

    def note_postlist(self, docname: str) -> None:
        self.data["lists"][docname] = True

    def set_links(self, docname: str, record: LinkRecord) -> None:
        self.data["links"][docname] = record

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

    def site_links(self, key: object, make: Callable[[], SiteLinks]) -> SiteLinks:
        """What links in posts resolve against (see :mod:`.jekyll.links`):
        made by *make* once per scan and *key* (what else it depends on)."""
        scan = self.scan
        cached = getattr(self, "_site_links", None)
        if cached is None or cached[0] is not scan or cached[1] != key:
            cached = (scan, key, make())
            self._site_links = cached
        return cached[2]

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
        self.data["links"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("read", "lists", "links"):
            other, mine = otherdata.get(key, {}), self.data.setdefault(key, {})
            for docname in docnames:
                if docname in other:
                    mine[docname] = other[docname]

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: Any) -> Any:
        """A Jekyll post's link to another page (see :mod:`.resolve.site_links`)."""
        from .resolve.site_links import resolve_link

        return resolve_link(env, fromdocname, builder, typ, target, node, contnode)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def blog_domain(env: BuildEnvironment) -> BlogpostsDomain:
    return env.get_domain("blogposts")  # type: ignore[return-value]
