"""Redirect pages at the addresses posts had in a Jekyll site.

Written on ``build-finished`` by the multi-page HTML builders, in the main
process, from the environment's data (see :mod:`..jekyll.permalinks` for how an
address becomes a file), so incremental and parallel builds write the same
files as a clean one.  Each redirect is a small HTML page: a
``<meta http-equiv="refresh">`` to the post's page, a ``rel="canonical"``
link to it (absolute when the site's base URL is known), a visible link for
readers whose browser does not follow the refresh, and ``noindex`` so search
engines keep only the post's page.  Links to the new page are relative to
the redirect, so they work offline and on preview hosts too.

A redirect never replaces a file of the build: a document's page, a
generated blog page, a static file, or the redirect of another post (the
first post, in source path order, keeps the address; addresses that differ
only in case are the same, as on macOS and Windows).  Each of these is a
``blogposts.permalink`` warning, as is an address that would leave the
output folder.  Redirects are tracked with the other generated files, so a
redirect whose post is gone, or whose address changed, is deleted.
"""

from __future__ import annotations

import os
import posixpath
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import __version__
from ..config import BlogConfig
from ..i18n import _
from ..jekyll.permalinks import OldAddress, PermalinkError, UndatedError, expand, old_address
from ..log import logger, warn
from .generated import GeneratedFiles, fingerprint, write_atomic

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..core.post import Post

#: marks a file as one of ours: only such a file is ever replaced or deleted
MARKER = '<meta name="generator" content="sphinx-blogposts redirect">'


def redirect_html(*, href: str, canonical: str, title: str, lang: str, moved: str) -> str:
    """The redirect page; *href* and *canonical* are already URL-quoted;
    *moved* is the visible sentence, with ``%(link)s`` where the link goes."""
    href_attr = escape(href, quote=True)
    link = f'<a href="{href_attr}">{escape(title)}</a>'
    try:
        sentence = escape(moved) % {"link": link}
    except (KeyError, ValueError, TypeError):  # a broken translation
        sentence = f"{escape(moved)} {link}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"{MARKER}\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href_attr}">\n'
        f'<link rel="canonical" href="{escape(canonical, quote=True)}">\n'
        f"<title>{escape(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"<p>{sentence}</p>\n"
        "</body>\n"
        "</html>\n"
    )


def relative_href(from_file: str, target_uri: str) -> str:
    """*target_uri* (a builder's target URI, already URL-quoted as Sphinx
    quotes it) as seen from the file *from_file* (a plain path)."""
    folder = quote(posixpath.dirname(from_file)) or "."
    rel = posixpath.relpath(target_uri or ".", folder)
    if not target_uri or target_uri.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def _is_ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return MARKER.encode() in handle.read(4096)
    except OSError:
        return False


def _out_name(builder, docname: str) -> str:
    """The page of *docname*, relative to the output folder."""
    name = str(builder.get_outfilename(docname))
    prefix = os.path.join(str(builder.outdir), "")
    if name.startswith(prefix):
        name = name[len(prefix):]
    else:
        name = os.path.relpath(name, builder.outdir)
    return name.replace(os.sep, "/")


