"""Incremental builds give the same output as a clean build, without -E."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOTS, run_build, tree_bytes, write_files

NEW_POST = "---\ntitle: Lambda\ndate: 2021-04-04\ntags: [release, fresh]\n---\nLambda text.\n"


def _search_index(data: bytes) -> bytes:
    """The search index without the empty entries Sphinx leaves behind
    when a word disappears in an incremental build (its own behaviour)."""
    text = data.decode("utf-8")
    prefix, _, rest = text.partition("(")
    index = json.loads(rest.rstrip().rstrip(";").rstrip(")"))
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index[key].items() if docs != []}
    return json.dumps(index, sort_keys=True).encode()


def comparable(outdir) -> dict[str, bytes]:
    """Output files, minus Sphinx's own bookkeeping."""
    files = {
        name: data
        for name, data in tree_bytes(outdir).items()
        if not name.startswith((".doctrees/", ".buildinfo", ".blogposts.json"))
    }
    files["searchindex.js"] = _search_index(files["searchindex.js"])
    return files


def assert_same_as_clean(incremental, tmp_path, name):
    clean_src = tmp_path / f"clean-{name}"
    shutil.copytree(incremental.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(clean_src)
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
