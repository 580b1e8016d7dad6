"""Incremental builds give the same output as a clean build, without -E,
serial and with -j 2, html and dirhtml."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOTS, run_build, tree_bytes, write_files
from sphinx_blogposts.write import workers

NEW_POST = "---\ntitle: Lambda\ndate: 2021-04-04\ntags: [release, fresh]\n---\nLambda text.\n"


def comparable(outdir) -> dict[str, bytes]:
    """Every file of the output folder: Sphinx's .buildinfo, the blog's record
    of generated files (.blogposts.json) and the search index included.

    Only ``.doctrees/`` would be left out (Sphinx's pickles hold read times
    and absolute paths), were it in the output folder; the test app puts it
    beside.  The search index is not normalised: on an incremental build
    Sphinx keeps every word it ever indexed, with an empty list of documents
    once the documents that held it are gone or were written again without
    it (``"zeta": []`` after zeta's post is deleted); write/search_index.py
    drops those entries, since they would keep an unpublished post's words,
    so the index is compared byte for byte.
    """
    return {name: data for name, data in tree_bytes(outdir).items() if not name.startswith(".doctrees/")}


def assert_same_as_clean(incremental, tmp_path, name, buildername="html"):
    clean_src = tmp_path / f"clean-{name}"
    shutil.copytree(incremental.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(clean_src, buildername=buildername)
    got, want = comparable(incremental.outdir), comparable(clean.outdir)
    assert sorted(got) == sorted(want)
    assert [n for n in want if got[n] != want[n]] == []


EDITS = {
    "add": {"_posts/2021-04-04-lambda.md": NEW_POST},
    "retitle": {"_posts/2019-03-05-beta.md": "---\ntitle: Beta, renamed\ndate: 2019-03-05\ntags: [release]\n---\nBeta.\n"},
    "redate": {"_posts/2019-03-05-beta.md": "---\ntitle: Beta release\ndate: 2021-06-01\ntags: [release]\n---\nBeta.\n"},
    "retag": {"_posts/2021-01-01-theta.md": "---\ntitle: Theta\ndate: 2021-01-01\ntags: [brand-new]\n---\nTheta.\n"},
    "excerpt": {"_posts/2019-01-10-alpha.md": "---\ntitle: Alpha release\ndate: 2019-01-10\n---\nA new first paragraph.\n"},
    "unpublish": {"_posts/2020-08-08-eta.md": "---\ntitle: Eta\ndate: 2020-08-08\npublished: false\n---\nEta.\n"},
    "delete": {"_posts/2020-05-01-zeta.rst": None},
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edit_then_rebuild_equals_clean_build(tmp_path, edit):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    run_build(srcdir)
    write_files(srcdir, EDITS[edit])
    incremental = run_build(srcdir)
    assert_same_as_clean(incremental, tmp_path, edit)


def test_no_change_rebuild_reads_and_writes_nothing_new(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    run_build(srcdir)
    again = run_build(srcdir)
    assert "0 added, 0 changed, 0 removed" in again.status


def test_edit_rereads_only_that_post(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    run_build(srcdir)
    write_files(srcdir, {"_posts/2019-01-10-alpha.md": "---\ntitle: Alpha release\ndate: 2019-01-10\n"
                         "tags: [release, python]\n---\nAlpha, edited.\n"})
    again = run_build(srcdir)
    assert "0 added, 1 changed, 0 removed" in again.status


def test_removed_tag_page_disappears(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    first = run_build(srcdir)
    assert first.page_path("blog/tag/中文").exists()
    write_files(srcdir, {"_posts/2020-08-08-eta.md": "---\ntitle: Eta\ndate: 2020-08-08\n---\nEta.\n"})
    again = run_build(srcdir)
    assert not again.page_path("blog/tag/中文").exists()
    assert "中文" not in again.page_path("blog/tag/index").read_text(encoding="utf-8")


def _generated_pages(outdir) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(outdir).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted((outdir / "blog").rglob("*.html"))
    }


@pytest.mark.parametrize("sidebars", [False, True], ids=["no-blog-sidebars", "blog-sidebars"])
def test_retag_writes_again_only_the_blog_pages_that_change(tmp_path, sidebars):
    """A post's new tags change the pages that list it (its tag pages, the
    index page it is on, the tag overview...), not the others: only those are
    written again, unless the blog's sidebars (tag counts) are on every page."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    overrides = {} if sidebars else {"html_sidebars": {}}
    first = run_build(srcdir, confoverrides=overrides)
    before = _generated_pages(first.outdir)
    write_files(srcdir, EDITS["retag"])
    again = run_build(srcdir, confoverrides=overrides)
    after = _generated_pages(again.outdir)
    kept = before.keys() & after.keys()
    rewritten = {name for name in kept if after[name][0] != before[name][0]}
    changed = {name for name in kept if after[name][1] != before[name][1]}
    assert changed, "the retag changed no blog page"
    assert rewritten == changed
    assert len(changed) < len(kept) / 2 if not sidebars else len(changed) == len(kept)


# --- incremental builds with -j 2, html and dirhtml --------------------------------------

