"""The documentation in docs/ builds strictly, with the extension itself, and
its reference pages cover everything the code declares."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_blogposts.core.post import parse_post

DOCS = Path(__file__).resolve().parents[1] / "docs"
PACKAGE = DOCS.parent / "sphinx_blogposts"
#: "now" for the docs build (2027-01-01T00:00:00Z): later than every post in
#: docs/blog/posts, so the build never depends on the machine's clock;
#: test_every_docs_post_is_published says when a new post needs a later one
DOCS_EPOCH = 1798761600
#: a docs build takes ~3 s: this only stops a hang
DOCS_BUILD_TIMEOUT = 600


def test_architecture_page_names_every_module():
    """The "How it works" page says what each module holds: a module added,
    moved or renamed without it fails here."""
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    assert len(modules) > 50
    assert [m for m in modules if f"`{m}`" not in page] == []
    # and names none that is gone
    named = set(re.findall(r"`((?:core|jekyll|read|resolve|write)/[a-z_/]+\.py)`", page))
    assert sorted(n for n in named if not (PACKAGE / n).is_file()) == []

pytest.importorskip("furo", reason="the docs use the furo theme: install the 'test' extra")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    # the default base URL, as on a maintainer's machine; a fixed "now"
    env = {k: v for k, v in os.environ.items() if k != "READTHEDOCS_CANONICAL_URL"}
    env["SOURCE_DATE_EPOCH"] = str(DOCS_EPOCH)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-nW", "--keep-going", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        cwd=DOCS.parent,
        env=env,
        timeout=DOCS_BUILD_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "lxml")


def _code_text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


# The reference pages are generated from tables in the code (config.OPTIONS,
# log.SUBTYPES, the directive's option_spec, core.post.KEYS).  Comparing a page
# with the table that generated it proves only that the generator ran, so
# each test below compares it with what the code does instead.


def _options_the_code_reads() -> set[str]:
    """Every ``config.blogposts_*`` value some module of the package reads."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        names |= set(re.findall(r"\bconfig\.(blogposts_[a-z_]+)\b", path.read_text(encoding="utf-8")))
    return names


def _defaults_sphinx_applies(tmp_path: Path) -> dict[str, object]:
    """The value of every ``blogposts_*`` option in a project whose conf.py
    sets none, as the extension's code gets it from Sphinx."""
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_blogposts"]\n', encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path, status=StringIO(), warning=StringIO())
    try:
        return {name: app.config[name] for name in _options_the_code_reads()}
    finally:
        app.cleanup()


def test_config_reference_documents_each_option_the_code_reads_with_its_real_default(site, tmp_path):
    """An option the code reads but the page leaves out (or a documented one
    nothing reads, or a default the page misstates) fails here."""
    soup = _soup(site, "reference/config")
    entries = {dt_tag["id"].removeprefix("confval-"): dt_tag.find_next_sibling("dd")
               for dt_tag in soup.select("dl.confval > dt[id]")}
    read = _options_the_code_reads()
    assert len(read) > 15
    assert set(entries) == read
    defaults = _defaults_sphinx_applies(tmp_path)
    for name, dd in entries.items():
        fields = {_code_text(f_dt).rstrip(":").strip(): f_dt.find_next_sibling("dd")
                  for f_dt in dd.select("dl.field-list > dt")}
        assert _code_text(fields["Default"]) == repr(defaults[name]), name
        # a help text follows the fields
        assert len(_code_text(dd.find("p"))) > 20, name


