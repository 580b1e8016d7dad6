"""The records exchanged with :func:`sphinx_blogposts.jekyll.convert`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core.post import Problem

__all__ = ["Converted", "JekyllContext", "Problem", "TagCall", "TagMapping"]


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


@dataclass(frozen=True)
class Converted:
    """The converted body and what was found on the way."""

    text: str
    problems: tuple[Problem, ...]
    #: Liquid tag names found (end tags and branch tags not counted)
    liquid_tags: Counter[str]