FULL = "test-full"
FULL_EDITS = {
    "add": {"_posts/2021-05-05-nu.md": "---\ntitle: Nu\ndate: 2021-05-05\ntags: [release, fresh]\nauthor: Ann\n---\nNu text.\n"},
    "edit body": {"_posts/2019-01-10-alpha.md": (
        "---\ntitle: Alpha release\ndate: 2019-01-10 09:00\ntags: [release, python]\ncategory: news\nauthor: Ann\n"
        "---\nA new first paragraph for alpha.\n\n<!--more-->\n\nAnd a new second one.\n"
    )},
    "edit tags": {"_posts/2019-06-20-gamma.md": (
        "---\ntitle: Gamma notes\ndate: 2019-06-20\ntags: [brand-new, notes]\nauthors: [Ann, Bob]\n---\n"
        "Gamma paragraph with **bold** text.\n\n## A section\n\nMore gamma.\n"
    )},
    "unpublish": {"_posts/2021-02-02-kappa.md": (
        "---\ntitle: Kappa\ndate: 2021-02-02\ntags: [notes]\nauthor: Ann\npublished: false\n---\nKappa paragraph.\n"
    )},
    "delete": {"_posts/2020-05-01-zeta.rst": None},
    "rename": {
        "_posts/2019-03-05-beta.md": None,
        "_posts/2019-03-06-beta-moved.md": (ROOTS / FULL / "_posts/2019-03-05-beta.md").read_text(encoding="utf-8"),
    },
}


@pytest.mark.parametrize("edit", list(FULL_EDITS))
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_parallel_incremental_build_equals_clean_serial_build(tmp_path, monkeypatch, process_log, builder, edit):
    """Built with -j 2, edited, built again with -j 2 (the blog's pages in
    worker processes): the output folder is the one a clean -j 1 build of
    the same sources writes."""
    monkeypatch.setattr(workers, "MINIMUM", 1)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / FULL, srcdir)
    run_build(srcdir, buildername=builder, parallel=2)
    write_files(srcdir, FULL_EDITS[edit])
    process_log.clear()
    incremental = run_build(srcdir, buildername=builder, parallel=2)
    assert incremental.warnings == []
    # the rebuild made the pages showing the edit again, in worker processes
    pages = process_log.by_process("page")
    assert pages["workers"] and not pages["main"], pages

    clean_src = tmp_path / "clean"
    shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(clean_src, buildername=builder, parallel=1)
    got, want = comparable(incremental.outdir), comparable(clean.outdir)
    assert sorted(got) == sorted(want)
    assert len(want) > 90
    assert [name for name in want if got[name] != want[name]] == []


# --- what readers meet: series, pinned, unlisted, related posts, profiles ----------------

def _readers_post(title: str, date: str, extra: str = "", body: str = "Body.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


SERIES_PART = "series: Building a blog\n"
READERS_EDITS = {
    "series part added": {"_posts/2024-04-01-series-four.md": _readers_post(
        "Going further", "2024-04-01", SERIES_PART + "series_part: 4\ntags: [indieweb]\n")},
    "series part removed": {"_posts/2024-01-20-series-two.md": None},
    "series part retitled": {"_posts/2024-01-10-series-one.md": _readers_post(
        "Choosing a static generator", "2024-01-10", SERIES_PART + "series_part: 1\nauthor: ann\n"
        "tags: [sphinx, blogging]\n")},
    "series part unpublished": {"_posts/2024-02-01-series-three.md": _readers_post(
        "Joining the IndieWeb", "2024-02-01", SERIES_PART + "series_part: 3\npublished: false\n")},
    "pinned toggled": {
        "_posts/2024-02-15-welcome.md": _readers_post("Welcome, readers", "2024-02-15", "author: bob\ntags: [news]\n"),
        "_posts/2023-12-01-old-notes.md": _readers_post("Old notes", "2023-12-01", "pinned: true\ntags: [sphinx]\n"),
    },
    "made unlisted": {"_posts/2024-03-20-newest.md": _readers_post(
        "The newest post", "2024-03-20", "unlisted: true\nauthor: Ann Example\ntags: [blogging]\n")},
    "tags edited": {"_posts/2024-03-10-quiet.md": _readers_post(
        "A quiet post", "2024-03-10", "comments: false\ntags: [blogging, sphinx]\n")},
    "profile edited": {"authors.yml": "ann:\n  name: Ann Exemplar\n  url: https://ann.example/\n"
                       "  bio: Now writes about *other things*.\n  avatar: _static/ann.png\n"},
    "avatar replaced": {"_static/ann.png": (ROOTS / "test-listing" / "_static" / "pic.png").read_bytes()},
}


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
@pytest.mark.parametrize("edit", list(READERS_EDITS))
def test_readers_edit_then_rebuild_equals_clean_build(tmp_path, edit, buildername):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-readers", srcdir)
    first = run_build(srcdir, buildername=buildername)
    before = comparable(first.outdir)
    write_files(srcdir, READERS_EDITS[edit])
    incremental = run_build(srcdir, buildername=buildername)
    assert incremental.warnings == []
    # a page that shows the edited post (not its own) was written again
    shown_on = incremental.page_path(SHOWN_ON[edit]).relative_to(incremental.outdir).as_posix()
    assert comparable(incremental.outdir)[shown_on] != before[shown_on]
    assert_same_as_clean(incremental, tmp_path, edit, buildername)


#: a page that shows what each edit changes, though its own source is the same
SHOWN_ON = {
    "series part added": "_posts/2024-01-10-series-one",
    "series part removed": "_posts/2024-01-10-series-one",
    "series part retitled": "_posts/2024-01-20-series-two",
    "series part unpublished": "_posts/2024-01-10-series-one",
    "pinned toggled": "blog/index",
    "made unlisted": "_posts/2024-03-10-quiet",
    "tags edited": "_posts/2024-01-10-series-one",
    "profile edited": "_posts/2024-01-10-series-one",
    "avatar replaced": "_posts/2024-01-10-series-one",
}
