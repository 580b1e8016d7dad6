"""The blog's feeds, end to end: real Sphinx builds of ``tests/roots/test-feeds``.

Every feed is parsed (lxml in strict mode, feedparser, ``json``) rather than
searched as text, so an escaping mistake shows up as a wrong value or a
parse error, not as a string that happens to be absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import CORPORA, ROOTS, Built, run_build, write_files

# an entry's text may look like a URL to bs4; that is fine here
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

BASE = "https://example.org/site/"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
FEED_NAMES = {"atom": "atom.xml", "rss": "rss.xml", "json": "feed.json"}
FEED_TYPES = {
    "atom.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "feed.json": "application/feed+json",
}
NASTY = '"/><script>alert(1)</script>'
NASTY_SLUG = "script-alert-1-script"

#: the published, dated posts of the test root, newest first
POSTS = [
    "2020-06-08-body-controls",
    "2020-06-07-nonchar",
    "2020-06-06-bell",
    "2020-05-05-nasty",
    "2020-04-06-relative-cover",
    "2020-04-05-local-cover",
    "2020-04-04-cover",
    "2020-03-02-pinned-tag",
    "2020-03-01-pinned-path",
    "2020-02-20-cross",
    "2020-01-10-links",
]
#: feed folder -> docnames of its entries, newest first
FEEDS = {
    "blog": POSTS,
    "blog/tag/python": ["2020-02-20-cross", "2020-01-10-links"],
    "blog/tag/release": ["2020-03-01-pinned-path", "2020-01-10-links"],
    f"blog/tag/{NASTY_SLUG}": ["2020-05-05-nasty"],
    "blog/category/news": ["2020-02-20-cross", "2020-01-10-links"],
}
PINNED_IDS = {
    "2020-03-02-pinned-tag": "tag:example.org,2020:pinned",
    # a site path is under the site's base URL, not the host's root
    "2020-03-01-pinned-path": BASE + "2019/05/06/x",
}

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@pytest.fixture(autouse=True)
def _no_readthedocs(monkeypatch):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)


def copy_root(dest: Path) -> Path:
    shutil.copytree(ROOTS / "test-feeds", dest)
    return dest


def build_root(tmp_path_factory, name: str, **options) -> Built:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
        return run_build(copy_root(tmp_path_factory.mktemp(name) / "src"), **options)


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Built:
    return build_root(tmp_path_factory, "html")


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory) -> Built:
    return build_root(tmp_path_factory, "dirhtml", buildername="dirhtml")


@pytest.fixture(params=["html", "dirhtml"])
def built(request) -> Built:
    return request.getfixturevalue(request.param)


# -- reading feeds ------------------------------------------------------------


@dataclass
class Entry:
    """One entry of any of the three formats, in common terms."""

    id: str
    url: str
    title: str
    published: dt.datetime
    updated: dt.datetime | None
    authors: list[str]
    categories: list[str]
    html: str  # content, else the summary (what a reader shows)
    summary: str | None
    image: str | None
    raw: object  # the element or dict, for format-specific checks


@dataclass
class Feed:
    path: Path
    title: str
    id: str | None
    self_url: str
    site_url: str
    updated: dt.datetime | None
    entries: list[Entry]
    raw: object


def parse_xml(path: Path) -> etree._Element:
    """Parse strictly: no recovery, no entities, no network."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    return etree.fromstring(path.read_bytes(), parser)


def read_feed(path: Path) -> Feed:
    if path.name == "atom.xml":
        return _read_atom(path)
    if path.name == "rss.xml":
        return _read_rss(path)
    return _read_json(path)


def _atom_link(element, rel: str) -> str | None:
    links = element.findall(f"{ATOM}link[@rel='{rel}']")
    return links[0].get("href") if links else None


def _read_atom(path: Path) -> Feed:
    root = parse_xml(path)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for e in root.findall(f"{ATOM}entry"):
        content = e.findtext(f"{ATOM}content")
        summary = e.findtext(f"{ATOM}summary")
        updated = e.findtext(f"{ATOM}updated")
        entries.append(
            Entry(
                id=e.findtext(f"{ATOM}id"),
                url=_atom_link(e, "alternate"),
                title=e.findtext(f"{ATOM}title"),
                published=dt.datetime.fromisoformat(e.findtext(f"{ATOM}published")),
                updated=dt.datetime.fromisoformat(updated) if updated else None,
                authors=[a.findtext(f"{ATOM}name") for a in e.findall(f"{ATOM}author")],
                categories=[c.get("term") for c in e.findall(f"{ATOM}category")],
                html=content if content is not None else summary,
                summary=summary,
                image=_atom_link(e, "enclosure"),
                raw=e,
            )
        )
    return Feed(
        path, root.findtext(f"{ATOM}title"), root.findtext(f"{ATOM}id"), _atom_link(root, "self"),
        _atom_link(root, "alternate"), dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated")),
        entries, root,
    )


def _read_rss(path: Path) -> Feed:
    root = parse_xml(path)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    entries = []
    for item in channel.findall("item"):
        enclosure = item.find("enclosure")
        description = item.findtext("description")
        # the summary is the description, the full text content:encoded
        content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        entries.append(
            Entry(
                id=item.findtext("guid"),
                url=item.findtext("link"),
                title=item.findtext("title"),
                published=parsedate_to_datetime(item.findtext("pubDate")),
                updated=None,
                authors=[c.text for c in item.findall(f"{DC}creator")],
                categories=[c.text for c in item.findall("category")],
                html=content if content is not None else description,
                summary=description,
                image=enclosure.get("url") if enclosure is not None else None,
                raw=item,
            )
        )
    self_links = channel.findall("{http://www.w3.org/2005/Atom}link[@rel='self']")
    return Feed(
        path, channel.findtext("title"), None, self_links[0].get("href") if self_links else None,
        channel.findtext("link"), parsedate_to_datetime(channel.findtext("lastBuildDate")), entries, root,
    )


