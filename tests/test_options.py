"""What each of these ``blogposts_*`` options changes in a real build.

Each test builds the same sources with the option set and with its default,
and asserts the difference on the output a reader (or a feed reader) gets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

from conftest import ROOTS, Built, run_build, traces, write_files


def default_and_option(tmp_path: Path, options: dict, files: dict | None = None, *, root: str = "basic",
                       builder: str = "html") -> tuple[Built, Built]:
    """The root (plus *files*) built with the defaults and with *options*."""
    built = []
    for name, overrides in (("default", {}), ("option", options)):
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
        write_files(srcdir, files or {})
        built.append(run_build(srcdir, buildername=builder, confoverrides=overrides))
    return built[0], built[1]


def _entry(built: Built, title: str):
    return next(e for e in built.soup("blog/index").select("article.blogposts-entry") if title in e.get_text())


# --- blogposts_drafts_paths -------------------------------------------------------------

IDEA = "_posts/wip/2019-09-09-idea"
WIP = {f"{IDEA}.md": "---\ntitle: Half an idea\ntags: [wip]\n---\nIdeabody words.\n"}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_drafts_paths_makes_every_file_of_its_folders_a_draft(tmp_path, builder):
    default, option = default_and_option(tmp_path, {"blogposts_drafts_paths": ["_posts/wip/**"]}, WIP,
                                         builder=builder)
    assert default.page_path(IDEA).is_file() and default.page_path("blog/tag/wip").is_file()
    assert option.blog_warnings() == []
    assert not option.page_path(IDEA).exists() and not option.page_path("blog/tag/wip").exists()
    assert traces(option.srcdir / "_build", "Ideabody", [IDEA]) == []
    # built as previews when blogposts_drafts is on
    preview = run_build(option.srcdir, buildername=builder,
                        confoverrides={"blogposts_drafts_paths": ["_posts/wip/**"], "blogposts_drafts": True})
    assert preview.soup(IDEA).find(class_="blogpost-draft-banner")


# --- blogposts_excerpt_separator --------------------------------------------------------

SEPARATED = {
    "_posts/2019-09-10-separated.md": (
        "---\ntitle: Separated\n---\nFirst paragraph.\n\nSecond paragraph.\n\n<!-- excerpt -->\n\nThird paragraph.\n"
    ),
}


def test_excerpt_separator_ends_the_excerpt_where_it_stands(tmp_path):
    default, option = default_and_option(tmp_path, {"blogposts_excerpt_separator": "<!-- excerpt -->"}, SEPARATED)
    # without it the excerpt is the first paragraph; with it, all before it
    excerpt = _entry(default, "Separated").select_one(".blogposts-excerpt").get_text(" ", strip=True)
    assert excerpt == "First paragraph."
    excerpt = _entry(option, "Separated").select_one(".blogposts-excerpt").get_text(" ", strip=True)
    assert excerpt == "First paragraph. Second paragraph."
    summary = next(e for e in feedparser.parse((option.outdir / "blog/atom.xml").read_bytes()).entries
                   if e.title == "Separated").summary
    assert "Second paragraph." in summary and "Third" not in summary
    # the post's page shows it all, the separator nowhere
    page = option.page_path("_posts/2019-09-10-separated").read_text(encoding="utf-8")
    assert "Third paragraph." in page and "<!-- excerpt -->" not in page


# --- blogposts_recent_posts ---------------------------------------------------------------


def test_recent_posts_is_how_many_the_sidebar_lists(tmp_path):
    default, option = default_and_option(tmp_path, {"blogposts_recent_posts": 2}, root="full")
    for built, count in ((default, 5), (option, 2)):
        for page in ("index", "about", "blog/tag/release", "_posts/2019-01-10-alpha"):
            titles = [a.get_text(strip=True) for a in built.soup(page).select(".blogposts-recent li a")]
            assert titles == ["Mu guide", "Lambda", "Kappa", "Iota", "Theta"][:count], (page, titles)


# --- blogposts_jekyll_tags ----------------------------------------------------------------

# a plugin tag the Jekyll layer does not know (gist, youtube... are built in)
PEN = {"_posts/2019-09-11-pen.md": "---\ntitle: With a pen\n---\nBefore.\n\n{% codepen octo/abc123 %}\n\nAfter.\n"}


def _starred(call) -> str:
    return f"**{call.name}: {' '.join(call.args)}**"


@pytest.mark.parametrize("mapping", ["template", "function"])
def test_jekyll_tags_maps_a_plugin_tag(tmp_path, mapping):
    tags = {"codepen": '<script src="https://codepen.example/{0}.js"></script>'} if mapping == "template" \
        else {"codepen": _starred}
    default, option = default_and_option(tmp_path, {"blogposts_jekyll_tags": tags}, PEN)
    # unmapped, the tag is removed with a warning naming the file and line
    removed = default.blog_warnings("jekyll")
    assert len(removed) == 1 and "2019-09-11-pen.md:6" in removed[0] and "codepen" in removed[0]
    assert "{%" not in default.soup("_posts/2019-09-11-pen").get_text()
    assert option.blog_warnings() == []
    body = option.soup("_posts/2019-09-11-pen")
    if mapping == "template":
        assert body.find("script", src="https://codepen.example/octo/abc123.js")
    else:
        assert body.find("strong").get_text() == "codepen: octo/abc123"


# --- blogposts_date_format ----------------------------------------------------------------


def _alpha_dates(built: Built) -> dict[str, tuple[str, str]]:
    """Alpha's date as its header, the archive and its year page show it: (text, datetime)."""
    header = built.soup("_posts/2019-01-10-alpha").select_one(".blogpost-date time")
    archive = next(li for li in built.soup("blog/archive/index").select(".blogposts-archive-year li")
                   if "Alpha release" in li.get_text()).find("time")
    year = next(e for e in built.soup("blog/archive/2019/page/2").select("article.blogposts-entry")
                if "Alpha release" in e.get_text()).select_one(".blogposts-entry-meta time")
    return {name: (t.get_text(), t["datetime"]) for name, t in (("header", header), ("archive", archive),
                                                                 ("year", year))}


@pytest.mark.parametrize(("date_format", "shown"), [
    ("short", "1/10/19"), ("medium", "Jan 10, 2019"), ("full", "Thursday, January 10, 2019"),
    ("%Y-%m-%d", "2019-01-10"), ("%d.%m.%Y", "10.01.2019"),
])
def test_date_format_is_how_dates_are_shown(tmp_path, date_format, shown):
    default, option = default_and_option(tmp_path, {"blogposts_date_format": date_format}, root="full")
    moment = "2019-01-10T09:00:00+01:00"
    assert set(_alpha_dates(default).values()) == {("January 10, 2019", moment)}
    assert set(_alpha_dates(option).values()) == {(shown, moment)}


# --- blogposts_words_per_minute -----------------------------------------------------------

LONG = {"_posts/2019-09-12-long.md": "---\ntitle: Long read\n---\n" + "word " * 1000 + "\n"}


def test_words_per_minute_sets_the_reading_time(tmp_path):
    # 1000 words (and the title's two): 5 minutes at 220 a minute, 17 at 60
    default, option = default_and_option(tmp_path, {"blogposts_words_per_minute": 60}, LONG)
    for built, minutes in ((default, 5), (option, 17)):
        header = built.soup("_posts/2019-09-12-long").select_one(".blogpost-reading-time").get_text(strip=True)
        meta = _entry(built, "Long read").select_one(".blogposts-entry-meta").get_text(" ", strip=True)
        assert header == f"{minutes} min read"
        assert meta.endswith(f"· {minutes} min read"), meta
