"""Link-preview and search metadata in the head of post pages and of the
blog's generated pages (``html-page-context``, through :mod:`.page_context`).

The values come from the environment, the configuration and the builder
only, since this runs in worker processes on ``-j N`` builds; the tags are
written by :mod:`..core.head_meta`.

- **Canonical link.**  Sphinx gives themes ``pageurl`` (from
  ``html_baseurl``; Sphinx 8.0 makes it end in ``.html`` on dirhtml too)
  and every theme writes it as ``<link rel="canonical">``.  On our pages it
  is set to the page's real address from the blog's base URL, so the theme
  writes one correct link; drafts get none.
- **sphinxext-opengraph.**  On post pages its tags are turned off
  (``ogp_disable``, its own per-page switch), since ours know the post's
  dates, authors, tags and image; generated pages have no doctree, which it
  skips.  Every other page keeps its tags.
- **Robots.**  :mod:`.robots` writes the ``noindex`` tag; a draft gets no
  canonical link either.
"""

from __future__ import annotations

import re
from dataclasses import replace as _replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..core import head_meta as meta
from ..core.head_meta import ListedPost, PageMeta, Person
from ..resolve.summary import post_summary
from .post_images import shared_image

if TYPE_CHECKING:
    from ..context import BuildContext


def add_head_meta(context: BuildContext, pagename: str, page: dict[str, Any], noindex: tuple[str, ...] = ()) -> None:
    """Add the metadata of a post page or a generated page to *page*;
    *noindex* says why search engines must not keep it (see :mod:`.robots`,
    which writes the robots tag): a draft has no canonical address."""
    cfg = context.cfg
    if not cfg.seo or not context.pages:
        return
    post = context.domain.post(pagename)
    listing = page.get("blogposts_listing")
    if post is None and listing is None:
        return
    if post is not None:
        # sphinxext-opengraph's own per-page switch: a post page has ours, or
        # none at all with ``seo: false``
        page["meta"] = {**(page.get("meta") or {}), "ogp_disable": True}
        if not post.seo:
            return
    url = context.page_url(pagename) if context.base_url else None
    # the theme writes the canonical link from pageurl; without a base URL
    # of ours, Sphinx's own (if any) stays
    if "draft" in noindex:
        page["pageurl"] = None
    elif url is not None:
        page["pageurl"] = url
    if post is not None:
        found = _post_meta(context, pagename, url)
    else:
        found = _listing_meta(context, pagename, listing, url)
    existing = page.get("metatags", "")
    if _has_description(existing):
        # a document's own ``.. meta:: :description:``, which Sphinx wrote
        found = _replace(found, description="")
    page["metatags"] = existing + meta.head_html(found)


_DESCRIPTION_RE = re.compile(r"<meta\s[^>]*name=[\"']?description[\"'\s>]", re.IGNORECASE)


def _has_description(html: str) -> bool:
    return bool(_DESCRIPTION_RE.search(html))


def _absolute(url: str | None, here: str | None) -> str | None:
    if not url:
        return None
    if here is None:
        return url if "://" in url else None
    return urljoin(here, url)


def _logo_url(context: BuildContext) -> str | None:
    logo = context.config.html_logo
    if not logo or context.base_url is None:
        return None
    if "://" in logo:
        return logo
    return context.base_url + "_static/" + logo.replace("\\", "/").rsplit("/", 1)[-1]


def _language(context: BuildContext, lang: str | None) -> str:
    return (lang or context.cfg.language).replace("_", "-")


def _description(context: BuildContext, docname: str) -> str:
    post = context.domain.post(docname)
    if post is not None and post.description:
        return meta.description_text(post.description)
    info = context.domain.read.get(docname)
    if info is None:
        return ""
    if info.excerpt_html is not None:
        return meta.description_text(info.excerpt_html, html=True)
    return meta.description_text(" ".join(node.astext() for node in info.excerpt))


def _post_meta(context: BuildContext, docname: str, url: str | None) -> PageMeta:
    post = context.blog.posts[docname]
    summary = post_summary(context, context.links(docname), docname)
    here = url
    authors = tuple(
        Person(a["name"], _absolute(a.get("url"), here), _absolute(a.get("avatar"), here))
        for a in summary["authors"]
    )
    image = shared_image(context, docname) if url else None
    if image is not None and not image.alt:
        image = _replace(image, alt=post.title)
    info = context.domain.read.get(docname)
    found = PageMeta(
        title=post.title,
        site_name=context.config.project or "",
        url=url,
        type="article",
        description=_description(context, docname),
        locale=meta.og_locale(post.lang or context.cfg.language),
        image=image,
        published=post.date,
        modified=post.updated,
        authors=authors,
        tags=tuple(context.blog.table("tag").display(t) for t in post.tags),
        section=context.blog.table("category").display(post.categories[0]) if post.categories else None,
        twitter_site=context.cfg.twitter_site,
    )
    return _replace(found, json_ld=meta.blog_posting(
        found, logo=_logo_url(context), words=info.words if info else None,
        language=_language(context, post.lang)))


_COLLECTIONS = ("tag", "category", "author", "year", "tags", "categories", "authors", "archive")


def _listing_meta(context: BuildContext, pagename: str, listing: dict[str, Any], url: str | None) -> PageMeta:
    kind = listing["kind"]
    title = str(listing["title"])
    project = context.config.project or ""
    logo = _logo_url(context)

    def page_url(name: str | None) -> str | None:
        return context.page_url(name) if name and context.base_url else None

    found = PageMeta(
        title=title,
        site_name=project,
        url=url,
        description=meta.description_text(f"{project}: {title}" if project and kind != "index" else title),
        locale=meta.og_locale(context.cfg.language),
        image=meta.Image(logo, project) if logo else None,
        twitter_site=context.cfg.twitter_site,
        prev_url=page_url(listing.get("previous")),
        next_url=page_url(listing.get("next")),
    )
    if url is None:
        return found
    posts = [
        ListedPost(
            entry["title"],
            context.page_url(entry["docname"]),
            entry.get("date"),
            tuple(Person(a["name"], _absolute(a.get("url"), url)) for a in entry["authors"]),
        )
        for entry in listing.get("entries", ())
    ]
    if kind == "index" and listing.get("number", 1) == 1:
        return _replace(found, json_ld=meta.blog_listing(found, posts, logo=logo))
    if kind in _COLLECTIONS:
        return _replace(found, json_ld=meta.collection_page(found, posts))
    return found
