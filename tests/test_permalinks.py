"""Old Jekyll addresses: pattern expansion, refusal of unsafe paths, and the
redirect pages real builds write there."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPORA, ROOTS, run_build, tree_bytes, write_files
from sphinx_blogposts.jekyll.permalinks import (
    PermalinkError,
    UndatedError,
    check_pattern,
    expand,
    jekyll_slugify,
    old_address,
)
from sphinx_blogposts.core.post import Post

UTC = dt.timezone.utc


def make_post(path="_posts/2019-05-06-First Post.md", date=dt.datetime(2019, 5, 6, 14, 7, 9, tzinfo=UTC), **kw):
    return Post(path=path, title="T", title_source="front matter", date=date,
                date_source="file name" if date else None, published=True, **kw)


# --- pattern expansion ------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "url", "file"),
    [
        ("date", "/news/tech%20talk/2019/05/06/First-Post.html", "news/tech talk/2019/05/06/First-Post.html"),
        ("pretty", "/news/tech%20talk/2019/05/06/First-Post/", "news/tech talk/2019/05/06/First-Post/index.html"),
        ("ordinal", "/news/tech%20talk/2019/126/First-Post.html", "news/tech talk/2019/126/First-Post.html"),
        ("weekdate", "/news/tech%20talk/2019/W19/Mon/First-Post.html", "news/tech talk/2019/W19/Mon/First-Post.html"),
        ("none", "/news/tech%20talk/First-Post.html", "news/tech talk/First-Post.html"),
    ],
)
def test_builtin_styles(style, url, file):
    post = make_post(categories=("News", "Tech Talk", "news"))
    expanded = expand(style, post, post.date)
    assert expanded == url
    assert old_address(expanded).file == file


def test_every_placeholder():
    # 2021-01-03 is a Sunday in ISO week 53 of 2020
    post = make_post(path="_posts/sub/2021-01-03-Hello, World!.md", date=dt.datetime(2021, 1, 3, 4, 5, 6, tzinfo=UTC))
    pattern = ("/:year/:short_year/:month/:i_month/:short_month/:long_month/:day/:i_day/:y_day/"
               ":w_year/:week/:w_day/:short_day/:long_day/:hour/:minute/:second/:title/:slug/:name/"
               ":collection/:path:output_ext")
    assert unquote(expand(pattern, post, post.date)) == (
        "/2021/21/01/1/Jan/January/03/3/003/2020/53/7/Sun/Sunday/04/05/06/Hello,-World!/hello-world/"
        "2021-01-03-hello-world/posts/sub/2021-01-03-Hello, World!.html"
    )


def test_slug_front_matter_and_missing_categories():
    post = make_post(slug="Über Café")
    # :title keeps case and pretty characters, :slug is lowercased; no
    # categories leave no empty segment
    assert expand("/:categories/:title/:slug.html", post, post.date) == "/%C3%9Cber-Caf%C3%A9/%C3%BCber-caf%C3%A9.html"
    assert old_address(expand("/:categories/:title/", post, post.date)).file == "Über-Café/index.html"


def test_longest_placeholder_name_wins():
    post = make_post()
    assert expand("/:title:output_ext", post, post.date) == "/First-Post.html"
    assert expand("/:yearly/:i_monthx", post, post.date) == "/2019ly/5x"


def test_jekyll_slugify_modes():
    assert jekyll_slugify("Hello, World! (2)") == "hello-world-2"
    assert jekyll_slugify("Hello, World! (2)", pretty=True, cased=True) == "Hello,-World!-(2)"
    assert jekyll_slugify("--a__b--") == "a-b"
    assert jekyll_slugify("中文 标题") == "中文-标题"


def test_check_pattern():
    assert check_pattern("date") is None
    assert check_pattern("/blog/:year/:title/") is None
    assert "unknown placeholder :foo" in check_pattern("/:foo/:title")
    assert check_pattern("  ") is not None


def test_style_names_are_literal_in_front_matter():
    post = make_post()
    assert expand("pretty", post, post.date, styles=False) == "/pretty"
    assert old_address(expand("pretty", post, post.date, styles=False)).file == "pretty.html"


def test_undated_post_with_date_placeholder():
    post = make_post(path="blog/posts/loose.md", date=None)
    with pytest.raises(UndatedError):
        expand("date", post, None)
    assert expand("none", post, None) == "/loose.html"


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("/", "index.html"),
        ("/a/b/", "a/b/index.html"),
        ("/a/b", "a/b.html"),  # Jekyll appends the output extension
        ("/a/b.html", "a/b.html"),
        ("/feed.xml", "feed.xml.html"),
        ("my_category/permalinked-post", "my_category/permalinked-post.html"),
        ("//a///b.html", "a/b.html"),
        ("/caf%C3%A9/100%25.html", "café/100%.html"),
        ("/trailing-dots...html", "trailing-dots...html"),
    ],
)
def test_address_to_file(url, file):
    assert old_address(url).file == file


@pytest.mark.parametrize(
    "url",
    [
        "/%2e%2e/%2e%2e/%2e%2e/baddie.html",
        "/../x.html",
        "/a/./b.html",
        "/a/%2E%2E/%2E%2E/b.html",
        "/a%2fb.html",
        "/%2F%2Fetc/passwd",
        "/a%5c..%5cb.html",
        "/a\\b.html",
        "/C:/x.html",
        "/c%3a/x.html",
        "/x%00.html",
        "/x%0a.html",
        "/con.html",
        "/nul/x.html",
        "/%ff%fe.html",
        "/x?y=1",
        "/a#b",
        "/" + "a" * 300 + ".html",
        "/" + "/".join(["abcdefgh"] * 200),
    ],
)
def test_unsafe_addresses_are_refused(url):
    with pytest.raises(PermalinkError):
        old_address(url)


_TOKENS = ["..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "\\", ":", "C:", "a", "b.html", "é", "%c3%a9", "%00", "%0a",
           "%25", "%", "~", " ", "?", "#", "con", ":title", ":categories", ":slug", ":year", ":output_ext"]
_segment = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=3).map("".join)
_text = st.one_of(
    st.tuples(st.lists(_segment, max_size=5).map("/".join), st.sampled_from(["", "/"])).map("".join),
    st.text(max_size=30),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_text, slug=_text, categories=st.lists(_text, max_size=3))
def test_addresses_always_stay_inside_the_output_folder(pattern, slug, categories):
    outdir = "/srv/site/out"
    post = make_post(slug=slug or None, categories=tuple(categories))
    try:
        address = old_address(expand(pattern, post, post.date))
    except PermalinkError:
        return
    parts = PurePosixPath(address.file).parts
    assert not address.file.startswith("/")
    assert all(p not in ("", ".", "..") and "\\" not in p and ":" not in p and "\x00" not in p for p in parts)
    joined = posixpath.normpath(posixpath.join(outdir, address.file))
    assert joined.startswith(outdir + "/")
    assert joined == posixpath.join(outdir, address.file)
    assert address.file.endswith(".html")


# --- real builds -----------------------------------------------------------

PERMALINKED = (
    "---\ntitle: Old & famous\ndate: 2018-02-03\npermalink: /archive/:year/old-famous/\n---\nBody.\n"
)


def redirect_of(outdir: Path, file: str) -> dict:
    soup = BeautifulSoup((outdir / file).read_text(encoding="utf-8"), "lxml")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.startswith("0; url=")
    return {
        "refresh": refresh[len("0; url="):],
        "canonical": soup.find("link", rel="canonical")["href"],
        "robots": soup.find("meta", attrs={"name": "robots"})["content"],
        "link": soup.body.find("a")["href"],
        "text": soup.body.find("a").get_text(),
        "lang": soup.html["lang"],
    }


def redirects_in(outdir: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree_bytes(outdir).items() if b'content="sphinx-blogposts redirect"' in v}


def follow(outdir: Path, file: str, href: str) -> Path:
    target = (outdir / file).parent / unquote(href)
    return (target / "index.html" if href.endswith("/") else target).resolve()


def test_html_redirects(build):
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED},
                  confoverrides={"blogposts_jekyll_permalinks": "date"})
    assert not built.blog_warnings(), built.warnings
    out = built.outdir
    # date style, from the post's date in the blog's timezone (UTC here)
    first = redirect_of(out, "news/2019/05/06/first-post.html")
    assert first["refresh"] == first["link"] == "../../../../_posts/2019-05-06-first-post.html"
    assert follow(out, "news/2019/05/06/first-post.html", first["link"]) == built.page_path("_posts/2019-05-06-first-post")
    assert first["canonical"] == "https://example.org/blog-site/_posts/2019-05-06-first-post.html"
    assert first["robots"] == "noindex"
    assert first["text"] == "First post"
    # a post outside _posts, and an rst post
    assert (out / "2021/03/04/in-blog-folder.html").is_file()
    assert (out / "2020/01/15/restructured.html").is_file()
    # the front-matter permalink wins over the pattern; the title is escaped
    old = redirect_of(out, "archive/2018/old-famous/index.html")
    assert old["text"] == "Old & famous"
    assert follow(out, "archive/2018/old-famous/index.html", old["link"]) == built.page_path("_posts/2018-02-03-old")
    assert not (out / "2018/02/03/old.html").exists()
    # feeds keep the posts' new pages
    feed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    links = {e.link for e in feed.entries}
    assert "https://example.org/blog-site/_posts/2019-05-06-first-post.html" in links
    assert not any("/2019/05/06/" in link or "old-famous" in link for link in links)


def test_dirhtml_redirects(build):
    built = build(buildername="dirhtml", files={"_posts/2018-02-03-old.md": PERMALINKED},
                  confoverrides={"blogposts_jekyll_permalinks": "/:year/:month/:title", "html_baseurl": ""})
    assert not built.blog_warnings("permalink"), built.warnings
    out = built.outdir
    first = redirect_of(out, "2019/05/first-post.html")
    assert first["link"] == "../../_posts/2019-05-06-first-post/"
    assert follow(out, "2019/05/first-post.html", first["link"]) == out / "_posts/2019-05-06-first-post/index.html"
    assert follow(out, "2019/05/first-post.html", first["link"]).is_file()
    # no base URL: the canonical link is relative too
    assert first["canonical"] == first["link"]
    old = redirect_of(out, "archive/2018/old-famous/index.html")
    assert old["link"] == "../../../_posts/2018-02-03-old/"


def test_redirect_text_is_in_the_project_language(build):
    built = build(confoverrides={"blogposts_jekyll_permalinks": "date", "language": "nl"})
    page = built.outdir / "news/2019/05/06/first-post.html"
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").body
    assert body.get_text(" ", strip=True) == "Deze pagina is verhuisd naar First post ."
    assert body.find("a")["href"] == "../../../../_posts/2019-05-06-first-post.html"


def test_redirect_with_a_broken_translation_still_links():
    from sphinx_blogposts.write.redirects import redirect_html

    page = redirect_html(href="a.html", canonical="a.html", title="A & B", lang="en", moved="Moved %(lnk)s")
    assert '<a href="a.html">A &amp; B</a>' in page


def test_front_matter_permalink_without_the_option(build):
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED})
    out = built.outdir
    assert (out / "archive/2018/old-famous/index.html").is_file()
    assert not (out / "news").exists()
    # with the Jekyll layer off, permalink: is just a key
    built = build(files={}, srcdir=built.srcdir, confoverrides={"blogposts_jekyll": False})
    assert not (out / "archive/2018/old-famous/index.html").exists()


def test_no_redirects_for_other_builders(build):
    built = build(buildername="singlehtml", files={"_posts/2018-02-03-old.md": PERMALINKED},
                  confoverrides={"blogposts_jekyll_permalinks": "date"})
    assert not (built.outdir / "archive").exists()
    assert not (built.outdir / "news").exists()
    built = build(buildername="text", files={}, srcdir=built.srcdir,
                  confoverrides={"blogposts_jekyll_permalinks": "date"})
    assert not list(built.outdir.rglob("*.html"))


def test_conflicts_are_warned_and_nothing_is_overwritten(build):
    files = {
        # same old address as the first post's front matter: the first post
        # (by source path) keeps it
        "_posts/2018-01-01-a.md": "---\ntitle: A\npermalink: /same.html\n---\nA.\n",
        "_posts/2018-01-02-b.md": "---\ntitle: B\npermalink: /same\n---\nB.\n",
        # the project's own index page
        "_posts/2018-01-03-c.md": "---\ntitle: C\n\npermalink: /index.html\n---\nC.\n",
        # a generated blog page and a Sphinx page
        "_posts/2018-01-04-d.md": "---\ntitle: D\npermalink: /blog/archive/\n---\nD.\n",
        "_posts/2018-01-05-e.md": "---\ntitle: E\npermalink: /genindex.html\n---\nE.\n",
        # the post's own page: nothing to do, nothing to say
        "_posts/2018-01-06-f.md": "---\ntitle: F\npermalink: /_posts/2018-01-06-f.html\n---\nF.\n",
    }
    built = build(files=files)
    warnings = built.blog_warnings("permalink")
    assert len(warnings) == 4, warnings
    by_file = {w.split(":")[0].rsplit("/", 1)[-1]: w for w in warnings}
    assert "2018-01-02-b.md" in by_file and "_posts/2018-01-01-a.md" in by_file["2018-01-02-b.md"]
    assert by_file["2018-01-02-b.md"].split(":")[1] == "3"  # the permalink: line
    assert by_file["2018-01-03-c.md"].split(":")[1] == "4"
    assert "'index'" in by_file["2018-01-03-c.md"]
    assert {"2018-01-04-d.md", "2018-01-05-e.md"} <= by_file.keys()
    out = built.outdir
    assert redirect_of(out, "same.html")["text"] == "A"
    for page in ("index.html", "blog/archive/index.html", "genindex.html", "_posts/2018-01-06-f.html"):
        assert 'http-equiv="refresh"' not in (out / page).read_text(encoding="utf-8")


def test_front_matter_problems_are_located(build):
    built = build(files={
        "blog/posts/undated.md": "---\ntitle: U\npermalink: /:year/u/\n---\nU.\n",
        "_posts/2018-01-01-a.md": "---\ntitle: A\ntags: [x]\npermalink: /a/%2E%2E/%2e%2E/b.html\n---\nA.\n",
        "_posts/2018-01-02-b.md": "---\ntitle: B\npermalink: /:nope/b.html\n---\nB.\n",
        "_posts/2018-01-03-c.md": "---\ntitle: C\npermalink: pretty\n---\nC.\n",
    })
    warnings = sorted(built.blog_warnings("permalink"))
    assert len(warnings) == 3, warnings
    assert "2018-01-01-a.md:4: WARNING" in warnings[0] and "'..'" in warnings[0]
    assert "2018-01-02-b.md:3: WARNING" in warnings[1] and ":nope" in warnings[1]
    assert "undated.md:3: WARNING" in warnings[2] and "no date" in warnings[2]
    assert (built.outdir / "pretty.html").is_file()
    assert not (built.outdir / "b.html").exists()


def test_case_insensitive_collision(build):
    built = build(files={
        "_posts/2018-01-01-a.md": "---\ntitle: A\npermalink: /Old.html\n---\nA.\n",
        "_posts/2018-01-02-b.md": "---\ntitle: B\npermalink: /old.html\n---\nB.\n",
    })
    assert len(built.blog_warnings("permalink")) == 1


def test_incremental_unpublish_and_option_change(build, tmp_path):
    opts = {"confoverrides": {"blogposts_jekyll_permalinks": "pretty"}}
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED}, **opts)
    out = built.outdir
    second = out / "2019/06/01/second-post/index.html"
    assert second.is_file()
    mtime = second.stat().st_mtime_ns
    # an unrelated edit leaves the redirect alone
    write_files(built.srcdir, {"index.md": "# Home again\n"})
    build(files={}, srcdir=built.srcdir, **opts)
    assert second.stat().st_mtime_ns == mtime
    # unpublished: its redirect goes, with its empty folders
    path = built.srcdir / "_posts/2019-06-01-second-post.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\npublished: false\n", 1), encoding="utf-8")
    build(files={}, srcdir=built.srcdir, **opts)
    assert not second.exists()
    assert not (out / "2019/06").exists()
    assert (out / "news/2019/05/06/first-post/index.html").is_file()
    # the same redirects as a clean build of the same sources
    copy = tmp_path / "clean"
    shutil.copytree(built.srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(copy, **opts)
    assert redirects_in(clean.outdir) == redirects_in(out)
    # a deleted post's redirect goes too
    build(files={"_posts/2018-02-03-old.md": None}, srcdir=built.srcdir, **opts)
    assert not (out / "archive").exists()
    # option off: every pattern redirect goes
    build(files={}, srcdir=built.srcdir)
    assert not (out / "news").exists()
    assert not (out / "2021").exists()


def test_stale_file_that_is_no_longer_ours_is_kept(build):
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED})
    page = built.outdir / "archive/2018/old-famous/index.html"
    page.write_text("<p>mine</p>", encoding="utf-8")
    build(files={"_posts/2018-02-03-old.md": None}, srcdir=built.srcdir)
    assert page.read_text(encoding="utf-8") == "<p>mine</p>"


def test_parallel_equals_serial(tmp_path, process_log):
    """Redirects of a -j 2 build (whose documents were read and written in
    worker processes, seen by their pids) are the serial build's, and so is
    the whole output folder."""
    extra = {
        f"_posts/2020-02-{day:02d}-post-{day}.md": (
            f"---\ntitle: Post {day}\ncategories: [c{day % 3}]\n"
            + (f"permalink: /old/{day}/\n" if day % 4 == 0 else "")
            + f"---\nParagraph {day}.\n"
        )
        for day in range(1, 25)
    }
    outputs = {}
    for jobs in (1, 2):
        process_log.clear()
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-basic", srcdir)
        write_files(srcdir, extra)
        built = run_build(srcdir, parallel=jobs, confoverrides={"blogposts_jekyll_permalinks": "date"})
        assert not built.blog_warnings(), built.warnings
        reads, writes = process_log.by_process("read"), process_log.by_process("write")
        if jobs == 2:
            assert not reads["main"] and len(reads["workers"]) > 20 and len(writes["workers"]) > 20
        else:
            assert not reads["workers"] and not writes["workers"]
        outputs[jobs] = tree_bytes(built.outdir)
    assert (tmp_path / "j2/_build/html/old/4/index.html").is_file()
    assert (tmp_path / "j2/_build/html/c1/2020/02/01/post-1.html").is_file()
    assert sorted(outputs[1]) == sorted(outputs[2])
    assert [name for name in outputs[1] if outputs[1][name] != outputs[2][name]] == []


JEKYLL_POSTS = CORPORA / "jekyll__jekyll" / "test" / "source" / "_posts"


@pytest.mark.skipif(not JEKYLL_POSTS.is_dir(), reason="shared corpora not available")
def test_jekyll_fixtures_traversal_is_refused(tmp_path):
    srcdir = tmp_path / "site" / "src"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    shutil.rmtree(srcdir / "_posts")
    shutil.copytree(JEKYLL_POSTS, srcdir / "_posts")
    built = run_build(srcdir, confoverrides={"blogposts_jekyll_permalinks": "date"})
    warnings = built.blog_warnings("permalink")
    assert len(warnings) == 1, warnings
    assert "2014-01-06-permalink-traversal.md:2: WARNING" in warnings[0]
    assert not list(tmp_path.rglob("baddie.html"))
    out = built.outdir
    # Jekyll's own expectations for some of its fixtures
    assert redirect_of(out, "my_category/permalinked-post.html")["text"] == "Post with Permalink"
    assert (out / "extensionless-permalink.html").is_file()
    assert (out / "mixedcase/2014/07/05/mixed-case-category.html").is_file()
    assert (out / "2010/01/10/date-override.html").is_file()
    # every redirect leads to an existing page
    for file in out.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        if 'content="sphinx-blogposts redirect"' in text:
            info = redirect_of(out, file.relative_to(out).as_posix())
            assert follow(out, file.relative_to(out).as_posix(), info["link"]).is_file(), file


def test_timezone_decides_the_date(build):
    post = "---\ntitle: Late\ndate: 2019-05-06 01:30:00 +0200\n---\nLate.\n"
    built = build(files={"_posts/2019-05-06-late.md": post},
                  confoverrides={"blogposts_jekyll_permalinks": "/:year/:month/:day/:hour/:title.html"})
    assert (built.outdir / "2019/05/05/23/late.html").is_file()
    built = build(files={}, srcdir=built.srcdir,
                  confoverrides={"blogposts_jekyll_permalinks": "/:year/:month/:day/:hour/:title.html",
                                 "blogposts_timezone": "Europe/Amsterdam"})
    assert (built.outdir / "2019/05/06/01/late.html").is_file()
    assert not (built.outdir / "2019/05/05").exists()


def test_invalid_pattern_is_a_config_warning(build):
    built = build(confoverrides={"blogposts_jekyll_permalinks": "/:nope/:title"})
    (warning,) = built.blog_warnings("config")
    assert "unknown placeholder :nope (known: " in warning and "expected" not in warning
    assert not (built.outdir / "news").exists()


def test_symlinked_folder_is_not_followed_out(build, tmp_path):
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED})
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(built.outdir / "archive")
    os.symlink(outside, built.outdir / "archive")
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED.replace("Body", "Body 2")}, srcdir=built.srcdir)
    assert not any(outside.iterdir())
    assert any("outside the output folder" in w for w in built.blog_warnings("permalink"))
    # a link in place of the redirect file itself is not written through
    os.unlink(built.outdir / "archive")
    secret = outside / "secret.html"
    secret.write_text("secret", encoding="utf-8")
    (built.outdir / "archive/2018/old-famous").mkdir(parents=True)
    os.symlink(secret, built.outdir / "archive/2018/old-famous/index.html")
    built = build(files={"_posts/2018-02-03-old.md": PERMALINKED.replace("Body", "Body 3")}, srcdir=built.srcdir)
    assert secret.read_text(encoding="utf-8") == "secret"
    assert any("outside the output folder" in w for w in built.blog_warnings("permalink"))
