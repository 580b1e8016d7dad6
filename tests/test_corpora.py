"""Real Jekyll posts, copied into temporary test roots and built."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import mf2py
import pytest

from conftest import CORPORA, run_build

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")

JEKYLL = CORPORA / "jekyll__jekyll" / "test" / "source"
SAMPLE = CORPORA / "mmistakes__jekyll-sample-content"
DTD = CORPORA / "frankmeeuwsen__DTD-Blog"
LOCATED = re.compile(r"^\S.*:\d+: (WARNING|ERROR): ")

# Every post fixture of Jekyll's own test suite: (path, page title or None
# when no post page is expected, the date shown, header expected).
# Jekyll's behaviour is followed where it is sensible; where it is not:
# - a file without a date anywhere (dubious.markdown) is published undated,
#   with a warning, rather than ignored;
# - a file in _posts without front matter stays an ordinary page;
# - when the body opens with its own "# heading", that is the page title.
JEKYLL_EXPECTED = [
    ("_drafts/draft-properties.text", None, None),  # .text is not a source suffix
    ("_posts/2008-02-02-not-published.markdown", None, None),  # published: false
    ("_posts/2008-02-02-published.markdown", "Publish", "2008-02-02"),
    ("_posts/2008-02-03-wrong-extension.yml", None, None),
    ("_posts/2008-10-18-foo-bar.markdown", "Foo Bar", "2008-10-18"),  # "# {{ page.title }}"
    ("_posts/2008-11-21-complex.markdown", "Complex", "2008-11-21"),
    ("_posts/2008-12-03-permalinked-post.markdown", "Post with Permalink", "2008-12-03"),
    ("_posts/2008-12-13-include.markdown", "Include", "2008-12-13"),
    ("_posts/2009-01-27-array-categories.markdown", "Array categories in YAML", "2009-01-27"),
    ("_posts/2009-01-27-categories.markdown", "Categories in YAML", "2009-01-27"),
    ("_posts/2009-01-27-category.markdown", "Category in YAML", "2009-01-27"),
    ("_posts/2009-01-27-empty-categories.markdown", "Category in YAML", "2009-01-27"),
    ("_posts/2009-01-27-empty-category.markdown", "Category in YAML", "2009-01-27"),
    ("_posts/2009-01-27-no-category.markdown", "Category in YAML", "2009-01-27"),
    ("_posts/2009-03-12-hash-#1.markdown", "Hash", "2009-03-12"),
    ("_posts/2009-05-18-empty-tag.markdown", "A Tag", "2009-05-18"),
    ("_posts/2009-05-18-empty-tags.markdown", "Some Tags", "2009-05-18"),
    ("_posts/2009-05-18-tag.markdown", "A Tag", "2009-05-18"),
    ("_posts/2009-05-18-tags.markdown", "Some Tags", "2009-05-18"),
    ("_posts/2009-06-22-empty-yaml.markdown", "Empty yaml", "2009-06-22"),  # title from file name
    ("_posts/2010-01-08-triple-dash.markdown", "Foo \N{EM DASH} Bar", "2010-01-08"),  # typeset "---"
    ("_posts/2010-01-09-date-override.markdown", "Date override", "2010-01-10"),
    ("_posts/2010-01-09-time-override.markdown", "Time override", "2010-01-10"),
    ("_posts/2010-01-09-timezone-override.markdown", "Timezone override", "2010-01-10"),
    ("_posts/2010-01-16-override-data.markdown", "Override data", "2010-01-10"),
    ("_posts/2011-04-12-md-extension.md", "Md extension", "2011-04-12"),
    ("_posts/2011-04-12-text-extension.text", None, None),
    ("_posts/2013-01-02-post-excerpt.markdown", "Post Excerpt", "2013-01-02"),
    ("_posts/2013-01-12-nil-layout.markdown", "No layout", "2013-01-12"),
    ("_posts/2013-01-12-no-layout.markdown", "I have no layout", "2013-01-12"),
    ("_posts/2013-03-19-not-a-post/dubious.markdown", "What Am I?", None),  # undated
    ("_posts/2013-04-11-custom-excerpt.markdown", "Custom excerpt", "2013-04-11"),
    ("_posts/2013-05-10-number-category.markdown", "Number Category in YAML", "2013-05-10"),
    ("_posts/2013-07-22-post-excerpt-with-layout.markdown", "Post Excerpt with Layout", "2013-07-22"),
    ("_posts/2013-12-17-include-variable-filters.markdown", "Post", "2013-12-17"),
    ("_posts/2013-12-20-properties.text", None, None),
    ("_posts/2014-01-06-permalink-traversal.md", "Test", "2014-01-06"),  # title from "# Test"
    ("_posts/2014-03-03-yaml-with-dots.md", "Test", "2014-03-03"),  # body opens with "# Test"
    ("_posts/2014-03-22-escape-+ %20[].markdown", "Plus space percent", "2014-03-22"),
    ("_posts/2014-07-05-another-mixed-case-category.markdown", "Another Mixed Case Category in YAML", "2014-07-05"),
    ("_posts/2014-07-05-mixed-case-category.markdown", "Mixed Case Category in YAML", "2014-07-05"),
    ("_posts/2014-09-02-relative-includes.markdown", "Post", "2014-09-02"),
    ("_posts/2014-11-24-Rmd-extension.Rmd", None, None),
    ("_posts/2015-01-08-post-excerpt-separator.markdown", "Post Excerpt Separator", "2015-01-08"),
    ("_posts/2015-02-20-extensionless-permalink.markdown", "Extensionless Permalink", "2015-02-20"),
    ("_posts/2015-12-27-extra-spaces.markdown", "Extra spaces", "2015-12-27"),  # '---  ' opener
    ("_posts/2016-08-16-indented-link-references.markdown", "Indented link references", "2016-08-16"),
    ("_posts/2016-11-26-special-chars-(+).markdown", "Special Characters", "2016-11-26"),
    ("_posts/2017-2-5-i-dont-like-zeroes.md", "I dont like zeroes", "2017-02-05"),  # unpadded date
    ("_posts/2018-01-28-closed-liquid-block-excerpt.markdown", "Closed liquid block excerpt", "2018-01-28"),
    ("_posts/2018-01-28-open-liquid-block-excerpt.markdown", "Open liquid block excerpt", "2018-01-28"),
    ("_posts/2018-05-15-closed-liquid-block-excerpt-whitespace-control.md",
     "LIQUID_TAG_REGEX excerpt whitespace control test", "2018-05-15"),
    ("_posts/2018-05-15-excerpt-whitespace-control-variable.md",
     "LIQUID_TAG_REGEX excerpt whitespace control test", "2018-05-15"),
    ("_posts/2018-05-15-open-liquid-block-excerpt-whitespace-control.md",
     "LIQUID_TAG_REGEX excerpt whitespace control test", "2018-05-15"),
    ("_posts/2018-10-12-trailing-dots...markdown", "Ellipsis Path", "2018-10-12"),
    ("_posts/2018-11-15-excerpt-liquid-block.md", "liquid_block excerpt test with open tags in excerpt", "2018-11-15"),
    ("_posts/es/2008-11-21-nested.markdown", "Nested", "2008-11-21"),
    ("category/_posts/2008-09-23-categories.markdown", "Categories", "2008-09-23"),
    ("foo/_posts/bar/2008-12-12-topical-post.markdown", "Topical Post", "2008-12-12"),
    ("win/_posts/2009-05-24-yaml-linebreak.markdown", "Test title", "2009-05-24"),  # CRLF
    ("z_category/_posts/2008-09-23-categories.markdown", "Categories", "2008-09-23"),
]
# Files in _posts without front matter: ordinary pages, no post header.
JEKYLL_PAGES = ["_posts/2009-06-22-no-yaml.markdown", "_posts/2013-08-01-mkdn-extension.mkdn"]

SAMPLE_UNPUBLISHED = {
    "_drafts/post-draft.md",  # a draft folder
    "_posts/2010-10-25-post-future-date.md",  # dated 9999-12-31
}


def copy_tree(source: Path, target: Path, folders: list[str]) -> None:
    for folder in folders:
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)


def page_of(built, rel: str) -> Path:
    docname = rel[: -len(Path(rel).suffix)] if Path(rel).suffix else rel
    return built.page_path(docname)


def post_title_and_date(built, rel: str) -> tuple[str | None, str | None]:
    page = page_of(built, rel)
    if not page.exists():
        return None, None
    soup = built.soup(page_of(built, rel).relative_to(built.outdir).with_suffix("").as_posix())
    body = soup.find("div", class_="body") or soup.find("article") or soup.body
    title = body.find("h1").text.rstrip("¶")
    time = soup.select_one(".blogpost-header time")
    return title, time["datetime"][:10] if time else None


# Code, and the microformats' invisible summary, which repeats the excerpt's
# text, its code included ("Prepend `{{ site.url }}`...").
_CODE_RE = re.compile(r"<pre.*?</pre>|<code.*?</code>|<data class=\"p-summary\"[^>]*>", re.DOTALL)
LEFTOVERS = ("{%", "{{ site.", "{{site.", "{:", "<!--more-->", "<!-- more -->")


def leftover_syntax(outdir: Path) -> dict[str, list[str]]:
    """Post pages that still show Liquid/kramdown syntax outside code."""
    found = {}
    for page in outdir.rglob("*.html"):
        if "_posts" not in page.parts:
            continue
        body = _CODE_RE.sub("", page.read_text(encoding="utf-8"))
        hits = [token for token in LEFTOVERS if token in body]
        if hits:
            found[page.relative_to(outdir).as_posix()] = hits
    return found


def dead_links(outdir: Path) -> dict[str, int]:
    """Pages with links to nowhere (``href="#/..."``, what a root-relative
    link MyST cannot resolve becomes), with their count."""
    found = {}
    for page in outdir.rglob("*.html"):
        count = page.read_text(encoding="utf-8").count('href="#/')
        if count:
            found[page.relative_to(outdir).as_posix()] = count
    return found


def unresolved_links(outdir: Path) -> list[tuple[str, str]]:
    """Every ``href``/``src`` without a scheme, on every page, that leads to
    no file of the output (``/x`` from the output's root)."""
    from lxml import html as lxml_html

    root = outdir.resolve()
    broken = []
    for page in sorted(outdir.rglob("*.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        for element in tree.iter():
            for attr in ("href", "src"):
                url = element.get(attr)
                if url is None:
                    continue
                parts = urlsplit(url.strip())
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                path = unquote(parts.path)
                target = (root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
                target = target.resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file() or not target.is_relative_to(root):
                    broken.append((page.relative_to(outdir).as_posix(), url))
    return broken


def assert_located(warnings: list[str]) -> None:
    for warning in warnings:
        if "[blogposts." in warning:
            assert LOCATED.match(warning), warning


@pytest.fixture(scope="module")
def jekyll_build(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("jekyll")
    copy_tree(JEKYLL, srcdir, ["_posts", "_drafts", "category", "foo", "win", "z_category"])
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_blogposts"]\nproject = "Jekyll fixtures"\n'
        'blogposts_paths = ["**/_posts/**"]\nhtml_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Jekyll fixtures\n", encoding="utf-8")
    return run_build(srcdir)


@pytest.mark.parametrize(("rel", "title", "date"), JEKYLL_EXPECTED, ids=[r[0] for r in JEKYLL_EXPECTED])
def test_jekyll_fixture(jekyll_build, rel, title, date):
    assert post_title_and_date(jekyll_build, rel) == (title, date)


def test_jekyll_fixtures_overall(jekyll_build):
    listed = {rel for rel, _t, _d in JEKYLL_EXPECTED} | set(JEKYLL_PAGES)
    on_disk = {
        p.relative_to(JEKYLL).as_posix()
        for folder in ["_posts", "_drafts", "category", "foo", "win", "z_category"]
        for p in (JEKYLL / folder).rglob("*")
        if p.is_file() and p.suffix in {".md", ".markdown", ".mkdn", ".text", ".yml", ".Rmd"}
    }
    assert on_disk <= listed, sorted(on_disk - listed)
    for rel in JEKYLL_PAGES:
        page = page_of(jekyll_build, rel)
        assert page.exists()
        assert "blogpost-header" not in page.read_text(encoding="utf-8")
    assert_located(jekyll_build.warnings)
    assert not [w for w in jekyll_build.warnings if "Traceback" in w or "Exception" in w]
    assert leftover_syntax(jekyll_build.outdir) == {}
    assert dead_links(jekyll_build.outdir) == {}


def test_sample_content(build, tmp_path):
    srcdir = tmp_path / "sample"
    copy_tree(SAMPLE, srcdir, ["_posts", "_drafts"])
    (srcdir / "conf.py").write_text('extensions = ["sphinx_blogposts"]\nproject = "Sample"\nhtml_baseurl = "https://example.org/"\n', encoding="utf-8")
    (srcdir / "index.md").write_text("# Sample\n", encoding="utf-8")
    built = build(None, srcdir=srcdir)
    files = sorted(p.relative_to(srcdir).as_posix() for p in srcdir.glob("_*/*.md"))
    assert len(files) == 53
    for rel in files:
        title, date = post_title_and_date(built, rel)
        if rel in SAMPLE_UNPUBLISHED:
            assert title is None, rel
        else:
            assert title and date, rel
    # the post without a title gets one from its file name, with a warning
    title, _date = post_title_and_date(built, "_posts/2009-09-05-edge-case-no-yaml-title.md")
    assert title == "Edge case no yaml title"
    assert any("2009-09-05-edge-case-no-yaml-title.md:1" in w for w in built.blog_warnings("title"))
    # a title with entities is text; markup in a title stays literal
    title, _date = post_title_and_date(built, "_posts/2013-01-05-markup-title-with-special-characters.md")
    assert title == "Markup: Title with Special\N{NO-BREAK SPACE}\N{EM DASH}\N{NO-BREAK SPACE}Characters"
    title, _date = post_title_and_date(built, "_posts/2013-01-05-markup-title-with-markup.md")
    assert title == "Markup: Title *with* **Markdown**"
    # bodies that start at ### or skip levels nest under the title quietly
    assert not [w for w in built.warnings if "myst.header" in w]
    assert_located(built.warnings)
    assert leftover_syntax(built.outdir) == {}
    assert dead_links(built.outdir) == {}


@pytest.mark.slow
def test_dtd_blog(build, tmp_path):
    srcdir = tmp_path / "dtd"
    copy_tree(DTD, srcdir, ["_posts", "_drafts"])
    # the blog's own settings: addresses /:title/ on diggingthedigital.com
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_blogposts"]\nproject = "DTD"\nlanguage = "nl"\nhtml_baseurl = "https://example.org/"\n'
        'blogposts_jekyll_permalinks = "/:title/"\n'
        'blogposts_jekyll_site = {"url": "https://diggingthedigital.com"}\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Digging the Digital\n", encoding="utf-8")
    built = build(None, srcdir=srcdir, parallel=2)

    posts = sorted((srcdir / "_posts").iterdir())
    assert len(posts) == 1007
    unpublished = {
        p.name for p in posts
        if re.search(r"^published: *(false|terug)\s*$", p.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert len(unpublished) == 6
    for path in posts:
        page = built.page_path("_posts/" + path.stem)
        assert page.exists() == (path.name not in unpublished), path.name
    # nothing from _drafts is published
    assert not (built.outdir / "_drafts").exists()
    assert_located(built.warnings)
    assert len(built.blog_warnings("draft")) == 1  # published: 'terug'
    assert not [w for w in built.warnings if "myst.header" in w]
    assert leftover_syntax(built.outdir) == {}
    # links between posts survive the move: none to nowhere, every one that
    # stays on the site leads to a file of the output
    assert dead_links(built.outdir) == {}
    assert unresolved_links(built.outdir) == []
    assert not [w for w in built.warnings if "myst.xref_missing" in w or "image.not_readable" in w]
    # what is left: files that are not in the corpus (its images), and the
    # old site's pages that are no posts (tag archives, /contact)
    lost = Counter("file" if "is not in the source folder" in w else "page" for w in built.blog_warnings("link"))
    assert lost["file"] > 600 and 0 < lost["page"] < 60, lost


    # every post page is one microformats2 h-entry, with its name, date and address,
    # whatever HTML of its own the post holds (some are IndieWeb posts with h-cards)
    no_entry = []
    for path in posts:
        if path.name in unpublished:
            continue
        docname = "_posts/" + path.stem
        page = built.page_path(docname)
        url = "https://example.org/" + built.app.builder.get_target_uri(docname)
        items = mf2py.parse(doc=page.read_text(encoding="utf-8"), url=url, html_parser="lxml")["items"]
        props = items[0]["properties"] if len(items) == 1 and items[0]["type"] == ["h-entry"] else {}
        if not (props.get("name") and props.get("published") and props.get("url") == [url]):
            no_entry.append((path.name, [i["type"] for i in items]))
    assert no_entry == []
    # the five series of WordPress' export ("series: [Weekendleesvoer]") have their boxes and pages
    assert len(list((built.outdir / "blog" / "series").glob("*.html"))) == 6  # and the overview
