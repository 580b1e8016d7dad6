"""Unlisted posts left out of the sitemap that sphinx-sitemap writes, when
the project uses it.

sphinx-sitemap adds every page it sees written, except those matching its
``sitemap_excludes`` patterns; the unlisted posts' addresses (both the
``html`` and the ``dirhtml`` form) are added to those patterns once the
scan has found them (``env-updated``, before any page is written).  The
project's own patterns stay first and unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..context import BuildContext

_ADDED = "_blogposts_sitemap_excludes"


def _pattern(text: str) -> str:
    """*text* as an fnmatch pattern that matches only itself."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def on_env_updated(context: BuildContext, env: BuildEnvironment) -> None:
    config = context.config
    if "sitemap_excludes" not in config:
        return
    suffix = getattr(config, "html_file_suffix", None) or ".html"
    unlisted = sorted(d for d, post in context.blog.posts.items() if post.unlisted)
    # dirhtml writes "a/index" as "a/", and anything else "a/b" as "a/b/"
    patterns = [_pattern(link) for d in unlisted
                for link in (d + suffix, d[: -len("index")] if d.endswith("/index") else d + "/")]
    # the patterns added in an earlier build of the same application are replaced
    own = [p for p in config.sitemap_excludes if p not in config.__dict__.get(_ADDED, ())]
    config.sitemap_excludes = [*own, *patterns]
    object.__setattr__(config, _ADDED, tuple(patterns))
