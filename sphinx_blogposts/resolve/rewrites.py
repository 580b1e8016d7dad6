"""Which documents to write again when the set of posts changes
(``env-get-updated``).

A document is normally written again only when it is read again.  But a
``postlist``, a post's links to its neighbours, its tag links, its series
box, its related posts and its authors' profiles show other posts or come
from elsewhere: when those change, the documents showing them are written
again (not re-read).  The generated pages and feeds are made from the
environment on every build and need nothing here, except on a build that
would write no document at all: Sphinx 8.0 then skips the generated pages,
so the root document is written again when a post left or when a document
that held a generated page's name is gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import Shown
from .related import related_input, related_key
from .series import series_key
from .sidebars import sidebar_key, uses_blog_sidebars

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..context import BuildContext


def _post_key(context: BuildContext, docname: str) -> tuple:
    """Everything outside a post's own source that its page shows."""
    blog = context.blog
    cfg = context.cfg
    post = blog.posts[docname]
    older, newer = blog.neighbours(docname)
    authors = blog.authors_of(docname)
    return (
        older,
        older and blog.posts[older].title,
        newer,
        newer and blog.posts[newer].title,
        tuple(blog.tags.slug(t) for t in post.tags),
        tuple(blog.categories.slug(c) for c in post.categories),
        tuple((a, blog.authors.slug(a.name), cfg.profiles.get(a.key)) for a in authors),
        series_key(blog, docname),
        related_key(context, docname),
    )


def on_env_get_updated(context: BuildContext, env: BuildEnvironment) -> list[str]:
    domain = context.domain
    blog = context.blog
    previous = domain.shown

    # Every read of a post may change what lists show (title, excerpt...), and
    # so may the authors' profiles (names, addresses), which no post holds.
    lists_key = tuple((d, env.all_docs.get(d), blog.authors_of(d)) for d in blog.docnames)
    # Related posts depend on every post's tags: the last build's serve as long
    # as no post's tags, categories or place in the order changed.
    related_from = related_input(context)
    if related_from == previous.related_input:
        context.related.update(previous.related)
    # unlisted posts too: their pages link to tag pages and show related posts
    post_keys = {d: _post_key(context, d) for d in sorted(blog.posts)}
    shown_sidebar = None
    if uses_blog_sidebars(getattr(context.config, "html_sidebars", None)):
        shown_sidebar = sidebar_key(blog, context.cfg.recent_posts)
    folder = f"{context.cfg.root}/" if context.cfg.root else ""
    documents = tuple(sorted(d for d in env.found_docs if d.startswith(folder) and d not in blog.posts))

    related = {d: context.related[d] for d in sorted(blog.posts)}
    domain.set_shown(Shown(lists_key, post_keys, shown_sidebar, documents, related_from, related))

    rewrite: set[str] = set()
    if lists_key != previous.lists:
        rewrite.update(d for d in domain.lists if d in env.all_docs)
    if shown_sidebar is not None and shown_sidebar != previous.sidebar:
        # the blog's sidebars are on every page
        rewrite.update(env.found_docs)
    old_posts = previous.posts
    rewrite.update(d for d, key in post_keys.items() if old_posts.get(d) != key)
    if domain.gone:
        # Sphinx saves the environment only when some document is updated;
        # posts that were only removed must still be forgotten for good.
        rewrite.add(context.config.root_doc)
    if set(previous.documents) - set(documents):
        # A document that held a generated page's name is gone: the page is
        # generated again, but Sphinx 8.0 finishes a build that writes no
        # document without asking for the generated pages.
        rewrite.add(context.config.root_doc)
    return sorted(rewrite)
