"""Built-in mappings for the embed tags of common Jekyll plugins.

``{% youtube %}``, ``{% vimeo %}`` (players that do not track),
``{% gist user/id [file] %}`` (jekyll-gist: GitHub's script, with a link
for readers and feeds without scripts), ``{% tweet url %}`` and
``{% twitter url %}`` (jekyll-twitter-plugin, jekyll-tweet-tag: a quote
with a link to the post, which Twitter's script enhances where a theme
loads it; nothing is fetched from Twitter otherwise) and ``{% video url
[width height] [poster] %}`` (Octopress: an HTML5 ``<video>``).

Each mapping returns one line of raw HTML that MyST passes through as an
HTML block when the tag stands on its own line.  Ids are checked against
what the services use and every value is HTML-escaped; anything else raises
:class:`EmbedError`, which the converter reports as a problem.
"""

from __future__ import annotations

import html
import posixpath
import re
import urllib.parse
from collections.abc import Callable

from .model import TagCall

__all__ = ["BUILTIN_TAGS", "EmbedError", "gist", "tweet", "video", "vimeo", "youtube"]


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


_GIST_USER_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_GIST_ID_RE = re.compile(r"[0-9A-Fa-f]{1,64}|[0-9]{1,20}")
_GIST_FILE_RE = re.compile(r"[\w.+-]{1,128}")


def gist(call: TagCall) -> str:
    """``{% gist [user/]id [file] %}``: GitHub's embed script and a plain link."""
    if not call.args:
        raise EmbedError("gist: the gist id is missing")
    arg = call.args[0]
    parts = _url_parts(arg) if "://" in arg or arg.startswith("gist.github.com") else None
    if parts is not None:
        if (parts.hostname or "").lower() != "gist.github.com":
            raise EmbedError(f"gist: {parts.hostname or arg!r} is not a gist address")
        arg = parts.path.strip("/")
    user, _, ident = arg.rpartition("/")
    if not _GIST_ID_RE.fullmatch(ident) or (user and not _GIST_USER_RE.fullmatch(user)):
        raise EmbedError("gist: not a gist id")
    page = f"https://gist.github.com/{user + '/' if user else ''}{ident}"
    script = page + ".js"
    if len(call.args) > 1:
        if not _GIST_FILE_RE.fullmatch(call.args[1]):
            raise EmbedError("gist: not a file name")
        script += "?file=" + urllib.parse.quote(call.args[1])
    return (
        f'<div class="blogpost-embed blogpost-embed-gist"><script src="{html.escape(script)}"></script>'
        f'<noscript><a href="{html.escape(page)}">{html.escape(page)}</a></noscript></div>'
    )


_TWEET_HOSTS = frozenset({"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"})
_TWEET_PATH_RE = re.compile(r"/(?:([A-Za-z0-9_]{1,15})|i(?:/web)?)/status(?:es)?/([0-9]{1,25})/?")


def tweet(call: TagCall) -> str:
    """``{% tweet url %}``, ``{% twitter url %}`` or ``{% tweet id %}``: the
    post as a quote with a link (``twitter-tweet``, for Twitter's script)."""
    if not call.args:
        raise EmbedError(f"{call.name}: the post's address is missing")
    arg = call.args[0]
    if arg.isdigit() and len(arg) <= 25:
        url = f"https://twitter.com/i/web/status/{arg}"
    else:
        parts = _url_parts(arg)
        if parts is None or (parts.hostname or "").lower() not in _TWEET_HOSTS:
            raise EmbedError(f"{call.name}: {arg!r} is not the address of a post on Twitter")
        m = _TWEET_PATH_RE.fullmatch(parts.path)
        if m is None:
            raise EmbedError(f"{call.name}: no post in {arg!r}")
        host = (parts.hostname or "twitter.com").lower().removeprefix("www.").removeprefix("mobile.")
        user = f"{m.group(1)}" if m.group(1) else "i/web"
        url = f"https://{host}/{user}/status/{m.group(2)}"
    link = html.escape(url)
    return (
        f'<blockquote class="blogpost-embed blogpost-embed-tweet twitter-tweet">'
        f'<p><a href="{link}">{link}</a></p></blockquote>'
    )


_SIZE_RE = re.compile(r"[0-9]{1,5}")
_VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
                ".ogg": "video/ogg", ".mov": "video/quicktime"}


def _media_url(value: str, what: str) -> str:
    parts = _url_parts(value) if "://" in value else None
    if parts is not None and parts.scheme.lower() not in ("http", "https"):
        raise EmbedError(f"video: the {what} must be an http(s) or site address")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) and parts is None:
        raise EmbedError(f"video: the {what} must be an http(s) or site address")
    if any(c in value for c in "\"<>\\ \t\n"):
        raise EmbedError(f"video: the {what} is not a URL")
    return value


def video(call: TagCall) -> str:
    """``{% video url [width height] [poster] %}``: an HTML5 video player."""
    args = list(call.args)
    if not args:
        raise EmbedError("video: the video's address is missing")
    src = _media_url(args.pop(0), "address")
    size = ""
    if len(args) >= 2 and _SIZE_RE.fullmatch(args[0]) and _SIZE_RE.fullmatch(args[1]):
        size = f' width="{args[0]}" height="{args[1]}"'
        args = args[2:]
    poster = f' poster="{html.escape(_media_url(args[0], "poster"))}"' if args else ""
    kind = _VIDEO_TYPES.get(posixpath.splitext(urllib.parse.urlsplit(src).path)[1].lower())
    source = f'<source src="{html.escape(src)}"' + (f' type="{kind}"' if kind else "") + ">"
    return (
        f'<div class="blogpost-embed blogpost-embed-video"><video controls preload="metadata"{size}{poster}>'
        f'{source}<a href="{html.escape(src)}">{html.escape(src)}</a></video></div>'
    )


#: Tag name -> mapping; user mappings take precedence.
BUILTIN_TAGS: dict[str, Callable[[TagCall], str]] = {
    "youtube": youtube, "vimeo": vimeo, "gist": gist, "tweet": tweet, "twitter": tweet, "video": video,
}  # fmt: skip
