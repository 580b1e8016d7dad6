"""Post lists, the blog index and the archive pages."""

from __future__ import annotations

import re
import shutil
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import broken_links, run_build, write_files
from test_incremental import comparable

NEWEST_FIRST = ["Kappa", "Iota", "Theta", "Eta", "Zeta in reST", "Epsilon", "Delta", "Gamma notes",
                "Beta release", "Alpha release"]


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    from conftest import ROOTS, run_build
    import shutil

    srcdir = tmp_path_factory.mktemp("listing") / "src"
    shutil.copytree(ROOTS / "test-listing", srcdir)
    return run_build(srcdir)


def entry_titles(soup) -> list[str]:
    return [a.text for a in soup.select("article.blogposts-entry .blogposts-entry-title a")]


def test_index_is_paginated_newest_first(listing):
    pages = ["blog/index", "blog/page/2", "blog/page/3", "blog/page/4"]
    seen = []
    for number, pagename in enumerate(pages, start=1):
        soup = listing.soup(pagename)
        seen += entry_titles(soup)
        nav = soup.select_one(".blogposts-pagination")
        assert nav.select_one(".blogposts-page-number").text == f"Page {number} of 4"
        assert bool(nav.select_one("a[rel=prev]")) == (number > 1)
        assert bool(nav.select_one("a[rel=next]")) == (number < 4)
        assert broken_links(listing.outdir, listing.page_path(pagename)) == []
    assert seen == NEWEST_FIRST
    assert not listing.page_path("blog/page/5").exists()
    # page 2 links back to page 1 and on to page 3
    nav = listing.soup("blog/page/2").select_one(".blogposts-pagination")
    assert nav.select_one("a[rel=prev]")["href"] == "../index.html"
    assert nav.select_one("a[rel=next]")["href"] == "3.html"


def test_entries_show_date_authors_tags_and_read_more(listing):
    soup = listing.soup("blog/page/3")
    gamma = next(a for a in soup.select("article.blogposts-entry") if "Gamma" in a.text)
    assert gamma.find("time")["datetime"] == "2019-06-20T00:00:00+00:00"
    assert [a.text for a in gamma.select(".blogposts-entry-meta a")] == ["Ann", "Bob"]
    assert [a.text for a in gamma.select(".blogpost-tag")] == ["python", "Notes"]
    assert gamma.select_one(".blogposts-read-more a")["href"] == "../../_posts/2019-06-20-gamma.html"


def test_group_pages(listing):
    release = listing.soup("blog/tag/release")
    assert entry_titles(release) == ["Epsilon", "Beta release", "Alpha release"]
    assert entry_titles(listing.soup("blog/category/news")) == ["Epsilon", "Beta release", "Alpha release"]
    assert entry_titles(listing.soup("blog/author/ann")) == ["Gamma notes", "Alpha release"]
    assert entry_titles(listing.soup("blog/tag/notes")) == ["Delta", "Gamma notes"]
    year = listing.soup("blog/archive/2019")
    assert entry_titles(year) == ["Delta", "Gamma notes", "Beta release"]
    assert entry_titles(listing.soup("blog/archive/2019/page/2")) == ["Alpha release"]
    for page in ["blog/tag/release", "blog/category/news", "blog/author/ann", "blog/archive/2019"]:
        assert broken_links(listing.outdir, listing.page_path(page)) == []


def test_overview_pages(listing):
    tags = listing.soup("blog/tag/index")
    listed = {a.text: a["href"] for a in tags.select(".blogposts-groups a")}
    assert listed["release"] == "release.html"
    assert unquote(listed["中文"]) == "中文.html"
    assert listed["Notes"] == "notes.html"
    assert {"social media", "social-media"} <= listed.keys()
    assert listed["social media"] != listed["social-media"]
    assert listing.soup("blog/author/index").select(".blogposts-groups a")
    archive = listing.soup("blog/archive/index")
    assert [h.text for h in archive.select(".blogposts-archive-year h2")] == ["2021", "2020", "2019"]
    assert "November" in archive.text
    for page in ["blog/tag/index", "blog/category/index", "blog/author/index", "blog/archive/index"]:
        assert broken_links(listing.outdir, listing.page_path(page)) == []


