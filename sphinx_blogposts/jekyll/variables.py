"""What Liquid sees of a post and of its site, for the build and ``check``
alike: ``page.*`` and ``site.*`` variables, the index of posts that
``post_url`` and ``link`` name, the index old addresses resolve against
(:func:`site_links`) and the files ``include`` reads (:class:`IncludeLoader`).
Pure module (it reads include files, never Sphinx)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from ..core.post import Post
from .links import SiteLinks, address_key, old_hosts
from .model import IncludeError, IncludeFile, JekyllContext, TagMapping
from .permalinks import post_address

__all__ = [
    "MAX_INCLUDE_BYTES",
    "IncludeLoader",
    "liquid_context",
    "page_variables",
    "post_url_index",
    "site_links",
    "site_variables",
]

#: included files larger than this are refused
MAX_INCLUDE_BYTES = 1_000_000


def post_url_index(paths: Iterable[str]) -> dict[str, str]:
    """What ``post_url`` and ``link`` may name, to source-root-absolute paths.

    *paths* are posts' source paths (``_posts/sub/2010-07-21-slug.md``,
    relative to the source folder).  Keys: the path itself, the path without
    suffix, the path below ``_posts`` without suffix (``sub/2010-07-21-slug``)
    and the file stem (``2010-07-21-slug``); values: ``/`` + the path.  Of
    two posts with one key, the first path in sorted order has it.
    """
    index: dict[str, str] = {}
    for path in sorted(paths):
        target = "/" + path
        stem = path.rsplit(".", 1)[0]
        below = stem.split("_posts/", 1)[-1]
        for key in (path, stem, below, PurePosixPath(path).stem):
            index.setdefault(key, target)
    return index


def page_variables(post: Post) -> dict[str, object]:
    """``page.*``: what the front matter gave, as Jekyll names it."""
    page: dict[str, object] = {
        "title": post.title,
        "date": post.date,
        "tags": list(post.tags),
        "categories": list(post.categories),
        "author": ", ".join(a.name for a in post.authors) or None,
        "excerpt": post.excerpt,
        "slug": post.slug,
        "lang": post.lang,
        "image": post.image,
        "description": post.description,
        "permalink": post.permalink,
        "id": post.id,
        "series": post.series,
        "series_part": post.series_part,
        "pinned": post.pinned or None,
        "unlisted": post.unlisted or None,
        "hidden": post.unlisted or None,
        "comments": post.comments,
        **post.extra,
    }
    return {k: v for k, v in page.items() if v is not None}


def site_variables(project: str | None, configured: Mapping[str, object]) -> dict[str, object]:
    """``site.*``: ``url`` and ``baseurl`` empty (links stay inside the new
    site), ``title`` the project's name, then what ``blogposts_jekyll_site`` sets."""
    site: dict[str, object] = {"url": "", "baseurl": ""}
    if project is not None:
        site["title"] = project
    site.update(configured)
    return site


def site_links(
    posts: Iterable[Post],
    documents: Mapping[str, str],
    *,
    pattern: str | None,
    tz: dt.tzinfo,
    site: Mapping[str, object],
    base_url: str | None,
    is_file: Callable[[str], bool],
) -> SiteLinks:
    """What links in the posts resolve against.

    *posts*: the live posts; *documents*: docname -> source path of every
    document of the build; *pattern*: ``blogposts_jekyll_permalinks``;
    *site*: the ``site.*`` variables (``url`` and ``baseurl`` say which
    absolute links are to the old site); *base_url*: the new site's;
    *is_file*: whether a path from the source folder is a file.  Of two
    posts with one old address, the first in source path order has it.
    """
    address_of: dict[str, str] = {}
    addresses: dict[str, str] = {}
    for post in sorted(posts, key=lambda p: p.path):
        address = post_address(post, pattern, tz)
        if address is not None:
            address_of[post.path] = address
            addresses.setdefault(address_key(address), post.path)
    pages: dict[str, str] = {}
    for docname, source in sorted(documents.items()):
        pages.setdefault(address_key("/" + docname), source)
        if docname == "index" or docname.endswith("/index"):
            pages.setdefault(address_key("/" + docname[: -len("index")]), source)
    hosts, url_path = old_hosts(str(site.get("url") or ""))
    baseurl = str(site.get("baseurl") or "").strip().strip("/")
    return SiteLinks(
        addresses=addresses,
        address_of=address_of,
        pages=pages,
        sources=frozenset(documents.values()),
        is_file=is_file,
        hosts=hosts,
        prefix=url_path + ("/" + baseurl if baseurl else ""),
        base_url=base_url,
    )


