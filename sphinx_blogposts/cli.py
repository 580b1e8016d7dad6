"""The ``sphinx-blogposts`` command: ``check`` a folder of posts, ``new`` post.

``check`` reads posts with the same code the build uses (the post model,
the Jekyll converter with the same ``page.*`` and ``site.*`` variables, the
same index of posts for ``post_url``, of old addresses for links, and the
same included files) and says, per post, what the build will do with it:
its problems, the links to old addresses it resolves and those it cannot,
the includes it expands and those it cannot find; it builds nothing.  When the folder is inside a Sphinx
project, the project's ``conf.py`` gives the settings the build would use.
``new`` writes a draft with front matter into the project found from the
current folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .core.dates import DateError, load_timezone
from .core.frontmatter import split_front_matter
from .core.html.urls import first_base_url
from .core.post import Post, parse_post
from .jekyll import convert
from .jekyll.model import Converted
from .jekyll.variables import IncludeLoader, file_checker, liquid_context, post_url_index, site_links, site_variables

#: what ``check`` reads as posts (as the build does by default)
POST_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".mkdown": "markdown",
                 ".mkdn": "markdown", ".mkd": "markdown", ".rst": "rst"}
#: front-matter keys Jekyll itself uses; not worth reporting as unknown
JEKYLL_KEYS = frozenset({"layout", "permalink", "comments", "sitemap", "redirect_from"})
ERRORS = frozenset({"frontmatter", "encoding", "size"})


def _now() -> dt.datetime:
    from .config import build_time

    return build_time()


def check(
    folder: Path,
    tz_name: str,
    out: TextIO | None = None,
    *,
    srcdir: Path | None = None,
    project: str | None = None,
    jekyll_site: dict | None = None,
    jekyll_tags: dict | None = None,
    permalinks: str | None = None,
    includes: str | None = "_includes",
    base_url: str | None = None,
) -> int:
    """Print what the build will do with each post under *folder*.

    Paths are relative to *srcdir* (the project's source folder, as the
    build sees them), else to the folder above *folder*; *project*,
    *jekyll_site*, *jekyll_tags*, *permalinks*, *includes* and *base_url*
    are the project's ``project``, ``blogposts_jekyll_site``,
    ``blogposts_jekyll_tags``, ``blogposts_jekyll_permalinks``,
    ``blogposts_jekyll_includes`` and base URL.
    """
    out = out or sys.stdout
    try:
        tz = load_timezone(tz_name)
    except DateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    base = srcdir if srcdir is not None else folder.parent
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in POST_SUFFIXES)
    paths = {path: path.relative_to(base).as_posix() for path in files}
    index = post_url_index(paths.values())
    site = site_variables(project, jekyll_site or {})
    now = _now()
    totals: Counter[str] = Counter()
    liquid: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    failed = False
    parsed = {path: parse_post(path.read_bytes(), paths[path], tz, markup=POST_SUFFIXES[path.suffix.lower()])
              for path in files}
    live = [r.post for r in parsed.values() if r.post is not None and _status(r, now) == "published"]
    links = site_links(live, _documents(base, includes), pattern=permalinks, tz=tz, site=site,
                       base_url=base_url, is_file=file_checker(base))
    loader = IncludeLoader(base, includes)
    for path in files:
        rel = paths[path]
        result = parsed[path]
        post = result.post
        errors = [p for p in result.problems if p.subtype in ERRORS]
        failed = failed or bool(errors)
        status = _status(result, now)
        totals["files"] += 1
        totals[status.split(" ")[0]] += 1
        print(f"{rel}: {status}", file=out)
        if post is not None:
            when = post.date.isoformat() if post.date else "none"
            print(f"    title: {post.title!r} (from {post.title_source})", file=out)
            print(f"    date:  {when}" + (f" (from {post.date_source})" if post.date_source else ""), file=out)
            if post.date is None:
                totals["undated"] += 1
            unknown.update(k for k in post.extra if k not in JEKYLL_KEYS)
        problems = list(result.problems)
        converted: Converted | None = None
        if post is not None and post.markup == "markdown" and not result.refused:
            split = split_front_matter(result.text)
            body = split.body if split else result.text
            context = liquid_context(post, site, index, jekyll_tags, links, loader)
            converted = convert(body, context, first_line=split.body_line if split else 1)
            liquid.update(converted.liquid_tags)
            problems += converted.problems
        for problem in problems:
            kind = "error" if problem.subtype in ERRORS else "warning"
            print(f"    {kind}: line {problem.line}: {problem.message} [blogposts.{problem.subtype}]", file=out)
        if converted is not None and post is not None:
            _report_links(converted, post, totals, out)

    print("", file=out)
    print("summary", file=out)
    for label, key in (("files", "files"), ("published", "published"), ("drafts", "draft"),
                       ("scheduled", "scheduled"), ("undated", "undated"), ("refused", "refused"),
                       ("not posts", "not")):
        print(f"  {label:<12}{totals[key]:>6}", file=out)
    for label, key in (("links to old addresses resolved", "link-found"), ("links leading nowhere", "link-lost"),
                       ("includes expanded", "include-found"), ("includes not found", "include-lost")):
        if totals[key]:
            print(f"  {label}: {totals[key]}", file=out)
    if liquid:
        print("  Liquid tags: " + ", ".join(f"{name} {n}" for name, n in liquid.most_common()), file=out)
    if unknown:
        print("  other front-matter keys: " + ", ".join(f"{k} {n}" for k, n in unknown.most_common(20)), file=out)
    return 1 if failed else 0


def _status(result, now: dt.datetime) -> str:
    post = result.post
    if post is None:
        return "refused" if not result.readable else "not a post (no front matter)"
    if result.refused or not post.published:
        return "draft (not published)"
    if post.date is not None and post.date > now:
        return "scheduled (dated in the future)"
    return "published"


def _documents(srcdir: Path, includes: str | None) -> dict[str, str]:
    """docname -> source path of the files the build would read as documents
    (what links to pages such as ``/faqs/`` resolve against)."""
    found: dict[str, str] = {}
    skip = {"_build", *([includes.strip("/").split("/")[0]] if includes else [])}
    for path in sorted(srcdir.rglob("*")):
        rel = path.relative_to(srcdir)
        if path.suffix.lower() not in POST_SUFFIXES or not path.is_file():
            continue
        if rel.parts[0] in skip or any(part.startswith(".") for part in rel.parts):
            continue
        found.setdefault(rel.with_suffix("").as_posix(), rel.as_posix())
    return found


def _report_links(converted: Converted, post: Post, totals: Counter[str], out: TextIO) -> None:
    """The post's links to old addresses, pages and files, and its includes."""
    for use in converted.links:
        if use.kind == "source":
            continue  # a post_url: its problems are reported with the others
        if use.found:
            totals["link-found"] += 1
            print(f"    link: line {use.line}: {use.url} -> {use.kind} {use.target}", file=out)
        else:
            totals["link-lost"] += 1
            print(f"    link: line {use.line}: {use.url} -> nothing here ({use.kind}); links to {use.target}",
                  file=out)
    for include in converted.includes:
        if include.status == "expanded":
            totals["include-found"] += 1
            print(f"    include: line {include.line}: {include.name} -> {include.path}", file=out)
        else:
            totals["include-lost"] += 1
            what = {"missing": "not found", "loop": "not expanded: a loop", "depth": "not expanded: too deep"}
            print(f"    include: line {include.line}: {include.name} -> {what[include.status]}", file=out)


