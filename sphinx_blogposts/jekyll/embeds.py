"""Built-in mappings for video embed tags (``{% youtube %}``, ``{% vimeo %}``).

Each mapping returns one line of raw HTML, a ``<div>`` that MyST passes
through as an HTML block when the tag stands on its own line.  Video ids are
checked against ``[A-Za-z0-9_-]`` and HTML-escaped; anything else raises
:class:`EmbedError`, which the converter reports as a problem.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable

from .model import TagCall

__all__ = ["BUILTIN_TAGS", "EmbedError", "vimeo", "youtube"]


class EmbedError(ValueError):
    """A tag argument that does not name a video."""


_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
        "youtube-nocookie.com", "www.youtube-nocookie.com", "youtu.be", "www.youtu.be",
    }
)  # fmt: skip
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})


def _checked(candidate: str | None, what: str) -> str:
    if candidate is None or not _ID_RE.fullmatch(candidate):
        raise EmbedError(f"{what}: not a video id or URL")
    return candidate


def _url_parts(arg: str) -> urllib.parse.SplitResult | None:
    if "/" not in arg and "." not in arg:
        return None
    url = arg if "://" in arg else "https://" + arg.lstrip("/")
    try:
        return urllib.parse.urlsplit(url)
    except ValueError:
        return None


def _embed(kind: str, src: str, title: str) -> str:
    return (
        f'<div class="blogpost-embed blogpost-embed-{kind}">'
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" allowfullscreen>'
        "</iframe></div>"
    )


def youtube_id(arg: str) -> str:
    """The video id in a YouTube id or URL."""
    parts = _url_parts(arg)
    if parts is None:
        return _checked(arg, "youtube")
    host = (parts.hostname or "").lower()
    if host not in _YOUTUBE_HOSTS:
        raise EmbedError(f"youtube: {host or arg!r} is not a YouTube address")
    segments = [s for s in parts.path.split("/") if s]
    if host.endswith("youtu.be"):
        return _checked(segments[0] if segments else None, "youtube")
    if segments[:1] == ["watch"]:
        return _checked(urllib.parse.parse_qs(parts.query).get("v", [None])[0], "youtube")
    if len(segments) >= 2 and segments[0] in ("embed", "v", "shorts", "live"):
        return _checked(segments[1], "youtube")
    raise EmbedError("youtube: no video id in the URL")


def youtube(call: TagCall) -> str:
    """``{% youtube ID %}`` or ``{% youtube URL %}``: a youtube-nocookie.com player."""
    if not call.args:
        raise EmbedError("youtube: the video id is missing")
    video = youtube_id(call.args[0])
    return _embed("youtube", f"https://www.youtube-nocookie.com/embed/{video}", "YouTube video")


def vimeo(call: TagCall) -> str:
    """``{% vimeo ID %}`` or ``{% vimeo URL %}``: a Vimeo player that does not track."""
    if not call.args:
        raise EmbedError("vimeo: the video id is missing")
    arg = call.args[0]
    parts = _url_parts(arg)
    private = None
    if parts is None:
        video = _checked(arg, "vimeo")
    else:
        host = (parts.hostname or "").lower()
        if host not in _VIMEO_HOSTS:
            raise EmbedError(f"vimeo: {host or arg!r} is not a Vimeo address")
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["video"]:
            segments = segments[1:]
        numeric = [s for s in segments if s.isdigit()]
        video = _checked(numeric[0] if numeric else None, "vimeo")
        after = segments[segments.index(video) + 1 :]
        private = urllib.parse.parse_qs(parts.query).get("h", after[:1] or [None])[0]
        if private is not None:
            private = _checked(private, "vimeo")
    query = "?dnt=1" + (f"&h={private}" if private else "")
    return _embed("vimeo", f"https://player.vimeo.com/video/{video}{query}", "Vimeo video")


#: Tag name -> mapping; user mappings take precedence.
BUILTIN_TAGS: dict[str, Callable[[TagCall], str]] = {"youtube": youtube, "vimeo": vimeo}
