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
}


def warn(subtype: str, message: str, location: Any = None) -> None:
    """A ``blogposts.<subtype>`` warning at *location* (``"path:line"``,
    ``(docname, line)`` or a node)."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type="blogposts", subtype=subtype, location=location)
