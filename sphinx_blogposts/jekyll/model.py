"""The records exchanged with :func:`sphinx_blogposts.jekyll.convert`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core.post import Problem

__all__ = ["Converted", "IncludeError", "IncludeFile", "IncludeUse", "JekyllContext", "LinkUse", "Problem", "TagCall", "TagMapping"]


@dataclass(frozen=True, slots=True)
class TagCall:
    """One use of a Liquid tag, as handed to a tag mapping."""

    name: str
    #: the words of the tag's markup, quotes removed (``key="a b"`` gives ``key=a b``)
    args: tuple[str, ...]
    #: the ``key=value`` words of ``args``, by key
    params: Mapping[str, str]
    #: the markup after the tag name, as written
    markup: str
    #: line of the tag in the original file
    line: int


#: A tag mapping: a callable returning Markdown/HTML, or a template string in
#: which ``{0}``, ``{1}``... are the arguments, ``{args}`` all of them and
#: ``{key}`` a ``key=value`` parameter (all HTML-escaped).
TagMapping = Callable[[TagCall], str] | str


def _no_post(_name: str) -> str | None:
    return None


class IncludeError(LookupError):
    """An included file that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class IncludeFile:
    """A file an ``include`` tag names, as the loader found it."""

    #: its path from the source folder, for messages and dependencies
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class IncludeUse:
    """One ``include`` tag of a post and what became of it."""

    #: line of the tag in the original file
    line: int
    #: the file name the tag gives (Liquid evaluated)
    name: str
    #: the file found, from the source folder, or ``None``
    path: str | None
    #: ``expanded``, ``missing``, ``loop`` (the file includes itself) or
    #: ``depth`` (nested deeper than the limit)
    status: str
    #: ``include_relative``: the name is relative to the post's folder
    relative: bool = False


@dataclass(frozen=True, slots=True)
class LinkUse:
    """One link of a post to an old address, a page or a file."""

    #: line in the original file (of the include tag, for a link in an include)
    line: int
    #: the link as the post gives it, Liquid evaluated
    url: str
    #: an image or another embedded file
    embedded: bool
    #: ``post``, ``page``, ``file``, ``source`` (found) or ``missing``,
    #: ``unknown`` (see :class:`~.links.Target`)
    kind: str
    #: the source path it leads to, or the URL it now has
    target: str
    #: the warning about it, when it leads nowhere on the site
    problem: str | None = None

    @property
    def found(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class JekyllContext:
    """What the converter knows about the site and the post."""

    #: ``site.*`` variables; ``url`` and ``baseurl`` are expected (may be ``""``)
    site: Mapping[str, object] = field(default_factory=dict)
    #: ``page.*`` variables: the post's front matter
    page: Mapping[str, object] = field(default_factory=dict)
    #: maps a ``post_url`` argument or a ``link`` path to the source-root-absolute
    #: path of the post (``"/_posts/2010-07-21-slug.md"``), or ``None``
    resolve_post: Callable[[str], str | None] = _no_post
    #: user tag mappings; they take precedence over the built-in ones
    tags: Mapping[str, TagMapping] = field(default_factory=dict)
    #: what a link leads to: ``(url, embedded) -> Target | None`` (see
    #: :meth:`.links.SiteLinks.resolve`); ``None`` leaves links as they are
    resolve_link: Callable[[str, bool], object] | None = None
    #: whether *url* may be a link :attr:`resolve_link` changes: a quick test
    #: (no lookups) that lets a body with no such link skip the conversion
    may_link: Callable[[str], bool] | None = None
    #: finds an included file: ``(name, relative) -> IncludeFile``, or raises
    #: :class:`IncludeError` (*relative*: ``include_relative``); ``None``
    #: removes ``include`` tags
    load_include: Callable[[str, bool], IncludeFile] | None = None
    #: variables set before the body starts (``include.*`` and what the
    #: including file assigned, for an included file)
    variables: Mapping[str, object] = field(default_factory=dict)
    #: the files being included, outermost first (to find loops)
    include_stack: tuple[str, ...] = ()


@dataclass(frozen=True)
class Converted:
    """The converted body and what was found on the way."""

    text: str
    problems: tuple[Problem, ...]
    #: Liquid tag names found (end tags and branch tags not counted)
    liquid_tags: Counter[str]
    #: the links looked up with ``resolve_link``, in order
    links: tuple[LinkUse, ...] = ()
    #: the ``include`` tags met, nested ones included, in order
    includes: tuple[IncludeUse, ...] = ()