def test_slug_collision_is_warned_and_both_kept(listing):
    warnings = listing.blog_warnings("slug")
    assert len(warnings) == 1
    assert "social media" in warnings[0] and "social-media" in warnings[0]
    assert listing.page_path("blog/tag/social-media").exists()
    assert listing.page_path("blog/tag/social-media-2").exists()


def test_excerpts(listing):
    page = listing.soup("blog/page/2")  # Eta, Zeta, Epsilon
    page4 = listing.soup("blog/page/4")  # Alpha
    page3 = listing.soup("blog/page/3")  # Delta, Gamma, Beta
    def excerpt(soup, title):
        article = next(a for a in soup.select("article.blogposts-entry") if title in a.select_one("h2").text)
        return article.select_one(".blogposts-excerpt")

    alpha = excerpt(page4, "Alpha")
    assert "Alpha is out." in alpha.text and "Second paragraph" not in alpha.text
    assert alpha.find("a", string="About")["href"] == "../../about.html"
    beta = excerpt(page3, "Beta")
    assert "Beta first part" in beta.text and "BETAHIDDEN" not in beta.text
    assert beta.find("code")
    gamma = excerpt(page3, "Gamma")
    assert gamma.find("em").text == "custom" and "<b>bold?</b>" in gamma.text and not gamma.find("b")
    delta = excerpt(page3, "Delta")
    assert "Delta text with a footnote" in delta.text
    assert not delta.select("a.footnote-reference")
    epsilon = excerpt(page, "Epsilon")
    assert "under a heading" in epsilon.text and "after the inline separator" not in epsilon.text
    zeta = excerpt(page, "Zeta")
    assert zeta.find("a")["href"] == "../../about.html#about-target"
    eta = excerpt(page, "Eta")
    assert eta.find("img")
    assert broken_links(listing.outdir, listing.page_path("blog/page/2")) == []
    # excerpts repeat no ids of the post page
    assert not page.select(".blogposts-excerpt [id]")


def test_separators_never_reach_the_output(listing):
    for path in listing.outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<!--more-->" not in text and "<!-- more -->" not in text, path


def test_post_page_links(listing):
    beta = listing.soup("_posts/2019-03-05-beta")
    assert "BETAHIDDEN" in beta.text
    tags = beta.select(".blogpost-header a.blogpost-tag")
    assert [(a.text, a["href"]) for a in tags] == [("release", "../blog/tag/release.html")]
    assert beta.select_one(".blogpost-header a.blogpost-category")["href"] == "../blog/category/news.html"
    nav = beta.select_one("nav.blogpost-nav")
    assert nav.select_one("a[rel=prev]").text.strip("« ") == "Alpha release"
    assert nav.select_one("a[rel=next]").text.strip(" »") == "Gamma notes"
    # as text (screen readers, text browsers) the links do not run together
    assert re.search(r"Alpha release\s+All posts\s+Gamma notes", nav.text)
    alpha = listing.soup("_posts/2019-01-10-alpha").select_one("nav.blogpost-nav")
    assert not alpha.select_one("a[rel=prev]")
    for docname in ["_posts/2019-03-05-beta", "_posts/2019-01-10-alpha", "_posts/2021-03-03-kappa"]:
        assert broken_links(listing.outdir, listing.page_path(docname)) == []