def _read_json(path: Path) -> Feed:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in data["items"]:
        modified = item.get("date_modified")
        entries.append(
            Entry(
                id=item["id"],
                url=item["url"],
                title=item["title"],
                published=dt.datetime.fromisoformat(item["date_published"]),
                updated=dt.datetime.fromisoformat(modified) if modified else None,
                authors=[a["name"] for a in item.get("authors", [])],
                categories=item.get("tags", []),
                html=item["content_html"],
                summary=item.get("summary"),
                image=item.get("image"),
                raw=item,
            )
        )
    return Feed(path, data["title"], None, data["feed_url"], data["home_page_url"], None, entries, data)


def feed_files(outdir: Path) -> list[str]:
    return sorted(
        p.relative_to(outdir).as_posix()
        for name in FEED_NAMES.values()
        for p in outdir.rglob(name)
    )


def feed_bytes(outdir: Path) -> dict[str, bytes]:
    return {rel: (outdir / rel).read_bytes() for rel in feed_files(outdir)}


def docname_of(built: Built, url: str) -> str:
    """The post behind an entry URL, checked to be the page Sphinx wrote."""
    for docname in POSTS:
        if url == BASE + built.app.builder.get_target_uri(f"_posts/{docname}"):
            return docname
    raise AssertionError(f"{url} is not the URL of a post page")


def local_file(built: Built, url: str) -> Path:
    """The output file an absolute URL under BASE leads to."""
    assert url.startswith(BASE), url
    path = unquote(urlsplit(url).path[len(urlsplit(BASE).path):])
    target = built.outdir / path
    return target / "index.html" if url.split("#")[0].endswith("/") or not path else target


def html_urls(fragment: str) -> list[str]:
    """Every URL of ``href``, ``src`` and ``srcset`` in an HTML fragment."""
    soup = BeautifulSoup(fragment, "html.parser")
    urls = []
    for tag in soup.find_all(True):
        for attr in ("href", "src", "poster"):
            if tag.has_attr(attr):
                urls.append(tag[attr])
        if tag.has_attr("srcset"):
            urls += [c.strip().split()[0] for c in tag["srcset"].split(",") if c.strip()]
    return urls


# -- what every feed must be ---------------------------------------------------


def check_feed(built: Built, rel: str) -> Feed:
    """Assert everything a valid feed of this site must have; return it parsed."""
    path = built.outdir / rel
    file_url = BASE + rel
    feed = read_feed(path)
    if path.name != "feed.json":
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (rel, parsed.get("bozo_exception"))
        assert len(parsed.entries) == len(feed.entries)
    if path.name == "atom.xml":
        _check_atom(feed.raw, file_url)
    elif path.name == "rss.xml":
        _check_rss(feed.raw, file_url)
    else:
        _check_json(feed.raw, file_url)
    assert feed.self_url == file_url
    assert feed.site_url.startswith(BASE)
    assert local_file(built, feed.site_url).is_file()
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)), rel
    for entry in feed.entries:
        if path.name == "atom.xml" and BeautifulSoup(entry.html, "html.parser").get_text().strip():
            assert entry.summary, (rel, entry.title)  # a summary, unless the post is empty
        if path.name == "feed.json" and entry.summary is not None:
            assert entry.summary.strip() and "<" not in entry.summary  # plain text
        for url in html_urls(entry.html) + html_urls(entry.summary or "") + [entry.url, entry.image or BASE]:
            assert is_absolute(url), (rel, entry.title, url)
    return feed


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme not in ("http", "https"))


def _one(parent, tag: str):
    found = parent.findall(tag)
    assert len(found) == 1, (tag, len(found))
    return found[0]


def _check_atom(root, file_url: str) -> None:
    assert urlsplit(_one(root, f"{ATOM}id").text).scheme == "https"
    assert _one(root, f"{ATOM}title").text
    assert RFC3339.match(_one(root, f"{ATOM}updated").text)
    assert _one(_one(root, f"{ATOM}author"), f"{ATOM}name").text
    assert _one(root, f"{ATOM}link[@rel='self']").get("href") == file_url
    for entry in root.findall(f"{ATOM}entry"):
        assert urlsplit(_one(entry, f"{ATOM}id").text).scheme  # an IRI: https:, tag:...
        assert _one(entry, f"{ATOM}title").text
        assert RFC3339.match(_one(entry, f"{ATOM}updated").text)
        assert RFC3339.match(_one(entry, f"{ATOM}published").text)
        assert _one(entry, f"{ATOM}link[@rel='alternate']").get("href").startswith(BASE)


def _check_rfc822(value: str) -> dt.datetime:
    assert RFC822.match(value), value
    date = parsedate_to_datetime(value)
    assert value[:3] == WEEKDAYS[date.weekday()], value
    return date


