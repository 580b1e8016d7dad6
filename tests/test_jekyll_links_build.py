"""A moved Jekyll blog keeps its links: old addresses of posts, pages and
files, through real builds, in html and dirhtml, feeds, -j and incremental."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, run_build, tree_bytes, write_files

# (blogposts_jekyll_permalinks, old address of paper-faces, of een-incredible-2010)
PATTERNS = {
    "date": ("date", "/art/2014/03/12/paper-faces.html", "/2010/12/31/een-incredible-2010.html"),
    "pretty": ("pretty", "/art/2014/03/12/paper-faces/", "/2010/12/31/een-incredible-2010/"),
    "title": ("/:title/", "/paper-faces/", "/een-incredible-2010/"),
    "dated-html": ("/:categories/:year/:month/:day/:title.html", "/art/2014/03/12/paper-faces.html",
                   "/2010/12/31/een-incredible-2010.html"),
}
LINKS = "_posts/2015-01-01-links.md"
PAPER, INCREDIBLE, OWN, FAQS = (
    "_posts/2014-03-12-paper-faces", "_posts/2010-12-31-een-incredible-2010", "_posts/2012-05-05-own-address", "faqs",
)


def variants(address: str) -> list[str]:
    """The same old address written as posts write it."""
    bare = address[: -len(".html")] if address.endswith(".html") else address.rstrip("/")
    return [address, bare, bare + "/", bare + "/index.html", bare + ".html"]


def links_post(paper: str, incredible: str) -> str:
    forms = "\n".join(f"[form {i}]({form})" for i, form in enumerate(variants(paper)))
    return (
        "---\ntitle: Links\n---\n"
        f'First [plain]({paper}) and <a href="{incredible}#top">raw</a> and [site-url]({{{{ site.url }}}}{paper}).\n'
        "\n"
        f"{forms}\n"
        f"[query]({paper}?ref=1#the-making-of) [baseurl]({{{{ site.baseurl }}}}{paper})\n"
        f"[relative-url]({{{{ '{paper}' | relative_url }}}}) [absolute-url]({{{{ '{paper}' | absolute_url }}}})\n"
        f"[old-https](https://old-host.example{paper}) [old-www](http://www.old-host.example{paper.upper()})\n"
        "[own](/custom/own-address/) [page](/faqs/)\n"
        "\n"
        "Gone: [deleted](/2009/01/01/deleted.html) [contact](/contact) [pdf](/assets/doc.pdf)\n"
        "![copied](/assets/images/a-lg.png) ![missing](/assets/images/missing.png)\n"
        '<p><img src="/assets/images/a-lg.png" alt="raw image"> <a href="/assets/doc.pdf">raw pdf</a></p>\n'
        "\n"
        f"[ref]\n\n[ref]: {incredible}\n"
    )


def line_of(built, text: str) -> int:
    lines = (built.srcdir / LINKS).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def page_file(outdir: Path, builder: str, docname: str) -> Path:
    if builder == "html":
        return outdir / f"{docname}.html"
    if docname == "index" or docname.endswith("/index"):
        return outdir / docname[: -len("index")] / "index.html"
    return outdir / docname / "index.html"


def target_of(page: Path, href: str, outdir: Path) -> Path:
    path = unquote(urlsplit(href).path)
    target = (outdir / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def unresolved(outdir: Path) -> list[tuple[str, str]]:
    """Every href/src without a scheme, in every page, that leads to no file."""
    out = []
    for page in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag in soup.find_all(True):
            for attr in ("href", "src"):
                url = tag.get(attr)
                if url is None:
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                if not target_of(page, url, outdir).is_file():
                    out.append((page.relative_to(outdir).as_posix(), url))
    return out


def build_links(tmp_path: Path, pattern: str | None, builder: str, *, parallel: int = 0, extra=None, **conf):
    srcdir = tmp_path / f"src-{builder}"
    shutil.copytree(ROOTS / "test-jekyll-links", srcdir)
    _key, paper, incredible = next((v for v in PATTERNS.values() if v[0] == pattern), (None, *PATTERNS["date"][1:]))
    write_files(srcdir, {LINKS: links_post(paper, incredible), **(extra or {})})
    overrides = {"blogposts_jekyll_permalinks": pattern, **conf}
    return run_build(srcdir, buildername=builder, confoverrides=overrides, parallel=parallel)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_links_to_old_addresses(tmp_path, key, builder):
    pattern, paper, _incredible = PATTERNS[key]
    built = build_links(tmp_path, pattern, builder)
    out = built.outdir
    page = page_file(out, builder, LINKS[:-3])
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    body = soup.select_one("div.body") or soup.body
    hrefs = {a.get_text(): a["href"] for a in body.find_all("a", href=True)}

    def leads_to(text: str, docname: str) -> None:
        assert target_of(page, hrefs[text], out) == page_file(out, builder, docname).resolve(), (text, hrefs[text])

    for text in ["plain", "site-url", "baseurl", "relative-url", "absolute-url", "old-https", "old-www", "query",
                 *(f"form {i}" for i in range(len(variants(paper))))]:
        leads_to(text, PAPER)
    assert hrefs["query"].endswith("?ref=1#the-making-of")
    leads_to("raw", INCREDIBLE)
    assert hrefs["raw"].endswith("#top")
    leads_to("ref", INCREDIBLE)
    leads_to("own", OWN)
    leads_to("page", FAQS)
    # what is not on the site any more keeps its address on the base URL
    assert hrefs["deleted"] == "https://example.org/2009/01/01/deleted.html"
    assert hrefs["contact"] == "https://example.org/contact"
    images = {img["alt"]: img["src"] for img in body.find_all("img")}
    assert images["missing"] == "https://example.org/assets/images/missing.png"
    source = built.srcdir / "assets"
    for copied in (target_of(page, images["copied"], out), target_of(page, images["raw image"], out)):
        assert copied.read_bytes() == (source / "images" / "a-lg.png").read_bytes()
    for pdf in (hrefs["pdf"], hrefs["raw pdf"]):
        assert target_of(page, pdf, out).read_bytes() == (source / "doc.pdf").read_bytes()

    assert unresolved(out) == []
    assert 'href="#/' not in page.read_text(encoding="utf-8")
    warnings = [w for w in built.warnings if "links.md" in w]
    gone = line_of(built, "Gone:")
    assert sorted(re.sub(r".*links\.md:(\d+): WARNING: link to '([^']*)'.*\[blogposts\.link\]", r"\1 \2", w)
                  for w in warnings) == [f"{gone} /2009/01/01/deleted.html", f"{gone} /contact",
                                         f"{gone + 1} /assets/images/missing.png"]
    assert not [w for w in built.warnings if "myst." in w or "image.not_readable" in w]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_links_in_excerpts_and_feeds(tmp_path, builder):
    built = build_links(tmp_path, "/:title/", builder)
    out = built.outdir
    index = page_file(out, builder, "index")
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "lxml")
    excerpt = next(li for li in soup.select(".blogposts-excerpt") if "First" in li.get_text())
    hrefs = {a.get_text(): a["href"] for a in excerpt.find_all("a", href=True)}
    assert target_of(index, hrefs["plain"], out) == page_file(out, builder, PAPER).resolve()
    assert target_of(index, hrefs["raw"], out) == page_file(out, builder, INCREDIBLE).resolve()
    blog_index = page_file(out, builder, "blog/index")
    listing = BeautifulSoup(blog_index.read_text(encoding="utf-8"), "lxml")
    raw = next(a for a in listing.find_all("a", href=True) if a.get_text() == "raw")
    assert target_of(blog_index, raw["href"], out) == page_file(out, builder, INCREDIBLE).resolve()

    feed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Links")
    content = BeautifulSoup(entry.content[0].value, "lxml")
    hrefs = {a.get_text(): a["href"] for a in content.find_all("a", href=True)}
    paper_url = "https://example.org/" + ("_posts/2014-03-12-paper-faces.html" if builder == "html"
                                          else "_posts/2014-03-12-paper-faces/")
    assert hrefs["plain"] == hrefs["old-https"] == paper_url
    assert hrefs["query"] == paper_url + "?ref=1#the-making-of"
    assert hrefs["contact"] == "https://example.org/contact"
    assert all(urlsplit(h).scheme == "https" for h in hrefs.values())
    assert all(urlsplit(i["src"]).scheme == "https" for i in content.find_all("img"))


def test_jekylls_default_addresses_without_a_pattern(tmp_path):
    # no blogposts_jekyll_permalinks: posts had Jekyll's "date" addresses
    built = build_links(tmp_path, None, "html")
    assert unresolved(built.outdir) == []
    page = BeautifulSoup(built.page_path(LINKS[:-3]).read_text(encoding="utf-8"), "lxml")
    assert next(a for a in page.find_all("a") if a.get_text() == "plain")["href"] == "2014-03-12-paper-faces.html"
    assert len(built.blog_warnings("link")) == 3


def test_without_a_base_url_links_stay_on_the_site(tmp_path):
    built = build_links(tmp_path, "/:title/", "dirhtml", html_baseurl="")
    page = built.page_path(LINKS[:-3])
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    hrefs = {a.get_text(): a["href"] for a in soup.find_all("a", href=True)}
    # the same path, from the root of the output
    assert hrefs["contact"] == "../../contact"
    assert target_of(page, hrefs["plain"], built.outdir) == page_file(built.outdir, "dirhtml", PAPER).resolve()
    assert any("'/contact'" in w and "from the root of this site" in w for w in built.blog_warnings("link"))


def test_old_baseurl_and_unknown_hosts(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-jekyll-links", srcdir)
    write_files(srcdir, {LINKS: "---\ntitle: Links\n---\n[a](/blog/paper-faces/) [b](https://elsewhere.example/paper-faces/)\n"})
    built = run_build(srcdir, confoverrides={
        "blogposts_jekyll_permalinks": "/:title/",
        "blogposts_jekyll_site": {"url": "https://old-host.example", "baseurl": "/blog"},
    })
    hrefs = {a.get_text(): a["href"] for a in built.soup(LINKS[:-3]).find_all("a", href=True)}
    assert hrefs["a"] == "2014-03-12-paper-faces.html"
    assert hrefs["b"] == "https://elsewhere.example/paper-faces/"
    assert not built.blog_warnings("link")


def test_parallel_build_equals_serial(tmp_path):
    # enough posts for Sphinx to read and write in several processes
    extra = {
        f"_posts/2016-02-{day:02d}-more-{day}.md": (
            f"---\ntitle: More {day}\n---\nSee [faces](/paper-faces/), [{day}](/more-{day - 1}/) and "
            f'<a href="/een-incredible-2010/">this</a>, <img src="/assets/images/a-lg.png" alt="{day}">.\n'
        )
        for day in range(1, 21)
    }
    outputs = []
    for jobs in (0, 2):
        built = build_links(tmp_path / f"j{jobs}", "/:title/", "html", parallel=jobs, extra=extra)
        assert unresolved(built.outdir) == []
        outputs.append({k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")})
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []


def _comparable(outdir: Path) -> dict[str, bytes]:
    from test_incremental import comparable

    return comparable(outdir)


@pytest.mark.parametrize(
    "edit",
    [
        # a post appears at the address a link pointed to in vain
        {"_posts/2009-01-01-deleted.md": "---\ntitle: Back again\n---\nRestored.\n"},
        # a linked post goes away
        {"_posts/2012-05-05-own-address.md": None},
        # a linked post gets another address
        {"_posts/2012-05-05-own-address.md": "---\ntitle: Own address\npermalink: /elsewhere/\n---\nMoved.\n"},
        # a missing file is copied
        {"assets/images/missing.png": (ROOTS / "test-jekyll-links" / "assets" / "images" / "a-lg.png").read_bytes()},
    ],
    ids=["post-added", "post-deleted", "post-readdressed", "file-copied"],
)
def test_incremental_build_links_as_a_clean_one(tmp_path, edit):
    first = build_links(tmp_path, "date", "html")
    write_files(first.srcdir, edit)
    again = run_build(first.srcdir, confoverrides={"blogposts_jekyll_permalinks": "date"})
    assert "0 changed" not in again.status  # the links post was read again
    clean_src = tmp_path / "clean"
    shutil.copytree(first.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(clean_src, confoverrides={"blogposts_jekyll_permalinks": "date"})
    got, want = _comparable(again.outdir), _comparable(clean.outdir)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert sorted(w.split(": WARNING: ")[1] for w in again.blog_warnings("link")) == sorted(
        w.split(": WARNING: ")[1] for w in clean.blog_warnings("link")
    )


def test_unchanged_rebuild_reads_nothing(tmp_path):
    first = build_links(tmp_path, "date", "html")
    again = run_build(first.srcdir, confoverrides={"blogposts_jekyll_permalinks": "date"})
    assert "0 added, 0 changed, 0 removed" in again.status
