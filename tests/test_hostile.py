"""Hostile and broken posts through real builds.

Injection: front-matter text never becomes markup or a script URL in any
page, sidebar, search index or feed.  Paths: no front-matter value writes a
file outside the output folder or over another page.  Resource limits:
alias bombs, deep nesting, huge or binary files are refused quickly, with a
warning naming the file, and the rest of the blog builds.  Incremental
builds lose nothing and leak nothing.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from conftest import run_build, traces, write_files
from test_incremental import comparable

PAYLOADS = ['"/><script>alert(1)</script>', "javascript:alert(1)", "<img src=x onerror=alert(1)>"]
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background", "cite"}
CONF = (
    'project = "Hostile"\n'
    'extensions = ["sphinx_blogposts"]\n'
    'exclude_patterns = ["_build"]\n'
    'html_baseurl = "https://example.org/site/"\n'
    'html_sidebars = {"**": ["blogposts/recent.html", "blogposts/tagcloud.html", "blogposts/archives.html"]}\n'
)
INDEX = "# Home\n\n```{postlist}\n:excerpts:\n```\n"


def post(front: dict, body: str = "Body text.\n") -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def make_site(srcdir: Path, posts: dict[str, str | bytes], conf: str = CONF) -> Path:
    srcdir.mkdir(parents=True, exist_ok=True)
    write_files(srcdir, {"conf.py": conf, "index.md": INDEX, **posts})
    return srcdir


# --- injection -----------------------------------------------------------------------


def _unsafe_url(value: str) -> bool:
    probe = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return probe.startswith(("javascript:", "vbscript:", "data:text/html"))


def markup_problems(html: str, where: str) -> list[str]:
    """Scripts that alert, ``on*`` attributes and script URLs in *html*."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and tag.get("type") == "application/ld+json":
            # data, not code: it must parse, and hold nothing that ends the element
            try:
                json.loads(tag.get_text())
            except ValueError:
                found.append(f"{where}: JSON-LD that does not parse {tag.get_text()[:60]!r}")
            if re.search(r"</|<!--", tag.get_text()):
                found.append(f"{where}: JSON-LD with markup {tag.get_text()[:60]!r}")
        elif tag.name == "script" and "alert" in tag.get_text():
            found.append(f"{where}: <script> {tag.get_text()[:60]!r}")
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                found.append(f"{where}: <{tag.name} {name}=...>")
            if name.lower() in URL_ATTRS and any(_unsafe_url(v) for v in values):
                found.append(f"{where}: <{tag.name} {name}={values}>")
            if name.lower() == "content" and any("url=javascript" in re.sub(r"\s", "", v).lower() for v in values):
                found.append(f"{where}: refresh to javascript:")
    return found


def feed_problems(path: Path, where: str) -> list[str]:
    found = []
    if path.suffix == ".json":
        feed = json.loads(path.read_text(encoding="utf-8"))
        items = [feed, *feed.get("items", [])]
        for item in items:
            for key in ("home_page_url", "feed_url", "url", "external_url", "image", "banner_image", "icon"):
                if isinstance(item.get(key), str) and _unsafe_url(item[key]):
                    found.append(f"{where}: {key}={item[key]}")
            for author in item.get("authors", []):
                if isinstance(author.get("url"), str) and _unsafe_url(author["url"]):
                    found.append(f"{where}: author url {author['url']}")
            if isinstance(item.get("content_html"), str):
                found += markup_problems(item["content_html"], where + " content_html")
        return found
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        for name in ("href", "url", "src"):
            if element.get(name) and _unsafe_url(element.get(name)):
                found.append(f"{where}: <{local} {name}={element.get(name)}>")
        text = element.text or ""
        linked = local in ("link", "uri", "url", "icon", "logo", "comments")
        linked = linked or (local == "guid" and element.get("isPermaLink") != "false")
        if linked and _unsafe_url(text):
            found.append(f"{where}: <{local}>{text}")
        # an item's description is HTML; the channel's is text, like titles
        item_html = local in ("description", "encoded") and etree.QName(element.getparent()).localname == "item"
        html_typed = element.get("type") == "html" or item_html
        if html_typed and text:
            found += markup_problems(text, f"{where} <{local}>")
    return found


