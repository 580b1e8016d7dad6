"""What a page tells link previews and search engines, from plain values.

Pure module: :class:`PageMeta` holds a page's shareable facts (all URLs
absolute), :func:`head_html` writes them as ``<head>`` tags: the
description, Open Graph, Twitter cards, ``rel="prev"`` /
``rel="next"`` and one JSON-LD script.  The canonical link is not written
here: the theme writes it from Sphinx's ``pageurl`` (see
:mod:`..write.head_meta`), so a page never gets two.

Every value is escaped for where it lands: attributes with
:func:`html.escape`, JSON-LD with :func:`json_ld_html`, whose output cannot
end its ``<script>`` element or start a comment whatever the strings hold.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .html.clean import to_text

__all__ = [
    "Image",
    "Person",
    "PageMeta",
    "description_text",
    "head_html",
    "json_ld_html",
    "og_locale",
    "blog_posting",
    "blog_listing",
    "collection_page",
]

#: where a description is cut (search engines show about this much)
DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class Image:
    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    #: MIME type, when known
    type: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    url: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class PageMeta:
    """One page's metadata; every URL absolute."""

    title: str
    site_name: str
    #: the page's own address (``None`` when no base URL is known)
    url: str | None = None
    #: ``"article"`` for posts, ``"website"`` otherwise
    type: str = "website"
    description: str = ""
    #: ``nl_NL``-style
    locale: str | None = None
    image: Image | None = None
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    authors: tuple[Person, ...] = ()
    tags: tuple[str, ...] = ()
    section: str | None = None
    twitter_site: str | None = None
    prev_url: str | None = None
    next_url: str | None = None
    json_ld: Mapping[str, Any] | None = field(default=None, compare=False)


# -- text ---------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")


def description_text(value: str, *, html: bool = False, limit: int = DESCRIPTION_LENGTH) -> str:
    """*value* (text, or an HTML fragment with *html*) as a description:
    plain text, whitespace squashed, cut at a word boundary before *limit*
    characters with an ellipsis."""
    text = to_text(value) if html else value
    text = _SPACE_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    # a text without spaces (Chinese, Japanese) is cut where it must be
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


# The territory of a bare language for og:locale, which wants ``ll_TT``:
# the common ones; any other gets its own code doubled (``it`` -> ``it_IT``).
_TERRITORIES = {
    "en": "US", "ja": "JP", "zh": "CN", "ko": "KR", "cs": "CZ", "da": "DK", "el": "GR", "he": "IL",
    "hi": "IN", "nb": "NO", "nn": "NO", "sv": "SE", "uk": "UA", "vi": "VN", "ar": "SA", "fa": "IR",
    "ca": "ES", "eu": "ES", "gl": "ES", "sl": "SI", "et": "EE", "sq": "AL", "sr": "RS", "ms": "MY",
    "bn": "BD", "ur": "PK", "ga": "IE", "cy": "GB", "ta": "IN", "te": "IN", "pt": "PT", "be": "BY",
    "ka": "GE", "hy": "AM", "kk": "KZ", "sw": "KE", "tl": "PH", "fil": "PH",
}
_SCRIPT_TERRITORIES = {("zh", "hant"): "TW", ("zh", "hans"): "CN"}


def og_locale(lang: str | None) -> str | None:
    """A language tag (``nl``, ``pt-BR``, ``zh_Hant``) as Open Graph's
    ``ll_TT`` locale, or ``None``."""
    if not lang:
        return None
    parts = [p for p in re.split(r"[-_]", lang) if p]
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    language = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if territory is None:
        script = next((p.lower() for p in parts[1:] if len(p) == 4), "")
        territory = _SCRIPT_TERRITORIES.get((language, script)) or _TERRITORIES.get(language)
    if territory is None:
        territory = language.upper() if len(language) == 2 else None
    return f"{language}_{territory}" if territory else None


# -- JSON-LD --------------------------------------------------------------------