def test_postlist_directive(listing):
    index = listing.soup("index")
    latest = index.select_one(".blogposts-postlist")
    assert [a.text for a in latest.select(".blogposts-entry-title a")] == ["Kappa", "Iota"]
    assert latest.select(".blogposts-excerpt") and latest.select(".blogposts-read-more")
    news = listing.soup("news")
    lists = news.select(".blogposts-postlist")
    assert [a.text for a in lists[0].select(".blogposts-entry-title a")] == ["Alpha release", "Beta release", "Epsilon"]
    assert not lists[0].select(".blogposts-excerpt")
    assert [a.text for a in lists[1].select(".blogposts-entry-title a")] == ["Eta", "Zeta in reST", "Epsilon"]
    assert "compact" in lists[1]["class"]
    assert broken_links(listing.outdir, listing.page_path("index")) == []
    assert broken_links(listing.outdir, listing.page_path("news")) == []


def test_sidebars(listing):
    soup = listing.soup("about")
    recent = soup.select_one(".blogposts-recent")
    assert [a.text for a in recent.select("a")] == NEWEST_FIRST[:5]
    assert soup.select_one(".blogposts-tagcloud a[href$='release.html']")
    assert [a.text for a in soup.select(".blogposts-archives a")] == ["2021", "2020", "2019"]
    assert broken_links(listing.outdir, listing.page_path("about")) == []
    # on a recent post's own page, its entry is marked, not an empty link
    newest = listing.soup("_posts/2021-03-03-kappa").select_one(".blogposts-recent a")
    assert newest["aria-current"] == "page" and newest["href"] == "#"


def test_no_unexpected_warnings(listing):
    unexpected = [w for w in listing.warnings if "[blogposts.slug]" not in w]
    assert unexpected == []


def test_dirhtml(build):
    built = build("listing", buildername="dirhtml")
    for page in ["blog/index", "blog/page/2", "blog/tag/release", "blog/tag/index", "blog/archive/index",
                 "_posts/2019-03-05-beta", "index", "news"]:
        path = built.page_path(page)
        assert path.name == "index.html"
        assert broken_links(built.outdir, path) == [], page
    nav = built.soup("blog/page/2").select_one(".blogposts-pagination")
    assert nav.select_one("a[rel=prev]")["href"] == "../../"


@pytest.mark.parametrize("buildername", ["text", "latex", "singlehtml", "epub", "man"])
def test_other_builders_get_plain_lists_and_no_pages(build, buildername):
    built = build("listing", buildername=buildername)
    assert [w for w in built.warnings if "[blogposts.slug]" not in w] == []
    assert not (built.outdir / "blog").exists()
    if buildername == "text":
        text = (built.outdir / "news.txt").read_text(encoding="utf-8")
        assert re.search(r"Alpha release.*Beta release.*Epsilon", text, re.DOTALL)
    if buildername == "singlehtml":  # every postlist, inside the one page, in document order
        lists = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "lxml").select(
            ".blogposts-postlist")
        titles = [[a.get_text() for a in lst.select(".blogposts-entry-title a")] for lst in lists]
        assert titles == [["Alpha release", "Beta release", "Epsilon"], ["Eta", "Zeta in reST", "Epsilon"],
                          ["Kappa", "Iota"]]
        assert "compact" in lists[1]["class"] and lists[0].select(".blogposts-entry-meta")


def test_separator_glued_to_text_keeps_the_text_markdown(build):
    # Jekyll blogs often have "<!-- more -->Text" at the start of a line, which
    # CommonMark alone would pass on as one raw HTML block.
    built = build(files={
        "_posts/2022-02-02-glued.md": (
            "---\ntitle: Glued\n---\nIntro paragraph.\n\n<!-- more -->Rest with **bold**.\n\n"
            "```\n<!-- more -->kept in code\n```\n"
        ),
    })
    page = built.soup("_posts/2022-02-02-glued")
    body = page.select_one("div.body") or page.body
    assert body.find("strong").text == "bold"
    assert "<!-- more -->kept in code" in body.find("pre").text
    assert "<!-- more -->Rest" not in page_source(built, "_posts/2022-02-02-glued")
    entry = next(a for a in built.soup("blog/index").select("article.blogposts-entry") if "Glued" in a.text)
    excerpt = entry.select_one(".blogposts-excerpt")
    assert "Intro paragraph." in excerpt.text and "Rest with" not in excerpt.text


