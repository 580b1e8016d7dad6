"""The blog's metadata beside the extensions and themes people already use:
sphinxext-opengraph, sphinx-sitemap, furo, alabaster, pydata-sphinx-theme,
sphinx-book-theme and sphinx_rtd_theme.  No Open Graph, Twitter or
description tag twice, one canonical link, on every kind of page."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from xml.etree import ElementTree

import pytest

from conftest import ROOTS, run_build

BASE = "https://example.org/site/"
OURS = re.compile(r"^(og|article|twitter):|^(description|robots)$")
REPEATABLE = {"article:tag", "article:author"}
PAGES = ("_posts/2021-01-01-with-image", "_posts/2021-02-01-no-image", "_posts/2021-05-01-quiet",
         "index", "blog/index", "blog/page/2", "blog/tag/python", "blog/archive/index")
THEMES = {
    "alabaster": "alabaster",
    "furo": "furo",
    "pydata_sphinx_theme": "pydata_sphinx_theme",
    "sphinx_book_theme": "sphinx_book_theme",
    "sphinx_rtd_theme": "sphinx_rtd_theme",
}


def head_counts(built, pagename: str) -> tuple[Counter, int]:
    head = built.soup(pagename).head
    keys = Counter(
        tag.get("property") or tag.get("name")
        for tag in head.find_all("meta")
        if tag.get("property") or tag.get("name")
    )
    return keys, len(head.find_all("link", rel="canonical"))


def duplicates(keys: Counter) -> list[str]:
    return [k for k, n in keys.items() if n > 1 and k not in REPEATABLE and OURS.match(k)]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("theme", list(THEMES))
def test_themes_with_opengraph(tmp_path, theme, builder):
    pytest.importorskip(THEMES[theme] if theme != "alabaster" else "alabaster")
    pytest.importorskip("sphinxext.opengraph")
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    built = run_build(srcdir, buildername=builder, confoverrides={
        "html_theme": theme,
        "extensions": ["sphinxext.opengraph", "sphinx_blogposts"],
        "ogp_site_url": BASE,
    })
    for pagename in PAGES:
        keys, canonicals = head_counts(built, pagename)
        assert duplicates(keys) == [], (theme, builder, pagename)
        assert canonicals == 1, (theme, builder, pagename)
    # post pages: ours (the post's type and dates); ordinary pages: the extension's
    post = built.soup(PAGES[0]).head
    assert post.find("meta", property="og:type")["content"] == "article"
    assert post.find("meta", property="article:published_time")
    index = built.soup("index").head
    assert index.find("meta", property="og:type")["content"] == "website"
    assert index.find("meta", property="og:url")["content"] == BASE + ("index.html" if builder == "html" else "")
    # a post with ``seo: false`` has neither ours nor the extension's
    assert not built.soup("_posts/2021-05-01-quiet").head.find("meta", property="og:title")
    canonical = built.soup(PAGES[1]).head.find("link", rel="canonical")["href"]
    assert canonical == BASE + "_posts/2021-02-01-no-image" + (".html" if builder == "html" else "/")


def _sitemap(built) -> dict[str, str | None]:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.parse(built.outdir / "sitemap.xml").getroot()
    return {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod") for url in root.findall(f"{ns}url")}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_sitemap(tmp_path, builder):
    pytest.importorskip("sphinx_sitemap")
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    (srcdir / "_posts/2021-07-01-draft.md").write_text("---\ntitle: Soon\npublished: false\n---\nSoon.\n",
                                                      encoding="utf-8")
    (srcdir / "_posts/2021-02-01-no-image.md").write_text(
        (srcdir / "_posts/2021-02-01-no-image.md").read_text(encoding="utf-8").replace(
            "author: Bob", "author: Bob\npermalink: /2021/old-address.html"), encoding="utf-8")
    built = run_build(srcdir, buildername=builder, confoverrides={
        "extensions": ["sphinx_sitemap", "sphinx_blogposts"],
        "sitemap_url_scheme": "{link}",
        "blogposts_drafts": True,
    })
    urls = _sitemap(built)

    def loc(pagename: str) -> str:
        if builder == "html":
            return BASE + pagename + ".html"
        return BASE + ("" if pagename == "index" else pagename[:-5] if pagename.endswith("/index") else pagename + "/")

    assert urls[loc("_posts/2021-01-01-with-image")] == "2021-01-05T12:00:00+01:00"  # updated
    assert urls[loc("_posts/2021-02-01-no-image")] == "2021-02-01T00:00:00+01:00"  # date
    # generated pages: the newest post they list
    assert urls[loc("blog/index")] == "2021-06-01T00:00:00+02:00"
    assert urls[loc("blog/tag/python")] == "2021-04-01T00:00:00+02:00"
    assert loc("blog/page/3") in urls and loc("blog/archive/index") in urls
    # the draft and the redirect are not there; ordinary pages are, without a date
    assert loc("_posts/2021-07-01-draft") not in urls
    assert (built.outdir / "2021/old-address.html").is_file()
    assert not [u for u in urls if "old-address" in u]
    assert urls[loc("index")] is None