# --- new ------------------------------------------------------------------


def safe_file_stem(title: str) -> str:
    """A file name from a title: lower case, dashes, no path characters."""
    text = unicodedata.normalize("NFKC", title).casefold()
    stem = re.sub(r"[\W_]+", "-", text).strip("-")[:60].strip("-")
    return stem or "post"


def find_project(start: Path) -> Path | None:
    """The nearest folder with a ``conf.py``: *start*, its parents, or ``docs/``."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            return folder
        if (folder / "docs" / "conf.py").is_file():
            return folder / "docs"
    return None


def _project_settings(confdir: Path) -> dict:
    """``blogposts_paths`` and ``blogposts_timezone`` from conf.py, if set."""
    namespace: dict = {"__file__": str(confdir / "conf.py")}
    try:
        code = compile((confdir / "conf.py").read_text(encoding="utf-8"), str(confdir / "conf.py"), "exec")
        exec(code, namespace)  # noqa: S102 - the project's own configuration, as sphinx-build runs it
    except Exception as exc:  # a conf.py that needs the build to run: use defaults
        print(f"note: conf.py could not be read ({exc}); using defaults", file=sys.stderr)
    return namespace


def new_post(title: str, start: Path, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    confdir = find_project(start)
    if confdir is None:
        print("error: no conf.py found here or above; run this inside a Sphinx project", file=sys.stderr)
        return 2
    settings = _project_settings(confdir)
    from .config import OPTIONS

    paths = settings.get("blogposts_paths", OPTIONS["paths"].default)
    try:
        tz = load_timezone(settings.get("blogposts_timezone", "UTC"))
    except DateError:
        tz = dt.timezone.utc
    folder = confdir / _folder_of(paths[0] if paths else "_posts/**")
    today = _now().astimezone(tz).date()
    target = folder / f"{today.isoformat()}-{safe_file_stem(title)}.md"
    if target.exists():
        print(f"error: {target} exists already; not overwritten", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    front_matter = f'---\ntitle: "{quoted}"\ndate: {today.isoformat()}\ntags: []\npublished: false\n---\n\n'
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(front_matter)
    print(target, file=out)
    return 0


def _check_in_project(folder: Path, tz_name: str | None) -> int:
    """``check`` with the settings of the project *folder* is in, if any."""
    folder = folder.resolve()
    confdir = next((d for d in (folder, *folder.parents) if (d / "conf.py").is_file()), None)
    if confdir is None:
        return check(folder, tz_name or "UTC")
    settings = _project_settings(confdir)
    print(f"note: settings from {confdir / 'conf.py'}", file=sys.stderr)
    project = settings.get("project")
    permalinks = settings.get("blogposts_jekyll_permalinks")
    includes = settings.get("blogposts_jekyll_includes", "_includes")
    return check(
        folder,
        tz_name or str(settings.get("blogposts_timezone", "UTC")),
        srcdir=confdir,
        project=project if isinstance(project, str) else None,
        jekyll_site=_mapping(settings.get("blogposts_jekyll_site")),
        jekyll_tags=_mapping(settings.get("blogposts_jekyll_tags")),
        permalinks=permalinks if isinstance(permalinks, str) and permalinks else None,
        includes=includes.strip("/") if isinstance(includes, str) and includes.strip("/") else None,
        base_url=first_base_url(settings.get("blogposts_baseurl"), settings.get("html_baseurl"),
                                os.environ.get("READTHEDOCS_CANONICAL_URL")),
    )


def _mapping(value: object) -> dict:
    return dict(value) if isinstance(value, dict) else {}


def _folder_of(pattern: str) -> str:
    """The fixed folder part of a glob pattern (``_posts/**`` -> ``_posts``)."""
    parts = []
    for part in pattern.split("/"):
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return "/".join(parts) or "_posts"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-blogposts", description=__doc__.splitlines()[0].replace("``", ""))
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="report what the build will do with a folder of posts")
    check_cmd.add_argument("path", type=Path, help="a folder of posts, e.g. a Jekyll _posts folder")
    check_cmd.add_argument("--timezone", default=None,
                           help="timezone for dates without an offset (default: the project's, else UTC)")
    new_cmd = commands.add_parser("new", help="write a new draft post")
    new_cmd.add_argument("title")
    args = parser.parse_args(argv)
    if args.command == "check":
        if not args.path.is_dir():
            parser.error(f"{args.path} is not a folder")
        return _check_in_project(args.path, args.timezone)
    return new_post(args.title, Path.cwd())


if __name__ == "__main__":
    raise SystemExit(main())