def _subtypes_the_code_emits() -> dict[str, set[str]]:
    """subtype -> modules, from every ``warn("subtype", ...)`` and
    ``Problem("subtype", ...)`` call of the package (either value of a
    conditional one) and the Jekyll layer's ``...SUBTYPE`` constants."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = None
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in ("warn", "Problem"):
                    value = node.args[0]
            elif isinstance(node, ast.Assign) and any(
                str(getattr(t, "id", "")).endswith("SUBTYPE") for t in node.targets
            ):
                value = node.value
            # warn("a" if x else "b", ...) emits either
            values = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
            for each in values:
                if isinstance(each, ast.Constant) and isinstance(each.value, str):
                    found.setdefault(each.value, set()).add(module)
    return found


def test_warnings_reference_documents_each_subtype_the_code_emits(site):
    """A warning emitted under a subtype the page does not list (or a listed
    one nothing emits any more) fails here."""
    soup = _soup(site, "reference/warnings")
    rows = {row.find("td").get_text(strip=True): row for row in soup.select("table tbody tr")}
    emitted = _subtypes_the_code_emits()
    assert len(emitted) > 8
    assert set(rows) == {f"blogposts.{name}" for name in emitted}
    for name, row in rows.items():
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        assert len(cells) == 3 and all(len(c) > 10 for c in cells[1:]), name


#: a value of each kind the directive reference names
_EXAMPLE_VALUES = {
    "a positive integer": "2",
    "comma-separated names": "news",
    "comma-separated years": "2020",
    "a flag (no value)": "",
    "newest or oldest": "oldest",
    "space-separated class names": "wide",
    "text": "words",
}


def test_directive_reference_options_are_the_ones_postlist_accepts(site, tmp_path):
    """Each documented ``postlist`` option, with a value of its documented
    kind, is accepted by a real build; an option the page does not name is
    refused by the same build (so the check can see a refusal)."""
    soup = _soup(site, "reference/directives")
    prefix = "directive-option-postlist-"
    documented = {}
    for dt_tag in soup.select(f"dl > dt[id^={prefix}]"):
        kind = dt_tag.select_one(".property").get_text(" ").strip()
        documented[dt_tag["id"].removeprefix(prefix)] = " ".join(kind.split()).removeprefix("(").removesuffix(")")
    assert len(documented) > 5
    assert {kind for kind in documented.values()} <= set(_EXAMPLE_VALUES)
    pages = {
        f"opt_{name.replace('-', '_')}.md": f"# {name}\n\n```{{postlist}}\n:{name}: {_EXAMPLE_VALUES[kind]}\n```\n"
        for name, kind in documented.items()
    }
    pages["undocumented.md"] = "# bogus\n\n```{postlist}\n:no-such-option: 1\n```\n"
    pages["wrong_kind.md"] = "# many\n\n```{postlist}\n:limit: many\n```\n"
    toc = "\n".join(name.removesuffix(".md") for name in pages)
    files = {
        "conf.py": 'extensions = ["sphinx_blogposts"]\nhtml_baseurl = "https://example.org/"\n',
        "index.md": f"# Home\n\n```{{toctree}}\n{toc}\n```\n",
        "_posts/2020-01-01-one.md": "---\ntitle: One\ntags: [news]\ncategories: [news]\nauthor: news\n---\nText.\n",
        **pages,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    # MyST's warning for an option a directive does not take, or a value it refuses
    refused = [line for line in app.warning.getvalue().splitlines() if "[myst.directive_option]" in line]
    assert [line for line in refused if "/opt_" in line] == []
    assert [line for line in refused if "undocumented.md" in line and "no-such-option" in line]
    assert [line for line in refused if "wrong_kind.md" in line and "limit" in line]


#: a value for each documented front-matter key
_FRONT_MATTER_EXAMPLES = {
    "title": "Another title", "date": "2020-02-02", "updated": "2020-03-03", "last_modified_at": "2020-03-03",
    "author": "Ann", "authors": ["Ann"], "tag": "one tag", "tags": ["x"], "category": "c", "categories": ["c"],
    "excerpt": "Short.", "published": False, "slug": "s", "lang": "nl", "image": "pic.png",
    "description": "D.", "permalink": "/old/", "id": "urn:x", "image_alt": "A picture.", "seo": False,
    "series": "A series", "series_part": 2, "pinned": True, "unlisted": True, "hidden": True, "comments": False,
}  # fmt: skip
#: keys that mean something only beside another one
_COMPANIONS = {"series_part": {"series": "A series"}}


def _parsed(front: dict):
    text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\nBody.\n"
    post = parse_post(text.encode(), "_posts/2020-01-01-base.md", dt.timezone.utc).post
    # (each key is one more line of front matter: the body starts later)
    return post, dataclasses.replace(post, extra={}, key_lines={}, body_line=0)


def test_frontmatter_reference_keys_are_the_ones_a_post_is_read_with(site):
    """Each documented key changes what the post is read as; a key the page
    does not name only lands in ``extra`` (kept for templates)."""
    soup = _soup(site, "reference/frontmatter")
    keys = {row.find("td").get_text(strip=True) for row in soup.select("table tbody tr")}
    assert keys == set(_FRONT_MATTER_EXAMPLES), "give the new key an example value here"
    base_front = {"title": "Base"}
    _raw, base = _parsed(base_front)
    for key in keys:
        front = {**base_front, **_COMPANIONS.get(key, {})}
        _raw, without = _parsed(front)
        raw, post = _parsed({**front, key: _FRONT_MATTER_EXAMPLES[key]})
        assert post != without, key
        assert key not in raw.extra, key
    raw, post = _parsed({**base_front, "layout": "post"})
    assert post == base and raw.extra == {"layout": "post"}


def test_every_docs_post_is_published(site):
    """DOCS_EPOCH is later than every post of docs/blog/posts, and each of
    them is in the blog's feed (none left out as scheduled)."""
    posts = []
    for path in sorted((DOCS / "blog" / "posts").glob("*.md")):
        post = parse_post(path.read_bytes(), path.relative_to(DOCS).as_posix(), dt.timezone.utc).post
        assert post.date is not None and post.date.timestamp() < DOCS_EPOCH, f"{path.name}: raise DOCS_EPOCH"
        posts.append(post)
    assert len(posts) >= 2
    feed = feedparser.parse((site / "blog" / "atom.xml").read_bytes())
    assert {entry.title for entry in feed.entries} == {post.title for post in posts}


