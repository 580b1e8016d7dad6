from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from io import StringIO

import pytest
from hypothesis import settings
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]

# The property tests run the same examples on every run, so the suite's result
# depends only on the code; HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"
# The real blogs the corpus tests build: ../shared/corpora beside the checkout,
# or wherever BLOGPOSTS_CORPORA says (a worktree elsewhere).
CORPORA = Path(os.environ.get("BLOGPOSTS_CORPORA") or Path(__file__).resolve().parents[2] / "shared" / "corpora")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Built:
    """A finished build: the app, its folders, and helpers to read output."""

    app: object
    srcdir: Path
    outdir: Path

    @property
    def warnings(self) -> list[str]:
        text = _ANSI.sub("", self.app.warning.getvalue())
        return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]

    def blog_warnings(self, subtype: str | None = None) -> list[str]:
        tag = f"[blogposts.{subtype}]" if subtype else "[blogposts."
        return [w for w in self.warnings if tag in w]

    @property
    def status(self) -> str:
        return _ANSI.sub("", self.app.status.getvalue())

    def page_path(self, docname: str) -> Path:
        return Path(self.app.builder.get_outfilename(docname))

    def soup(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup(self.page_path(docname).read_text(encoding="utf-8"), "lxml")


def run_build(
    srcdir: Path,
    *,
    buildername: str = "html",
    confoverrides: dict | None = None,
    parallel: int = 0,
    freshenv: bool = False,
) -> Built:
    """Build *srcdir* with Sphinx's test app (output in ``srcdir/_build``).

    Building the same *srcdir* again reuses the environment and output, as a
    second ``sphinx-build`` run does.
    """
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        confoverrides=confoverrides or {},
        status=StringIO(),
        warning=StringIO(),
        parallel=parallel,
        freshenv=freshenv,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(app, srcdir, Path(app.outdir))


@pytest.fixture
def build(tmp_path):
    """Copy a test root (plus extra files) into a temp dir and build it.

    Calling it again with the same ``srcdir`` builds incrementally on the same
    output, as ``sphinx-build`` does when run twice.
    """

    def _build(
        root: str | None = "basic",
        *,
        files: dict[str, str | bytes | None] | None = None,
        srcdir: Path | None = None,
        **options,
    ) -> Built:
        if srcdir is None:
            srcdir = tmp_path / "src"
            if root is not None:
                shutil.copytree(ROOTS / f"test-{root}", srcdir, dirs_exist_ok=True)
            srcdir.mkdir(exist_ok=True)
        write_files(srcdir, files or {})
        return run_build(srcdir, **options)

    return _build


def write_files(srcdir: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (or, for ``None``, delete) files under *srcdir*."""
    for name, content in files.items():
        path = srcdir / name
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under *root*, by relative path: for comparing two outputs."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def broken_links(outdir: Path, page: Path) -> list[str]:
    """Relative ``href``/``src`` values in *page* that lead to no file."""
    from urllib.parse import unquote, urlsplit

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    broken = []
    urls = [t["href"] for t in soup.find_all(href=True)] + [t["src"] for t in soup.find_all(src=True)]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or not target.is_relative_to(outdir.resolve()):
            broken.append(url)
    return broken
