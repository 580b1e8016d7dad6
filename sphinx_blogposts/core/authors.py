"""Author profiles: who writes the blog, and matching a post's authors to them.

Pure module.  Profiles come from ``blogposts_authors`` in ``conf.py`` and
from an authors file (``blogposts_authors_file``), in the shape Docusaurus'
``authors.yml`` and MkDocs Material's ``.authors.yml`` have::

    ann:                       # the key posts may name (``author: ann``)
      name: Ann Example
      url: https://ann.example
      avatar: _static/ann.png  # a path in the source folder, or a URL
      bio: Writes about *Sphinx*.
      email: ann@example.org
      mastodon: "@ann@social.example"
      github: ann-example

(``image_url`` and ``description`` are read as ``avatar`` and ``bio``; links
may also be under ``socials:`` or ``links:``; a file may put everything
under ``authors:``.)  A post names an author by key or by name; a name no
profile has stays an author of its own, as without profiles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .html.urls import safe_url
from .inline_markdown import render_inline
from .post import Author, Problem, reduce_by_fields
from .slugs import name_key, slugify

__all__ = ["LINK_KINDS", "Link", "Profile", "Profiles", "avatar_target", "line_of", "merge", "read_profiles", "with_avatars"]

#: link kinds a profile may give as a handle, and the address a handle makes
LINK_KINDS: dict[str, str | None] = {
    "website": None,
    "mastodon": None,  # @user@host
    "bluesky": "https://bsky.app/profile/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "codeberg": "https://codeberg.org/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "x": "https://x.com/{}",
    "twitter": "https://x.com/{}",
    "youtube": "https://www.youtube.com/@{}",
    "instagram": "https://www.instagram.com/{}",
    "stackoverflow": None,
}
#: the names a profile's fields go by in the authors files people have
_ALIASES = {"image_url": "avatar", "imageURL": "avatar", "image": "avatar", "description": "bio", "uri": "url"}
#: what profiles hold, and what the authors files of Docusaurus, MkDocs
#: Material and Jekyll themes hold that has no place here (read quietly)
_FIELDS = frozenset({"name", "url", "avatar", "bio", "email", "socials", "links",
                     "title", "page", "slug", "key", "location", "home"})
_HANDLE_RE = re.compile(r"@?([A-Za-z0-9][A-Za-z0-9_.-]{0,99})")
_MASTODON_RE = re.compile(r"@?([A-Za-z0-9_]{1,64})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
#: file endings an avatar in the source folder may have
AVATAR_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@dataclass(frozen=True, slots=True)
class Link:
    """One of an author's addresses elsewhere."""

    kind: str
    url: str

    __reduce__ = reduce_by_fields


@dataclass(frozen=True, slots=True)
class Profile:
    """One author, as a profile describes them."""

    key: str
    name: str
    url: str | None = None
    email: str | None = None
    #: inline Markdown, as written
    bio: str | None = None
    #: an http(s) address of the picture
    avatar_url: str | None = None
    #: a picture in the source folder (``/``-separated, from the source folder)
    avatar_source: str | None = None
    #: where that picture is copied to in the output (site-relative)
    avatar_path: str | None = None
    links: tuple[Link, ...] = ()
    #: where the profile is written (a file name) and on which line, for
    #: warnings only: not part of what a page shows, so not of its fingerprint
    origin: str = field(default="", repr=False, compare=False)
    line: int = field(default=1, repr=False, compare=False)

    __reduce__ = reduce_by_fields

    @property
    def bio_html(self) -> str:
        """The bio as inline HTML: Markdown rendered, raw HTML escaped."""
        return render_inline(self.bio) if self.bio else ""


