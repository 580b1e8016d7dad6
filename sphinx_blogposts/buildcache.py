"""Values worked out once per build and shared by the pages and feeds.

They are kept on the builder, and dropped when a new build starts reading
(an application may build more than once, and pages written by an earlier
build may change).  Nothing here outlives the process or reaches the saved
environment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

_ATTRIBUTE = "_blogposts_build_cache"


def build_cache(builder: Builder) -> dict[str, Any]:
    """This build's cache: a dict each user keeps its own key in."""
    cache = builder.__dict__.get(_ATTRIBUTE)
    if cache is None:
        cache = {}
        setattr(builder, _ATTRIBUTE, cache)
    return cache


def forget(app: Sphinx, *args: object) -> None:
    """Start each build afresh (connected to ``env-before-read-docs``)."""
    app.builder.__dict__.pop(_ATTRIBUTE, None)
