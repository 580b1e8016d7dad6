"""What feed readers get beyond the entries' text: the summary and the full
text apart in RSS, thumbnails (the post's image or its card), the feed's
icon and logo, authors' links and avatars, and the WebSub hub; read by
feedparser and checked by the suite's validators."""

from __future__ import annotations

import json
import shutil

import feedparser
import pytest

from conftest import ROOTS, run_build
from test_feeds_build import ATOM, check_feed

BASE = "https://example.org/site/"
MEDIA = "{http://search.yahoo.com/mrss/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
HUB = "https://hub.example.net/"


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def built(request, tmp_path_factory):
    pytest.importorskip("PIL")
    srcdir = tmp_path_factory.mktemp(f"readers-{request.param}") / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    return run_build(srcdir, buildername=request.param, confoverrides={"blogposts_social_cards": True})


def entry(parsed, title: str):
    (found,) = [e for e in parsed.entries if e.title == title]
    return found


@pytest.mark.parametrize("name", ["atom.xml", "rss.xml"])
def test_feedparser_sees_content_summary_and_thumbnails(built, name):
    feed = check_feed(built, f"blog/{name}")
    assert feed.entries
    parsed = feedparser.parse((built.outdir / "blog" / name).read_bytes())
    assert parsed.bozo == 0
    long = entry(parsed, "A post without a picture")
    # the summary is the excerpt; the content has the rest of the post too
    assert "This excerpt has" in long.summary and "The rest of the post" not in long.summary
    assert "The rest of the post" in long.content[0].value
    thumbnails = long.media_thumbnail
    assert len(thumbnails) == 1 and thumbnails[0]["url"].startswith(BASE + "blog/cards/2021-02-01-no-image-")
    assert (thumbnails[0]["width"], thumbnails[0]["height"]) == ("1200", "630")
    assert long.media_content[0]["url"] == thumbnails[0]["url"]
    assert long.media_content[0]["medium"] == "image"
    own = entry(parsed, "A post with a picture")
    assert own.media_thumbnail[0]["url"] == BASE + "_posts/images/photo.png"
    assert (own.media_thumbnail[0]["width"], own.media_thumbnail[0]["height"]) == ("40", "30")
    assert [link["href"] for link in parsed.feed.links if link.get("rel") == "hub"] == [HUB]
    if name == "atom.xml":
        assert parsed.feed.icon == BASE + "_static/favicon.png"
        assert parsed.feed.logo == BASE + "_static/logo.png"
    else:
        assert parsed.feed.image.href == BASE + "_static/logo.png"


def test_rss_elements(built):
    feed = check_feed(built, "blog/rss.xml")
    item = next(e for e in feed.entries if e.title == "A post without a picture").raw
    assert item.find(CONTENT + "encoded").text.count("The rest of the post") == 1
    assert "The rest of the post" not in item.findtext("description")
    channel = feed.raw.find("channel")
    assert [link.get("href") for link in channel.findall(f"{ATOM}link[@rel='hub']")] == [HUB]


def test_json_feed(built):
    check_feed(built, "blog/feed.json")
    data = json.loads((built.outdir / "blog/feed.json").read_text(encoding="utf-8"))
    assert data["icon"] == BASE + "_static/logo.png"
    assert data["favicon"] == BASE + "_static/favicon.png"
    assert data["hubs"] == [{"type": "WebSub", "url": HUB}]
    items = {item["title"]: item for item in data["items"]}
    assert items["A post with a picture"]["image"] == BASE + "_posts/images/photo.png"
    assert items["A post without a picture"]["image"].startswith(BASE + "blog/cards/")
    bob = items["A post without a picture"]["authors"]
    address = BASE + ("blog/author/bob.html" if built.app.builder.name == "html" else "blog/author/bob/")
    assert bob == [{"name": "Bob", "url": address}]
    assert items["Written by two"]["authors"] == [
        {"name": "Ann Author", "url": "https://ann.example.org/"}, {"name": "Bob", "url": address}]


def test_feeds_are_byte_stable(built, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    again = run_build(srcdir, buildername=built.app.builder.name, confoverrides={"blogposts_social_cards": True})
    for name in ("atom.xml", "rss.xml", "feed.json"):
        assert (again.outdir / "blog" / name).read_bytes() == (built.outdir / "blog" / name).read_bytes()
