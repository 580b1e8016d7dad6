"""Warnings in Sphinx's own format, so ``-W`` and ``suppress_warnings`` work."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_blogposts")

#: every warning subtype this package emits, with what triggers it and the fix;
#: the documentation's warning reference is generated from this table
SUBTYPES: dict[str, tuple[str, str]] = {
    "config": (
        "A ``blogposts_*`` value in ``conf.py`` has the wrong type or an unknown value.",
        "Correct the value; the default is used until then.",
    ),
    "frontmatter": (
        "Front matter that is not valid YAML, is not a mapping, is never closed, "
        "is too large, or has a value of the wrong type.",
        "Fix the YAML. A post whose front matter cannot be read is not published.",
    ),
    "date": (
        "A post without any date, or a ``date`` in a form that cannot be read "
        "(e.g. ``+2h`` offsets).",
        "Write ``date: YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS +01:00``, or start "
        "the file name with ``YYYY-MM-DD-``.",
    ),
    "title": (
        "A post with no ``title`` and no heading; its title is made from the file name.",
        "Add ``title:`` to the front matter.",
    ),
    "draft": (
        "``published`` has a value that is neither true nor false; the post is "
        "treated as unpublished.",
        "Write ``published: true`` or ``published: false``.",
    ),
    "encoding": (
        "A post file that is binary, UTF-16/UTF-32, or not valid UTF-8: Sphinx "
        "cannot read it, so the post is refused.",
        "Re-save the file as UTF-8.",
    ),
    "size": (
        "A post file too large to be a blog post.",
        "Split the post or move large data out of it.",
    ),
    "author": (
        "An author profile (in ``blogposts_authors`` or the authors file) that "
        "cannot be used as written: not a mapping, no name, an unknown field, a "
        "link or address that is not http(s), an avatar that is not a file in the "
        "source folder; or an authors file that is missing or not valid YAML.",
        "Fix the profile; the parts that can be read are used, and the posts keep "
        "their authors' names.",
    ),
    "series": (
        "Two parts of one series with the same ``series_part`` number.",
        "Give each part its own number, or leave the numbers out to order the parts by date.",
    ),
    "share": (
        "``blogposts_share`` is set but the site's address is not known, so there "
        "is no address to share.",
        "Set ``blogposts_baseurl`` (or ``html_baseurl``).",
    ),
    "postlist": (
        "A ``postlist`` whose filters match no post.",
        "Check the names in its ``:tags:``, ``:categories:``, ``:author:`` and ``:year:`` options.",
    ),
    "slug": (
        "Two different tags (or categories, or authors) whose names make the same "
        "URL (e.g. ``social media`` and ``social-media``). Both keep a page; the "
        "second gets a numbered one.",
        "Use one spelling for both, if they are the same thing.",
    ),
    "feed": (
        "No base URL is known, so no feed can be written; or a post has "
        "characters XML cannot hold (removed from its feed entry).",
        "Set ``blogposts_baseurl`` (or ``html_baseurl``), or ``blogposts_feeds = []``.",
    ),
    "jekyll": (
        "A Liquid tag or kramdown construct in a post that has no equivalent "
        "(loops, plugin tags, unknown ``site.*`` variables, a ``post_url`` to a "
        "post that does not exist), an ``{% include %}`` of a file that is "
        "missing, includes itself or nests too deep, or a ``figure`` that is "
        "not around one image; it is removed or kept as text.",
        "Replace it with MyST, map plugin tags in ``blogposts_jekyll_tags``, set "
        "``site.*`` values in ``blogposts_jekyll_site``, or put the included "
        "file in ``blogposts_jekyll_includes``.",
    ),
    "link": (
        "A link in a Jekyll post to an address of the old site that no post, "
        "page or file has now (a post that was deleted, a page such as "
        "``/contact`` that was not moved), or to a file that is not in the "
        "source folder (``/assets/a.png``). It now links to that address on "
        "the site's base URL (``blogposts_baseurl`` or ``html_baseurl``; "
        "without one, the same path from the root of the site).",
        "Move the page or copy the file into the source folder (a file at "
        "``assets/a.png`` beside ``conf.py`` is published), correct the "
        "address, or check ``blogposts_jekyll_permalinks``: the old "
        "addresses of posts come from it.",
    ),
    "permalink": (
        "A post's old address (its ``permalink``, or the one "
        "``blogposts_jekyll_permalinks`` gives it) that would land outside the "
        "output folder, has characters no file name can hold, uses an unknown "
        "placeholder or a date the post lacks, or is the address of another "
        "page or of another post's redirect; no redirect is written for it.",
        "Fix the ``permalink`` value (or the post's slug or categories); of two "
        "posts with one old address, give one its own ``permalink``.",
    ),
    "seo": (
        "No base URL is known (and feeds are off): post and blog pages get no "
        "canonical link, ``og:url``, ``og:image`` or JSON-LD addresses.",
        "Set ``blogposts_baseurl`` (or ``html_baseurl``), or ``blogposts_seo = False``.",
    ),
    "image": (
        "A post's ``image`` names a file that is not in the source folder (or "
        "leads outside it); the page gets no ``og:image`` from it.",
        "Fix the path: it is relative to the post's file, or to the source "
        "folder when it starts with ``/``; or give an absolute URL.",
    ),
    "cards": (
        "``blogposts_social_cards`` is on but Pillow is not installed; a card "
        "font or logo cannot be read; or a post's card shows characters its "
        "font does not have (drawn as boxes).",
        "``pip install sphinx-blogposts[cards]``; fix the path in "
        "``blogposts_social_cards_font`` / ``blogposts_social_cards_logo``; for "
        "Chinese, Japanese or Korean titles add a font that has them (e.g. Noto "
        "Sans CJK) to ``blogposts_social_cards_font``.",
    ),
}


def warn(subtype: str, message: str, location: Any = None) -> None:
    """A ``blogposts.<subtype>`` warning at *location* (``"path:line"``,
    ``(docname, line)`` or a node)."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type="blogposts", subtype=subtype, location=location)