def test_blog_index_and_feeds(site):
    assert (site / "blog" / "index.html").is_file()
    feed = feedparser.parse((site / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    assert "sphinx-blogposts 0.1.0 released" in titles
    # the release notes' own tag has a feed too
    assert (site / "blog" / "tag" / "release" / "atom.xml").is_file()


def test_front_page_links_the_blog_and_its_feeds(site):
    soup = _soup(site, "index")
    assert any(a.get("href") == "blog/index.html" for a in soup.find_all("a"))
    alternates = {link["type"] for link in soup.select('link[rel="alternate"]')}
    assert {"application/atom+xml", "application/rss+xml", "application/feed+json"} <= alternates
    blog = _soup(site, "blog/index")
    assert {a["href"] for a in blog.select(".blogposts-feeds a")} >= {"atom.xml", "rss.xml", "feed.json"}


def test_blog_posts_carry_cards_and_metadata(site):
    pytest.importorskip("PIL")
    soup = _soup(site, "blog/posts/2026-11-26-first-release")
    head = soup.head
    base = "https://sphinx-blogposts.readthedocs.io/en/latest/"
    assert [link["href"] for link in head.find_all("link", rel="canonical")] == [
        base + "blog/posts/2026-11-26-first-release.html"]
    assert head.find("meta", property="og:type")["content"] == "article"
    card = head.find("meta", property="og:image")["content"]
    assert card.startswith(base + "blog/cards/") and card.endswith(".png")
    assert (site / card[len(base):]).is_file()
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    ld = [json.loads(s.string) for s in head.find_all("script", type="application/ld+json")]
    assert [d["@type"] for d in ld] == ["BlogPosting"]
    # the Dutch post is Dutch to previews too
    dutch = _soup(site, "blog/posts/2017-07-09-Digitale-Transformatie").head
    assert dutch.find("meta", property="og:locale")["content"] == "nl_NL"
    assert (site / "howto" / "sharing.html").is_file()


def test_docs_blog_uses_profiles_a_series_and_related_posts(site):
    one = _soup(site, "blog/posts/2026-11-26-moving-a-jekyll-blog")
    two = _soup(site, "blog/posts/2026-11-30-moving-a-jekyll-blog-readers")
    assert one.select_one(".blogposts-series-title").get_text() == "Part 1 of 2 in Moving a Jekyll blog"
    assert two.select_one(".blogposts-series-title").get_text() == "Part 2 of 2 in Moving a Jekyll blog"
    assert [a.get_text() for a in one.select(".blogposts-related li a")] == ["Moving a Jekyll blog: what readers keep"]
    # the authors' profile (blog/authors.yml): picture, name, bio, links
    header = two.select_one(".blogpost-header .h-card")
    assert header.select_one(".p-name").get_text() == "sphinx-blogposts developers"
    assert (site / "blog" / "posts" / header.select_one("img")["src"]).resolve().is_file()
    profile = _soup(site, "blog/author/sphinx-blogposts-developers").select_one(".blogposts-author-profile")
    assert "sphinx-blogposts" in profile.select_one(".blogposts-author-bio").get_text()
    assert [a["href"] for a in profile.select(".blogposts-author-links a")] == ["https://github.com/sphinx-blogposts"]
    assert (site / "blog" / "series" / "moving-a-jekyll-blog.html").is_file()