def _check_rss(root, file_url: str) -> None:
    channel = _one(root, "channel")
    for tag in ("title", "link", "description"):
        assert _one(channel, tag).text
    assert _one(channel, f"{ATOM}link[@rel='self']").get("href") == file_url
    _check_rfc822(_one(channel, "lastBuildDate").text)
    for item in channel.findall("item"):
        assert _one(item, "title").text
        assert _one(item, "link").text.startswith(BASE)
        _check_rfc822(_one(item, "pubDate").text)
        guid = _one(item, "guid")
        if guid.get("isPermaLink") != "false":
            assert urlsplit(guid.text).scheme == "https" and guid.text == item.findtext("link")


def _check_json(data: dict, file_url: str) -> None:
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"]
    assert isinstance(data["items"], list)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        assert RFC3339.match(item["date_published"])


# -- which feeds, and what is in them ---------------------------------------------


def expected_files(folders=FEEDS, formats=("atom", "rss", "json")) -> list[str]:
    return sorted(f"{folder}/{FEED_NAMES[fmt]}" for folder in folders for fmt in formats)


def test_feeds_per_format_site_tag_and_category(html):
    assert feed_files(html.outdir) == expected_files()
    for folder, docnames in FEEDS.items():
        for name in FEED_NAMES.values():
            feed = read_feed(html.outdir / folder / name)
            # only posts, newest first: no draft, no undated notes.md, no pages
            assert [docname_of(html, e.url) for e in feed.entries] == docnames, (folder, name)
    # the only feed warnings are about the post with control characters
    assert html.blog_warnings("feed")
    assert all("2020-06-08-body-controls.md" in w for w in html.blog_warnings("feed"))


def test_every_feed_is_valid(built):
    for rel in feed_files(built.outdir):
        check_feed(built, rel)


@pytest.mark.parametrize("formats", [["rss"], ["json", "atom"], []])
def test_formats_option(build, formats):
    built = build("feeds", confoverrides={"blogposts_feeds": formats})
    assert feed_files(built.outdir) == expected_files(formats=formats)
    head = built.soup("_posts/2020-01-10-links").head
    types = [link["type"] for link in head.find_all("link", rel="alternate")]
    assert types == [FEED_TYPES[FEED_NAMES[f]] for f in formats]
    assert not [w for w in built.warnings if "no feeds written" in w]


def test_feed_archives_off(build):
    built = build("feeds", confoverrides={"blogposts_feed_archives": False})
    assert feed_files(built.outdir) == expected_files(folders=["blog"])
    tag_page = built.soup("blog/tag/python")
    hrefs = [link["href"] for link in tag_page.head.find_all("link", rel="alternate")]
    assert hrefs == [BASE + f"blog/{name}" for name in FEED_NAMES.values()]
    assert tag_page.find(class_="blogposts-feeds") is None


def test_blog_at_the_top_of_the_site(build):
    built = build("feeds", confoverrides={"blogposts_root": ""})
    folders = [folder.removeprefix("blog").lstrip("/") for folder in FEEDS]
    assert feed_files(built.outdir) == sorted(
        f"{folder}/{name}" if folder else name for folder in folders for name in FEED_NAMES.values()
    )
    for rel in feed_files(built.outdir):
        check_feed(built, rel)
    hrefs = [link["href"] for link in built.soup("about").head.find_all("link", rel="alternate")]
    assert hrefs == [BASE + name for name in FEED_NAMES.values()]


# -- base URL ------------------------------------------------------------------


RTD = "https://proj.readthedocs.io/en/latest/"


@pytest.mark.parametrize(
    ("overrides", "rtd", "base"),
    [
        ({"blogposts_baseurl": "https://blog.example.net/x"}, None, "https://blog.example.net/x/"),
        ({}, None, BASE),
        ({"html_baseurl": ""}, RTD, RTD),
        # html_baseurl wins over Read the Docs' address
        ({}, RTD, BASE),
    ],
)
def test_base_url(build, monkeypatch, overrides, rtd, base):
    if rtd:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", rtd)
    built = build("feeds", confoverrides=overrides)
    feed = read_feed(built.outdir / "blog/atom.xml")
    assert feed.self_url == base + "blog/atom.xml"
    assert feed.id == base + "blog/index.html"
    assert feed.entries[-1].url == base + "_posts/2020-01-10-links.html"
    assert base + "about.html" in html_urls(feed.entries[-1].html)
    hrefs = [link["href"] for link in built.soup("about").head.find_all("link", rel="alternate")]
    assert hrefs == [base + f"blog/{name}" for name in FEED_NAMES.values()]
    assert not [w for w in built.warnings if "no feeds written" in w]


def test_no_base_url_one_warning_no_feed(build):
    built = build("feeds", confoverrides={"html_baseurl": ""})
    assert feed_files(built.outdir) == []
    warnings = [w for w in built.warnings if "no feeds written" in w]
    assert len(warnings) == 1
    assert "[blogposts.feed]" in warnings[0] and "blogposts_baseurl" in warnings[0]
    # nothing links to feeds that do not exist
    for page in ("blog/index", "blog/tag/python", "about"):
        soup = built.soup(page)
        assert not soup.find_all("link", rel="alternate"), page
        assert soup.find(class_="blogposts-feeds") is None
    # a relative address is no base URL either
    overrides = {"html_baseurl": "", "blogposts_baseurl": "/site/"}
    built = build("feeds", srcdir=built.srcdir, confoverrides=overrides)
    assert feed_files(built.outdir) == []
    warnings = [w for w in built.warnings if "no feeds written" in w]
    assert len(warnings) == 1 and "blogposts_baseurl = '/site/' is not an absolute URL" in warnings[0]


# -- absolute URLs ----------------------------------------------------------------


