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
        "(``{% include %}``, loops, plugin tags, unknown ``site.*`` variables, a "
        "``post_url`` to a post that does not exist); it is removed.",
        "Replace it with MyST, map plugin tags in ``blogposts_jekyll_tags``, or set "
        "``site.*`` values in ``blogposts_jekyll_site``.",
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
}


def warn(subtype: str, message: str, location: Any = None) -> None:
    """A ``blogposts.<subtype>`` warning at *location* (``"path:line"``,
    ``(docname, line)`` or a node)."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type="blogposts", subtype=subtype, location=location)