def injection_posts() -> dict[str, str]:
    script, js, img = PAYLOADS
    return {
        "_posts/2020-01-01-one.md": post({
            "title": script, "tags": [script, img, js], "categories": [img], "description": script,
            "author": {"name": script, "url": js, "email": script}, "excerpt": img + " [x](javascript:alert(1))",
            "image": js, "lang": '"><script>alert(1)</script>', "slug": script, "id": js,
        }),
        "_posts/2020-01-02-two.md": post({
            "title": img, "tags": [script], "category": script, "author": img, "image": '" onerror="alert(1)',
            "description": img, "excerpt": script,
        }, "Body with a title in it.\n\n<!--more-->\n\nMore.\n"),
        "_posts/2020-01-03-three.md": post({
            "title": js, "tag": js, "authors": [js, {"name": img, "url": script}], "image": {"path": js},
            "lang": "nl\" onmouseover=\"alert(1)",
        }),
        "_posts/2020-01-04-plain.md": post({"title": "Plain", "tags": ["ok"]}),
    }


def test_front_matter_never_becomes_markup(tmp_path):
    srcdir = make_site(tmp_path / "src", injection_posts())
    built = run_build(srcdir)
    out = built.outdir
    assert not [w for w in built.warnings if "Traceback" in w or "Exception" in w]

    pages = sorted(out.rglob("*.html"))
    blog_pages = [p for p in pages if p.relative_to(out).parts[0] == "blog"]
    assert len(blog_pages) >= 10  # index, tags, categories, authors, archive, years
    problems = []
    for page in pages:
        problems += markup_problems(page.read_text(encoding="utf-8"), page.relative_to(out).as_posix())
    feeds = [p for p in out.rglob("*") if p.name in ("atom.xml", "rss.xml", "feed.json")]
    assert {p.name for p in feeds} == {"atom.xml", "rss.xml", "feed.json"}
    assert len(feeds) > 3  # tag and category feeds too
    for feed in feeds:
        problems += feed_problems(feed, feed.relative_to(out).as_posix())
    assert problems == []

    # the text is shown, escaped, not dropped
    one = built.soup("_posts/2020-01-01-one")
    assert PAYLOADS[0][1:] in one.find("h1").get_text()  # smart quotes apply to titles
    assert one.find("html").get("lang") in (None, "en")
    tags = {a.get_text() for a in one.select("a.blogpost-tag")}
    assert set(PAYLOADS) <= tags
    sidebar = built.soup("index").select_one(".blogposts-recent")
    assert PAYLOADS[2] in sidebar.get_text()
    assert PAYLOADS[2] in built.soup("blog/index").get_text()

    # the search index is data: it parses, and the titles are in it as text
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    titles = [html.unescape(t) for t in index["titles"]]
    assert any(PAYLOADS[0][1:] in t for t in titles) and PAYLOADS[2] in titles
    img_title = next(t for t in index["titles"] if "onerror" in t)
    if sphinx.version_info >= (8, 1):
        # stored as plain text: the search page sets titles as text
        assert img_title == PAYLOADS[2]
    else:
        # Sphinx 8.0 stores titles HTML-escaped: its search page inserts them as HTML
        assert img_title == html.escape(PAYLOADS[2], quote=False) and "<" not in img_title
    # the post's source, which holds its front matter, is not published;
    # the project's own page keeps its copy (so the check looks where sources go)
    assert (out / "_sources" / "index.md.txt").is_file()
    assert sorted(p.name for p in (out / "_sources").rglob("*") if p.is_file()) == ["index.md.txt"]
    langs = [w for w in built.blog_warnings("frontmatter") if "'lang: " in w]
    assert len(langs) == 2 and all("2020-01-0" in w for w in langs)


# --- paths ---------------------------------------------------------------------------

