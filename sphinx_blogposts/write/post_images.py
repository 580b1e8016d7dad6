"""A post's own image (front matter ``image``): where it is, its absolute
URL and size, and its copy in the output.

A path is relative to the post's source file, or to the source folder when
it starts with ``/``; the file is copied to the same place under the output
folder (``build-finished``, main process), which is where its URL points in
html and dirhtml alike, and where the feeds always pointed.  A file that is
not there gives a ``blogposts.image`` warning naming the post's
``image:`` line, and the page no ``og:image`` from it, so no preview points
at nothing.  The image a page and a feed entry share is the post's own, else
its social card (:mod:`.social_cards`).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from ..core.feed_formats import image_type
from ..core.head_meta import Image
from ..core.html.urls import safe_url, site_url
from ..core.image_size import image_size
from ..log import warn

if TYPE_CHECKING:
    from ..context import BuildContext


def _local_path(value: str, docname: str) -> str | None:
    """The source-relative path of a front-matter image that is not a URL
    with a scheme or a host, normalised; ``None`` if it leaves the folder."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(docname), path)
    normal = posixpath.normpath(joined)
    if normal.startswith("../") or normal in ("..", ".", "") or "\\" in normal:
        return ""
    return normal


class PostImages:
    """The posts' own images, looked up once each per build (and per worker)."""

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self.srcdir = Path(context.env.srcdir)
        self._found: dict[str, tuple[Image | None, str | None]] = {}

    def _lookup(self, docname: str) -> tuple[Image | None, str | None]:
        """``(image, source path)``; the path is set for a local file, ``""``
        for a local file that is missing."""
        post = self.context.domain.post(docname)
        value = safe_url(post.image) if post is not None else None
        base = self.context.base_url
        if not value:
            return None, None
        alt = post.image_alt or ""
        local = _local_path(value, docname)
        if local is None:  # a URL elsewhere: taken as it is
            if base is None and not urlsplit(value).scheme:
                return None, None
            url = site_url(base, value, base) if base else value
            return Image(url, alt, type=image_type(url)), None
        if not local or not (self.srcdir / local).is_file():
            return None, ""
        if base is None:
            return None, local
        size = image_size(self.srcdir / local)
        url = base + quote(local)
        return Image(url, alt, size[0] if size else None, size[1] if size else None, image_type(url)), local

    def lookup(self, docname: str) -> tuple[Image | None, str | None]:
        if docname not in self._found:
            self._found[docname] = self._lookup(docname)
        return self._found[docname]

    def own(self, docname: str) -> Image | None:
        """The post's own image, if it has one that exists."""
        return self.lookup(docname)[0]


def shared_image(context: BuildContext, docname: str) -> Image | None:
    """The image previews and feeds show for a post: its own, else its card."""
    own = context.post_images.own(docname)
    if own is not None:
        return own
    card = context.social_cards.card(docname)
    return card.image if card is not None else None


def on_build_finished(context: BuildContext, exception: Exception | None) -> None:
    """Copy the posts' local images into the output; warn of missing ones."""
    if exception is not None or not context.pages:
        return
    images = context.post_images
    outdir = Path(context.builder.outdir)
    for docname, post in sorted(context.domain.live_posts().items()):
        if not post.image:
            continue
        _image, local = images.lookup(docname)
        if local == "":
            warn("image", f"image {post.image!r} is not a file in the source folder; the page gets no "
                 "og:image from it", (docname, post.line_of("image")))
        elif local:
            _copy(images.srcdir / local, outdir / local)


def _copy(source: Path, target: Path) -> None:
    """Copy *source* to *target* unless the same file is already there."""
    try:
        have, want = target.stat(), source.stat()
        if have.st_size == want.st_size and have.st_mtime_ns >= want.st_mtime_ns:
            return
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.utime(target, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
