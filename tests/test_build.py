"""Posts become Sphinx documents: titles, headers, warnings, builders."""

from __future__ import annotations

import json
import re

import pytest

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_posts_become_pages_with_titles(build):
    built = build()
    first = built.soup("_posts/2019-05-06-first-post")
    assert first.title.text.startswith("First post")
    assert first.find("h1").text.rstrip("¶") == "First post"
    # front matter never shows up as text or as a docinfo table
    body = first.find("div", class_="body") or first.body
    assert "layout" not in body.text and "mood" not in body.text
    assert not first.find("dl", class_="docinfo") and not first.find("table", class_="docinfo")
    # the body's own sections nest under the title
    assert first.find("h2").text.rstrip("¶") == "A section"

    rst = built.soup("_posts/2020-01-15-restructured")
    assert rst.find("h1").text.rstrip("¶") == "A reStructuredText post"
    assert rst.find("h2").text.rstrip("¶") == "Subsection"
    assert rst.find("em").text == "reST"

    own = built.soup("_posts/2019-07-01-own-heading")
    assert own.find("h1").text.rstrip("¶") == "The body’s own heading"
    assert len(own.select("div.body h1")) == 1

    assert built.page_path("blog/posts/2021-03-04-in-blog-folder").is_file()
    # a file without front matter in a post folder stays an ordinary page
    notes = built.soup("_posts/notes")
    assert notes.find("h1").text.rstrip("¶") == "Just a page"
    assert not notes.find(class_="blogpost-header")


