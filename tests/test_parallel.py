"""``-j 2`` writes the same output folder as ``-j 1``, with the work really
done in worker processes.

The root (tests/roots/test-full) has sidebars, postlists, tag, category
and author pages, a draft, a file in ``_drafts/``, a scheduled post and
redirects.  ``process_log`` (conftest) records which process read and wrote
each document and made each generated page and feed entry: a spy set before
the build survives the fork, so a worker's records carry its own pid.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest

from conftest import ROOTS, run_build, traces, tree_bytes, write_files
from sphinx_blogposts.write import workers

DRAFTS = ("_posts/2020-06-06-hidden", "_drafts/jekyll-draft")
SCHEDULED = "_posts/2999-01-01-scheduled"


def build_serial_and_parallel(tmp_path, process_log, builder: str, drafts: bool):
    """The root built with ``-j 1`` and with ``-j 2``: (built, what each
    process did, every file of the output folder) for each."""
    results = {}
    for jobs in (1, 2):
        process_log.clear()
        srcdir = tmp_path / f"{builder}-j{jobs}"
        shutil.copytree(ROOTS / "test-full", srcdir)
        built = run_build(srcdir, buildername=builder, parallel=jobs, confoverrides={"blogposts_drafts": drafts})
        expected = [w for w in built.warnings if drafts and "_drafts/jekyll-draft.md:1" in w and "[blogposts.date]" in w]
        assert built.warnings == expected  # with drafts on, the Jekyll draft has no date
        done = {what: process_log.by_process(what) for what in ("read", "write", "page", "entry")}
        results[jobs] = (built, done, process_log.worker_pids(), tree_bytes(built.outdir))
    return results


def assert_same_folders(serial: dict[str, bytes], parallel: dict[str, bytes]) -> None:
    # every file of the output folder, the blog's record of generated files
    # and Sphinx's .buildinfo included
    assert sorted(serial) == sorted(parallel)
    assert len(serial) > 90
    assert [name for name in serial if serial[name] != parallel[name]] == []


@pytest.mark.parametrize("drafts", [False, True], ids=["drafts-hidden", "drafts-previewed"])
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_parallel_build_equals_serial_with_the_work_in_worker_processes(tmp_path, monkeypatch, process_log,
                                                                        builder, drafts):
    # this blog has fewer pages and feed entries than are worth forking for
    monkeypatch.setattr(workers, "MINIMUM", 1)
    results = build_serial_and_parallel(tmp_path, process_log, builder, drafts)
    serial, serial_done, serial_pids, serial_files = results[1]
    parallel, done, pids, parallel_files = results[2]

    # -j 1: everything in this process
    assert serial_pids == set()
    documents = serial_done["read"]["main"]
    pages, entries = serial_done["page"]["main"], serial_done["entry"]["main"]
    assert len(documents) > 10 and len(pages) > 20 and len(entries) > 10
    # -j 2: Sphinx read every document in workers and wrote all but the
    # first (written in this process to warm up its caches) there; the
    # blog's pages and feed entries were all made in workers
    assert done["read"] == {"main": set(), "workers": documents}
    assert len(done["write"]["main"]) == 1 and done["write"]["main"] | done["write"]["workers"] == documents
    assert done["page"] == {"main": set(), "workers": pages}
    assert done["entry"] == {"main": set(), "workers": entries}
    assert len(pids) >= 2

    assert_same_folders(serial_files, parallel_files)

    # and the folder is the blog: sidebars, postlists, generated pages, redirects
    index = parallel.soup("index")
    assert index.select(".blogposts-recent a") and index.select(".blogposts-tagcloud a")
    assert index.select(".blogposts-archives a")
    assert len(index.select(".blogposts-postlist .blogposts-entry")) == 3
    assert parallel.page_path("blog/tag/release").is_file()
    assert parallel.page_path("blog/category/guides").is_file()
    assert parallel.page_path("blog/author/ann").is_file()
    assert "sphinx-blogposts redirect" in (parallel.outdir / "news/2019/01/10/alpha.html").read_text(encoding="utf-8")
    assert "sphinx-blogposts redirect" in (parallel.outdir / "old/theta-address/index.html").read_text(encoding="utf-8")
    if drafts:  # previews, scheduled post included, each with its banner
        for docname in (*DRAFTS, SCHEDULED):
            assert parallel.soup(docname).find(class_="blogpost-draft-banner"), docname
    else:
        assert traces(parallel.srcdir / "_build", "The draft's body", DRAFTS + (SCHEDULED,)) == []
        assert traces(parallel.srcdir / "_build", "Jekyll draft", ()) == []


def test_small_blog_makes_its_pages_in_the_main_process(tmp_path, process_log):
    """Below workers.MINIMUM pages and feed entries, a ``-j 2`` build makes
    them in this process (forking costs more), and the output is the same."""
    results = build_serial_and_parallel(tmp_path, process_log, "html", False)
    serial_done = results[1][1]
    parallel, done, pids, parallel_files = results[2]
    pages, entries = serial_done["page"]["main"], serial_done["entry"]["main"]
    assert 0 < len(pages) < workers.MINIMUM and 0 < len(entries) < workers.MINIMUM
    # Sphinx's own work still went to workers; the blog's stayed here
    assert done["read"]["workers"] and pids
    assert done["page"] == {"main": pages, "workers": set()}
    assert done["entry"] == {"main": entries, "workers": set()}
    assert_same_folders(results[1][3], parallel_files)


def _contents(outdir) -> dict[str, bytes]:
    """The output folder's files; an EPUB as its members (the zip records
    each member's time of writing)."""
    files = tree_bytes(outdir)
    for name in [n for n in files if n.endswith(".epub")]:
        with zipfile.ZipFile(outdir / name) as epub:
            files.update({f"{name}!{member}": epub.read(member) for member in sorted(epub.namelist())})
        del files[name]
    return files