ESCAPES = ["../../../escape", "/etc/passwd-x", "..\\..\\win", "a\x00b", "%2e%2e/%2e%2e/pct", "C:\\x", "x" * 300,
           "..", "/", "\\", "./.", "%2F..%2F..%2Fencoded", "con", "index", "page"]


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_no_value_writes_outside_the_output(tmp_path, builder):
    posts = {}
    for i, value in enumerate(ESCAPES):
        posts[f"_posts/2020-02-{i + 1:02d}-p{i}.md"] = post({
            "title": f"Post {i}", "slug": value, "permalink": value, "tags": [value, f"t{i}"],
            "categories": [value], "author": value,
        })
    posts["_posts/2020-03-01-same-a.md"] = post({"title": "Same A", "permalink": "/same/place/"})
    posts["_posts/2020-03-02-same-b.md"] = post({"title": "Same B", "permalink": "/same/place/"})
    posts["_posts/2020-03-03-on-index.md"] = post({"title": "On index", "permalink": "/index.html"})
    posts["_posts/2020-03-04-on-blog.md"] = post({"title": "On blog", "permalink": "/blog/index.html"})
    posts["_posts/2020-03-05-on-post.md"] = post({"title": "On post", "permalink": "/_posts/2020-03-01-same-a.html"})
    srcdir = make_site(tmp_path / "a" / "src", posts)
    (tmp_path / "etc").mkdir()
    before = _files(tmp_path)

    built = run_build(srcdir, buildername=builder)
    out = built.outdir.resolve()
    after = _files(tmp_path)
    new = sorted(after - before)
    assert new and all(name.startswith("a/src/_build/") for name in new), [n for n in new if not n.startswith("a/src/_build/")]
    pages = {p.resolve() for p in out.rglob("*.html")}
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out), path
    assert not [w for w in built.warnings if "Traceback" in w or "Exception" in w]

    # every post kept its own page, and the pages named after them are theirs
    for i in range(len(ESCAPES)):
        soup = built.soup(f"_posts/2020-02-{i + 1:02d}-p{i}")
        assert soup.find("h1").get_text().startswith(f"Post {i}")
    assert built.soup("index").find("h1").get_text().startswith("Home")
    assert "Same A" in built.soup("_posts/2020-03-01-same-a").find("h1").get_text()
    # one page per distinct tag, each showing its own tag
    tag_links = built.soup("blog/tag/index").select(".blogposts-groups a")
    assert len(tag_links) == len({a["href"] for a in tag_links})
    for link in tag_links:
        page = (built.page_path("blog/tag/index").parent / link["href"]).resolve()
        page = page / "index.html" if page.is_dir() else page
        assert page.is_relative_to(out) and page in pages
        assert link.get_text() in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find("h1").get_text()

    permalink = built.blog_warnings("permalink")
    same = [w for w in permalink if "/same/place/" in w]
    assert len(same) == 1 and "2020-03-01-same-a.md" in same[0] and "2020-03-02-same-b.md" in same[0]
    assert (out / "same" / "place" / "index.html").read_text(encoding="utf-8").count("2020-03-01-same-a") >= 1
    if builder == "dirhtml":
        return  # addresses as html writes them: checked once
    for name in ("on-index", "on-blog", "on-post"):
        assert [w for w in permalink if "2020-03-0" in w and name in w], (name, permalink)
    assert "Home" in built.soup("index").get_text()
    assert built.soup("blog/index").select(".blogposts-entry")
    # addresses that are no safe path are refused with a warning naming the file
    refused = [i for i, value in enumerate(ESCAPES) if value not in ("/etc/passwd-x", "a\x00b", "page")]
    for i in refused:
        assert [w for w in permalink if f"-p{i}.md:" in w], (ESCAPES[i], permalink)
    # the others are redirects inside the output folder
    assert "sphinx-blogposts redirect" in (out / "etc" / "passwd-x.html").read_text(encoding="utf-8")
    assert "sphinx-blogposts redirect" in (out / "ab.html").read_text(encoding="utf-8")


