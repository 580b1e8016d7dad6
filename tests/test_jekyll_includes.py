"""Jekyll's include tags: the converter (pure) and through real builds,
with the included files as dependencies on incremental builds."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOTS, run_build, tree_bytes, write_files
from sphinx_blogposts.jekyll import JekyllContext, convert
from sphinx_blogposts.jekyll.includes import DIRECTIVE, MAX_DEPTH, decode
from sphinx_blogposts.jekyll.model import IncludeError, IncludeFile
from sphinx_blogposts.jekyll.variables import IncludeLoader

FILES = {
    "note.html": '<div class="note">{{ include.text }} by {{ include.who | default: "me" }}</div>\n',
    "two.html": "<div>\n  <p>{{ include.text }}</p>\n\n</div>\n",
    "blocks.md": "## Heading {{ include.n }}\n\nText for {{ page.title }} and {{ mine }}.\n\n- a\n",
    "line.md": "Just *one* line: {{ include.text }}\n",
    "nest.html": "<b>{% include note.html text=include.text %}</b>",
    "self.html": "x{% include self.html %}",
    "ping.html": "{% include pong.html %}",
    "pong.html": "{% include ping.html %}",
    "bad.md": "{{ site.nope }}\n\nline two {% for x in y %}{% endfor %}\n",
    **{f"d{i}.html": f"{i}{{% include d{i + 1}.html %}}" for i in range(MAX_DEPTH + 2)},
}


def load(name: str, relative: bool) -> IncludeFile:
    if name not in FILES:
        raise IncludeError(f"no file {name!r} here")
    return IncludeFile(("" if relative else "_includes/") + name, FILES[name])


CTX = JekyllContext(site={"url": "", "baseurl": ""}, page={"title": "The post", "who": "page"}, load_include=load)


def conv(body: str):
    result = convert(body, CTX, first_line=5)
    assert result.text.count("\n") == body.count("\n")
    return result


def test_parameters_and_defaults():
    result = conv('{% include note.html text="Hi *you*" %} and {% include note.html text=page.title who=page.who %}\n')
    assert result.text == (
        '<div class="note">Hi *you* by me</div> and <div class="note">The post by page</div>\n'
    )
    assert [(u.line, u.name, u.path, u.status) for u in result.includes] == [
        (5, "note.html", "_includes/note.html", "expanded"), (5, "note.html", "_includes/note.html", "expanded")
    ]
    assert result.problems == ()


def test_html_lines_join_and_one_markdown_line_stays_inline():
    assert conv('{% include two.html text="x" %}\n').text == "<div> <p>x</p> </div>\n"
    assert conv('A {% include line.md text="y" %} b\n').text == "A Just *one* line: y b\n"


def test_several_blocks_become_a_directive_keeping_lines():
    body = "{% assign mine = 'assigned' %}\n{% include blocks.md n=2 %}\n\nAfter {{ page.nope }}.\n"
    result = conv(body)
    lines = result.text.split("\n")
    assert lines[0] == "" and lines[2] == "~~~" and lines[4] == ""
    assert lines[3] == "After ."
    m = re.fullmatch(rf"~~~\{{{DIRECTIVE}\}} (\S+) (\S+)", lines[1])
    assert m is not None
    path, text = decode([m.group(1), m.group(2)])
    assert path == "_includes/blocks.md"
    assert text.split("\n")[:3] == ["## Heading 2", "", "Text for The post and assigned."]
    # a problem after the include is on its own line
    assert [(p.line, p.message.split(" is ")[0]) for p in result.problems] == [(8, "page.nope")]


def test_several_blocks_without_room_are_joined_with_a_problem():
    result = conv("{% include blocks.md %}\nno blank line\n")
    assert result.text == "## Heading Text for The post and . - a\nno blank line\n"
    assert [(p.line, "several blocks of Markdown" in p.message) for p in result.problems] == [(5, False), (5, True)]


def test_nested_loops_depth_and_missing():
    assert conv('{% include nest.html text="n" %}').text == '<b><div class="note">n by me</div></b>'
    result = conv("{% include self.html %}\n{% include ping.html %}\n{% include d0.html %}\n{% include nope.html %}")
    assert result.text.split("\n")[:3] == ["x", "", "".join(str(i) for i in range(MAX_DEPTH))]
    messages = [(p.line, p.message) for p in result.problems]
    assert any(line == 5 and "_includes/self.html includes itself" in m for line, m in messages), messages
    assert any(line == 6 and "_includes/ping.html includes itself through _includes/pong.html" in m
               for line, m in messages), messages
    assert any(line == 7 and f"nested more than {MAX_DEPTH} deep" in m for line, m in messages), messages
    assert (8, "include nope.html: no file 'nope.html' here; the tag was removed") in messages
    statuses = {u.name: u.status for u in result.includes if u.status != "expanded"}
    assert statuses == {"self.html": "loop", "ping.html": "loop", f"d{MAX_DEPTH}.html": "depth", "nope.html": "missing"}


def test_problems_in_an_included_file_name_it():
    result = conv("text\n{% include bad.md %}\n")
    assert [(p.line, p.message) for p in result.problems] == [
        (6, "_includes/bad.md:1: site.nope is not defined in the site variables; it was replaced by nothing"),
        (6, "_includes/bad.md:3: Liquid 'for' loop was removed: its data is not known when converting"),
    ]


def test_dynamic_names_and_other_tags():
    context = JekyllContext(page={"snippet": "line.md"}, load_include=load)
    assert convert("{% include {{ page.snippet }} text=1 %}", context).text == "Just *one* line: 1"
    assert convert('{% include_cached note.html text="c" %}', context).text == '<div class="note">c by me</div>'
    assert convert("{% include_relative line.md %}", context).includes[0].path == "line.md"
    # without a loader, as before: removed with a problem
    plain = convert("{% include note.html %}", JekyllContext())
    assert plain.text == "" and "'include' was removed" in plain.problems[0].message


def test_include_in_code_is_not_expanded():
    body = "```\n{% include note.html %}\n```\n\n{% highlight html %}\n{% include note.html %}\n{% endhighlight %}\n"
    result = conv(body)
    assert "{% include note.html %}" in result.text.split("\n")[1]
    assert result.text.split("\n")[5] == ""
    assert any("inside a highlight block" in p.message for p in result.problems)


def test_loader_stays_in_its_folder(tmp_path):
    srcdir = tmp_path / "src"
    (srcdir / "_includes" / "sub").mkdir(parents=True)
    (srcdir / "_includes" / "sub" / "x.html").write_text("x", encoding="utf-8")
    (srcdir / "_posts").mkdir()
    (srcdir / "_posts" / "rel.md").write_text("r\r\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    loader = IncludeLoader(srcdir, "_includes")
    assert loader.load("sub/x.html") == IncludeFile("_includes/sub/x.html", "x")
    assert loader.load("rel.md", "_posts") == IncludeFile("_posts/rel.md", "r\n")
    for name in ("../secret.txt", "/etc/passwd", "sub//x.html", "", "sub/../../secret.txt", "sub\\..\\x"):
        with pytest.raises(IncludeError):
            loader.load(name)
    (srcdir / "_includes" / "link.html").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(IncludeError, match="outside the source folder"):
        loader.load("link.html")
    (srcdir / "_includes" / "inside.html").symlink_to(srcdir / "_posts" / "rel.md")
    assert loader.load("inside.html").text == "r\n"
    (srcdir / "_includes" / "binary.html").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(IncludeError, match="not UTF-8"):
        loader.load("binary.html")
    with pytest.raises(IncludeError, match="does not exist"):
        IncludeLoader(srcdir, "_nothing").load("x.html")
    with pytest.raises(IncludeError, match="no includes folder"):
        IncludeLoader(srcdir, None).load("x.html")


# --- through builds -------------------------------------------------------------


@pytest.fixture
def includes(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-jekyll-includes", srcdir)
    return srcdir


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_includes_in_a_build(includes, builder):
    built = run_build(includes, buildername=builder)
    first = built.soup("_posts/2020-01-01-first").select_one("div.body")
    note = first.select_one("div.note")
    assert note.strong.get_text() == "Hi" and "Hello *there*" in note.get_text()
    # the Markdown include's heading is a section of the post, its links resolved
    section = first.select_one("section#related-posts")
    assert section.h2.get_text().rstrip("¶") == "Related posts"
    assert "See the first post and the second one for First." in section.get_text(" ", strip=True)
    assert [li.get_text() for li in section.select("li")] == ["one", "two"]
    second = built.soup("_posts/2020-01-02-second").select_one("div.body")
    assert second.select_one("aside.outer span.inner").get_text() == "Nested"
    assert second.select_one("aside.outer div.note strong").get_text() == "Inner"
    assert "Simply one line for Second with a link." in second.get_text(" ", strip=True).replace(" .", ".")
    link = next(a for a in second.find_all("a") if a.get_text() == "a link")
    assert link["href"] in ("#", "", "./")  # the post itself
    # included files are parts of posts, never pages
    assert not (built.outdir / "_includes").exists()
    assert not [w for w in built.warnings if "toctree" in w or "/src/_includes/" in w.split(": WARNING")[0]]
    by_line = sorted(re.sub(r"^.*/(_posts/[^:]+):(\d+): WARNING: (.*)$", r"\1:\2 \3", w) for w in built.blog_warnings())
    assert by_line == [
        "_posts/2020-01-01-first.md:11 site.nope_after is not defined in the site variables; it was replaced by "
        "nothing [blogposts.jekyll]",
        "_posts/2020-01-02-second.md:11 _includes/loop.html:1: include loop.html: _includes/loop.html includes "
        "itself; it was not expanded again [blogposts.jekyll]",
        "_posts/2020-01-02-second.md:13 include missing.html: no file 'missing.html' in the includes folder "
        "'_includes'; the tag was removed [blogposts.jekyll]",
        "_posts/2020-01-02-second.md:15 _includes/broken.md:1: site.nope is not defined in the site variables; it "
        "was replaced by nothing [blogposts.jekyll]",
    ]
    # MyST's own warnings after a multi-line include are on their lines too
    # (MyST 4.0 names the file with ".rst" appended)
    assert any(re.search(r"2020-01-01-first\.md(\.rst)?:11: WARNING: .*nope", w) for w in built.warnings if "myst" in w)


def _read(built) -> set[str]:
    """The documents a build read (from its status output)."""
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", built.status))


def test_editing_an_include_reads_exactly_the_posts_using_it(includes, tmp_path):
    run_build(includes)
    write_files(includes, {"_includes/note.html": '<div class="note">{{ include.text }} edited</div>\n'})
    again = run_build(includes)
    assert _read(again) == {"_posts/2020-01-01-first", "_posts/2020-01-02-second"}
    assert "Hello *there* edited" in again.soup("_posts/2020-01-01-first").get_text()
    write_files(includes, {"_includes/related.md": "Only *this* now.\n"})
    third = run_build(includes)
    assert _read(third) == {"_posts/2020-01-01-first"}
    write_files(includes, {"_includes/missing.html": "<p>found now</p>\n"})
    fourth = run_build(includes)
    assert _read(fourth) == {"_posts/2020-01-02-second"}
    assert "found now" in fourth.soup("_posts/2020-01-02-second").get_text()
    assert not [w for w in fourth.blog_warnings() if "missing.html" in w]
    fifth = run_build(includes)
    assert _read(fifth) == set()
    # the same as a clean build
    clean_src = tmp_path / "clean"
    shutil.copytree(includes, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = run_build(clean_src)
    skip = (".doctrees/", ".buildinfo", ".blogposts.json", "searchindex.js")
    got = {k: v for k, v in tree_bytes(fifth.outdir).items() if not k.startswith(skip)}
    want = {k: v for k, v in tree_bytes(clean.outdir).items() if not k.startswith(skip)}
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []


def test_parallel_build_equals_serial(tmp_path):
    extra = {
        f"_posts/2021-03-{day:02d}-more-{day}.md": f"---\ntitle: More {day}\n---\n{{% include note.html text=\"{day}\" %}}\n\n"
        f"{{% include related.md extra=\"{day}\" %}}\n"
        for day in range(1, 16)
    }
    outputs = []
    for jobs in (0, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-jekyll-includes", srcdir)
        write_files(srcdir, extra)
        built = run_build(srcdir, parallel=jobs)
        outputs.append({k: v for k, v in tree_bytes(built.outdir).items() if not k.startswith(".")})
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []


def test_includes_folder_option(includes):
    built = run_build(includes, confoverrides={"blogposts_jekyll_includes": None})
    assert any("no includes folder is set (blogposts_jekyll_includes)" in w for w in built.blog_warnings("jekyll"))
    bad = run_build(includes, confoverrides={"blogposts_jekyll_includes": "../outside"}, freshenv=True)
    assert any("blogposts_jekyll_includes" in w for w in bad.blog_warnings("config"))