def page_source(built, docname: str) -> str:
    return built.page_path(docname).read_text(encoding="utf-8")


def test_separator_inside_raw_html(build):
    built = build(files={
        "_posts/2022-03-03-raw.md": (
            "---\ntitle: Raw\n---\n<p><strong>Opening words</strong>\n<!--more--></p>\n\n<p>Hidden tail.</p>\n"
        ),
    })
    assert "<!--more-->" not in page_source(built, "_posts/2022-03-03-raw")
    entry = next(a for a in built.soup("blog/index").select("article.blogposts-entry") if "Raw" in a.text)
    excerpt = entry.select_one(".blogposts-excerpt")
    assert excerpt.find("strong").text == "Opening words"
    assert "Hidden tail" not in excerpt.text
    assert "Hidden tail" in built.soup("_posts/2022-03-03-raw").text


def test_pagination_words_stay_apart(listing):
    nav = listing.soup("blog/page/2").select_one("nav.blogposts-pagination")
    text = nav.get_text()
    assert re.search(r"Newer posts\s+Page 2 of \d+\s+Older posts", text), text


def test_search_index_leaves_out_the_neighbours_titles(listing):
    import json

    text = (listing.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]
    beta, alpha = docnames.index("_posts/2019-03-05-beta"), docnames.index("_posts/2019-01-10-alpha")

    def docs(table, word):
        found = index[table].get(word, [])
        return set(found if isinstance(found, list) else [found])

    # Beta's page links to "Alpha release" (its older neighbour) and shows
    # its own category "news": only the latter is a word of Beta's page.
    assert alpha in docs("titleterms", "alpha")
    assert beta not in docs("terms", "alpha") | docs("titleterms", "alpha")
    assert beta in docs("terms", "news") | docs("terms", "new")  # stemmed by some Sphinx versions
    # its author is a word of its page too; the header's "Posted on" and
    # "1 min read", which every post has, are not
    assert beta in docs("terms", "bob")
    assert beta not in docs("terms", "post") | docs("terms", "posted") | docs("terms", "min")


# --- the posts and their lists in other formats -------------------------------------------

RELEASES_OLDEST_FIRST = ["Alpha release", "Beta release", "Epsilon", "Iota", "Lambda"]
#: what would show that HTML (a template's output, the blog's classes) reached a
#: non-HTML output: tags (LaTeX writes "<" as \textless{}), entities
HTML_LEFTOVERS = re.compile(r"</?(?:div|span|p|a|time|nav|ul|li)\b|\\textless\{\}|blogpost-|blogposts-entry|&lt;|&gt;|&amp;")
#: a title with an ampersand, as each format writes it
DELTA = {"text": "Delta & friends", "man": "Delta & friends", "latex": r"Delta \& friends"}