def on_build_finished(context: BuildContext, exception: Exception | None) -> None:
    if exception is not None or not context.pages:
        return
    builder = context.builder
    env = context.env
    cfg = context.cfg
    domain = context.domain
    outdir = Path(builder.outdir).resolve()
    generated = GeneratedFiles(outdir, f"redirects:{builder.name}")
    base = context.base_url
    moved = str(_("This page has moved to %(link)s."))
    pages_of_docs: dict[str, str] = {}

    def docs_pages() -> dict[str, str]:
        # made only when some redirect is to be checked against them
        if not pages_of_docs:
            pages_of_docs.update((_out_name(builder, d).casefold(), d) for d in sorted(env.found_docs))
        return pages_of_docs

    posts = sorted(
        ((d, p) for d, p in domain.live_posts().items() if not domain.is_preview(d)),
        key=lambda item: (item[1].path, item[0]),
    )
    claimed: dict[str, str] = {}  # casefolded file -> source path of its post
    folders: dict[str, Path | None] = {}
    common = (__version__, base, cfg.language)
    for docname, post in posts:
        source = env.doc2path(docname)
        found = _old_address(post, cfg, source)
        if found is None:
            continue
        address, location = found
        key = address.file.casefold()
        if key == _out_name(builder, docname).casefold():
            continue  # the post's page is already there
        target = _inside(outdir, address.file, folders)
        if target is None:
            warn("permalink", f"old address {address.url} leads outside the output folder; no redirect written", location)
            continue
        if key in claimed:
            warn("permalink", f"old address {address.url} is also that of {claimed[key]}, which keeps its "
                 "redirect; none written for this post", location)
            continue
        if key in docs_pages():
            warn("permalink", f"old address {address.url} is the page of the document "
                 f"'{docs_pages()[key]}'; no redirect written", location)
            continue
        if target.exists() and not _is_ours(target):
            warn("permalink", f"old address {address.url} is the file {address.file}, written by the "
                 "build; no redirect written", location)
            continue
        claimed[key] = post.path
        target_uri = builder.get_target_uri(docname)
        href = relative_href(address.file, target_uri)
        canonical = context.page_url(docname) if base else href
        content = redirect_html(href=href, canonical=canonical, title=post.title,
                                lang=(post.lang or cfg.language).replace("_", "-"), moved=moved)
        if generated.up_to_date(target, fingerprint(common, address.file, content)):
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content.encode("utf-8"))
        except OSError as exc:
            warn("permalink", f"cannot write the redirect at {address.url}: {exc}", location)
    if claimed:
        logger.info("[blogposts] %d redirect(s) from old addresses", len(claimed))
    # A stale redirect is deleted only if the file still is one of ours (a
    # document's page or a static file may have taken its place since).
    stale = [name for name in generated.previous if name.casefold() not in claimed]
    keep = [outdir / name for name in stale
            if name.casefold() in docs_pages() or ((outdir / name).exists() and not _is_ours(outdir / name))]
    generated.finish(keep=keep)


def _inside(outdir: Path, file: str, folders: dict[str, Path | None]) -> Path | None:
    """``outdir / file`` if it stays inside *outdir* with symbolic links
    followed, else ``None``.  Folders are resolved once each (in *folders*)."""
    folder, _sep, name = file.rpartition("/")
    if folder not in folders:
        resolved = (outdir / folder).resolve() if folder else outdir
        folders[folder] = resolved if resolved == outdir or resolved.is_relative_to(outdir) else None
    parent = folders[folder]
    if parent is None:
        return None
    target = parent / name
    if target.is_symlink():
        resolved = target.resolve()
        return resolved if resolved.is_relative_to(outdir) else None
    return target


def _old_address(post: Post, cfg: BlogConfig, source: str) -> tuple[OldAddress, str] | None:
    """``(OldAddress, location)`` for *post*, or ``None`` when it has none.

    A front-matter ``permalink`` (read when the Jekyll layer is on) is the
    post's old address; else the configured pattern gives it.
    """
    from_front_matter = bool(cfg.jekyll and post.permalink)
    if from_front_matter:
        pattern, location = post.permalink, f"{source}:{post.line_of('permalink')}"
    elif cfg.jekyll_permalinks:
        pattern, location = cfg.jekyll_permalinks, f"{source}:{post.line_of('slug', 'categories', 'category')}"
    else:
        return None
    date = post.date.astimezone(cfg.timezone) if post.date is not None else None
    try:
        return old_address(expand(pattern, post, date, styles=not from_front_matter)), location
    except UndatedError:
        if from_front_matter:
            warn("permalink", f"no redirect from the old address {pattern!r}: the post has no date", location)
        # else: an undated post had no dated address (a date warning was given)
        return None
    except PermalinkError as exc:
        warn("permalink", f"no redirect from the old address {pattern!r}: {exc}", location)
        return None
