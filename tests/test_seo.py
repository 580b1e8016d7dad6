"""Sharing and search metadata of post pages and blog pages, read by a real
metadata extractor (extruct: Open Graph, JSON-LD, microdata), in html and
dirhtml."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter

import pytest

from conftest import ROOTS, run_build, tree_bytes, write_files

extruct = pytest.importorskip("extruct")

BASE = "https://example.org/site/"
SEO_POSTS = ("with-image", "no-image", "two-authors", "dutch", "quiet", "gone-image")


def doc(name: str) -> str:
    date = {"with-image": "2021-01-01", "no-image": "2021-02-01", "two-authors": "2021-03-01",
            "dutch": "2021-04-01", "quiet": "2021-05-01", "gone-image": "2021-06-01"}[name]
    return f"_posts/{date}-{name}"


def address(builder: str, pagename: str) -> str:
    if builder == "html":
        return BASE + pagename + ".html"
    if pagename == "index":
        return BASE
    return BASE + (pagename[: -len("index")] if pagename.endswith("/index") else pagename + "/")


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(f"seo-{request.param}") / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    return run_build(srcdir, buildername=request.param)


def extract(built, pagename: str) -> dict:
    html = built.page_path(pagename).read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=address(built.app.builder.name, pagename),
                           syntaxes=["opengraph", "json-ld", "microdata"])
    og: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og.setdefault(key, []).append(value)
    soup = built.soup(pagename)
    names: dict[str, list[str]] = {}
    for tag in soup.head.find_all("meta", attrs={"name": True}):
        names.setdefault(tag["name"], []).append(tag.get("content"))
    canonical = [link["href"] for link in soup.head.find_all("link", rel="canonical")]
    return {"og": og, "ld": data["json-ld"], "microdata": data["microdata"], "names": names,
            "canonical": canonical, "soup": soup}


def one(values: list[str]) -> str:
    assert len(values) == 1, values
    return values[0]


def test_post_with_an_image(site):
    builder = site.app.builder.name
    page = extract(site, doc("with-image"))
    og, names = page["og"], page["names"]
    url = address(builder, doc("with-image"))
    assert page["canonical"] == [url]
    assert one(og["og:type"]) == "article"
    assert one(og["og:title"]) == "A post with a picture"
    description = "What this post is about, in the author's own words & no markup."
    assert one(og["og:description"]) == one(names["description"]) == description
    assert one(og["og:url"]) == url
    assert one(og["og:site_name"]) == "Sharing blog"
    assert one(og["og:locale"]) == "en_US"
    # the image beside the post, copied to the same place in the output
    image = BASE + "_posts/images/photo.png"
    assert one(og["og:image"]) == one(names["twitter:image"]) == image
    assert (site.outdir / "_posts/images/photo.png").read_bytes() == (
        site.srcdir / "_posts/images/photo.png").read_bytes()
    assert (one(og["og:image:width"]), one(og["og:image:height"])) == ("40", "30")
    assert one(og["og:image:alt"]) == one(names["twitter:image:alt"]) == "Green rectangle"
    assert one(og["article:published_time"]) == "2021-01-01T00:00:00+01:00"
    assert one(og["article:modified_time"]) == "2021-01-05T12:00:00+01:00"
    assert og["article:author"] == ["https://ann.example.org/"]
    assert og["article:tag"] == ["python", "web"]
    assert one(og["article:section"]) == "news"
    assert one(names["twitter:card"]) == "summary_large_image"
    assert one(names["twitter:site"]) == "@sharingblog"
    assert one(names["twitter:title"]) == "A post with a picture"
    assert one(names["twitter:description"]) == description
    assert "robots" not in names
    (ld,) = page["ld"]
    assert ld["@type"] == "BlogPosting"
    assert ld["headline"] == "A post with a picture"
    assert ld["description"] == description
    assert ld["url"] == url and ld["mainEntityOfPage"]["@id"] == url
    assert ld["datePublished"] == "2021-01-01T00:00:00+01:00"
    assert ld["dateModified"] == "2021-01-05T12:00:00+01:00"
    assert ld["author"] == [{"@type": "Person", "name": "Ann Author", "url": "https://ann.example.org/"}]
    assert ld["image"] == image
    assert ld["keywords"] == ["python", "web"]
    assert ld["inLanguage"] == "en"
    assert ld["wordCount"] > 5
    assert ld["publisher"] == {"@type": "Organization", "name": "Sharing blog",
                               "logo": {"@type": "ImageObject", "url": BASE + "_static/logo.png"}}
    # no microdata of its own that could contradict the JSON-LD
    assert [item for item in page["microdata"] if item.get("type", "").endswith("BlogPosting")] == []


def test_post_without_an_image(site):
    page = extract(site, doc("no-image"))
    og, names = page["og"], page["names"]
    description = one(names["description"])
    # the excerpt as plain text, cut at a word boundary near 160 characters
    assert description.startswith("This excerpt has bold words, an entity & a link, and it goes on")
    assert len(description) <= 160 and description.endswith("…")
    assert not re.search(r"[<>]|&amp;|\*\*", description)
    assert description[:-1].split()[-1] in "This excerpt has bold words, an entity & a link, and it goes on for quite a while so that it is longer than any search engine shows: one hundred and sixty characters are".split()
    assert one(og["og:description"]) == description
    # no card (they are off), no image: a small card
    assert "og:image" not in og and "twitter:image" not in names
    assert one(names["twitter:card"]) == "summary"
    assert og["article:author"] == [address(site.app.builder.name, "blog/author/bob")]
    assert "article:modified_time" not in og and "article:section" not in og
    (ld,) = page["ld"]
    assert ld["author"] == [{"@type": "Person", "name": "Bob",
                             "url": address(site.app.builder.name, "blog/author/bob")}]
    assert ld["dateModified"] == ld["datePublished"] == "2021-02-01T00:00:00+01:00"
    assert "image" not in ld


def test_post_with_two_authors(site):
    page = extract(site, doc("two-authors"))
    bob = address(site.app.builder.name, "blog/author/bob")
    assert page["og"]["article:author"] == ["https://ann.example.org/", bob]
    (ld,) = page["ld"]
    assert [(a["name"], a["url"]) for a in ld["author"]] == [("Ann Author", "https://ann.example.org/"), ("Bob", bob)]


def test_post_in_another_language(site):
    page = extract(site, doc("dutch"))
    assert one(page["og"]["og:locale"]) == "nl_NL"
    (ld,) = page["ld"]
    assert ld["inLanguage"] == "nl"
    assert ld["headline"] == "Een bericht in het Nederlands"


def test_index_pages(site):
    builder = site.app.builder.name
    first, second = extract(site, "blog/index"), extract(site, "blog/page/2")
    assert first["canonical"] == [address(builder, "blog/index")]
    assert second["canonical"] == [address(builder, "blog/page/2")]
    assert one(first["og"]["og:type"]) == "website"
    assert one(first["og"]["og:url"]) == address(builder, "blog/index")
    assert one(first["og"]["og:image"]) == BASE + "_static/logo.png"
    (ld,) = first["ld"]
    assert ld["@type"] == "Blog" and ld["url"] == address(builder, "blog/index")
    # newest first, two per page
    assert [p["url"] for p in ld["blogPost"]] == [address(builder, doc("gone-image")), address(builder, doc("quiet"))]
    assert ld["blogPost"][0]["headline"] == "A post whose image is missing"
    assert ld["blogPost"][0]["datePublished"] == "2021-06-01T00:00:00+02:00"  # summer time
    # page 2: between page 1 and page 3, and no Blog of its own
    soup = second["soup"]
    assert [link["href"] for link in soup.head.find_all("link", rel="prev")] == [address(builder, "blog/index")]
    assert [link["href"] for link in soup.head.find_all("link", rel="next")] == [address(builder, "blog/page/3")]
    assert not first["soup"].head.find_all("link", rel="prev")
    assert second["ld"] == []
    assert one(second["og"]["og:title"]).startswith("Blog")
    assert one(second["og"]["og:url"]) == address(builder, "blog/page/2")


def test_tag_page(site):
    builder = site.app.builder.name
    page = extract(site, "blog/tag/python")
    assert page["canonical"] == [address(builder, "blog/tag/python")]
    assert one(page["og"]["og:title"]) == "Posts tagged “python”"
    assert one(page["names"]["description"]) == "Sharing blog: Posts tagged “python”"
    (ld,) = page["ld"]
    assert ld["@type"] == "CollectionPage"
    assert ld["url"] == address(builder, "blog/tag/python")
    assert [p["url"] for p in ld["hasPart"]] == [address(builder, doc("dutch")), address(builder, doc("no-image"))]


def test_no_tag_twice_on_any_page(site):
    for pagename in [doc(p) for p in SEO_POSTS] + ["blog/index", "blog/page/2", "blog/tag/index", "blog/archive/index"]:
        soup = site.soup(pagename)
        keys = Counter(
            tag.get("property") or tag.get("name")
            for tag in soup.head.find_all("meta") if tag.get("property") or tag.get("name")
        )
        repeatable = {"article:tag", "article:author"}
        ours = re.compile(r"^(og|article|twitter):|^(description|robots)$")
        assert [k for k, n in keys.items() if n > 1 and k not in repeatable and ours.match(k)] == [], pagename
        assert len(soup.head.find_all("link", rel="canonical")) == 1, pagename
        for script in soup.head.find_all("script", type="application/ld+json"):
            json.loads(script.string)


def test_seo_false_and_missing_image(site):
    quiet = extract(site, doc("quiet"))
    assert quiet["og"] == {} and quiet["ld"] == [] and "description" not in quiet["names"]
    gone = extract(site, doc("gone-image"))
    assert "og:image" not in gone["og"]
    (warning,) = site.blog_warnings("image")
    assert "2021-06-01-gone-image.md:3:" in warning and "nowhere.png" in warning
    assert [w for w in site.warnings if "[blogposts.image]" not in w] == []
    # the ordinary page keeps what Sphinx gives it, and nothing of ours
    index = extract(site, "index")
    assert index["og"] == {} and index["ld"] == []


def test_drafts_are_noindex_without_canonical(build):
    built = build("seo", confoverrides={"blogposts_drafts": True}, files={
        "_posts/2021-07-01-draft.md": "---\ntitle: Not yet\npublished: false\n---\nSoon.\n"})
    soup = built.soup("_posts/2021-07-01-draft")
    assert [m["content"] for m in soup.head.find_all("meta", attrs={"name": "robots"})] == ["noindex"]
    assert soup.head.find_all("link", rel="canonical") == []
    assert built.soup(doc("dutch")).head.find_all("meta", attrs={"name": "robots"}) == []


def test_turned_off(build):
    built = build("seo", confoverrides={"blogposts_seo": False})
    for pagename in (doc("with-image"), "blog/index", "blog/tag/python"):
        page = extract(built, pagename)
        assert page["og"] == {} and page["ld"] == [] and "description" not in page["names"]
    # Sphinx's own canonical link (html_baseurl) stays
    assert extract(built, doc("with-image"))["canonical"] == [BASE + doc("with-image") + ".html"]


def test_without_a_base_url(build):
    built = build("seo", confoverrides={"html_baseurl": "", "blogposts_feeds": []})
    page = extract(built, doc("with-image"))
    assert page["canonical"] == [] and "og:url" not in page["og"] and "og:image" not in page["og"]
    assert one(page["og"]["og:title"]) == "A post with a picture"
    assert one(page["names"]["description"]).startswith("What this post is about")
    (warning,) = built.blog_warnings("seo")
    assert "blogposts_baseurl" in warning
    assert "url" not in page["ld"][0] and "image" not in page["ld"][0]


def test_blogposts_baseurl_wins_and_dirhtml_is_exact(build):
    built = build("seo", buildername="dirhtml", confoverrides={"blogposts_baseurl": "https://blog.example.com/x"})
    page = extract(built, doc("no-image"))
    assert page["canonical"] == ["https://blog.example.com/x/" + doc("no-image") + "/"]
    assert one(page["og"]["og:url"]) == page["canonical"][0]
    # ordinary pages keep Sphinx's own link from html_baseurl (which Sphinx
    # 8.0 ends in index.html on dirhtml, and 8.1 on fixed)
    assert extract(built, "index")["canonical"] in ([BASE], [BASE + "index.html"])


INJECTIONS = ("</script><script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "line\u2028break")


def test_injection_in_metadata(build):
    title, description, tag = INJECTIONS
    built = build("seo", files={
        "_posts/2021-08-01-evil.md": (
            "---\n"
            f"title: {json.dumps(title + ' ' + INJECTIONS[2])}\n"
            f"description: {json.dumps(description + ' ' + INJECTIONS[2])}\n"
            f"tags: [{json.dumps(tag)}, {json.dumps(title)}]\n"
            f"author: {{name: {json.dumps(description)}, url: 'https://e.example/\"><b>'}}\n"
            "---\nBody.\n"
        )})
    page = extract(built, "_posts/2021-08-01-evil")
    soup = page["soup"]
    # the values come back whole, as text
    assert one(page["og"]["og:title"]) == title + " " + INJECTIONS[2]
    # a description is one line: the line separator is a space there
    assert one(page["og"]["og:description"]) == description + " line break"
    (ld,) = page["ld"]
    assert ld["headline"] == title + " " + INJECTIONS[2]
    assert ld["keywords"] == [tag, title]
    assert ld["author"][0]["name"] == description
    raw = built.page_path("_posts/2021-08-01-evil").read_text(encoding="utf-8")
    script = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "\u2028" not in script
    assert json.loads(script)["headline"] == ld["headline"]
    # nothing of it became markup
    assert not soup.find_all("img", attrs={"onerror": True})
    assert [s for s in soup.find_all("script") if "alert" in (s.string or "")
            and s.get("type") != "application/ld+json"] == []


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory):
    outputs = {}
    for jobs in (0, 2):
        srcdir = tmp_path_factory.mktemp(f"seo-j{jobs}") / "src"
        shutil.copytree(ROOTS / "test-seo", srcdir)
        built = run_build(srcdir, parallel=jobs, confoverrides={"blogposts_social_cards": True})
        outputs[jobs] = {k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")}
    return outputs


def test_parallel_equals_serial(serial_and_parallel):
    serial, parallel = serial_and_parallel[0], serial_and_parallel[2]
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
    assert any(name.startswith("blog/cards/") for name in serial)


def test_incremental_equals_clean(tmp_path):
    edit = {"_posts/2021-02-01-no-image.md": (ROOTS / "test-seo/_posts/2021-02-01-no-image.md").read_text(
        encoding="utf-8").replace("A post without a picture", "A post renamed")}
    options = {"confoverrides": {"blogposts_social_cards": True}}
    incremental = tmp_path / "incremental"
    shutil.copytree(ROOTS / "test-seo", incremental)
    run_build(incremental, **options)
    write_files(incremental, edit)
    after = run_build(incremental, **options)
    clean = tmp_path / "clean"
    shutil.copytree(ROOTS / "test-seo", clean)
    write_files(clean, edit)
    fresh = run_build(clean, **options)
    ours = {k: v for k, v in tree_bytes(after.outdir).items() if not k.startswith(".")}
    theirs = {k: v for k, v in tree_bytes(fresh.outdir).items() if not k.startswith(".")}
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert "A post renamed" in extract(after, doc("no-image"))["og"]["og:title"]