@pytest.mark.parametrize("buildername", ["text", "man", "latex", "epub"])
def test_non_html_outputs_hold_posts_dates_and_lists(build, buildername):
    """A post's title and date (its header, as text), each postlist's items
    in order, no draft, and no HTML of the blog's templates in the output."""
    built = build("full", buildername=buildername)
    assert [w for w in built.warnings if "blogposts" in w] == []
    out = built.outdir
    if buildername == "epub":
        news = BeautifulSoup((out / "news.xhtml").read_text(encoding="utf-8"), "lxml")
        lists = [[a.get_text() for a in ul.select(".blogposts-entry-title a")] for ul in news.select(".blogposts-postlist")]
        assert lists[0] == RELEASES_OLDEST_FIRST
        alpha = BeautifulSoup((out / "_posts/2019-01-10-alpha.xhtml").read_text(encoding="utf-8"), "lxml")
        assert alpha.find("h1").get_text() == "Alpha release"
        assert alpha.select_one(".blogpost-date time").get_text() == "January 10, 2019"
        everything = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.xhtml")))
        # the templates' markup is markup, not text shown to the reader
        assert "&lt;" not in everything.replace("&lt;&lt;", "")
        assert "Hidden draft" not in everything
        return
    if buildername == "text":
        news = (out / "news.txt").read_text(encoding="utf-8")
        items = re.findall(r"^\* (.+)$", news.split("Posts of 2020")[0], re.MULTILINE)
        post = (out / "_posts/2019-01-10-alpha.txt").read_text(encoding="utf-8")
        assert post.startswith("Alpha release\n*************\n")
        everything = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.txt")))
    elif buildername == "man":
        everything = (out / "fullblog.1").read_text(encoding="utf-8")
        news = everything.split(".SH NEWS", 1)[1].split(".SH ", 1)[0]
        first_list = news.split(".UNINDENT", 1)[0]
        # an item's text without roff's font changes and link marks (they differ by docutils version)
        items = [re.sub(r"\\f[A-Z]|\\%(<[^>]*>)?", "", m).strip() for m in first_list.split(r".IP \(bu 2")[1:]]
        post = everything.split(".SS Alpha release", 1)[1].split(".SS ", 1)[0]
    else:
        everything = (out / "fullblog.tex").read_text(encoding="utf-8")
        news = everything.split(r"\chapter{News}", 1)[1]
        first_list = news.split(r"\end{itemize}", 1)[0]
        items = re.findall(r"\\sphinxcrossref\{([^}]*)\}", first_list)
        post = everything.split(r"\section{Alpha release}", 1)[1].split(r"\section{", 1)[0]
    assert items == RELEASES_OLDEST_FIRST
    # the post's header, one line of text: date, author, tags, reading time
    assert "January 10, 2019 · Ann · Tags: release, python · 1 min read" in post
    assert "Alpha is out." in post
    assert HTML_LEFTOVERS.findall(everything) == []
    assert DELTA[buildername] in everything
    assert "Hidden draft" not in everything and "Scheduled post" not in everything


# --- a document of yours always wins over a generated page --------------------------------

YOURS = {
    "blog/tag/release.md": "---\norphan: true\n---\n# Our releases\n\nWritten by hand.\n",
    "blog/archive/index.md": "---\norphan: true\n---\n# Our archive\n\nAlso by hand.\n",
}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_document_of_yours_wins_over_a_generated_page(build, tmp_path, builder):
    """A document at the address of a generated page is written there (and
    reported), the other pages are still generated; added later or removed
    later, an incremental build gives what a clean build gives."""
    first = build("listing", buildername=builder)
    assert first.soup("blog/tag/release").select(".blogposts-entry")
    write_files(first.srcdir, YOURS)
    again = build(srcdir=first.srcdir, buildername=builder)
    assert [w for w in again.warnings if "[blogposts.slug]" not in w] == []
    for page, title in (("blog/tag/release", "Our releases"), ("blog/archive/index", "Our archive")):
        soup = again.soup(page)
        assert soup.find("h1").get_text().startswith(title) and not soup.select(".blogposts-entry")
        assert f"[blogposts] {page} is a document of the project; no page generated there" in again.status
    assert again.soup("blog/tag/python").select(".blogposts-entry")  # the others stay
    assert again.soup("blog/archive/2019").select(".blogposts-entry")
    clean_src = tmp_path / "clean"
    shutil.copytree(again.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    assert comparable(again.outdir) == comparable(run_build(clean_src, buildername=builder).outdir)

    # the document removed, its page is generated again
    write_files(first.srcdir, {"blog/tag/release.md": None})
    third = build(srcdir=first.srcdir, buildername=builder)
    assert [e.select_one("h2").get_text() for e in third.soup("blog/tag/release").select(".blogposts-entry")]
    assert third.soup("blog/archive/index").find("h1").get_text().startswith("Our archive")