def entry_of(feed: Feed, built: Built, docname: str) -> Entry:
    found = [e for e in feed.entries if docname_of(built, e.url) == docname]
    assert len(found) == 1, docname
    return found[0]


def test_links_resolved_against_the_post(built):
    """Every URL in an entry is what the same link on the post's page leads to."""
    for docname in POSTS:
        page_url = BASE + built.app.builder.get_target_uri(f"_posts/{docname}")
        page_html = built.page_path(f"_posts/{docname}").read_text(encoding="utf-8")
        on_page = {urljoin(page_url, u) for u in html_urls(page_html)}
        for name in FEED_NAMES.values():
            entry = entry_of(read_feed(built.outdir / "blog" / name), built, docname)
            assert entry.url == page_url
            for url in html_urls(entry.html) + html_urls(entry.summary or ""):
                assert url in on_page or url.startswith("https://example.com/"), (docname, name, url)


def test_links_kinds(built):
    """Relative links, cross-references, images, downloads, srcset: absolute, existing."""
    dirhtml = built.app.builder.name == "dirhtml"
    about = BASE + ("about/" if dirhtml else "about.html")
    post = BASE + ("_posts/2020-01-10-links/" if dirhtml else "_posts/2020-01-10-links.html")
    for name in FEED_NAMES.values():
        feed = read_feed(built.outdir / "blog" / name)
        links = entry_of(feed, built, "2020-01-10-links")
        urls = html_urls(links.html)
        assert urls.count(about) == 2  # a relative Markdown link and {doc}
        assert about + "#about-target" in urls  # {ref}
        assert post + "#details" in urls  # a section of the post itself
        assert BASE + "_images/pic.png" in urls
        external = [u for u in urls if u.startswith("https://example.com/")]
        # MyST-Parser before its fix of issue #760 puts "&amp;" into the URL itself:
        # the feed links where the page links
        assert external in (["https://example.com/page?a=1&b=2"], ["https://example.com/page?a=1&amp;b=2"])
        downloads = [u for u in urls if u.startswith(BASE + "_downloads/")]
        assert len(downloads) == 1 and downloads[0].endswith("/data.csv")
        # raw HTML: src and both srcset candidates, relative to the page
        raw = BeautifulSoup(links.html, "html.parser").find("img", alt="raw")
        folder = post if dirhtml else BASE + "_posts/"
        assert raw["src"] == urljoin(folder, "../_static/pic.png")
        pic, pic2x = urljoin(folder, "../_static/pic.png"), urljoin(folder, "../_static/pic2x.png")
        assert raw["srcset"] == f"{pic} 1x, {pic2x} 2x"
        cross = entry_of(feed, built, "2020-02-20-cross")
        cross_urls = html_urls(cross.html)
        assert cross_urls[:2] == [about, about + "#about-target"]
        assert BASE + "_images/pic.png" in cross_urls
        for url in urls + cross_urls:
            if url.startswith(BASE) and url not in (raw["src"], urljoin(folder, "../_static/pic2x.png")):
                assert local_file(built, url.split("#")[0]).is_file(), url
        if not dirhtml:  # there, raw HTML's ../ leads where the page's own does
            assert local_file(built, raw["src"]).is_file()
    # pages and feeds in the output are where the feeds say
    for rel in feed_files(built.outdir):
        feed = read_feed(built.outdir / rel)
        assert local_file(built, feed.site_url).is_file()
        for entry in feed.entries:
            assert local_file(built, entry.url).is_file()


def test_images(built):
    expected = {
        "2020-04-04-cover": ("https://cdn.example.org/cover.jpg?w=300&h=200", "image/jpeg"),
        # a site path is under the base URL; a relative path follows the source file
        "2020-04-05-local-cover": (BASE + "_static/pic.png", "image/png"),
        "2020-04-06-relative-cover": (BASE + "_static/pic2x.png", "image/png"),
    }
    for name in FEED_NAMES.values():
        feed = read_feed(built.outdir / "blog" / name)
        for entry in feed.entries:
            docname = docname_of(built, entry.url)
            assert entry.image == expected.get(docname, (None,))[0], (name, docname)
            if name == "atom.xml" and docname in expected:
                enclosure = _one(entry.raw, f"{ATOM}link[@rel='enclosure']")
                assert enclosure.get("type") == expected[docname][1]
                assert _one(entry.raw, f"{MEDIA}thumbnail").get("url") == entry.image
            if name == "rss.xml" and docname in expected:
                enclosure = _one(entry.raw, "enclosure")
                assert (enclosure.get("type"), enclosure.get("length")) == (expected[docname][1], "0")
                assert _one(entry.raw, f"{MEDIA}thumbnail").get("url") == entry.image
    for docname, (url, _type) in expected.items():
        if url.startswith(BASE):
            assert local_file(built, url).is_file()


# -- content ---------------------------------------------------------------------


