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
