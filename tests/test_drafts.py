"""Drafts and scheduled posts never leak into any output, on any build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import traces, write_files

MARKER = "ZQXDRAFTMARKER"
SECRET = "_posts/2019-08-01-secret"


def draft_post(published: str = "false", date: str = "2019-08-01") -> str:
    return (
        "---\n"
        f"title: {MARKER} title\n"
        f"date: {date}\n"
        f"published: {published}\n"
        f"tags: [{MARKER}tag]\n"
        f"secret_note: {MARKER} in a private key\n"
        "---\n"
        f"{MARKER} body text.\n"
    )


def leaks(builddir: Path, *docnames: str) -> list[str]:
    """Every trace of the marker (or of *docnames*) under the build folder:
    its bytes, its stem in the search index, the saved environment."""
    return traces(builddir, MARKER, docnames)


def test_unpublished_post_leaks_nowhere(build):
    built = build(files={"_posts/2019-08-01-secret.md": draft_post()})
    assert leaks(built.srcdir / "_build", SECRET) == []
    assert not built.page_path(SECRET).exists()
    assert built.page_path("_posts/2019-05-06-first-post").exists()


def test_future_post_leaks_nowhere(build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01
    built = build(files={"_posts/2020-06-01-later.md": draft_post("true", "2020-06-01")})
    assert leaks(built.srcdir / "_build", "_posts/2020-06-01-later") == []
    # the same post is published once its date has passed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609459200")  # 2021-01-01
    again = build(srcdir=built.srcdir)
    assert again.page_path("_posts/2020-06-01-later").exists()


def test_far_future_post_is_scheduled(build):
    built = build(files={"_posts/2010-10-25-future.md": draft_post("true", "9999-12-31")})
    assert leaks(built.srcdir / "_build", "_posts/2010-10-25-future") == []


def test_unpublishing_removes_everything_on_incremental_build(build):
    built = build(files={"_posts/2019-08-01-secret.md": draft_post("true")})
    assert built.page_path(SECRET).exists()
    # published, it is everywhere it should be, and the scan sees it there: in
    # the search index only stemmed ("zqxdraftmark"), in the environment
    found = leaks(built.srcdir / "_build", SECRET)
    assert "html/searchindex.js: search term 'zqxdraftmark'" in found
    assert any(f.startswith("doctrees/environment.pickle: ") for f in found)

    write_files(built.srcdir, {"_posts/2019-08-01-secret.md": draft_post("false")})
    again = build(srcdir=built.srcdir)
    assert leaks(again.srcdir / "_build", SECRET) == []
    assert not again.page_path(SECRET).exists()

    # and back: republished, it is read again
    write_files(built.srcdir, {"_posts/2019-08-01-secret.md": draft_post("true")})
    third = build(srcdir=built.srcdir)
    assert third.page_path("_posts/2019-08-01-secret").exists()


def test_deleted_post_page_is_removed(build):
    built = build()
    page = built.page_path("_posts/2019-06-01-second-post")
    assert page.exists()
    write_files(built.srcdir, {"_posts/2019-06-01-second-post.md": None})
    build(srcdir=built.srcdir)
    assert not page.exists()


def test_drafts_preview_shows_banner(build):
    built = build(
        files={"_posts/2019-08-01-secret.md": draft_post()},
        confoverrides={"blogposts_drafts": True},
    )
    page = built.soup("_posts/2019-08-01-secret")
    assert page.find(class_="blogpost-draft-banner")
    assert not built.soup("_posts/2019-05-06-first-post").find(class_="blogpost-draft-banner")


def test_future_option_publishes_future_posts(build):
    built = build(
        files={"_posts/9999-12-31-future.md": draft_post("true", "9999-12-31")},
        confoverrides={"blogposts_future": True},
    )
    page = built.soup("_posts/9999-12-31-future")
    assert page.find("h1")
    assert not page.find(class_="blogpost-draft-banner")


def test_no_change_rebuild_reads_nothing(build):
    built = build(files={"_posts/2019-08-01-secret.md": draft_post()})
    again = build(srcdir=built.srcdir)
    assert "0 added, 0 changed, 0 removed" in again.status
    assert leaks(again.srcdir / "_build", SECRET) == []


def test_builds_see_the_fixed_epoch_not_the_clock(build, fixed_build_time):
    """conftest's autouse fixture gives every build the same "now": a post
    dated a day before it is published, one dated a day after is scheduled,
    whatever the machine's clock says."""
    day = 86400
    before = dt.datetime.fromtimestamp(fixed_build_time - day, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +00:00")
    after = dt.datetime.fromtimestamp(fixed_build_time + day, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +00:00")
    built = build(files={
        "_posts/before.md": f"---\ntitle: Day before\ndate: {before}\n---\nText.\n",
        "_posts/after.md": f"---\ntitle: Day after\ndate: {after}\n---\nText.\n",
    })
    assert built.page_path("_posts/before").is_file()
    assert not built.page_path("_posts/after").exists()


def test_draft_previewed_then_hidden_leaves_nothing(build):
    """A draft built once as a preview (``blogposts_drafts``), then built
    without it in the same output folder: no page, none of its words in the
    search index (Sphinx would keep them there, with no document), nothing
    in the saved environment."""
    built = build(files={"_posts/2019-08-01-secret.md": draft_post()}, confoverrides={"blogposts_drafts": True})
    assert built.page_path(SECRET).exists()
    again = build(srcdir=built.srcdir)
    assert not again.page_path(SECRET).exists()
    assert leaks(again.srcdir / "_build", SECRET) == []
