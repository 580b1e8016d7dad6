"""Deciding, before anything is read, which documents are posts and which
posts are part of this build.

Runs on ``env-get-outdated``, in the main process, after Sphinx has found the
source files and before it reads any.  Each file that matches
``blogposts_paths`` is parsed (only when it changed since the last build);
drafts, scheduled posts and posts that cannot be read safely are taken out of
the set of documents, so Sphinx never reads, writes, indexes or links them.
A post that leaves the build (unpublished, deleted, renamed) has its old
output files removed, so no stale page stays behind.  When the set of
posts changed, tags (categories, authors) whose names would share a page
are reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from ..config import BlogConfig, blog_config, build_time
from ..core.blog import KINDS, NAMED, Blog
from ..core.frozenmap import FrozenMap
from ..core.post import parse_post
from ..domain import Scanned, blog_domain
from ..log import logger, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment



def _draft_key(docname: str) -> str:
    """The key of a draft's record in the saved scan: a digest, so that the
    saved environment never names a draft (a file name can tell a post's
    subject)."""
    digest = hashlib.blake2b(docname.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"draft:{digest}"


def _forget(env: BuildEnvironment, docname: str) -> None:
    """Take *docname* out of the project: out of Sphinx's documents, and out
    of its table of the project's files, which the saved environment holds.

    The table is Sphinx's own (``Project``, not public API): it is found
    again, with every file, at the start of each build.
    """
    env.found_docs.discard(docname)
    project = getattr(env, "project", None)
    path = getattr(project, "_docname_to_path", {}).pop(docname, None)
    if path is not None:
        getattr(project, "_path_to_docname", {}).pop(path, None)


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _unpublished(date: dt.datetime | None, published: bool, now: dt.datetime, cfg: BlogConfig) -> bool:
    """Whether a post is a draft: ``published: false``, or scheduled."""
    scheduled = date is not None and date > now and not cfg.future
    return not published or scheduled


def _classify(scanned: Scanned, now: dt.datetime, cfg: BlogConfig) -> Scanned:
    """Set a post's state for this build: live, preview (live draft) or draft."""
    if scanned.state not in ("live", "draft"):
        return scanned
    draft = _unpublished(scanned.date, scanned.published, now, cfg)
    if draft and not cfg.drafts:
        # Keep nothing of a draft's text, only what decides when it goes live.
        return Scanned(scanned.stamp, scanned.parse_key, "draft", date=scanned.date, published=scanned.published)
    return replace(scanned, state="live", preview=draft)