# --- resource limits -----------------------------------------------------------------

NORMAL = {"_posts/2020-05-05-normal.md": post({"title": "Normal post", "tags": ["fine"]}, "Normal body.\n")}


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\ntitle: Bomb\n" + "\n".join(lines) + "\n---\nBody.\n"


BAD_FILES: dict[str, object] = {
    "alias bomb": lambda: _bomb(),
    "deep flow nesting": lambda: "---\ntitle: Deep\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\nBody.\n",
    "deep block nesting": lambda: "---\ntitle: Deep\nx:\n  " + "- " * 10_000 + "v\n---\nBody.\n",
    "nesting 900 levels": lambda: "---\ntitle: Deep\nx: " + "[" * 900 + "]" * 900 + "\n---\nBody.\n",
    "5 MB front matter": lambda: "---\ntitle: Big\n" + "".join(f"k{i}: {'v' * 90}\n" for i in range(55_000)) + "---\nBody.\n",
    "20 MB post": lambda: "---\ntitle: Huge\n---\n" + ("A line of text in a very long post.\n" * 580_000),
    "binary": lambda: bytes(range(256)) * 4000,
    "UTF-16": lambda: "---\ntitle: Sixteen\n---\nBody.\n".encode("utf-16"),
    "invalid UTF-8": lambda: b"---\ntitle: Bad bytes\n---\nBody \xff\xfe \xc3\x28 here.\n",
    "NUL in body": lambda: b"---\ntitle: Nul\n---\nBody\x00.\n",
    "unclosed front matter": lambda: "---\ntitle: Open\nBody without the closing line.\n",
    "front matter is a list": lambda: "---\n- a\n- b\n---\nBody.\n",
    "python tag": lambda: "---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody.\n",
}
EXPECTED_SUBTYPE = {
    "alias bomb": "frontmatter", "deep flow nesting": "frontmatter", "nesting 900 levels": "frontmatter", "deep block nesting": "frontmatter",
    "5 MB front matter": "frontmatter", "20 MB post": "size", "binary": "encoding", "UTF-16": "encoding",
    "invalid UTF-8": "encoding", "NUL in body": "encoding", "unclosed front matter": "frontmatter",
    "front matter is a list": "frontmatter", "python tag": "frontmatter",
}
#: A build of this small site takes 0.5-1.7 s (on a shared, loaded 2-core
#: machine) and peaks at 73 MiB; the worst bad files (5 MB of front matter,
#: a 20 MB post) add 13 MiB.  The bounds are about ten times that: they catch
#: a blow-up, not a slow machine (the 20 MB post, read instead of refused,
#: takes 149 s and 1.6 GiB).
MAX_BUILD_SECONDS = 15
MAX_EXTRA_MIB = 150

# A build in a process of its own, so its peak memory is its own: VmHWM, the
# peak resident set of the process since it started (ru_maxrss would include
# the RSS of the pytest process it was forked from).
_MEASURED_BUILD = """
import sys, time
from sphinx.cmd.build import build_main
start = time.perf_counter()
code = build_main(["-q", "-b", "html", "-w", sys.argv[3], sys.argv[1], sys.argv[2]])
seconds = time.perf_counter() - start
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(code, seconds, peak // 1024)
"""