def test_full_content_and_summary(html):
    for name in FEED_NAMES.values():
        feed = read_feed(html.outdir / "blog" / name)
        links = entry_of(feed, html, "2020-01-10-links")
        assert "Intro with a" in links.html and "LINKSFULLTEXT" in links.html
        cross = entry_of(feed, html, "2020-02-20-cross")
        assert "RSTFULLTEXT" in cross.html
        pinned = entry_of(feed, html, "2020-03-02-pinned-tag")
        assert "PINNEDBODY" in pinned.html
        assert "Intro with a" in links.summary and "LINKSFULLTEXT" not in links.summary
        # the front matter's excerpt is the summary
        assert "custom" in pinned.summary and "PINNEDBODY" not in pinned.summary
        if name == "atom.xml":
            assert _one(links.raw, f"{ATOM}content").get("type") == "html"
            assert "LINKSFULLTEXT" not in _one(links.raw, f"{ATOM}summary").text
        if name == "feed.json":
            assert links.summary.startswith("Intro with a relative link")  # plain text
            assert "<" not in links.summary
    # the excerpt is cut before the section: no stray ids, no heading in the summary
    atom = read_feed(html.outdir / "blog/atom.xml")
    summary = BeautifulSoup(entry_of(atom, html, "2020-01-10-links").summary, "html.parser")
    assert not summary.find_all(id=True) and not summary.find_all(re.compile("^h[1-6]$"))


def test_excerpt_only(build):
    built = build("feeds", confoverrides={"blogposts_feed_fulltext": False})
    for rel in feed_files(built.outdir):
        data = (built.outdir / rel).read_bytes()
        for marker in (b"LINKSFULLTEXT", b"RSTFULLTEXT", b"PINNEDBODY"):
            assert marker not in data, (rel, marker)
        feed = check_feed(built, rel)
        for entry in feed.entries:
            if rel.endswith("atom.xml"):
                assert entry.raw.find(f"{ATOM}content") is None
                assert entry.raw.find(f"{ATOM}summary").text
    feed = read_feed(built.outdir / "blog/feed.json")
    assert "Intro with a" in entry_of(feed, built, "2020-01-10-links").html


def test_entry_metadata(html):
    atom = read_feed(html.outdir / "blog/atom.xml")
    rss = read_feed(html.outdir / "blog/rss.xml")
    jsf = read_feed(html.outdir / "blog/feed.json")
    for feed in (atom, rss, jsf):
        links = entry_of(feed, html, "2020-01-10-links")
        assert links.title == "Links everywhere"
        # no offset in the front matter: blogposts_timezone (Amsterdam) applies
        assert links.published.isoformat() == "2020-01-10T09:30:00+01:00"
        assert links.authors == ["Ann Author"]
        assert links.categories == ["python", "release", "news"]
        cross = entry_of(feed, html, "2020-02-20-cross")
        assert cross.authors == ["Bob", "Carol"]
        assert cross.published.isoformat() == "2020-02-20T23:30:00-05:00"
    updated = dt.datetime.fromisoformat("2020-01-12T10:00:00+00:00")
    assert entry_of(atom, html, "2020-01-10-links").updated == updated
    assert entry_of(jsf, html, "2020-01-10-links").updated == updated
    # without `updated`, Atom's updated is the date published
    cover = entry_of(atom, html, "2020-04-04-cover")
    assert cover.updated == cover.published
    author = _one(entry_of(atom, html, "2020-01-10-links").raw, f"{ATOM}author")
    assert author.findtext(f"{ATOM}email") == "ann@example.org"
    assert author.findtext(f"{ATOM}uri") == "https://ann.example.org/"
    dates = [entry_of(rss, html, d).raw.findtext("pubDate") for d in ("2020-01-10-links", "2020-02-20-cross")]
    assert dates == ["Fri, 10 Jan 2020 09:30:00 +0100", "Thu, 20 Feb 2020 23:30:00 -0500"]
    assert jsf.raw["authors"] == [{"name": "Site Author"}]
    assert atom.title == rss.title == jsf.title == "Feeds blog"
    tag_feed = read_feed(html.outdir / "blog/tag/python/atom.xml")
    assert tag_feed.title == "Feeds blog: Posts tagged “python”"
    assert tag_feed.site_url == BASE + "blog/tag/python.html"


def test_dirhtml_urls(dirhtml):
    feed = read_feed(dirhtml.outdir / "blog/atom.xml")
    assert feed.self_url == BASE + "blog/atom.xml"
    assert feed.id == feed.site_url == BASE + "blog/"
    assert entry_of(feed, dirhtml, "2020-01-10-links").id == BASE + "_posts/2020-01-10-links/"
    tag_feed = read_feed(dirhtml.outdir / "blog/tag/python/rss.xml")
    assert tag_feed.site_url == BASE + "blog/tag/python/"
    assert tag_feed.self_url == BASE + "blog/tag/python/rss.xml"


def test_feed_length(build):
    built = build("feeds", confoverrides={"blogposts_feed_length": 3})
    for name in FEED_NAMES.values():
        feed = read_feed(built.outdir / "blog" / name)
        assert [docname_of(built, e.url) for e in feed.entries] == POSTS[:3]
        feed = read_feed(built.outdir / "blog/tag/python" / name)
        assert len(feed.entries) == 2


def test_feed_length_default_20(build):
    extra = {
        f"_posts/2021-02-{day:02d}-more.md": f"---\ntitle: More {day}\ndate: 2021-02-{day:02d}\n---\nText.\n"
        for day in range(1, 13)
    }
    built = build("feeds", files=extra)
    for name in FEED_NAMES.values():
        feed = read_feed(built.outdir / "blog" / name)
        assert len(feed.entries) == 20
        assert [e.title for e in feed.entries[:12]] == [f"More {day}" for day in range(12, 0, -1)]
        # the oldest three of the 23 posts are left out
        assert [docname_of(built, e.url) for e in feed.entries[12:]] == POSTS[:8]


# -- stable ------------------------------------------------------------------------