# Characters that could end the script element ("</script"), open a comment
# ("<!--") or end a JavaScript string in older parsers (U+2028, U+2029): as
# JSON escapes they mean the same to a JSON-LD reader.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def json_ld_html(data: Mapping[str, Any]) -> str:
    """*data* as a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)
    return f'<script type="application/ld+json">{text}</script>\n'


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _person(person: Person) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Person", "name": person.name}
    if person.url:
        item["url"] = person.url
    if person.image:
        item["image"] = person.image
    return item


def _publisher(site_name: str, logo: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Organization", "name": site_name}
    if logo:
        item["logo"] = {"@type": "ImageObject", "url": logo}
    return item


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "", [], ())}


def blog_posting(meta: PageMeta, *, logo: str | None = None, words: int | None = None,
                 language: str | None = None) -> dict[str, Any]:
    """schema.org ``BlogPosting`` of a post page."""
    return _clean({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta.title,
        "description": meta.description,
        "url": meta.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta.url} if meta.url else None,
        "datePublished": _iso(meta.published),
        "dateModified": _iso(meta.modified or meta.published),
        "author": [_person(a) for a in meta.authors],
        "image": meta.image.url if meta.image else None,
        "keywords": list(meta.tags),
        "articleSection": meta.section,
        "inLanguage": language,
        "wordCount": words,
        "publisher": _publisher(meta.site_name, logo),
    })


@dataclass(frozen=True)
class ListedPost:
    """A post as a listing's JSON-LD names it."""

    title: str
    url: str
    published: dt.datetime | None = None
    authors: tuple[Person, ...] = ()


def _listed(post: ListedPost) -> dict[str, Any]:
    return _clean({
        "@type": "BlogPosting",
        "headline": post.title,
        "url": post.url,
        "datePublished": _iso(post.published),
        "author": [_person(a) for a in post.authors],
    })


def blog_listing(meta: PageMeta, posts: Sequence[ListedPost], *, logo: str | None = None) -> dict[str, Any]:
    """schema.org ``Blog`` of the blog's first index page, with its posts."""
    return _clean({
        "@context": "https://schema.org",
        "@type": "Blog",
        "name": meta.site_name,
        "headline": meta.title,
        "description": meta.description,
        "url": meta.url,
        "publisher": _publisher(meta.site_name, logo),
        "blogPost": [_listed(p) for p in posts],
    })


def collection_page(meta: PageMeta, posts: Sequence[ListedPost]) -> dict[str, Any]:
    """schema.org ``CollectionPage`` of a tag, category, author or year page."""
    return _clean({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.url,
        "isPartOf": {"@type": "WebSite", "name": meta.site_name},
        "hasPart": [_listed(p) for p in posts],
    })


# -- tags -----------------------------------------------------------------------


def _meta(attribute: str, key: str, value: str | int | None) -> str:
    if value is None or value == "":
        return ""
    return f'<meta {attribute}="{escape(key)}" content="{escape(str(value), quote=True)}">\n'


def head_html(meta: PageMeta) -> str:
    """The page's ``<head>`` tags (no canonical link: the theme writes it)."""
    out: list[str] = []
    prop = lambda key, value: out.append(_meta("property", key, value))  # noqa: E731
    name = lambda key, value: out.append(_meta("name", key, value))  # noqa: E731
    name("description", meta.description)
    for rel, url in (("prev", meta.prev_url), ("next", meta.next_url)):
        if url:
            out.append(f'<link rel="{rel}" href="{escape(url, quote=True)}">\n')
    prop("og:type", meta.type)
    prop("og:title", meta.title)
    prop("og:description", meta.description)
    prop("og:url", meta.url)
    prop("og:site_name", meta.site_name)
    prop("og:locale", meta.locale)
    image = meta.image
    if image is not None:
        prop("og:image", image.url)
        prop("og:image:type", image.type)
        prop("og:image:width", image.width)
        prop("og:image:height", image.height)
        prop("og:image:alt", image.alt)
    if meta.type == "article":
        prop("article:published_time", _iso(meta.published))
        prop("article:modified_time", _iso(meta.modified))
        for author in meta.authors:
            prop("article:author", author.url or author.name)
        prop("article:section", meta.section)
        for tag in meta.tags:
            prop("article:tag", tag)
    name("twitter:card", "summary_large_image" if image is not None else "summary")
    name("twitter:site", meta.twitter_site)
    name("twitter:title", meta.title)
    name("twitter:description", meta.description)
    if image is not None:
        name("twitter:image", image.url)
        name("twitter:image:alt", image.alt)
    if meta.json_ld:
        out.append(json_ld_html(meta.json_ld))
    return "".join(out)