def test_titles_reach_search_index_and_toctree_free(build):
    built = build()
    index = (built.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"First post"' in index and '"A reStructuredText post"' in index
    # posts need no toctree: no "not included in any toctree" warning for them
    assert not [w for w in built.warnings if "toctree" in w and "_posts/2" in w], built.warnings


def test_post_header(build):
    built = build()
    header = built.soup("_posts/2019-05-06-first-post").find(class_="blogpost-header")
    time = header.find("time")
    assert time["datetime"] == "2019-05-06T10:00:00+02:00"
    assert time.text == "May 6, 2019"
    assert "Jane Doe" in header.find(class_="blogpost-authors").text
    assert [t.text for t in header.select(".blogpost-tag")] == ["python", "sphinx"]
    assert [t.text for t in header.select(".blogpost-category")] == ["news"]
    assert re.fullmatch(r"\d+ min read", header.find(class_="blogpost-reading-time").text)


def test_date_formatted_for_language(build):
    built = build(confoverrides={"language": "nl"})
    time = built.soup("_posts/2019-05-06-first-post").find(class_="blogpost-header").find("time")
    assert time.text == "6 mei 2019"


def test_header_escapes_front_matter(build):
    built = build(
        files={
            "_posts/2019-01-01-evil.md": (
                "---\n"
                "title: '\"/><script>alert(1)</script> *x*'\n"
                "tags: ['\"/><script>alert(2)</script>']\n"
                "author: {name: '<img src=x onerror=alert(3)>', url: 'javascript:alert(4)'}\n"
                "---\nBody.\n"
            )
        }
    )
    page = built.soup("_posts/2019-01-01-evil")
    # JSON-LD holds the title as data, escaped so it cannot end its element
    assert not [s for s in page.find_all("script", string=re.compile("alert"))
                if s.get("type") != "application/ld+json"]
    for data in page.find_all("script", type="application/ld+json"):
        assert json.loads(data.string)["headline"].startswith('"/><script>')
    assert not page.find_all("img", attrs={"onerror": True})
    assert not page.find_all(href=re.compile("javascript", re.I))
    # the title is text: markup characters stay literal (quotes are typeset)
    assert page.find("h1").text.rstrip("¶")[1:] == '/><script>alert(1)</script> *x*'
    assert page.find(class_="blogpost-tag").text == '"/><script>alert(2)</script>'


def test_warnings_have_type_subtype_and_location(build):
    built = build(
        files={
            "_posts/undated.md": "---\ntitle: No date\n---\nText\n",
            "_posts/2019-02-18-bad-date.md": "---\ntitle: Bad\ndate: 2019-02-18 15:15:17 +1h\n---\nText\n",
            "_posts/2019-02-19-broken.md": "---\ntitle: Broken\ntags: [a, b\n---\nText\n",
            "_posts/2019-02-20-terug.md": "---\ntitle: Terug\npublished: terug\n---\nText\n",
        }
    )
    date_warnings = built.blog_warnings("date")
    assert any(re.search(r"_posts/undated\.md:1: WARNING: post has no date", w) for w in date_warnings)
    assert any(re.search(r"2019-02-18-bad-date\.md:3: WARNING: 'date' cannot be read", w) for w in date_warnings)
    assert any(re.search(r"2019-02-19-broken\.md:\d+: WARNING: front matter is not valid YAML", w)
               for w in built.blog_warnings("frontmatter"))
    assert any(re.search(r"2019-02-20-terug\.md:3: WARNING: 'published: 'terug''", w)
               for w in built.blog_warnings("draft"))
    # the broken and the 'terug' posts are left out, the others build
    assert not built.page_path("_posts/2019-02-19-broken").exists()
    assert not built.page_path("_posts/2019-02-20-terug").exists()
    assert built.page_path("_posts/undated").exists()
    assert built.page_path("_posts/2019-02-18-bad-date").exists()
    assert built.page_path("_posts/2019-05-06-first-post").exists()


def test_suppress_warnings(build):
    built = build(
        files={"_posts/undated.md": "---\ntitle: No date\n---\nText\n"},
        confoverrides={"suppress_warnings": ["blogposts.date"]},
    )
    assert not built.blog_warnings("date")


def test_warning_line_numbers_point_into_the_original_file(build):
    built = build(
        files={
            "_posts/2019-03-03-lines.md": "---\ntitle: Lines\ntags: [a]\n---\n\nText\n\n```{nosuchdirective}\n```\n",
            "_posts/2019-03-04-lines.rst": "---\ntitle: Lines\n---\nText\n\n.. nosuchdirective::\n",
        }
    )
    # (some MyST versions add ".rst" to the path they report; the line is what matters)
    assert any(re.search(r"2019-03-03-lines\.md(\.rst)?:8:", w) for w in built.warnings), built.warnings
    assert any("2019-03-04-lines.rst:6" in w for w in built.warnings), built.warnings


def test_source_copy_is_not_published_for_posts(build):
    built = build()
    assert not list((built.outdir / "_sources").rglob("2019-05-06-first-post*"))
    assert (built.outdir / "_sources" / "index.md.txt").exists()


@pytest.mark.parametrize("buildername", ["text", "latex", "man", "singlehtml", "dirhtml", "epub"])
def test_other_builders(build, buildername):
    built = build(buildername=buildername)
    assert not built.warnings, built.warnings
    if buildername == "text":
        text = (built.outdir / "_posts" / "2019-05-06-first-post.txt").read_text(encoding="utf-8")
        assert "First post" in text and "May 6, 2019" in text
    if buildername == "latex":
        assert not list(built.outdir.rglob("blogposts.css"))


def test_markdown_suffix_is_myst(build):
    built = build(files={"_posts/2019-04-04-jekyll.markdown": "---\ntitle: Old\n---\nSome **bold**.\n"})
    assert built.soup("_posts/2019-04-04-jekyll").find("strong").text == "bold"


def test_sample_post(build, tmp_path):
    # docs/ carries an unchanged copy of ../shared/corpora/seed/000_6618d07d5b785b4c.txt,
    # under its original, dated file name; here it is built without that date
    sample = (DOCS / "blog" / "posts" / "2017-07-09-Digitale-Transformatie.md").read_text(encoding="utf-8")
    built = build(files={"_posts/digitale-transformatie.md": sample})
    page = built.soup("_posts/digitale-transformatie")
    assert page.title.text.startswith("Is Digitale Transformatie zó moeilijk?")
    assert page.find("h1").text.rstrip("¶") == "Is Digitale Transformatie zó moeilijk?"
    assert "layout:" not in page.text and "published:" not in page.text
    assert any("digitale-transformatie.md:1" in w and "no date" in w for w in built.blog_warnings("date"))