def _scan_file(
    env: BuildEnvironment,
    docname: str,
    stamp: tuple[int, int],
    key: tuple,
    now: dt.datetime,
    cfg: BlogConfig,
    in_drafts: bool,
) -> Scanned:
    """Parse one candidate file and report its problems as warnings."""
    if in_drafts and not cfg.drafts:
        # Never parsed: a draft folder's files stay out, front matter or not.
        return Scanned(stamp, key, "draft", published=False)
    abs_path = Path(env.doc2path(docname))
    rel_path = abs_path.relative_to(env.srcdir).as_posix()
    filetype = env.config.source_suffix.get(abs_path.suffix, "restructuredtext")
    markup = "rst" if filetype == "restructuredtext" else "markdown"
    try:
        data = abs_path.read_bytes()
    except OSError as exc:
        warn("encoding", f"cannot read post: {exc}", f"{abs_path}:1")
        return Scanned(stamp, key, "refused")
    result = parse_post(data, rel_path, cfg.timezone, markup=markup)
    for problem in result.problems:
        warn(problem.subtype, problem.message, f"{abs_path}:{problem.line}")
    post = result.post
    if not result.readable or result.refused:
        return Scanned(stamp, key, "refused")
    if post is None:
        return Scanned(stamp, key, "page")
    published = post.published and not in_drafts
    return _classify(Scanned(stamp, key, "live", post=post, date=post.date, published=published), now, cfg)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    cfg = blog_config(app.config)
    domain = blog_domain(env)
    matcher = Matcher(list(cfg.paths))
    drafts_matcher = Matcher(list(cfg.drafts_paths))
    now = build_time()
    key = (cfg.parse_key, cfg.drafts, cfg.future)
    previous = domain.scan
    scan: dict[str, Scanned] = {}

    srcdir = os.fspath(env.srcdir)
    for docname in sorted(env.found_docs):
        rel = os.fspath(env.doc2path(docname, False)).replace(os.sep, "/")
        in_drafts = drafts_matcher(rel)
        if not in_drafts and not matcher(rel):
            continue
        stamp = _stamp(os.path.join(srcdir, rel))
        if stamp is None:
            continue
        old = previous.get(docname) or previous.get(_draft_key(docname))
        if old is not None and old.stamp == stamp and old.parse_key == key:
            scanned = _classify(old, now, cfg)
            # A draft that became due (its date passed) needs its full record.
            if not (old.state == "draft" and scanned.state == "live"):
                scan[docname] = scanned
                continue
        scan[docname] = _scan_file(env, docname, stamp, key, now, cfg, in_drafts)

    for docname in sorted(name for name, s in scan.items() if s.state in ("draft", "refused")):
        _forget(env, docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)

    # Posts that were live and are gone now (deleted, renamed, unpublished):
    # Sphinx forgets them but leaves their output behind; remove it.
    was_live = {name for name, s in previous.items() if s.state == "live"}
    gone = sorted(was_live & removed)
    for docname in gone:
        _remove_outputs(app.builder, env, docname)
    saved = {(_draft_key(name) if s.state == "draft" else name): s for name, s in scan.items()}
    changed_posts = saved != dict(previous.items())
    domain.set_scan(FrozenMap(saved).freeze(), len(gone))
    if changed_posts:
        _warn_collisions(domain.blog(cfg.profiles))

    if scan:
        counts = {state: 0 for state in ("live", "draft", "refused")}
        for scanned in scan.values():
            if scanned.state in counts:
                counts[scanned.state] += 1
        logger.info(
            "[blogposts] %d posts published, %d drafts or scheduled posts left out, %d refused",
            counts["live"], counts["draft"], counts["refused"],
        )
    return []


def _remove_outputs(builder: Builder, env: BuildEnvironment, docname: str) -> None:
    """Delete what an earlier build wrote for *docname*, inside the output only."""
    targets: list[Path] = []
    if hasattr(builder, "get_outfilename"):
        targets.append(Path(builder.get_outfilename(docname)))
    elif getattr(builder, "out_suffix", None):
        targets.append(Path(builder.outdir, docname + builder.out_suffix))
    sources_dir = Path(builder.outdir, "_sources")
    if sources_dir.is_dir():
        targets.extend(sources_dir.glob(f"{_glob_escape(docname)}.*"))
    targets.append(Path(env.doctreedir, f"{docname}.doctree"))
    # images and downloads only this document used
    for path, (docnames, unique_name) in list(env.images.items()):
        if docnames == {docname}:
            targets.append(Path(builder.outdir, "_images", unique_name))
    for path, (docnames, unique_name) in list(env.dlfiles.items()):
        if docnames == {docname}:
            targets.append(Path(builder.outdir, "_downloads", unique_name))
    roots = (Path(builder.outdir).resolve(), Path(env.doctreedir).resolve())
    for target in targets:
        resolved = target.resolve()
        if not any(resolved.is_relative_to(root) for root in roots):
            continue
        try:
            resolved.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            logger.warning("could not remove stale output %s: %s", target, exc)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _warn_collisions(blog: Blog) -> None:
    """Names of one kind whose slugs collide: the second gets a numbered
    page; parts of a series that claim the same number."""
    for group in blog.groups("series"):
        seen: dict[int, str] = {}
        for docname in group.docnames:
            part = blog.posts[docname].series_part
            if part is not None and part in seen:
                warn(
                    "series",
                    f"part {part} of the series {group.name!r} is {seen[part]!r} too; "
                    "the two are ordered by date",
                    (docname, blog.posts[docname].line_of("series_part")),
                )
            elif part is not None:
                seen[part] = docname
    for kind in NAMED:
        for slug, kept, other in blog.table(kind).collisions:
            where = blog.first_with(kind, other)
            location = (where, blog.posts[where].line_of(*KINDS[kind].keys)) if where else None
            warn(
                "slug",
                f"{kind} {other!r} and {kind} {kept!r} would share the page {slug!r}; "
                f"{other!r} gets its own page with a numbered name",
                location,
            )
