"""Tests of the Atom, RSS and JSON Feed writers."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree

from sphinx_blogposts.core import feed_formats as feeds
from sphinx_blogposts.core.feed_formats import (
    FeedAuthor,
    FeedEntry,
    FeedInfo,
    FeedLink,
    atom,
    image_type,
    json_feed,
    rss,
    sanitize,
    updated_of,
)
from sphinx_blogposts.write.generated import write_atomic

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CEST = dt.timezone(dt.timedelta(hours=2))
KOLKATA = ZoneInfo("Asia/Kolkata")
NASTY_TITLE = '"/><script>alert(1)</script>'
NASTY_TAG = '"/><VADER>'
NASTY_CONTENT = "<p>a ]]> b <script>alert(2)</script> &amp; 'q' \"dq\" 😀 𝄞\ttab</p>\r\n<p>é</p>"

FIRST = FeedEntry(
    id="https://example.org/blog/first.html",
    url="https://example.org/blog/first.html",
    title=NASTY_TITLE,
    published=dt.datetime(2019, 5, 6, 10, 0, tzinfo=CEST),
    authors=(FeedAuthor("<b>", "b@example.org"),),
    categories=(NASTY_TAG, "python", "python"),
    content_html=NASTY_CONTENT,
    summary_html="<p>Summary &amp; <em>more</em></p>",
    image_url="https://example.org/_images/cover.JPG",
    lang="de",
    source="_posts/2019-05-06-first.md",
)
SECOND = FeedEntry(
    id="tag:example.org,2019:second",
    url="https://example.org/blog/second.html",
    title="Second — ünïcode 𝄞",
    published=dt.datetime(2019, 6, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    updated=dt.datetime(2019, 7, 1, 12, 0, tzinfo=dt.timezone.utc),
    summary_html="<p>Only a summary</p>",
    source="_posts/2019-06-01-second.md",
)
THIRD = FeedEntry(
    id="https://example.org/blog/third.html?x=1&y=2",
    url="https://example.org/blog/third.html?x=1&y=2",
    title="Third",
    published=dt.datetime(2019, 6, 20, 23, 59, 59, 999, tzinfo=ZoneInfo("Asia/Tokyo")),
    authors=(FeedAuthor("Ann", url="https://example.org/ann"), FeedAuthor("Bob & Co")),
    categories=("a & b",),
    image_url="https://example.org/img?id=3",
    source="_posts/2019-06-20-third.md",
)
ENTRIES = (FIRST, SECOND, THIRD)
INFO = FeedInfo(
    title="Example & <Blog>",
    id="https://example.org/blog/",
    site_url="https://example.org/blog/",
    self_url="https://example.org/blog/atom.xml",
    authors=(FeedAuthor("Jane Doe", url="https://example.org/jane"),),
    language="en_GB",
    subtitle="Notes & <things>",
    icon_url="https://example.org/icon.png",
    alternate_urls=(FeedLink("https://example.org/blog/rss.xml", "application/rss+xml"),),
)


def all_feeds(info: FeedInfo = INFO, entries: tuple[FeedEntry, ...] = ENTRIES) -> list[bytes]:
    return [atom(info, entries).data, rss(info, entries).data, json_feed(info, entries).data]


def parsed(data: bytes) -> feedparser.FeedParserDict:
    result = feedparser.parse(data)
    assert result.bozo == 0, result.get("bozo_exception")
    return result


def timestamp(value: dt.datetime) -> int:
    return int(value.timestamp())


# -- Atom -------------------------------------------------------------------------


def test_atom_is_strict_xml_and_valid_for_feedparser() -> None:
    data = atom(INFO, ENTRIES).data
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    assert data.split(b"\n")[1].startswith(b'<feed xmlns="http://www.w3.org/2005/Atom"')
    root = etree.fromstring(data)
    assert root.tag == ATOM + "feed"
    result = parsed(data)
    assert result.version == "atom10"
    assert result.feed.title == INFO.title
    assert [e.title for e in result.entries] == [e.title for e in ENTRIES]
    assert [e.link for e in result.entries] == [e.url for e in ENTRIES]
    assert [e.id for e in result.entries] == [e.id for e in ENTRIES]
    assert [t.term for t in result.entries[0].tags] == [NASTY_TAG, "python"]
    assert [calendar.timegm(e.published_parsed) for e in result.entries] == [
        timestamp(e.published) for e in ENTRIES
    ]
    assert result.entries[0].author == "<b>" or result.entries[0].author_detail.name == "<b>"


def test_atom_feed_elements() -> None:
    root = etree.fromstring(atom(INFO, ENTRIES).data)
    for name in ("id", "title", "updated"):
        assert len(root.findall(ATOM + name)) == 1
    assert root.get(XML_LANG) == "en-GB"
    assert root.findtext(ATOM + "id") == INFO.id
    assert root.find(ATOM + "title").get("type") == "text"
    assert root.findtext(ATOM + "title") == INFO.title
    assert root.findtext(ATOM + "subtitle") == INFO.subtitle
    # the newest date of all entries, in its own offset
    assert root.findtext(ATOM + "updated") == "2019-07-01T12:00:00+00:00"
    links = [(link.get("rel"), link.get("type"), link.get("href")) for link in root.findall(ATOM + "link")]
    assert links == [
        ("self", "application/atom+xml", INFO.self_url),
        ("alternate", "text/html", INFO.site_url),
        ("alternate", "application/rss+xml", "https://example.org/blog/rss.xml"),
    ]
    assert [a.findtext(ATOM + "name") for a in root.findall(ATOM + "author")] == ["Jane Doe"]
    assert root.find(ATOM + "author").findtext(ATOM + "uri") == "https://example.org/jane"
    generator = root.find(ATOM + "generator")
    assert generator.text == "sphinx-blogposts"
    assert root.findtext(ATOM + "icon") == INFO.icon_url


def test_atom_entries() -> None:
    root = etree.fromstring(atom(INFO, ENTRIES).data)
    first, second, third = root.findall(ATOM + "entry")
    assert first.get(XML_LANG) == "de"
    assert second.get(XML_LANG) is None
    assert first.findtext(ATOM + "id") == FIRST.id
    assert first.find(ATOM + "title").get("type") == "text"
    assert first.findtext(ATOM + "title") == NASTY_TITLE
    assert first.findtext(ATOM + "published") == "2019-05-06T10:00:00+02:00"
    assert first.findtext(ATOM + "updated") == "2019-05-06T10:00:00+02:00"
    assert second.findtext(ATOM + "published") == "2019-06-01T08:30:00-05:00"
    assert second.findtext(ATOM + "updated") == "2019-07-01T12:00:00+00:00"
    assert third.findtext(ATOM + "published") == "2019-06-20T23:59:59+09:00"
    alternate = first.find(ATOM + "link[@rel='alternate']")
    assert alternate.get("href") == FIRST.url
    assert third.find(ATOM + "link[@rel='alternate']").get("href") == THIRD.url
    assert [c.get("term") for c in first.findall(ATOM + "category")] == [NASTY_TAG, "python"]
    assert [a.findtext(ATOM + "name") for a in first.findall(ATOM + "author")] == ["<b>"]
    assert first.find(ATOM + "author").findtext(ATOM + "email") == "b@example.org"
    assert [a.findtext(ATOM + "name") for a in third.findall(ATOM + "author")] == ["Ann", "Bob & Co"]
    summary = first.find(ATOM + "summary")
    assert summary.get("type") == "html"
    assert summary.text == FIRST.summary_html
    content = first.find(ATOM + "content")
    assert content.get("type") == "html"
    assert content.text == NASTY_CONTENT  # exactly, CR included
    assert second.find(ATOM + "content") is None
    enclosure = first.find(ATOM + "link[@rel='enclosure']")
    assert (enclosure.get("type"), enclosure.get("href")) == ("image/jpeg", FIRST.image_url)
    assert first.find(MEDIA + "thumbnail").get("url") == FIRST.image_url
    # no known extension: no type, but still an enclosure and a thumbnail
    assert third.find(ATOM + "link[@rel='enclosure']").get("type") is None
    assert third.find(MEDIA + "thumbnail").get("url") == THIRD.image_url


def test_atom_author_falls_back_to_feed_title() -> None:
    info = dataclasses.replace(INFO, authors=())
    root = etree.fromstring(atom(info, ENTRIES).data)
    assert [a.findtext(ATOM + "name") for a in root.findall(ATOM + "author")] == [INFO.title]
    # every entry has an author: the feed needs none
    with_authors = [e for e in ENTRIES if e.authors]
    root = etree.fromstring(atom(info, with_authors).data)
    assert root.findall(ATOM + "author") == []
    parsed(atom(info, with_authors).data)


def test_atom_without_media_declares_no_media_namespace() -> None:
    data = atom(INFO, (SECOND,)).data
    assert b"mrss" not in data
    parsed(data)


# -- RSS --------------------------------------------------------------------------


def test_rss_is_strict_xml_and_valid_for_feedparser() -> None:
    data = rss(INFO, ENTRIES).data
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    result = parsed(data)
    assert result.version == "rss20"
    assert result.feed.title == INFO.title
    assert [e.title for e in result.entries] == [e.title for e in ENTRIES]
    assert [e.link for e in result.entries] == [e.url for e in ENTRIES]
    assert [e.id for e in result.entries] == [e.id for e in ENTRIES]
    assert [t.term for t in result.entries[0].tags] == [NASTY_TAG, "python"]
    assert [calendar.timegm(e.published_parsed) for e in result.entries] == [
        timestamp(e.published) for e in ENTRIES
    ]


def test_rss_channel() -> None:
    channel = etree.fromstring(rss(INFO, ENTRIES).data).find("channel")
    assert channel.findtext("title") == INFO.title
    assert channel.findtext("link") == INFO.site_url
    assert channel.findtext("description") == INFO.subtitle
    assert channel.findtext("language") == "en-GB"
    assert channel.findtext("lastBuildDate") == "Mon, 01 Jul 2019 12:00:00 +0000"
    self_link = channel.find(ATOM + "link[@rel='self']")
    assert (self_link.get("href"), self_link.get("type")) == (INFO.self_url, "application/rss+xml")
    assert channel.find("image").findtext("url") == INFO.icon_url
    # without a subtitle the description is the title
    info = dataclasses.replace(INFO, subtitle=None, language=None)
    channel = etree.fromstring(rss(info, ENTRIES).data).find("channel")
    assert channel.findtext("description") == INFO.title
    assert channel.find("language") is None


def test_rss_items() -> None:
    first, second, third = etree.fromstring(rss(INFO, ENTRIES).data).find("channel").findall("item")
    assert first.findtext("title") == NASTY_TITLE
    assert first.findtext("link") == FIRST.url
    # the summary is the description, the full content content:encoded
    assert first.findtext("description") == FIRST.summary_html
    assert first.findtext(CONTENT + "encoded") == NASTY_CONTENT
    assert second.findtext("description") == SECOND.summary_html
    assert second.find(CONTENT + "encoded") is None
    assert third.find("description") is None
    assert [c.text for c in first.findall("category")] == [NASTY_TAG, "python"]
    assert [c.text for c in first.findall(DC + "creator")] == ["<b>"]
    assert [c.text for c in third.findall(DC + "creator")] == ["Ann", "Bob & Co"]
    enclosure = first.find("enclosure")
    assert enclosure.attrib == {"url": FIRST.image_url, "length": "0", "type": "image/jpeg"}
    assert first.find(MEDIA + "thumbnail").get("url") == FIRST.image_url
    # the image's type is unknown: no enclosure (RSS requires a type)
    assert third.find("enclosure") is None
    assert third.find(MEDIA + "thumbnail").get("url") == THIRD.image_url


def test_rss_guid_is_permalink_only_for_the_url() -> None:
    items = etree.fromstring(rss(INFO, ENTRIES).data).find("channel").findall("item")
    guids = [(item.findtext("guid"), item.find("guid").get("isPermaLink")) for item in items]
    assert guids == [(FIRST.id, "true"), (SECOND.id, "false"), (THIRD.id, "true")]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.datetime(2019, 5, 6, 10, 0, tzinfo=CEST), "Mon, 06 May 2019 10:00:00 +0200"),
        (dt.datetime(2019, 6, 1, 8, 30, tzinfo=SECOND.published.tzinfo), "Sat, 01 Jun 2019 08:30:00 -0500"),
        (dt.datetime(2020, 2, 29, 0, 0, tzinfo=dt.timezone.utc), "Sat, 29 Feb 2020 00:00:00 +0000"),
        (dt.datetime(2021, 12, 31, 23, 59, tzinfo=KOLKATA), "Fri, 31 Dec 2021 23:59:00 +0530"),
        (dt.datetime(2019, 1, 6, 12, tzinfo=ZoneInfo("America/New_York")), "Sun, 06 Jan 2019 12:00:00 -0500"),
    ],
)
def test_rss_pubdate(date: dt.datetime, expected: str) -> None:
    entry = dataclasses.replace(SECOND, published=date, updated=None)
    item = etree.fromstring(rss(INFO, (entry,)).data).find("channel/item")
    assert item.findtext("pubDate") == expected
    assert expected[:3] == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[date.weekday()]
    assert calendar.timegm(parsed(rss(INFO, (entry,)).data).entries[0].published_parsed) == timestamp(date)


# -- JSON Feed --------------------------------------------------------------------


def test_json_feed() -> None:
    feed = json.loads(json_feed(INFO, ENTRIES).data)
    assert list(feed) == [
        "version", "title", "home_page_url", "feed_url", "description", "icon", "favicon", "language",
        "authors", "items",
    ]
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == INFO.title
    assert feed["home_page_url"] == INFO.site_url
    assert feed["feed_url"] == INFO.self_url
    assert feed["language"] == "en-GB"
    assert feed["authors"] == [{"name": "Jane Doe", "url": "https://example.org/jane"}]
    first, second, third = feed["items"]
    assert list(first) == [
        "id", "url", "title", "content_html", "summary", "image", "date_published", "authors", "tags",
        "language",
    ]
    assert first["id"] == FIRST.id and first["url"] == FIRST.url
    assert first["title"] == NASTY_TITLE
    assert first["content_html"] == NASTY_CONTENT
    assert first["summary"] == "Summary & more"
    assert first["image"] == FIRST.image_url
    assert first["date_published"] == "2019-05-06T10:00:00+02:00"
    assert "date_modified" not in first
    assert first["authors"] == [{"name": "<b>", "url": "mailto:b@example.org"}]
    assert first["tags"] == [NASTY_TAG, "python"]
    assert first["language"] == "de"
    assert second["content_html"] == SECOND.summary_html
    assert second["date_modified"] == "2019-07-01T12:00:00+00:00"
    assert "tags" not in second and "authors" not in second and "image" not in second
    assert third["content_html"] == ""
    for item in feed["items"]:
        assert isinstance(item["id"], str)
        assert all(isinstance(item[key], str) for key in ("url", "title", "content_html", "date_published"))
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


def test_json_feed_is_utf8_not_ascii_escaped() -> None:
    data = json_feed(INFO, ENTRIES).data
    assert "ünïcode 𝄞".encode() in data
    assert data.endswith(b"}\n")


# -- characters XML cannot carry ------------------------------------------------------

BAD = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800\udfff"


def test_control_characters_are_removed_and_reported() -> None:
    entry = dataclasses.replace(
        FIRST,
        title=f"Ti{BAD}tle\tok",
        categories=("fine", f"ta{BAD}g"),
        content_html=f"<p>con{BAD}tent\r\n</p>",
        authors=(FeedAuthor(f"An{BAD}n"),),
    )
    info = dataclasses.replace(INFO, subtitle=f"sub{BAD}")
    for writer in (atom, rss, json_feed):
        result = writer(info, (entry,))
        text = result.data.decode("utf-8")
        assert not any(char in text for char in BAD)
        assert sorted(result.problems) == sorted(
            [
                (INFO.self_url, f"subtitle: removed {len(BAD)} character(s) that feeds cannot contain "
                 "(control characters, U+FFFE, U+FFFF or unpaired surrogates)"),
                *(
                    (FIRST.source, f"{name}: removed {len(BAD)} character(s) that feeds cannot contain "
                     "(control characters, U+FFFE, U+FFFF or unpaired surrogates)")
                    for name in ("title", "authors[0].name", "categories[1]", "content_html")
                ),
            ]
        )
    root = etree.fromstring(atom(info, (entry,)).data)
    assert root.find(ATOM + "entry").findtext(ATOM + "title") == "Title\tok"
    assert root.find(ATOM + "entry").findtext(ATOM + "content") == "<p>content\r\n</p>"
    parsed(atom(info, (entry,)).data)
    parsed(rss(info, (entry,)).data)
    assert json.loads(json_feed(info, (entry,)).data)["items"][0]["tags"] == ["fine", "tag"]


def test_clean_input_has_no_problems() -> None:
    for writer in (atom, rss, json_feed):
        assert writer(INFO, ENTRIES).problems == []


def test_sanitize_once_for_several_feeds() -> None:
    entry = dataclasses.replace(FIRST, title="a\x00b")
    info, entries, problems = sanitize(INFO, [entry])
    assert entries[0].title == "ab" and len(problems) == 1
    assert atom(info, entries).problems == []


# -- dates ------------------------------------------------------------------------


def test_naive_dates_are_refused() -> None:
    naive = dataclasses.replace(FIRST, published=dt.datetime(2019, 5, 6))
    for writer in (atom, rss, json_feed):
        with pytest.raises(ValueError, match="_posts/2019-05-06-first.md"):
            writer(INFO, (naive,))
    with pytest.raises(ValueError):
        atom(INFO, (dataclasses.replace(FIRST, updated=dt.datetime(2019, 5, 6)),))


def test_updated_of() -> None:
    assert updated_of(ENTRIES) == SECOND.updated
    # compared as instants, not as wall-clock times
    late_offset = dataclasses.replace(
        SECOND, published=dt.datetime(2019, 7, 1, 13, 0, tzinfo=CEST), updated=None
    )
    assert updated_of((SECOND, late_offset)) == SECOND.updated
    fallback = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    assert updated_of((), fallback) == fallback
    assert updated_of(()) == feeds.EPOCH


def test_empty_feeds_use_the_fallback_date() -> None:
    fallback = dt.datetime(2000, 1, 2, 3, 4, 5, tzinfo=CEST)
    root = etree.fromstring(atom(INFO, (), updated_fallback=fallback).data)
    assert root.findtext(ATOM + "updated") == "2000-01-02T03:04:05+02:00"
    assert root.find(ATOM + "author") is not None
    channel = etree.fromstring(rss(INFO, (), updated_fallback=fallback).data).find("channel")
    assert channel.findtext("lastBuildDate") == "Sun, 02 Jan 2000 03:04:05 +0200"
    assert json.loads(json_feed(INFO, (), updated_fallback=fallback).data)["items"] == []
    parsed(atom(INFO, ()).data)
    parsed(rss(INFO, ()).data)


def test_offsets_with_seconds_are_written_in_utc() -> None:
    lmt = dt.datetime(1890, 1, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # +00:19:32
    assert lmt.utcoffset() % dt.timedelta(minutes=1)
    entry = dataclasses.replace(SECOND, published=lmt, updated=None)
    root = etree.fromstring(atom(INFO, (entry,)).data)
    assert root.find(ATOM + "entry").findtext(ATOM + "published") == "1890-01-01T11:40:28+00:00"
    item = etree.fromstring(rss(INFO, (entry,)).data).find("channel/item")
    assert item.findtext("pubDate") == "Wed, 01 Jan 1890 11:40:28 +0000"


# -- determinism ----------------------------------------------------------------------


def test_same_input_same_bytes() -> None:
    assert all_feeds() == all_feeds()


def test_output_does_not_depend_on_the_machine_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = all_feeds()
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert time.localtime(0).tm_gmtoff == 9 * 3600
        assert all_feeds() == baseline
    finally:
        monkeypatch.undo()
        time.tzset()


def test_image_type() -> None:
    assert image_type("https://x/a.png") == "image/png"
    assert image_type("https://x/a.b/c.JPEG?x=1#y") == "image/jpeg"
    assert image_type("https://x/a.svg") == "image/svg+xml"
    assert image_type("https://x/a.webp") == "image/webp"
    assert image_type("https://x/a.b/c") is None
    assert image_type("https://x/") is None


# -- write_atomic -----------------------------------------------------------------


def test_write_atomic(tmp_path: Path) -> None:
    target = tmp_path / "atom.xml"
    assert write_atomic(target, b"one") is True
    assert target.read_bytes() == b"one"
    old = 1_000_000_000
    os.utime(target, (old, old))
    assert write_atomic(target, b"one") is False
    assert target.stat().st_mtime == old
    assert write_atomic(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert target.stat().st_mtime != old
    assert os.listdir(tmp_path) == ["atom.xml"]


def test_write_atomic_uses_normal_permissions(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    write_atomic(tmp_path / "feed.json", b"{}")
    assert (tmp_path / "feed.json").stat().st_mode == reference.stat().st_mode


def test_write_atomic_failure_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rss.xml"
    target.write_bytes(b"old")

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["rss.xml"]


def test_author_avatar_and_feed_images() -> None:
    author = FeedAuthor("Ann", url="https://example.org/ann", avatar="https://example.org/ann.png")
    entry = dataclasses.replace(THIRD, authors=(author,), image_width=1200, image_height=630)
    info = dataclasses.replace(INFO, logo_url="https://example.org/logo.png", hub_url="https://hub.example/")
    feed = json.loads(json_feed(info, (entry,)).data)
    assert feed["items"][0]["authors"] == [
        {"name": "Ann", "url": "https://example.org/ann", "avatar": "https://example.org/ann.png"}]
    assert (feed["icon"], feed["favicon"]) == ("https://example.org/logo.png", INFO.icon_url)
    assert feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example/"}]
    root = etree.fromstring(atom(info, (entry,)).data)
    assert root.findtext(ATOM + "logo") == "https://example.org/logo.png"
    assert root.find(ATOM + "link[@rel='hub']").get("href") == "https://hub.example/"
    thumbnail = root.find(ATOM + "entry").find(MEDIA + "thumbnail")
    assert (thumbnail.get("width"), thumbnail.get("height")) == ("1200", "630")
    # the logo is RSS's image when there is one
    channel = etree.fromstring(rss(info, (entry,)).data).find("channel")
    assert channel.find("image").findtext("url") == "https://example.org/logo.png"
    for data in all_feeds(info, (entry,))[:2]:
        assert parsed(data).bozo == 0
