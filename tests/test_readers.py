"""What readers meet on the page: author profiles, series, pinned and
unlisted posts, related posts, comments, share links, microformats.

Built from tests/roots/test-readers: three parts of the series "Building a
blog" (and an unlisted fourth), a pinned post, an unlisted and a Jekyll
``hidden`` post, a post with ``comments: false``; profiles for ``ann`` (in
an authors file, Docusaurus-shaped, with a picture in the source folder)
and ``bob`` (in conf.py); giscus comments, every share link, Webmention.
"""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import mf2py
import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, broken_links, run_build

SERIES = ["_posts/2024-01-10-series-one", "_posts/2024-01-20-series-two", "_posts/2024-02-01-series-three"]
UNLISTED = ["_posts/2024-03-01-hidden-gem", "_posts/2024-03-05-jekyll-hidden"]
LISTED = ["_posts/2024-03-20-newest", "_posts/2024-03-10-quiet", "_posts/2024-02-15-welcome",
          "_posts/2024-02-01-series-three", "_posts/2024-01-20-series-two", "_posts/2024-01-10-series-one",
          "_posts/2023-12-01-old-notes"]
BASE = "https://example.org/readers/"


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def readers(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(f"readers-{request.param}") / "src"
    shutil.copytree(ROOTS / "test-readers", srcdir)
    return run_build(srcdir, buildername=request.param)


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("readers") / "src"
    shutil.copytree(ROOTS / "test-readers", srcdir)
    return run_build(srcdir)


def url_of(built, docname: str) -> str:
    return BASE + built.app.builder.get_target_uri(docname)


def mf2(built, docname: str) -> dict:
    return mf2py.parse(doc=built.page_path(docname).read_text(encoding="utf-8"), url=url_of(built, docname))


def titles(soup, selector="article.blogposts-entry .blogposts-entry-title a") -> list[str]:
    return [a.get_text() for a in soup.select(selector)]


def test_builds_without_warnings(readers):
    assert readers.warnings == []
    for docname in [*LISTED, *UNLISTED, "blog/index", "blog/series/building-a-blog", "blog/author/ann-example"]:
        assert broken_links(readers.outdir, readers.page_path(docname)) == [], docname


# --- author profiles ---------------------------------------------------------------


def test_post_header_shows_avatar_and_linked_name(readers):
    header = readers.soup("_posts/2024-02-01-series-three").select_one(".blogpost-header")
    cards = header.select(".blogpost-authors .h-card")
    assert [c.select_one(".p-name").get_text() for c in cards] == ["Ann Example", "Bob Builder"]
    assert [c.select_one("a")["href"] for c in cards] == ["https://ann.example/", "https://bob.example/"]
    avatar = cards[0].select_one("img.blogpost-avatar")
    target = (readers.page_path("_posts/2024-02-01-series-three").parent / avatar["src"]).resolve()
    assert target.read_bytes() == (readers.srcdir / "_static" / "ann.png").read_bytes()
    assert avatar["alt"] == ""  # the name beside it says who it is
    assert not cards[1].select("img")  # bob's profile has no picture


def test_author_named_by_key_or_name_is_one_author(readers):
    # "ann" (a key) and "Ann Example" (the profile's name) share one page
    ann = readers.soup("blog/author/ann-example")
    assert titles(ann) == ["The newest post", "Joining the IndieWeb", "Choosing a generator", "Old notes"]
    groups = titles(readers.soup("blog/author/index"), ".blogposts-groups a")
    assert groups == ["Ann Example", "Bob Builder"]
    assert not readers.page_path("blog/author/ann").exists()


def test_author_page_shows_the_profile(readers):
    profile = readers.soup("blog/author/ann-example").select_one(".blogposts-author-profile")
    assert profile.select_one(".p-name").get_text() == "Ann Example"
    # the bio is inline Markdown
    bio = profile.select_one(".blogposts-author-bio")
    assert bio.select_one("em").get_text() == "Sphinx"
    assert bio.select_one("a")["href"] == "https://indieweb.org/"
    links = {a.get_text(): a for a in profile.select("a[rel~=me]")}
    assert {k: v["href"] for k, v in links.items()} == {
        "Ann Example": "https://ann.example/",
        "Mastodon": "https://social.example/@ann",
        "GitHub": "https://github.com/ann-example",
    }
    assert profile.select_one("img.blogposts-author-avatar")["alt"] == "Ann Example"
    # the e-mail address of a profile is for feeds, not shown on pages
    assert "ann@example.org" not in str(readers.soup("blog/author/ann-example"))
    bob = readers.soup("blog/author/bob-builder").select_one(".blogposts-author-profile")
    assert bob.select_one(".blogposts-author-bio strong").get_text() == "things"
    assert [a["href"] for a in bob.select(".blogposts-author-links a")] == ["https://github.com/bob-builds"]


def test_feeds_carry_the_profile(html):
    feed = json.loads((html.outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    by_title = {item["title"]: item for item in feed["items"]}
    ann, bob = by_title["Joining the IndieWeb"]["authors"]
    [avatar] = (html.outdir / "blog" / "_avatars").iterdir()
    assert ann == {"name": "Ann Example", "url": "https://ann.example/", "avatar": BASE + "blog/_avatars/" + avatar.name}
    assert bob == {"name": "Bob Builder", "url": "https://bob.example/"}
    atom = feedparser.parse((html.outdir / "blog" / "atom.xml").read_bytes())
    entry = next(e for e in atom.entries if e.title == "Choosing a generator")
    assert entry.authors == [{"name": "Ann Example", "email": "ann@example.org", "href": "https://ann.example/"}]


def test_templates_get_the_whole_profile(build):
    """What another template (or the metadata of another feature) reads of
    an author: ``post['authors']`` with the profile in it."""
    dump = ("{%- autoescape true %}<script type=\"application/json\" id=\"authors\">"
            "{{ post['authors']|tojson }}</script>{%- endautoescape %}")
    built = build("readers", files={"_templates/blogposts/post_header.html": dump,
                                    "conf.py": (ROOTS / "test-readers" / "conf.py").read_text()
                                    + 'templates_path = ["_templates"]\n'})
    data = json.loads(built.soup("_posts/2024-02-01-series-three").select_one("#authors").string)
    ann, bob = data
    assert ann["name"] == "Ann Example" and ann["key"] == "ann"
    assert ann["url"] == "https://ann.example/"
    assert ann["page_url"] == "../blog/author/ann-example.html"
    assert ann["avatar"].startswith("../blog/_avatars/ann-") and ann["avatar_url"].startswith(BASE + "blog/_avatars/ann-")
    assert ann["bio_html"] == 'Writes about <em>Sphinx</em> and <a href="https://indieweb.org/">the IndieWeb</a>.'
    assert ann["links"] == [{"kind": "mastodon", "label": "Mastodon", "url": "https://social.example/@ann"},
                            {"kind": "github", "label": "GitHub", "url": "https://github.com/ann-example"}]
    assert bob["key"] == "bob" and bob["avatar"] is None and bob["bio_html"] == "Builds <strong>things</strong>."


def test_profile_problems_are_located_warnings(build):
    conf = (ROOTS / "test-readers" / "conf.py").read_text()
    authors = (
        "ann:\n  name: Ann Example\n  avatar: _static/missing.png\n"
        "carl:\n  name: Carl\n  github: 'not a handle!'\n  shoe_size: 44\n"
        "dora: [not, a, mapping]\n"
        "unused:\n  name: Nobody Writes\n"
    )
    built = build("readers", files={"authors.yml": authors, "conf.py": conf})
    warnings = built.blog_warnings("author")
    assert len(warnings) == 4, warnings
    missing = next(w for w in warnings if "missing.png" in w)
    assert "authors.yml:1:" in missing
    assert any("authors.yml:4:" in w and "github" in w for w in warnings)
    assert any("authors.yml:4:" in w and "shoe_size" in w for w in warnings)
    assert any("authors.yml:8:" in w and "dora" in w for w in warnings)
    # the rest of the profile is used; the picture is not shown
    header = built.soup("_posts/2024-01-10-series-one").select_one(".blogpost-header")
    assert header.select_one(".p-name").get_text() == "Ann Example" and not header.select("img")
    assert not built.page_path("blog/author/nobody-writes").exists()


def test_unknown_names_still_work(build):
    post = "---\ntitle: A guest\ndate: 2024-04-02\nauthor: Zed Guest\n---\nBy a guest.\n"
    built = build("readers", files={"_posts/2024-04-02-guest.md": post})
    card = built.soup("_posts/2024-04-02-guest").select_one(".blogpost-authors .h-card")
    assert card.select_one(".p-name").get_text() == "Zed Guest" and not card.select("img")
    assert card.select_one("a")["href"] == "../blog/author/zed-guest.html"
    page = built.soup("blog/author/zed-guest")
    assert titles(page) == ["A guest"] and not page.select(".blogposts-author-profile")


# --- series ----------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_part_shows_the_series_box(readers, number):
    docname = SERIES[number - 1]
    box = readers.soup(docname).select_one("nav.blogposts-series")
    assert box.select_one(".blogposts-series-title").get_text() == f"Part {number} of 3 in Building a blog"
    parts = box.select(".blogposts-series-parts li")
    assert [li.get_text() for li in parts] == ["Choosing a generator", "Writing the first posts", "Joining the IndieWeb"]
    assert [bool(li.select("[aria-current=page]")) for li in parts] == [i == number - 1 for i in range(3)]
    here = readers.page_path(docname).parent
    for li in parts:
        for a in li.select("a"):
            assert (here / unquote(a["href"])).resolve().exists()
    previous = box.select_one(".blogposts-series-previous")
    following = box.select_one(".blogposts-series-next")
    assert bool(previous) == (number > 1) and bool(following) == (number < 3)
    # the box is no part of the excerpt, the feed's content or the search index
    body = readers.soup(docname).select_one(".e-content")
    assert not body.select(".blogposts-series")


def test_series_pages(readers):
    page = readers.soup("blog/series/building-a-blog")
    assert page.find("h1").get_text() == "Series “Building a blog”"
    # reading order, not newest first; the unlisted part is not there
    assert titles(page) == ["Choosing a generator", "Writing the first posts", "Joining the IndieWeb"]
    overview = readers.soup("blog/series/index")
    assert [(a.get_text(), a.find_next("span").get_text()) for a in overview.select(".blogposts-groups a")] == [
        ("Building a blog", "(3)")]


def test_postlist_filters_by_series_and_pins(html):
    lists = html.soup("index").select(".blogposts-postlist")
    assert titles(lists[0], ".blogposts-entry-title a") == [
        "Choosing a generator", "Writing the first posts", "Joining the IndieWeb"]
    pinned = lists[1].select(".blogposts-entry")
    assert [e.select_one(".blogposts-entry-title a").get_text() for e in pinned] == [
        "Welcome, readers", "The newest post", "A quiet post"]
    assert "blogposts-pinned" in pinned[0]["class"] and "blogposts-pinned" not in pinned[1]["class"]
    assert pinned[0].select_one(".blogposts-pinned-label").get_text() == "Pinned"


def test_series_parts_ordering_and_duplicates(build):
    posts = {
        f"_posts/2022-0{i}-01-p{i}.md": f"---\ntitle: P{i}\nseries: [Lists of one]\n{part}---\nBody {i}.\n"
        for i, part in [(1, "series_part: 2\n"), (2, "series_part: 2\n"), (3, ""), (4, "series_part: 1\n")]
    }
    built = build("readers", files=posts)
    # numbered parts first (P4 is 1; P1 and P2 both say 2: by date), then the rest by date
    assert titles(built.soup("blog/series/lists-of-one")) == ["P4", "P1", "P2", "P3"]
    duplicate = built.blog_warnings("series")
    assert len(duplicate) == 1 and "2022-02-01-p2.md:4" in duplicate[0]


# --- pinned and unlisted ---------------------------------------------------------------


def test_pinned_posts_open_the_index(html, build):
    index = html.soup("blog/index")
    assert titles(index)[:2] == ["Welcome, readers", "The newest post"]
    assert index.select_one("article.blogposts-pinned .blogposts-pinned-label").get_text() == "Pinned"
    # in date order everywhere else
    assert titles(html.soup("blog/tag/news")) == ["Welcome, readers"]
    assert titles(html.soup("blog/archive/2024"))[:3] == ["The newest post", "A quiet post", "Welcome, readers"]
    # two pinned: newest first
    again = build("readers", files={"_posts/2023-12-01-old-notes.md": "---\ntitle: Old notes\ndate: 2023-12-01\n"
                                   "pinned: true\n---\nOld.\n"})
    assert titles(again.soup("blog/index"))[:3] == ["Welcome, readers", "Old notes", "The newest post"]


def test_unlisted_posts_are_built_and_listed_nowhere(html):
    for docname in UNLISTED:
        soup = html.soup(docname)
        assert soup.select_one('meta[name=robots]')["content"] == "noindex"
        assert soup.find("h1")
        assert not soup.select(".blogpost-nav")  # it is nobody's neighbour, and has none
    assert not html.soup(LISTED[0]).select('meta[name=robots]')
    names = [d.rsplit("/", 1)[1] for d in UNLISTED]
    for page in html.outdir.rglob("*"):
        if page.suffix in (".html", ".xml", ".json") and page.relative_to(html.outdir).as_posix() not in (
                f"{d}.html" for d in UNLISTED):
            text = page.read_text(encoding="utf-8")
            assert not [n for n in names if n in text], page
            assert "A hidden gem" not in text and "Hidden the Jekyll way" not in text, page
    # the tag only the unlisted post has gets no page
    assert not html.page_path("blog/tag/secret").exists()
    # its own tag links go where pages exist
    tags = html.soup(UNLISTED[0]).select(".blogpost-tag")
    assert [(t.get_text(), t.name) for t in tags] == [("sphinx", "a"), ("secret", "span")]


def test_unlisted_posts_are_not_in_the_sitemap(build):
    pytest.importorskip("sphinx_sitemap")
    conf = (ROOTS / "test-readers" / "conf.py").read_text().replace(
        'extensions = ["sphinx_blogposts"]', 'extensions = ["sphinx_blogposts", "sphinx_sitemap"]')
    conf += 'sitemap_excludes = ["search.html"]\nsitemap_url_scheme = "{link}"\n'
    built = build("readers", files={"conf.py": conf})
    from lxml import etree

    tree = etree.parse(str(built.outdir / "sitemap.xml"))
    urls = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE + LISTED[0] + ".html" in urls
    assert [u for u in urls if "hidden" in u or u.endswith("search.html")] == []
    # the project's own patterns stay first
    assert built.app.config.sitemap_excludes[0] == "search.html"


# --- related posts -------------------------------------------------------------------------


def test_related_posts(html):
    related = html.soup("_posts/2024-01-10-series-one").select_one(".blogposts-related")
    # sphinx (3 listed posts) and blogging (2): "The newest post" shares the rarer one
    assert titles(related, "li a") == ["The newest post", "Writing the first posts", "Old notes"]
    hrefs = [a["href"] for a in related.select("li a")]
    assert hrefs == ["2024-03-20-newest.html", "2024-01-20-series-two.html", "2023-12-01-old-notes.html"]
    for docname in LISTED:
        shown = titles(html.soup(docname), ".blogposts-related li a")
        assert len(shown) <= 3
        assert html.soup(docname).find("h1").get_text().rstrip("¶") not in shown
        assert "A hidden gem" not in shown and "Hidden the Jekyll way" not in shown
    # a post whose tags no other post has has none
    assert not html.soup("_posts/2024-02-15-welcome").select(".blogposts-related")


def test_related_posts_can_be_turned_off_or_up(build):
    built = build("readers", confoverrides={"blogposts_related_posts": 0})
    pages = list(built.outdir.rglob("*.html"))
    assert len(pages) > 20 and not any("blogposts-related" in p.read_text(encoding="utf-8") for p in pages)
    more = build("readers", confoverrides={"blogposts_related_posts": 10})
    # every listed post that shares a tag: two share "sphinx", two "indieweb"
    assert len(more.soup("_posts/2024-01-20-series-two").select(".blogposts-related li")) == 4


# --- comments -------------------------------------------------------------------------------


def _thread(soup):
    return soup.select_one(".blogposts-comments .blogposts-comments-thread")


def test_giscus_comments_on_post_pages_only(readers):
    thread = _thread(readers.soup(LISTED[0]))
    assert thread["data-blogposts-provider"] == "giscus"
    assert thread["data-blogposts-script"] == "https://giscus.app/client.js"
    settings = json.loads(thread["data-blogposts-settings"])
    assert settings["repo"] == "example/readers" and settings["repo-id"] == "R_kgDOExample"
    assert settings["category-id"] == "DIC_kwDOExample" and settings["loading"] == "lazy"
    assert thread["data-blogposts-themes"] == "light dark"
    script = readers.soup(LISTED[0]).select_one(".blogposts-comments script")
    assert (readers.page_path(LISTED[0]).parent / script["src"]).resolve().is_file()
    # after the post's content, outside the h-entry
    assert not readers.soup(LISTED[0]).select(".h-entry .blogposts-comments")
    # comments: false, unlisted posts, listing pages and other documents: none
    for docname in ["_posts/2024-03-10-quiet", *UNLISTED, "blog/index", "index", "blog/author/ann-example"]:
        assert _thread(readers.soup(docname)) is None, docname
    # comments: true is the default's "on"
    assert _thread(readers.soup("_posts/2023-12-01-old-notes")) is not None


def test_no_comments_on_draft_previews_or_single_pages(build):
    draft = {"_posts/2024-03-25-draft.md": "---\ntitle: Not yet\ndate: 2024-03-25\npublished: false\n---\nSoon.\n"}
    built = build("readers", files=draft, confoverrides={"blogposts_drafts": True})
    assert built.soup("_posts/2024-03-25-draft").select_one(".blogpost-draft-banner")
    assert _thread(built.soup("_posts/2024-03-25-draft")) is None
    assert _thread(built.soup(LISTED[0])) is not None
    single = build("readers", buildername="singlehtml")
    assert not single.soup("index").select(".blogposts-comments")


def test_comments_on_an_unlisted_post_when_asked(build):
    built = build("readers", files={"_posts/2024-03-01-hidden-gem.md": "---\ntitle: A hidden gem\ndate: 2024-03-01\n"
                                    "unlisted: true\ncomments: true\n---\nAsked for.\n"})
    assert _thread(built.soup("_posts/2024-03-01-hidden-gem")) is not None


@pytest.mark.parametrize(("settings", "script", "prefix"), [
    ({"provider": "utterances", "repo": "example/readers", "issue-term": "title"}, "https://utteranc.es/client.js", ""),
    ({"provider": "disqus", "shortname": "readers-blog"}, "https://readers-blog.disqus.com/embed.js", ""),
])
def test_other_providers(build, settings, script, prefix):
    built = build("readers", confoverrides={"blogposts_comments": settings})
    assert built.blog_warnings() == []
    thread = _thread(built.soup(LISTED[0]))
    assert thread["data-blogposts-script"] == script and thread["data-blogposts-prefix"] == prefix
    values = json.loads(thread["data-blogposts-settings"])
    if settings["provider"] == "disqus":
        assert thread["id"] == "disqus_thread"
        assert values == {"url": BASE + LISTED[0] + ".html", "identifier": BASE + LISTED[0] + ".html"}
        assert "data-blogposts-themes" not in thread.attrs
    else:
        assert values == {"repo": "example/readers", "issue-term": "title"}
        assert thread["data-blogposts-themes"] == "github-light github-dark"


@pytest.mark.parametrize(("settings", "problem"), [
    ({"provider": "giscus", "repo": "example/readers", "category": "C", "category_id": "X"}, "giscus needs 'repo-id'"),
    ({"provider": "talkyard", "site": "x"}, "unknown comment provider 'talkyard'"),
    ({"provider": "utterances"}, "utterances needs 'repo'"),
    ({"provider": "utterances", "repo": "a/b", "onload": "alert(1)"}, "utterances has no setting 'onload'"),
    ({"provider": "disqus", "shortname": "a b"}, "disqus setting 'shortname' cannot be 'a b'"),
    (["giscus"], "a mapping with 'provider'"),
])
def test_misconfigured_comments_are_one_warning_and_no_block(build, settings, problem):
    built = build("readers", confoverrides={"blogposts_comments": settings})
    warnings = built.blog_warnings()
    assert len(warnings) == 1 and "[blogposts.config]" in warnings[0] and problem in warnings[0], warnings
    assert _thread(built.soup(LISTED[0])) is None
    assert built.soup(LISTED[0]).select_one(".e-content")


# --- microformats and IndieWeb --------------------------------------------------------------


def test_post_page_is_one_h_entry(readers):
    docname = "_posts/2024-02-01-series-three"
    items = mf2(readers, docname)["items"]
    assert [i["type"] for i in items] == [["h-entry"]]
    props = items[0]["properties"]
    assert props["name"] == ["Joining the IndieWeb"]
    assert props["published"] == ["2024-02-01T00:00:00+0000"]
    assert props["updated"] == ["2024-02-03T00:00:00+0000"]
    assert props["url"] == props["uid"] == [url_of(readers, docname)]
    assert props["category"] == ["indieweb", "microformats"]
    assert props["summary"] == ["Microformats and Webmention for a Sphinx blog."]
    ann, bob = props["author"]
    assert ann["type"] == ["h-card"] and ann["properties"]["name"] == ["Ann Example"]
    assert ann["properties"]["url"] == ["https://ann.example/"]
    assert ann["properties"]["photo"][0]["value"].startswith(BASE + "blog/_avatars/ann-")
    assert bob["properties"]["name"] == ["Bob Builder"] and "photo" not in bob["properties"]
    # the content is the body only: no header, series box, navigation, related posts or comments
    content = props["content"][0]
    assert content["value"] == "The third part: microformats and webmentions."
    for cls in ("blogpost-header", "blogposts-series", "blogpost-nav", "blogposts-related", "blogposts-comments",
                "blogposts-share"):
        assert cls not in content["html"]


def test_post_content_keeps_its_footnotes_and_sections(html):
    props = mf2(html, "_posts/2024-01-10-series-one")["items"][0]["properties"]
    assert "A footnote at the end." in props["content"][0]["value"]
    assert props["summary"] == ["The first part: why a documentation tool makes a good blog."]
    two = mf2(html, "_posts/2024-01-20-series-two")["items"][0]["properties"]
    assert "A section" in two["content"][0]["value"] and "With a body." in two["content"][0]["value"]


def test_index_page_is_an_h_feed(readers):
    items = mf2(readers, "blog/index")["items"]
    assert [i["type"] for i in items] == [["h-feed"]]
    feed = items[0]
    assert feed["properties"]["name"] == ["Blog"]
    entries = feed["children"]
    assert all(e["type"] == ["h-entry"] for e in entries)
    assert [e["properties"]["name"][0] for e in entries] == [
        "Welcome, readers", "The newest post", "A quiet post", "Joining the IndieWeb", "Writing the first posts"]
    first = entries[0]["properties"]
    assert first["url"] == [url_of(readers, "_posts/2024-02-15-welcome")]
    assert first["published"] == ["2024-02-15T00:00:00+0000"]
    assert first["author"][0]["properties"]["name"] == ["Bob Builder"]
    assert first["category"] == ["news"] and first["summary"] == ["Start here: what this blog is about."]


def test_author_page_has_the_authors_h_card(readers):
    feed = mf2(readers, "blog/author/ann-example")["items"][0]
    assert feed["type"] == ["h-feed"]
    card = feed["properties"]["author"][0]
    assert card["type"] == ["h-card"]
    props = card["properties"]
    assert props["name"] == ["Ann Example"]
    assert props["url"] == ["https://ann.example/", "https://social.example/@ann", "https://github.com/ann-example"]
    assert props["note"] == ["Writes about Sphinx and the IndieWeb."]
    assert props["photo"][0]["value"].startswith(BASE + "blog/_avatars/ann-")
    assert mf2(readers, "blog/author/ann-example")["rels"]["me"] == props["url"]
    assert len(feed["children"]) == 4


def test_webmention_and_pingback_links_on_post_pages(readers):
    rels = mf2(readers, LISTED[0])["rels"]
    assert rels["webmention"] == ["https://webmention.io/example.org/webmention"]
    assert rels["pingback"] == ["https://webmention.io/example.org/xmlrpc"]
    for page in ("index", "blog/index"):
        assert "webmention" not in mf2(readers, page)["rels"]


# --- share links --------------------------------------------------------------------------


def test_share_links(readers):
    docname = "_posts/2024-01-20-series-two"
    links = {a.get_text(): a["href"] for a in readers.soup(docname).select(".blogposts-share a")}
    assert list(links) == ["Mastodon", "Bluesky", "LinkedIn", "Hacker News", "Email"]
    url = url_of(readers, docname)
    text = f"Writing the first posts {url}"
    queries = {k: parse_qs(urlsplit(v).query) for k, v in links.items()}
    assert queries["Bluesky"] == {"text": [text]} and links["Bluesky"].startswith("https://bsky.app/intent/compose?")
    assert queries["LinkedIn"] == {"url": [url]}
    assert queries["Hacker News"] == {"u": [url], "t": ["Writing the first posts"]}
    assert links["Email"].startswith("mailto:?") and queries["Email"] == {"subject": ["Writing the first posts"],
                                                                         "body": [url]}
    # Mastodon: the blog's own page, which asks for the reader's instance
    assert queries["Mastodon"] == {"text": [text]}
    share_page = (readers.page_path(docname).parent / unquote(urlsplit(links["Mastodon"]).path)).resolve()
    share_page = share_page / "index.html" if share_page.is_dir() else share_page
    share_soup = BeautifulSoup(share_page.read_text(encoding="utf-8"), "lxml")
    form = share_soup.select_one("form#blogposts-share-form")
    assert form.select_one("input#blogposts-share-instance") and form.select_one("textarea")
    assert share_soup.select_one("meta[name=robots]")["content"] == "noindex"
    # no tracking, no script of the services'
    assert not [v for v in links.values() if "utm_" in v]
    assert not [s for s in readers.soup(docname).find_all("script", src=True)
                if urlsplit(s["src"]).netloc and "giscus" not in s["src"]]


def test_share_with_a_mastodon_instance_and_without_a_site_address(build):
    built = build("readers", confoverrides={"blogposts_share_mastodon_instance": "mastodon.example",
                                            "blogposts_share": ["mastodon"]})
    link = built.soup(LISTED[0]).select_one(".blogposts-share a")["href"]
    assert link.startswith("https://mastodon.example/share?text=")
    assert not built.page_path("blog/share/mastodon").exists()
    nowhere = build("readers", confoverrides={"html_baseurl": "", "blogposts_feeds": []})
    assert len(nowhere.blog_warnings("share")) == 1
    assert not nowhere.soup(LISTED[0]).select(".blogposts-share")


# --- other builders ---------------------------------------------------------------------------


def test_text_builder_gets_series_and_related_as_text(build):
    built = build("readers", buildername="text")
    text = (built.outdir / "_posts" / "2024-01-20-series-two.txt").read_text(encoding="utf-8")
    assert "Part 2 of 3 in Building a blog" in text
    assert "Previous part: Choosing a generator" in text and "Next part: Joining the IndieWeb" in text
    assert "Related posts: A quiet post" in text
    assert "<" not in text and "giscus" not in text


def test_translated(build):
    built = build("readers", confoverrides={"language": "nl"})
    box = built.soup(SERIES[1]).select_one(".blogposts-series")
    assert box.select_one(".blogposts-series-title").get_text() == "Deel 2 van 3 in Building a blog"
    assert box.select_one(".blogposts-series-next").get_text() == "Volgend deel »"
    soup = built.soup(SERIES[1])
    assert soup.select_one(".blogposts-related-title").get_text() == "Gerelateerde berichten"
    assert soup.select_one(".blogposts-comments-title").get_text() == "Reacties"
    assert built.soup("blog/index").select_one(".blogposts-pinned-label").get_text() == "Vastgezet"
    assert built.soup("blog/series/building-a-blog").find("h1").get_text() == "Reeks “Building a blog”"


def test_liquid_still_sees_the_keys(build):
    """``series``, ``comments`` and the like are read by the extension now,
    and Liquid in a Jekyll post still sees them as ``page.*``."""
    post = ("---\ntitle: Liquid\ndate: 2024-04-01\nseries: Building a blog\ncomments: true\n---\n"
            "{% if page.comments %}Comments are on{% endif %} in {{ page.series }}.\n")
    built = build("readers", files={"_posts/2024-04-01-liquid.md": post})
    assert "Comments are on in Building a blog." in built.soup("_posts/2024-04-01-liquid").select_one(".e-content").text