def file_checker(srcdir: str | os.PathLike[str]) -> Callable[[str], bool]:
    """Whether a path from the source folder is a file inside it (answers cached)."""
    root = os.fspath(srcdir)
    answers: dict[str, bool] = {}

    def is_file(path: str) -> bool:
        if path not in answers:
            clean = posixpath.normpath(path)
            inside = not (clean.startswith("../") or clean == ".." or posixpath.isabs(clean))
            answers[path] = inside and os.path.isfile(os.path.join(root, *clean.split("/")))
        return answers[path]

    return is_file


class IncludeLoader:
    """The files Jekyll's ``include`` (from the includes folder) and
    ``include_relative`` (from the post's folder) read, inside the source
    folder only; names with ``..`` are refused, as Jekyll refuses them."""

    def __init__(self, srcdir: str | os.PathLike[str], folder: str | None) -> None:
        self.srcdir = Path(srcdir)
        #: the includes folder, from the source folder (``None``: none set)
        self.folder = folder.strip("/") if folder else None

    def for_post(self, source: str) -> Callable[[str, bool], IncludeFile]:
        """The loader for the post at *source* (its path from the source folder)."""
        return lambda name, relative: self.load(name, posixpath.dirname(source) if relative else None)

    def exists(self, name: str, relative_to: str | None) -> bool:
        try:
            self._path(name, relative_to)
        except IncludeError:
            return False
        return True

    def load(self, name: str, relative_to: str | None = None) -> IncludeFile:
        """The file *name* in the includes folder, or in *relative_to* (a
        folder from the source folder); :class:`IncludeError` says why not."""
        path, rel = self._path(name, relative_to)
        try:
            if path.stat().st_size > MAX_INCLUDE_BYTES:
                raise IncludeError(f"{rel} is larger than {MAX_INCLUDE_BYTES} bytes")
            data = path.read_bytes()
        except OSError as exc:
            raise IncludeError(f"{rel} cannot be read ({exc.strerror or exc})") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise IncludeError(f"{rel} is not UTF-8 text") from None
        return IncludeFile(rel, text.replace("\r\n", "\n"))

    def _path(self, name: str, relative_to: str | None) -> tuple[Path, str]:
        name = name.strip()
        parts = name.replace("\\", "/").split("/")
        if not name or name.startswith("/") or any(part in ("..", "") for part in parts):
            raise IncludeError(f"'{name}' is not a file name an include may use")
        if relative_to is None:
            if self.folder is None:
                raise IncludeError("no includes folder is set (blogposts_jekyll_includes)")
            folder = self.folder
        else:
            folder = relative_to
        rel = posixpath.join(folder, *parts) if folder else posixpath.join(*parts)
        path = self.srcdir.joinpath(*rel.split("/"))
        if not path.is_file():
            where = f"the includes folder {self.folder!r}" if relative_to is None else f"{relative_to or '.'}/"
            if relative_to is None and not self.srcdir.joinpath(*folder.split("/")).is_dir():
                where += " (which does not exist)"
            raise IncludeError(f"no file {name!r} in {where}")
        try:
            path.resolve().relative_to(self.srcdir.resolve())
        except ValueError:
            raise IncludeError(f"{rel} leads outside the source folder") from None
        return path, rel


def liquid_context(
    post: Post,
    site: Mapping[str, object],
    post_index: Mapping[str, str],
    tags: Mapping[str, TagMapping] | None = None,
    links: SiteLinks | None = None,
    includes: IncludeLoader | None = None,
) -> JekyllContext:
    """Everything the converter needs to know to convert *post*'s body.

    With *links*, links to old addresses, pages and files are resolved; with
    *includes*, ``include`` tags are expanded.
    """
    resolve = None
    if links is not None:
        resolve = lambda url, embedded: links.resolve(url, post.path, embedded=embedded)  # noqa: E731
    return JekyllContext(
        site=site,
        page=page_variables(post),
        resolve_post=lambda name: post_index.get(name.strip().lstrip("/")),
        tags=dict(tags or {}),
        resolve_link=resolve,
        may_link=(lambda url: links.may_resolve(url, post.path)) if links is not None else None,
        load_include=includes.for_post(post.path) if includes is not None else None,
    )