def measured_build(srcdir: Path) -> tuple[float, int, list[str], Path]:
    """(seconds, peak MiB, warnings, output folder) of a build in a subprocess."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("peak memory is read from /proc (Linux)")
    outdir, log = srcdir / "_build" / "html", srcdir / "warnings.txt"
    result = subprocess.run([sys.executable, "-c", _MEASURED_BUILD, str(srcdir), str(outdir), str(log)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    code, seconds, peak = result.stdout.split()
    assert code == "0", log.read_text(encoding="utf-8")
    return float(seconds), int(peak), log.read_text(encoding="utf-8").splitlines(), outdir


@pytest.fixture(scope="module")
def normal_build_peak(tmp_path_factory) -> int:
    """Peak MiB of the same site without a bad file."""
    _seconds, peak, warnings, _out = measured_build(make_site(tmp_path_factory.mktemp("normal") / "src", NORMAL))
    assert warnings == []
    return peak


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_the_blog_builds(tmp_path, case, normal_build_peak):
    content = BAD_FILES[case]()
    name = "_posts/2020-04-04-bad.md"
    srcdir = make_site(tmp_path / "src", {**NORMAL, name: content})
    seconds, peak, all_warnings, out = measured_build(srcdir)
    warnings = [w for w in all_warnings if "2020-04-04-bad.md" in w and "[blogposts." in w]
    print(f"\n[{case}] {seconds:.2f}s, peak {peak} MiB (without it {normal_build_peak} MiB)")

    assert seconds < MAX_BUILD_SECONDS
    assert peak - normal_build_peak < MAX_EXTRA_MIB
    assert warnings, all_warnings
    assert any(f"[blogposts.{EXPECTED_SUBTYPE[case]}]" in w for w in warnings), warnings
    assert not [w for w in all_warnings if "Traceback" in w or "Exception" in w]
    assert not (out / "_posts" / "2020-04-04-bad.html").exists()
    page = BeautifulSoup((out / "_posts" / "2020-05-05-normal.html").read_text(encoding="utf-8"), "lxml")
    assert "Normal post" in page.find("h1").get_text()
    assert "Normal post" in (out / "blog" / "index.html").read_text(encoding="utf-8")


# --- nothing lost, nothing leaked ----------------------------------------------------

MARK = "QQSUBJECTMARKQQ"
BASE = {
    "_posts/2020-06-01-first.md": post({"title": "First", "tags": ["common"]}, "First body.\n"),
    "_posts/2020-06-03-third.md": post({"title": "Third", "tags": ["common", "other"]}, "Third body.\n"),
}
SUBJECT = "_posts/2020-06-02-subject.md"


def subject(title: str = "Subject", date: str = "2020-06-02", published: bool = True, extra: str = "") -> str:
    return post(
        {"title": f"{MARK} {title}", "date": date, "published": published, "tags": ["common", f"{MARK}tag"],
         "author": f"{MARK} Author", "category": f"{MARK}cat"},
        f"{MARK} body {extra}.\n\nMore {MARK}.\n",
    )


STEPS: list[tuple[str, dict[str, str | None], bool]] = [
    ("publish", {SUBJECT: subject()}, True),
    ("edit", {SUBJECT: subject("Edited", extra="changed")}, True),
    ("unpublish", {SUBJECT: subject("Edited", published=False)}, False),
    ("republish", {SUBJECT: subject("Back")}, True),
    ("delete", {SUBJECT: None}, False),
    ("restore", {SUBJECT: subject("Restored")}, True),
    ("rename", {SUBJECT: None, "_posts/2020-06-02-renamed.md": subject("Renamed")}, True),
    ("future", {"_posts/2020-06-02-renamed.md": subject("Later", date="2999-01-01")}, False),
    ("past again", {"_posts/2020-06-02-renamed.md": subject("Now", date="2020-06-02")}, True),
    ("unpublish renamed", {"_posts/2020-06-02-renamed.md": subject("Now", published=False)}, False),
]


SUBJECT_DOCNAMES = ("_posts/2020-06-02-subject", "_posts/2020-06-02-renamed")


def _marked(root: Path) -> list[str]:
    """Traces of the subject post: its marker in any case or stemmed, its
    docnames (see conftest.traces)."""
    return traces(root, MARK, SUBJECT_DOCNAMES)


def test_incremental_steps_equal_clean_builds_and_leak_nothing(tmp_path):
    srcdir = make_site(tmp_path / "src", dict(BASE))
    run_build(srcdir)
    for number, (step, files, live) in enumerate(STEPS):
        write_files(srcdir, files)
        built = run_build(srcdir)
        clean_src = tmp_path / f"clean-{number}"
        shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean = run_build(clean_src)
        got, want = comparable(built.outdir), comparable(clean.outdir)
        assert sorted(got) == sorted(want), step
        assert [n for n in want if got[n] != want[n]] == [], step
        marked = _marked(srcdir / "_build")
        files = {trace.split(": ", 1)[0] for trace in marked}
        if live:
            assert any(n.startswith("html/blog/") for n in files), step
            assert "html/blog/atom.xml" in files and "html/searchindex.js" in files, step
        else:
            assert marked == [], (step, marked)


def test_two_sources_for_one_page_keep_one_and_name_both(tmp_path):
    posts = {
        "_posts/2020-01-01-dup.md": post({"title": "Dup md", "tags": ["md"]}),
        "_posts/2020-01-01-dup.markdown": post({"title": "Dup markdown", "tags": ["markdown"]}),
    }
    built = run_build(make_site(tmp_path / "src", posts))
    named = [w for w in built.warnings if "2020-01-01-dup.md" in w and "2020-01-01-dup.markdown" in w]
    assert len(named) == 1, built.warnings
    shown = built.soup("_posts/2020-01-01-dup").find("h1").get_text()
    # the page, the blog index and the tag pages agree on which file it is
    kept = "md" if "Dup md" in shown else "markdown"
    titles = [a.get_text() for a in built.soup("blog/index").select(".blogposts-entry-title a")]
    assert titles == [f"Dup {kept}"]
    assert built.page_path(f"blog/tag/{kept}").is_file()
    other = "markdown" if kept == "md" else "md"
    assert not built.page_path(f"blog/tag/{other}").exists()


# --- profiles, series and comment settings ---------------------------------------------


def readers_conf() -> str:
    script, js, img = PAYLOADS
    profiles = {
        "evil": {
            "name": script, "url": js, "avatar": js, "email": script, "bio": f"{script} {img} [x]({js}) *ok*",
            "mastodon": js, "github": script, "website": js, "links": {"blog": js, "home": "https://ok.example/"},
        },
        "quote": {"name": img, "avatar": 'https://x.example/a.png" onerror="alert(1)', "bio": "<b>bold</b>"},
    }
    comments = {
        "provider": "giscus", "repo": "example/hostile", "repo_id": "R_1", "category": script,
        "category_id": "DIC_1", "term": '</script><script>alert(1)</script>',
    }
    return (
        CONF
        + f"blogposts_authors = {profiles!r}\n"
        + f"blogposts_comments = {comments!r}\n"
        + 'blogposts_share = ["mastodon", "bluesky", "linkedin", "hackernews", "email"]\n'
    )


def readers_posts() -> dict[str, str]:
    script, js, img = PAYLOADS
    return {
        "_posts/2020-07-01-a.md": post({"title": script, "author": "evil", "series": script, "series_part": 1,
                                        "tags": ["shared", img]}),
        "_posts/2020-07-02-b.md": post({"title": img, "author": "quote", "series": script, "tags": ["shared"],
                                        "pinned": True}),
        "_posts/2020-07-03-c.md": post({"title": js, "authors": ["evil", "quote"], "series": img, "tags": [img]}),
    }


def test_profiles_series_and_comment_settings_stay_inert(tmp_path):
    srcdir = make_site(tmp_path / "src", readers_posts(), readers_conf())
    built = run_build(srcdir)
    assert not [w for w in built.warnings if "Traceback" in w or "Exception" in w]
    out = built.outdir
    problems = []
    for page in sorted(out.rglob("*.html")):
        problems += markup_problems(page.read_text(encoding="utf-8"), page.relative_to(out).as_posix())
    for feed in [p for p in out.rglob("*") if p.name in ("atom.xml", "rss.xml", "feed.json")]:
        problems += feed_problems(feed, feed.relative_to(out).as_posix())
    assert problems == []
    # what could not be used was refused, each with a warning naming the profile
    refused = built.blog_warnings("author")
    assert len(refused) == 7, refused  # url, e-mail, avatar, mastodon, github, website, blog link of 'evil'
    assert all("'evil'" in w for w in refused)

    script, js, img = PAYLOADS
    a = built.soup("_posts/2020-07-01-a")
    # the text is shown, escaped
    assert a.select_one(".blogpost-authors .p-name").get_text() == script
    box = a.select_one(".blogposts-series")
    assert script in box.select_one(".blogposts-series-title").get_text()
    assert [li.get_text() for li in box.select("li")] == [script, img]
    # the refused url leaves the author's page as the name's link
    author_page = built.page_path("_posts/2020-07-01-a").parent / a.select_one(".blogpost-authors a")["href"]
    profile = BeautifulSoup(author_page.read_text(encoding="utf-8"), "lxml").select_one(".blogposts-author-profile")
    bio = profile.select_one(".blogposts-author-bio")
    assert script in bio.get_text() and img in bio.get_text()  # as text
    assert bio.select_one("em").get_text() == "ok" and not bio.select("script, img, a[href^=javascript]")
    assert [a["href"] for a in profile.select(".blogposts-author-links a")] == ["https://ok.example/"]
    assert not profile.select("img")  # the javascript: avatar is refused
    quote = built.soup("_posts/2020-07-02-b").select_one(".blogpost-authors img")
    assert quote["src"] == 'https://x.example/a.png" onerror="alert(1)' and "onerror" not in quote.attrs
    # the comment settings are data in one attribute, for the script to read
    thread = a.select_one(".blogposts-comments-thread")
    settings = json.loads(thread["data-blogposts-settings"])
    assert settings["category"] == script and settings["term"] == "</script><script>alert(1)</script>"
    assert len(a.select("script")) == len(built.soup("_posts/2020-07-03-c").select("script"))
    # share links carry the title URL-encoded
    share = [link["href"] for link in a.select(".blogposts-share a")]
    assert share and all("<" not in h and '"' not in h for h in share)
    # the series' pages
    series_pages = [p for p in (out / "blog" / "series").glob("*.html") if p.name != "index.html"]
    assert len(series_pages) == 2
    overview = built.soup("blog/series/index")
    assert sorted(x.get_text() for x in overview.select(".blogposts-groups a")) == sorted([script, img])


@pytest.mark.parametrize("field", ["repo", "repo_id", "mapping", "theme", "lang", "loading"])
def test_comment_settings_that_would_break_out_are_refused(tmp_path, field):
    comments = {"provider": "giscus", "repo": "a/b", "repo_id": "R", "category": "C", "category_id": "D",
                field: '"><script>alert(1)</script>'}
    srcdir = make_site(tmp_path / "src", readers_posts(), CONF + f"blogposts_comments = {comments!r}\n")
    built = run_build(srcdir)
    config = built.blog_warnings("config")
    assert len(config) == 1 and "blogposts_comments" in config[0]
    assert not built.soup("_posts/2020-07-01-a").select(".blogposts-comments")


@pytest.mark.parametrize(("name", "value"), [
    ("blogposts_webmention_endpoint", 'https://example.org/"><script>alert(1)</script>'),
    ("blogposts_pingback_endpoint", "javascript:alert(1)"),
    ("blogposts_share_mastodon_instance", 'x.example/"><script>alert(1)</script>'),
    ("blogposts_share", ["mastodon", "<script>"]),
    ("blogposts_related_posts", -1),
])
def test_readers_options_that_would_break_out_are_refused(tmp_path, name, value):
    conf = CONF + 'blogposts_share = ["mastodon"]\n' + f"{name} = {value!r}\n"
    built = run_build(make_site(tmp_path / "src", dict(NORMAL), conf))
    config = built.blog_warnings("config")
    assert len(config) == 1 and name in config[0], config
    page = built.page_path("_posts/2020-05-05-normal").read_text(encoding="utf-8")
    assert markup_problems(page, "post") == [] and "alert(1)" not in page and "<script>" not in page
    # the default is used instead
    assert bool(BeautifulSoup(page, "lxml").select(".blogposts-share a")) == (name != "blogposts_share")