@pytest.mark.parametrize("builder", ["text", "man", "latex", "epub"])
def test_other_builders_parallel_equals_serial(tmp_path, process_log, builder):
    """Other builders read in worker processes too (and text and epub write
    there): the output is the serial one."""
    files = {}
    for jobs in (1, 2):
        process_log.clear()
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-full", srcdir)
        built = run_build(srcdir, buildername=builder, parallel=jobs)
        assert [w for w in built.warnings if "blogposts" in w] == []
        reads = process_log.by_process("read")
        assert reads == ({"main": reads["main"], "workers": set()} if jobs == 1
                         else {"main": set(), "workers": reads["workers"]})
        assert len(reads["main"] | reads["workers"]) > 10
        files[jobs] = _contents(built.outdir)
    assert sorted(files[1]) == sorted(files[2])
    assert [name for name in files[1] if files[1][name] != files[2][name]] == []
    assert any("Alpha release".encode() in data for data in files[2].values())


# a long series, pinned and unlisted posts, shared tags: boxes, related lists,
# author profiles and comments on every page
READERS_EXTRA = {
    f"_posts/2023-05-{day:02d}-part-{day}.md": (
        f"---\ntitle: Part {day}\nauthor: {'ann' if day % 2 else 'Bob Builder'}\nseries: Long series\n"
        f"{'series_part: ' + str(30 - day) + chr(10) if day % 3 else ''}"
        f"tags: [t{day % 4}, t{day % 7}, common]\n{'pinned: true' + chr(10) if day == 5 else ''}"
        f"{'unlisted: true' + chr(10) if day == 9 else ''}---\nPart {day} of many.\n"
    )
    for day in range(1, 29)
}


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_readers_parallel_output_equals_serial(tmp_path, monkeypatch, process_log, buildername):
    """Series boxes, related posts, profiles and comments: a -j 2 build (the
    documents read and written, the blog's pages made, in worker processes)
    writes what a serial one does."""
    monkeypatch.setattr(workers, "MINIMUM", 1)
    outputs = {}
    for jobs in (0, 2):
        process_log.clear()
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-readers", srcdir)
        write_files(srcdir, READERS_EXTRA)
        built = run_build(srcdir, parallel=jobs, buildername=buildername)
        assert not built.warnings, built.warnings
        if jobs:
            for kind in ("read", "page"):
                done = process_log.by_process(kind)
                assert done["workers"] and not done["main"], (kind, done)
        outputs[jobs] = {k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")}
    assert outputs[0].keys() == outputs[2].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[2][name]] == []
    page = "_posts/2023-05-10-part-10" + (".html" if buildername == "html" else "/index.html")
    text = outputs[2][page].decode()
    assert "blogposts-series" in text and "blogposts-related" in text and "blogposts-comments" in text


def test_writing_workers_inherit_a_frozen_heap_and_the_build_thaws_it(tmp_path, monkeypatch, process_log):
    """On -j 2 the objects alive when Sphinx forks its writing workers are
    frozen out of the garbage collector's sight (else each worker walks and
    copies the whole inherited heap); serial builds are left alone, and
    every build ends with nothing frozen."""
    import gc

    from sphinx.builders.html import StandaloneHTMLBuilder

    real = StandaloneHTMLBuilder.write_doc

    def write_doc(builder, docname, *rest):
        process_log.note("frozen", str(gc.get_freeze_count() > 0))
        return real(builder, docname, *rest)

    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", write_doc)
    seen = {}
    for jobs in (1, 2):
        process_log.clear()
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-full", srcdir)
        run_build(srcdir, buildername="html", parallel=jobs)
        seen[jobs] = process_log.by_process("frozen")
        assert gc.get_freeze_count() == 0
    assert seen[1] == {"main": {"False"}, "workers": set()}
    assert seen[2]["workers"] == {"True"}
