from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

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
#: "now" for every test (2027-01-01T00:00:00Z): later than every post the
#: tests expect to be published, so no result depends on the machine's clock
#: or on a SOURCE_DATE_EPOCH set outside; tests about the clock set their own
FIXED_EPOCH = 1798761600
#: the shared corpora of real posts: ../shared/corpora beside the checkout,
#: or the folder BLOGPOSTS_CORPORA names (for a checkout elsewhere)
CORPORA = Path(os.environ.get("BLOGPOSTS_CORPORA") or Path(__file__).resolve().parents[2] / "shared" / "corpora")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def fixed_build_time(monkeypatch):
    """Every build (in this process or a subprocess) sees the same "now"."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    return FIXED_EPOCH


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


# --- traces of posts that must not be published ----------------------------------------


@cache
def search_stem(word: str) -> str:
    """*word* as Sphinx's English search index stores it: lower-cased and stemmed."""
    from sphinx.search.en import SearchEnglish

    return SearchEnglish({}).stem(word).lower()


def search_index(path: Path) -> dict:
    """A ``searchindex.js`` as data."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def traces(builddir: Path, marker: str, docnames: Iterable[str] = ()) -> list[str]:
    """Every trace under *builddir* (output and doctrees) of posts that must
    not be published, whose text holds *marker* and whose documents are
    *docnames*:

    - a file whose path or bytes name the marker, its stem or a docname, in
      any case (ids and anchors are lower-cased);
    - a search index with a term holding the marker's stem: Sphinx indexes
      words lower-cased and stemmed ("ZQXDRAFTMARKER" is "zqxdraftmark"),
      which no byte search for the marker finds;
    - a saved environment that holds any of them anywhere, once unpickled
      (its records, Sphinx's table of the project's files, the blog's scan).
    """
    stem = search_stem(marker)
    pattern = re.compile("|".join([
        re.escape(marker.lower()),
        re.escape(stem),
        # a whole docname: "_posts/a" is not found in "_posts/a-2"
        *(re.escape(d.lower()) + r"(?![\w-])" for d in docnames),
    ]))

    def named(text: str) -> list[str]:
        return sorted({m.group(0) for m in pattern.finditer(text.lower())})

    found = []
    for path in sorted(builddir.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(builddir).as_posix()
        if named(name):
            found.append(f"{name}: its path")
        elif path.name == "environment.pickle":
            found += [f"{name}: {where}" for where in _environment_traces(path, named)]
        else:
            found += [f"{name}: {n!r}" for n in named(path.read_bytes().decode("utf-8", "replace"))]
        if path.name == "searchindex.js":
            index = search_index(path)
            terms = [t for table in ("terms", "titleterms") for t in index[table] if stem in t]
            found += [f"{name}: search term {t!r}" for t in terms]
    return found


def _environment_traces(path: Path, named) -> list[str]:
    """Where in the unpickled environment at *path* ``named`` finds a name."""
    with path.open("rb") as file:
        env = pickle.load(file)
    found: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(env, "env")]
    while stack:
        obj, where = stack.pop()
        if isinstance(obj, (str, bytes)):
            text = obj if isinstance(obj, str) else obj.decode("utf-8", "replace")
            found += [f"{where} holds {n!r}" for n in named(text)]
            continue
        if isinstance(obj, PurePath):
            stack.append((obj.as_posix(), where))
            continue
        if obj is None or isinstance(obj, (int, float, complex)) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Mapping):
            for key, value in obj.items():
                stack.append((key, f"{where} key"))
                stack.append((value, f"{where}[{key!r}]"))
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend((item, f"{where}[]") for item in obj)
        else:
            for name, value in vars(obj).items() if hasattr(obj, "__dict__") else ():
                stack.append((value, f"{where}.{name}"))
            for cls in type(obj).__mro__:
                slots = getattr(cls, "__slots__", ())
                for name in (slots,) if isinstance(slots, str) else slots:
                    if hasattr(obj, name):
                        stack.append((getattr(obj, name), f"{where}.{name}"))
    return sorted(set(found))


# --- which process did the work ------------------------------------------------------------


class ProcessLog:
    """Which process read and wrote each document, and made each of the
    blog's generated pages and feed entries.

    Spies on the functions that do that work append a line to a file; a
    spy set in this process survives the fork into Sphinx's worker
    processes and ours, so what a worker did is recorded with its pid.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.main = os.getpid()

    def note(self, what: str, name: str) -> None:
        line = json.dumps([os.getpid(), what, name]) + "\n"
        # one write in append mode: lines of processes running at once stay whole
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def records(self) -> list[tuple[int, str, str]]:
        if not self.path.exists():
            return []
        return [tuple(json.loads(line)) for line in self.path.read_text(encoding="utf-8").splitlines()]

    def by_process(self, what: str) -> dict[str, set[str]]:
        """``{"main": names, "workers": names}`` for one kind of work."""
        done: dict[str, set[str]] = {"main": set(), "workers": set()}
        for pid, kind, name in self.records():
            if kind == what:
                done["main" if pid == self.main else "workers"].add(name)
        return done

    def worker_pids(self) -> set[int]:
        return {pid for pid, _kind, _name in self.records() if pid != self.main}


@pytest.fixture
def process_log(tmp_path, monkeypatch) -> ProcessLog:
    """Spies on reading ("read") and writing ("write") each document, and
    making each generated page ("page") and feed entry ("entry")."""
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

    from sphinx_blogposts.write import feed_files, listing_pages

    log = ProcessLog(tmp_path / "processes.jsonl")

    def spy(owner, name: str, what: str, key) -> None:
        real = getattr(owner, name)

        def wrapper(*args, **kwargs):
            log.note(what, key(*args))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    spy(Builder, "read_doc", "read", lambda builder, docname, *rest: docname)
    spy(StandaloneHTMLBuilder, "write_doc", "write", lambda builder, docname, *rest: docname)
    spy(listing_pages, "page_context", "page", lambda context, spec: spec.pagename)
    spy(feed_files._EntryMaker, "_make", "entry", lambda maker, docname: docname)
    return log
