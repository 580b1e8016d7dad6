"""Slugs: the URL path segments of tag, category and author pages.

Pure module.  A slug is readable (``social-media``, ``中文``), stable (the
same name always gives the same slug), and safe as one path segment on
every platform: no separators, no dot segments, no control characters, not
a reserved device name, bounded in length.  Names that differ only in case
or Unicode form are one name; distinct names whose slugs collide are kept
apart with a numeric suffix and reported, never merged silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["slugify", "name_key", "assign_slugs", "SlugTable"]

MAX_SLUG_LENGTH = 80
#: a file name holds at most 255 bytes; this leaves room for a ``-N``
#: suffix and ``.html`` (80 letters of some scripts take 4 bytes each)
MAX_SLUG_BYTES = 240
# Anything that is not a letter, digit or mark of any script becomes a dash.
_SEPARATORS_RE = re.compile(r"[\W_]+", re.UNICODE)
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
#: slugs the page layout uses for itself (``<root>/tag/index`` is the list of tags)
RESERVED = frozenset({"index", "page"})


def name_key(name: str) -> str:
    """The identity of a tag/category/author name: case and Unicode form ignored."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def _short_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def slugify(name: str) -> str:
    """A safe, readable path segment for *name*; never empty."""
    text = unicodedata.normalize("NFKC", name).casefold()
    slug = _SEPARATORS_RE.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH or _size(slug) > MAX_SLUG_BYTES:
        head = slug[: MAX_SLUG_LENGTH - 9]
        while _size(head) > MAX_SLUG_BYTES - 9:
            head = head[:-1]
        slug = head.rstrip("-") + "-" + _short_hash(name)
    if not slug:
        # "!!!", "..", "/" and the like: nothing readable is left
        return "x-" + _short_hash(name)
    if slug in _WINDOWS_RESERVED or slug in RESERVED:
        return slug + "-x"
    return slug


@dataclass(frozen=True)
class SlugTable:
    """Slugs and display names for one kind of name (tags, authors...)."""

    #: name key -> slug
    slugs: dict[str, str]
    #: name key -> the spelling shown (the most used one)
    names: dict[str, str]
    #: ``(slug, kept name, suffixed name)`` for each name that took a suffix
    collisions: list[tuple[str, str, str]]

    def slug(self, name: str) -> str | None:
        return self.slugs.get(name_key(name))

    def display(self, name: str) -> str:
        return self.names.get(name_key(name), name)


def assign_slugs(names: Iterable[str]) -> SlugTable:
    """Unique slugs for every name in *names* (repeats count as uses).

    Names are processed in sorted order, so the result does not depend on the
    order posts were read in.
    """
    uses: dict[str, Counter[str]] = {}
    for name in names:
        key = name_key(name)
        if key:
            uses.setdefault(key, Counter())[name] += 1
    display = {
        key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, counter in uses.items()
    }
    slugs: dict[str, str] = {}
    owner: dict[str, str] = {}
    collisions: list[tuple[str, str, str]] = []
    for key in sorted(display, key=lambda k: (slugify(display[k]), k)):
        name = display[key]
        base = slugify(name)
        slug, n = base, 1
        while slug in owner:
            n += 1
            slug = f"{base}-{n}"
        if slug != base:
            collisions.append((base, owner[base], name))
        owner[slug] = name
        slugs[key] = slug
    return SlugTable(slugs, display, collisions)