@dataclass(frozen=True)
class Profiles:
    """Every profile, found by key or by name."""

    profiles: tuple[Profile, ...] = ()
    _by_key: dict[str, Profile] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, Profile] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {name_key(p.key): p for p in self.profiles}
        by_name: dict[str, Profile] = {}
        for profile in self.profiles:
            by_name.setdefault(name_key(profile.name), profile)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_name", by_name)

    def __bool__(self) -> bool:
        return bool(self.profiles)

    def get(self, key: str | None) -> Profile | None:
        return self._by_key.get(name_key(key)) if key else None

    def match(self, author: Author) -> Profile | None:
        """The profile of *author*: by key first, then by name."""
        key = name_key(author.name)
        return self._by_key.get(key) or self._by_name.get(key)

    def resolve(self, authors: Iterable[Author]) -> tuple[Author, ...]:
        """*authors* with their profiles' names, addresses and keys.

        What the front matter gives wins over the profile (an ``email`` or
        ``url`` of the post's own); one author named twice is listed once.
        """
        found: list[Author] = []
        for author in authors:
            profile = self.match(author)
            if profile is not None:
                author = Author(profile.name, author.email or profile.email, author.url or profile.url, profile.key)
            if all(name_key(a.name) != name_key(author.name) for a in found):
                found.append(author)
        return tuple(found)


