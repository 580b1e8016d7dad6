"""Which documents to write again when the set of posts changes.

A document is normally written again only when it is read again.  But a
``postlist``, a post's links to its neighbours and its tag links show other
posts: when those change, the documents showing them are written again
(not re-read), on ``env-get-updated``.  The generated pages and feeds are
made from the environment on every build and need nothing here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._log import warn
from .domain import blog_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _post_key(blog, docname: str) -> tuple:
    """Everything outside a post's own source that its page shows."""
    post = blog.posts[docname]
    older, newer = blog.neighbours(docname)
    return (
        older,
        older and blog.posts[older].title,
        newer,
        newer and blog.posts[newer].title,
        tuple(blog.tags.slug(t) for t in post.tags),
        tuple(blog.categories.slug(c) for c in post.categories),
        tuple(blog.authors.slug(a.name) for a in post.authors),
    )


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = blog_domain(env)
    blog = domain.blog()
    previous = domain.data.get("shown", {"lists": None, "posts": {}})

    # Every read of a post may change what lists show (title, excerpt...).
    lists_key = tuple((d, env.all_docs.get(d)) for d in blog.docnames)
    post_keys = {d: _post_key(blog, d) for d in blog.docnames}
    domain.data["shown"] = {"lists": lists_key, "posts": post_keys}

    rewrite: set[str] = set()
    if lists_key != previous["lists"]:
        rewrite.update(d for d in domain.lists if d in env.all_docs)
        _warn_collisions(app, blog)
    if _uses_blog_sidebars(app):
        shown_sidebar = sidebar_key(app, blog)
        domain.data["shown"]["sidebar"] = shown_sidebar
        if shown_sidebar != previous.get("sidebar"):
            # the blog's sidebars are on every page
            rewrite.update(env.found_docs)
    old_posts = previous["posts"]
    rewrite.update(d for d, key in post_keys.items() if old_posts.get(d) != key)
    if domain.data.get("gone"):
        # Sphinx saves the environment only when some document is updated;
        # posts that were only removed must still be forgotten for good.
        rewrite.add(app.config.root_doc)
    return sorted(rewrite)


def _uses_blog_sidebars(app: Sphinx) -> bool:
    sidebars = getattr(app.config, "html_sidebars", None) or {}
    return any(
        str(name).startswith("blogposts/")
        for names in sidebars.values()
        for name in ([names] if isinstance(names, str) else names)
    )


def sidebar_key(app: Sphinx, blog) -> tuple:
    """What the sidebars show: recent posts, tags with counts, years with counts."""
    from .config import blog_config

    recent = blog.docnames[: blog_config(app.config).recent_posts]
    return (
        tuple((d, blog.posts[d].title) for d in recent),
        tuple((g.name, g.slug, len(g.docnames)) for g in blog.groups("tag")),
        tuple((g.name, len(g.docnames)) for g in blog.groups("year")),
    )


def _warn_collisions(app: Sphinx, blog) -> None:
    for kind in ("tag", "category", "author"):
        for slug, kept, other in blog.table(kind).collisions:
            where = _first_post_with(blog, kind, other)
            keys = {"tag": ("tags", "tag"), "category": ("categories", "category"), "author": ("author", "authors")}
            location = (where, blog.posts[where].line_of(*keys[kind])) if where else None
            warn(
                "slug",
                f"{kind} {other!r} and {kind} {kept!r} would share the page {slug!r}; "
                f"{other!r} gets its own page with a numbered name",
                location,
            )


def _first_post_with(blog, kind: str, name: str) -> str | None:
    for docname in blog.docnames:
        post = blog.posts[docname]
        names = post.tags if kind == "tag" else post.categories if kind == "category" else [a.name for a in post.authors]
        if name in names:
            return docname
    return None