def test_ids_and_updated(built):
    for rel in feed_files(built.outdir):
        feed = read_feed(built.outdir / rel)
        for entry in feed.entries:
            docname = docname_of(built, entry.url)
            assert entry.id == PINNED_IDS.get(docname, entry.url), (rel, docname)
            if rel.endswith("rss.xml"):
                guid = entry.raw.find("guid")
                assert guid.get("isPermaLink") == ("false" if docname in PINNED_IDS else "true")
        if feed.updated is not None:
            # the newest entry's date, never the time of the build
            newest = max(d for e in feed.entries for d in (e.published, e.updated) if d)
            assert feed.updated == newest, rel
    atom = read_feed(built.outdir / "blog/atom.xml")
    assert atom.raw.findtext(f"{ATOM}updated") == "2020-06-08T00:00:00+02:00"
    tag = read_feed(built.outdir / "blog/tag/python/atom.xml")
    assert tag.raw.findtext(f"{ATOM}updated") == "2020-02-20T23:30:00-05:00"
    rss = read_feed(built.outdir / "blog/tag/release/rss.xml")
    assert rss.raw.find("channel").findtext("lastBuildDate") == "Sun, 01 Mar 2020 00:00:00 +0100"


def sphinx_build(srcdir: Path, outdir: Path, *args: str, tz: str = "UTC") -> None:
    # The machine's clock, on purpose (conftest's fixed epoch removed): the
    # feeds are compared with the in-process build, which has the fixed
    # epoch, and must not depend on when or in which timezone they are built.
    env = {k: v for k, v in os.environ.items() if k not in ("READTHEDOCS_CANONICAL_URL", "SOURCE_DATE_EPOCH")}
    env["TZ"] = tz
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *args, str(srcdir), str(outdir)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_reproducible_timezones_and_parallel(tmp_path, html):
    srcdir = copy_root(tmp_path / "src")
    outputs = {}
    for tz, jobs in (("UTC", "1"), ("Asia/Tokyo", "1"), ("UTC", "2")):
        out = tmp_path / f"out-{tz.replace('/', '-')}-{jobs}"
        sphinx_build(srcdir, out, "-j", jobs, tz=tz)
        outputs[(tz, jobs)] = feed_bytes(out)
    reference = outputs[("UTC", "1")]
    assert sorted(reference) == expected_files()
    for key, files in outputs.items():
        assert files == reference, key
    # the same as the in-process build of another copy of the sources
    assert feed_bytes(html.outdir) == reference
    # building again (nothing changed) leaves every feed as it is
    out = tmp_path / "out-Asia-Tokyo-1"
    before = {rel: (out / rel).stat().st_mtime_ns for rel in reference}
    sphinx_build(srcdir, out, "-j", "2", tz="Asia/Tokyo")
    assert feed_bytes(out) == reference
    assert {rel: (out / rel).stat().st_mtime_ns for rel in reference} == before


EDITS = {
    # a new title and tags: the python feed loses it, a new tag gets a feed
    "_posts/2020-01-10-links.md": lambda text: text.replace("Links everywhere", "Links, edited").replace(
        "tags: [python, release]", "tags: [release, fresh]"
    ),
    # gone: so is its tag's feed
    "_posts/2020-05-05-nasty.md": None,
}


def apply_edits(srcdir: Path) -> None:
    for rel, change in EDITS.items():
        path = srcdir / rel
        if change is None:
            path.unlink()
        else:
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_equals_clean(tmp_path, parallel, process_log):
    srcdir = copy_root(tmp_path / "inc")
    first = run_build(srcdir, parallel=parallel)
    # -j 2 means Sphinx's readers were forked (their pids are not this one's)
    assert bool(process_log.by_process("read")["workers"]) == bool(parallel)
    news = first.outdir / "blog/category/news/atom.xml"
    old_fd = open(first.outdir / "blog/atom.xml", "rb")  # noqa: SIM115
    try:
        old_inode = os.fstat(old_fd.fileno()).st_ino
        news_mtime = news.stat().st_mtime_ns
        time.sleep(0.01)
        apply_edits(srcdir)
        again = run_build(srcdir, parallel=parallel)
        # write-then-rename: whoever had the old feed open still reads all of it
        old = old_fd.read()
    finally:
        old_fd.close()
    assert b"Links everywhere" in old and etree.fromstring(old) is not None
    new_atom = again.outdir / "blog/atom.xml"
    assert os.stat(new_atom).st_ino != old_inode
    assert b"Links, edited" in new_atom.read_bytes()
    assert not [p for p in again.outdir.rglob("*.tmp")]
    # the news category's feed shows the edited post's new title
    assert news.stat().st_mtime_ns != news_mtime
    clean_src = copy_root(tmp_path / "clean")
    apply_edits(clean_src)
    clean = run_build(clean_src)
    incremental = feed_bytes(again.outdir)
    assert sorted(incremental) == sorted(feed_bytes(clean.outdir))
    assert incremental == feed_bytes(clean.outdir)
    assert "blog/tag/fresh/atom.xml" in incremental
    assert f"blog/tag/{NASTY_SLUG}/atom.xml" not in incremental
    python = read_feed(again.outdir / "blog/tag/python/atom.xml")
    assert [docname_of(again, e.url) for e in python.entries] == ["2020-02-20-cross"]