def line_of(text: str, key: str) -> int:
    """The line of ``key:`` (or ``"key":``) in *text*, 1 if it is not found."""
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _text(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = " ".join(_CONTROL_RE.sub(" ", str(value)).split())
    return text or None


def _link_url(kind: str, value: str) -> str | None:
    """The address of a link given as a URL or as a handle."""
    if "://" in value or value.startswith("mailto:"):
        url = safe_url(value)
        return url if url and re.match(r"(?i)(https?://|mailto:)", url) else None
    if kind == "mastodon":
        match = _MASTODON_RE.fullmatch(value)
        return f"https://{match.group(2)}/@{match.group(1)}" if match else None
    template = LINK_KINDS.get(kind)
    match = _HANDLE_RE.fullmatch(value)
    return template.format(match.group(1)) if template and match else None


def _links(entry: Mapping[str, Any], key: str, problems: list[Problem], line: int) -> tuple[Link, ...]:
    given: dict[str, object] = {}
    for group in ("socials", "links"):
        value = entry.get(group)
        if isinstance(value, Mapping):
            given.update({str(k).strip().lower(): v for k, v in value.items()})
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            # Jekyll themes' [{label: GitHub, url: ...}, ...]
            for item in value:
                label = _text(item.get("label", item.get("name")))
                if label:
                    given[re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-")] = item.get("url")
        elif value is not None:
            problems.append(Problem("author", f"author {key!r}: '{group}' should be a mapping of names to "
                                    "addresses; ignored", line))
    for name, value in entry.items():
        if str(name).lower() in LINK_KINDS:
            given[str(name).lower()] = value
    links = []
    for kind, value in given.items():
        text = _text(value)
        url = _link_url(kind, text) if text and re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", kind) else None
        if url is None:
            problems.append(Problem("author", f"author {key!r}: the {kind} link {value!r} is neither an "
                                    "http(s) address nor a handle; ignored", line))
            continue
        links.append(Link(kind, url))
    return tuple(links)


def _profile(key: str, entry: object, origin: str, line: int, problems: list[Problem]) -> Profile | None:
    if isinstance(entry, str):  # ``ann: Ann Example``
        entry = {"name": entry}
    if not isinstance(entry, Mapping):
        problems.append(Problem("author", f"author {key!r} should be a mapping (name, url, avatar, bio...), "
                                f"not a {type(entry).__name__}; ignored", line))
        return None
    entry = {_ALIASES.get(str(k), str(k)): v for k, v in entry.items()}
    name = _text(entry.get("name")) or _text(key)
    if name is None:
        problems.append(Problem("author", f"author {key!r} has no name; ignored", line))
        return None
    unknown = sorted(k for k in entry if k not in _FIELDS and k not in LINK_KINDS)
    if unknown:
        problems.append(Problem("author", f"author {key!r}: unknown field(s) {', '.join(unknown)}; ignored "
                                f"(known: name, url, avatar, bio, email, and links such as mastodon, github)", line))
    url = _text(entry.get("url"))
    if url is not None and not (safe_url(url) and re.match(r"(?i)https?://", url)):
        problems.append(Problem("author", f"author {key!r}: url {url!r} is not an http(s) address; ignored", line))
        url = None
    email = _text(entry.get("email"))
    if email is not None and not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+", email):
        problems.append(Problem("author", f"author {key!r}: email {email!r} is not an address; ignored", line))
        email = None
    bio = entry.get("bio") if entry.get("bio") is not None else entry.get("title")
    bio = _CONTROL_RE.sub(" ", str(bio)).strip() or None if isinstance(bio, (str, int, float)) else None
    avatar_url = avatar_source = None
    avatar = _text(entry.get("avatar"))
    if avatar is not None:
        if re.match(r"(?i)https?://", avatar) and safe_url(avatar):
            avatar_url = avatar
        elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//|\\", avatar) or ".." in avatar.split("/"):
            problems.append(Problem("author", f"author {key!r}: avatar {avatar!r} is neither an http(s) "
                                    "address nor a path in the source folder; ignored", line))
        elif not avatar.lower().endswith(AVATAR_SUFFIXES):
            problems.append(Problem("author", f"author {key!r}: avatar {avatar!r} is not a picture "
                                    f"({', '.join(AVATAR_SUFFIXES)}); ignored", line))
        else:
            avatar_source = avatar.lstrip("/")
    return Profile(
        key=key, name=name, url=url, email=email, bio=bio, avatar_url=avatar_url, avatar_source=avatar_source,
        links=_links(entry, key, problems, line), origin=origin, line=line,
    )


def read_profiles(entries: object, origin: str, text: str = "") -> tuple[list[Profile], list[Problem]]:
    """The profiles in *entries* (a mapping of keys to profiles), read from
    *origin*; *text* is its source, to say on which line each one is."""
    problems: list[Problem] = []
    if isinstance(entries, Mapping) and set(entries) == {"authors"} and isinstance(entries["authors"], Mapping):
        entries = entries["authors"]  # MkDocs Material's .authors.yml
    if entries is None:
        return [], problems
    if not isinstance(entries, Mapping):
        problems.append(Problem("author", f"the authors should be a mapping of keys to profiles, not a "
                                f"{type(entries).__name__}; ignored"))
        return [], problems
    profiles = []
    for raw_key, entry in entries.items():
        key = _text(raw_key)
        line = line_of(text, str(raw_key)) if text else 1
        if key is None:
            problems.append(Problem("author", f"author key {raw_key!r} is empty; ignored", line))
            continue
        profile = _profile(key, entry, origin, line, problems)
        if profile is not None:
            profiles.append(profile)
    return profiles, problems


def merge(*groups: Iterable[Profile]) -> Profiles:
    """One set of profiles; a later group's profile replaces an earlier one's of the same key."""
    by_key: dict[str, Profile] = {}
    for group in groups:
        for profile in group:
            by_key[name_key(profile.key)] = profile
    return Profiles(tuple(by_key.values()))


def avatar_target(root: str, profile: Profile, digest: str) -> str:
    """Where the avatar file of *profile* goes in the output: in ``_avatars``
    under the blog's root (no page's slug starts with ``_``), named after the
    key and the file's *digest*, so a new picture gets a new address."""
    suffix = "." + profile.avatar_source.rsplit(".", 1)[-1].lower() if profile.avatar_source else ""
    name = f"{slugify(profile.key)}-{digest[:10]}{suffix}"
    return f"{root}/_avatars/{name}" if root else f"_avatars/{name}"


def with_avatars(profiles: Profiles, paths: Callable[[Profile], str | None]) -> Profiles:
    """*profiles* with each local avatar's output path (``None``: dropped)."""
    result = []
    for profile in profiles.profiles:
        if profile.avatar_source:
            path = paths(profile)
            profile = replace(profile, avatar_path=path, avatar_source=profile.avatar_source if path else None)
        result.append(profile)
    return Profiles(tuple(result))
