"""The documentation in docs/ builds strictly, with the extension itself, and
its reference pages cover everything the code declares."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from sphinx_blogposts.log import SUBTYPES
from sphinx_blogposts.config import OPTIONS
from sphinx_blogposts.core.post import KNOWN_KEYS
from sphinx_blogposts.resolve.postlist import PostListDirective

DOCS = Path(__file__).resolve().parents[1] / "docs"
PACKAGE = DOCS.parent / "sphinx_blogposts"


def test_architecture_page_names_every_module():
    """The "How it works" page says what each module holds: a module added,
    moved or renamed without it fails here."""
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    assert len(modules) > 50
    assert [m for m in modules if f"`{m}`" not in page] == []
    # and names none that is gone
    named = set(re.findall(r"`((?:core|jekyll|read|resolve|write)/[a-z_/]+\.py)`", page))
    assert sorted(n for n in named if not (PACKAGE / n).is_file()) == []

pytest.importorskip("furo", reason="the docs use the furo theme: install the 'test' extra")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    # built as on a maintainer's machine: the real clock and the default base URL
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "READTHEDOCS_CANONICAL_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-nW", "--keep-going", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        cwd=DOCS.parent,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "lxml")


def test_config_reference_lists_every_option(site):
    soup = _soup(site, "reference/config")
    documented = {dt["id"].removeprefix("confval-") for dt in soup.select("dl.confval > dt[id]")}
    assert documented == {f"blogposts_{name}" for name in OPTIONS}
    # (Sphinx turns ' into a typographic apostrophe)
    body = soup.find("article").get_text(" ").replace("\u2019", "'")
    for option in OPTIONS.values():
        # the help text's first words appear as written (markup aside)
        first_words = option.help.split("``")[0].split()[:4]
        assert " ".join(first_words) in " ".join(body.split())


def test_warnings_reference_lists_every_subtype(site):
    soup = _soup(site, "reference/warnings")
    first_cells = {row.find("td").get_text(strip=True) for row in soup.select("table tbody tr")}
    assert first_cells == {f"blogposts.{name}" for name in SUBTYPES}


def test_directive_and_frontmatter_references_are_complete(site):
    soup = _soup(site, "reference/directives")
    prefix = "directive-option-postlist-"
    options = {dt["id"].removeprefix(prefix) for dt in soup.select(f"dl > dt[id^={prefix}]")}
    assert options == set(PostListDirective.option_spec)
    soup = _soup(site, "reference/frontmatter")
    keys = {row.find("td").get_text(strip=True) for row in soup.select("table tbody tr")}
    assert keys == set(KNOWN_KEYS)


def test_blog_index_and_feeds(site):
    assert (site / "blog" / "index.html").is_file()
    feed = feedparser.parse((site / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    assert "sphinx-blogposts 0.1.0 released" in titles
    # the release notes' own tag has a feed too
    assert (site / "blog" / "tag" / "release" / "atom.xml").is_file()


def test_front_page_links_the_blog_and_its_feeds(site):
    soup = _soup(site, "index")
    assert any(a.get("href") == "blog/index.html" for a in soup.find_all("a"))
    alternates = {link["type"] for link in soup.select('link[rel="alternate"]')}
    assert {"application/atom+xml", "application/rss+xml", "application/feed+json"} <= alternates
    blog = _soup(site, "blog/index")
    assert {a["href"] for a in blog.select(".blogposts-feeds a")} >= {"atom.xml", "rss.xml", "feed.json"}


def test_docs_blog_uses_profiles_a_series_and_related_posts(site):
    one = _soup(site, "blog/posts/2026-11-26-moving-a-jekyll-blog")
    two = _soup(site, "blog/posts/2026-11-30-moving-a-jekyll-blog-readers")
    assert one.select_one(".blogposts-series-title").get_text() == "Part 1 of 2 in Moving a Jekyll blog"
    assert two.select_one(".blogposts-series-title").get_text() == "Part 2 of 2 in Moving a Jekyll blog"
    assert [a.get_text() for a in one.select(".blogposts-related li a")] == ["Moving a Jekyll blog: what readers keep"]
    # the authors' profile (blog/authors.yml): picture, name, bio, links
    header = two.select_one(".blogpost-header .h-card")
    assert header.select_one(".p-name").get_text() == "sphinx-blogposts developers"
    assert (site / "blog" / "posts" / header.select_one("img")["src"]).resolve().is_file()
    profile = _soup(site, "blog/author/sphinx-blogposts-developers").select_one(".blogposts-author-profile")
    assert "sphinx-blogposts" in profile.select_one(".blogposts-author-bio").get_text()
    assert [a["href"] for a in profile.select(".blogposts-author-links a")] == ["https://github.com/sphinx-blogposts"]
    assert (site / "blog" / "series" / "moving-a-jekyll-blog.html").is_file()