def test_post_page_written_again(tmp_path):
    """A post with a list of posts in it is written again, not read again,
    when a post is added: its entry in every feed shows the new list."""
    lister = "---\ntitle: With a post list\ndate: 2020-02-01\ntags: [python]\n---\nRecent:\n\n```{postlist}\n```\n"
    added = {"_posts/2020-08-01-new.md": "---\ntitle: Brand new\ndate: 2020-08-01\n---\nNew.\n"}
    srcdir = copy_root(tmp_path / "inc")
    write_files(srcdir, {"_posts/2020-02-01-lister.md": lister})
    run_build(srcdir)
    write_files(srcdir, added)
    again = run_build(srcdir)
    clean_src = copy_root(tmp_path / "clean")
    write_files(clean_src, {"_posts/2020-02-01-lister.md": lister, **added})
    clean = run_build(clean_src)
    python = read_feed(again.outdir / "blog/tag/python/atom.xml")
    assert "Brand new" in entry_of_title(python, "With a post list").html
    assert feed_bytes(again.outdir) == feed_bytes(clean.outdir)


def entry_of_title(feed: Feed, title: str) -> Entry:
    found = [e for e in feed.entries if e.title == title]
    assert len(found) == 1, title
    return found[0]


def test_unchanged_feeds_not_rewritten(build):
    built = build("feeds")
    python = built.outdir / "blog/tag/python/rss.xml"
    site = built.outdir / "blog/rss.xml"
    before = python.stat().st_mtime_ns, site.stat().st_mtime_ns
    time.sleep(0.01)
    cover = built.srcdir / "_posts/2020-04-04-cover.md"
    text = cover.read_text(encoding="utf-8")
    cover.write_text(text.replace("on a CDN", "on a CDN, edited"), encoding="utf-8")
    again = build("feeds", srcdir=built.srcdir)
    assert python.stat().st_mtime_ns == before[0]  # the cover post is not tagged python
    assert site.stat().st_mtime_ns != before[1]
    assert "on a CDN, edited" in entry_of(read_feed(site), again, "2020-04-04-cover").html


# -- control characters and injection -------------------------------------------------


def test_control_characters_removed_with_warning(html):
    for rel in feed_files(html.outdir):
        text = (html.outdir / rel).read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), rel
    for name in FEED_NAMES.values():
        feed = read_feed(html.outdir / "blog" / name)
        assert entry_of(feed, html, "2020-06-06-bell").title == "Bell rings"
        assert entry_of(feed, html, "2020-06-07-nonchar").title == "Not a character here"
        body = entry_of(feed, html, "2020-06-08-body-controls")
        assert "A bell  here, a noncharacter  there and  once more." in body.html
    for post in ("2020-06-06-bell.md", "2020-06-07-nonchar.md", "2020-06-08-body-controls.md"):
        # named by its source file, once (not once per feed it is in)
        named = [w for w in html.warnings if f"_posts/{post}" in w and "[blogposts." in w]
        assert 1 <= len(named) <= 2, (post, named)
        assert all(w.startswith(str(html.srcdir / "_posts" / post)) for w in named), named


def test_injection_escaped_everywhere(html):
    for folder in ("blog", f"blog/tag/{NASTY_SLUG}"):
        for name in FEED_NAMES.values():
            feed = read_feed(html.outdir / folder / name)
            nasty = [e for e in feed.entries if e.title == NASTY]
            assert len(nasty) == 1, (folder, name)
            entry = nasty[0]
            assert entry.authors == [NASTY]
            assert entry.categories == [NASTY]
            # "]]>" and a script stay text inside the feed
            assert "<script>alert(2)</script>" in entry.html
            assert "Raw CDATA end ]]> here" in entry.html
            if name != "feed.json":
                assert not [el for el in entry.raw.iter() if etree.QName(el).localname == "script"]
            assert len(feed.entries) == len(FEEDS[folder])
    tag_feed = read_feed(html.outdir / f"blog/tag/{NASTY_SLUG}/atom.xml")
    assert tag_feed.title == f"Feeds blog: Posts tagged “{NASTY}”"
    parsed = feedparser.parse((html.outdir / "blog/atom.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == len(POSTS)
    # the tag page's own feed links carry the tag as an attribute value
    head = html.soup(f"blog/tag/{NASTY_SLUG}").head
    titles = [link["title"] for link in head.find_all("link", rel="alternate")]
    assert titles[0] == f"Feeds blog: Posts tagged “{NASTY}” (Atom)"
    # only JSON-LD data may hold the text, and it parses as data
    assert not [s for s in head.find_all("script") if "alert" in s.text and s.get("type") != "application/ld+json"]
    for data in head.find_all("script", type="application/ld+json"):
        assert "</" not in data.string and json.loads(data.string)


# -- discovery ---------------------------------------------------------------------


def test_discovery_links(built):
    site = [(FEED_TYPES[n], BASE + f"blog/{n}") for n in FEED_NAMES.values()]
    pages = [p for p in sorted(built.outdir.rglob("*.html")) if "_static" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").head
        links = [(link["type"], link["href"]) for link in head.find_all("link", rel="alternate")]
        assert len(links) == len(set(links)), page
        assert links[-3:] == site, page
    group_pages = {
        "blog/tag/python": "blog/tag/python",
        f"blog/tag/{NASTY_SLUG}": f"blog/tag/{NASTY_SLUG}",
        "blog/category/news": "blog/category/news",
    }
    for pagename, folder in group_pages.items():
        soup = built.soup(pagename)
        own = [(FEED_TYPES[n], BASE + f"{folder}/{n}") for n in FEED_NAMES.values()]
        links = [(link["type"], link["href"]) for link in soup.head.find_all("link", rel="alternate")]
        assert links == own + site, pagename
        visible = [(a["type"], a["href"]) for a in soup.select(".blogposts-feeds a")]
        assert visible == own, pagename
        for _type, href in own:
            assert local_file(built, href).is_file()
    index = built.soup("blog/index")
    assert [(a["type"], a["href"]) for a in index.select(".blogposts-feeds a")] == site
    assert [a.text for a in index.select(".blogposts-feeds a")] == ["Atom", "RSS", "JSON Feed"]


# -- builders --------------------------------------------------------------------------


@pytest.mark.parametrize("buildername", ["text", "singlehtml", "epub"])
def test_only_html_builders_write_feeds(build, buildername):
    built = build("feeds", buildername=buildername)
    assert feed_files(built.outdir) == []
    assert not [w for w in built.warnings if "no feeds written" in w]


# -- real blogs ------------------------------------------------------------------------

corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")
JEKYLL_FEED = CORPORA / "jekyll__jekyll-feed" / "spec" / "fixtures"
DTD = CORPORA / "frankmeeuwsen__DTD-Blog"


def corpus_root(dest: Path, source: Path, project: str, extra: str = "") -> Path:
    for folder in ("_posts", "_drafts"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder)
    (dest / "conf.py").write_text(
        f'extensions = ["sphinx_blogposts"]\nproject = "{project}"\nhtml_baseurl = "{BASE}"\n{extra}',
        encoding="utf-8",
    )
    (dest / "index.md").write_text(f"# {project}\n", encoding="utf-8")
    return dest


def check_all(built: Built) -> tuple[int, int]:
    """Check every feed file; return (files, entries in the site-wide feed)."""
    files = feed_files(built.outdir)
    for rel in files:
        check_feed(built, rel)
    return len(files), len(read_feed(built.outdir / "blog/atom.xml").entries)


@corpora
def test_jekyll_feed_fixtures(tmp_path):
    srcdir = corpus_root(tmp_path / "src", JEKYLL_FEED, "jekyll-feed")
    # the site's image files, which the fixtures name but do not carry: a
    # missing one would leave its entry without an image (and warn)
    (srcdir / "image.png").write_bytes(_PNG)
    (srcdir / "object-image.png").write_bytes(_PNG)
    started = time.perf_counter()
    built = run_build(srcdir)
    seconds = time.perf_counter() - started
    files, entries = check_all(built)
    # the Markdown posts are sources (the two .html posts are not); the draft stays out
    md_posts = sorted(p.stem for p in (JEKYLL_FEED / "_posts").glob("*.md"))
    atom = read_feed(built.outdir / "blog/atom.xml")
    assert sorted(docname_of_corpus(e.url) for e in atom.entries) == md_posts
    assert entries == len(md_posts) == 8
    by_stem = {docname_of_corpus(e.url): e for e in atom.entries}
    fourth = by_stem["2014-03-04-march-the-fourth"]
    assert fourth.title == '<span class="highlight">Sparkling</span> Title'  # text, not markup
    assert '"/><VADER>' in fourth.categories
    assert fourth.image == BASE + "object-image.png"
    assert by_stem["2013-12-12-dec-the-second"].image == BASE + "image.png"
    assert by_stem["2014-03-02-march-the-second"].image == "https://cdn.example.org/absolute.png?h=188&w=250"
    assert by_stem["2015-01-18-jekyll-last-modified-at"].updated == dt.datetime(
        2015, 5, 12, 13, 27, 59, tzinfo=dt.timezone.utc
    )
    assert by_stem["2015-02-12-strip-newlines"].title == "The plugin will properly strip newlines."
    ben = _one(by_stem["2015-05-18-author-detail"].raw, f"{ATOM}author")
    assert (ben.findtext(f"{ATOM}name"), ben.findtext(f"{ATOM}email")) == ("Ben", "ben@example.com")
    vader = [r for r in feed_files(built.outdir) if "vader" in r.lower()]
    assert len(vader) == 3
    print(f"\njekyll-feed fixtures: {files} feed files, {entries} entries, {seconds:.1f} s")


# a 1x1 PNG
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def docname_of_corpus(url: str) -> str:
    assert url.startswith(BASE + "_posts/") and url.endswith(".html"), url
    return url[len(BASE + "_posts/") : -len(".html")]


@pytest.fixture(scope="module")
def dtd_build(tmp_path_factory):
    srcdir = corpus_root(tmp_path_factory.mktemp("dtd") / "src", DTD, "DTD", 'language = "nl"\n')
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
        started = time.perf_counter()
        built = run_build(srcdir, parallel=2)
        seconds = time.perf_counter() - started
    return built, seconds


@corpora
@pytest.mark.slow
def test_dtd_blog_feeds(dtd_build):
    built, seconds = dtd_build
    started = time.perf_counter()
    files, entries = check_all(built)
    check_seconds = time.perf_counter() - started
    assert entries == 20
    tags = {p.parent.name for p in (built.outdir / "blog/tag").rglob("atom.xml")}
    assert len(tags) > 100
    categories = {p.parent.name for p in (built.outdir / "blog/category").rglob("atom.xml")}
    assert files == 3 * (1 + len(tags) + len(categories))
    json_feeds = [rel for rel in feed_files(built.outdir) if rel.endswith(".json")]
    total = sum(len(read_feed(built.outdir / rel).entries) for rel in json_feeds)
    print(
        f"\nDTD: {files} feed files, {total} entries over the JSON feeds, build {seconds:.1f} s, "
        f"checking {check_seconds:.1f} s"
    )
