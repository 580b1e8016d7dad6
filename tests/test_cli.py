"""The sphinx-blogposts command: check a folder of posts, write a new post."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from sphinx_blogposts.cli import check, main, new_post, safe_file_stem
from sphinx_blogposts.core.dates import load_timezone
from sphinx_blogposts.core.post import parse_post


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def test_check_reports_per_post_and_summary(tmp_path):
    posts = tmp_path / "_posts"
    write(posts, {
        "2019-01-01-good.md": "---\ntitle: Good\n---\n{% highlight ruby %}\nx\n{% endhighlight %}\n{% include foo.html %}\n",
        "2019-01-02-draft.md": "---\ntitle: Draft\npublished: false\nmood: calm\n---\nText\n",
        "undated.md": "---\ntitle: Undated\n---\nText\n",
        "9999-01-01-later.md": "---\ntitle: Later\n---\nText\n",
        "page.md": "# No front matter\n",
    })
    out = io.StringIO()
    assert check(posts, "UTC", out=out) == 0
    text = out.getvalue()
    assert "_posts/2019-01-01-good.md: published" in text
    assert "_posts/2019-01-02-draft.md: draft" in text
    assert "_posts/9999-01-01-later.md: scheduled" in text
    assert "_posts/page.md: not a post" in text
    assert "include" in text and "[blogposts.jekyll]" in text
    assert re.search(r"published\s+2\b", text) and re.search(r"undated\s+1\b", text)
    assert "Liquid tags: highlight 1, include 1" in text
    assert "other front-matter keys: mood 1" in text


def test_check_fails_on_errors_and_agrees_with_the_build_parser(tmp_path):
    posts = tmp_path / "_posts"
    write(posts, {"2019-01-01-broken.md": "---\ntitle: [unclosed\n---\nText\n"})
    out = io.StringIO()
    assert check(posts, "UTC", out=out) == 1
    result = parse_post((posts / "2019-01-01-broken.md").read_bytes(), "_posts/x.md", load_timezone("UTC"))
    assert result.problems[0].message in out.getvalue()


def test_command_line_entry_point(tmp_path):
    posts = tmp_path / "_posts"
    write(posts, {"2019-01-01-good.md": "---\ntitle: Good\n---\nText\n"})
    done = subprocess.run([sys.executable, "-m", "sphinx_blogposts", "check", str(posts)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "published" in done.stdout


def test_new_post(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_blogposts"]\nblogposts_paths = ["blog/posts/**"]\n'
        'blogposts_timezone = "Asia/Tokyo"\n', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767196800")  # 2025-12-31T16:00Z = 2026-01-01 in Tokyo
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert new_post('Hello "World"/../x', tmp_path, out=out) == 0
    path = tmp_path / "docs" / "blog" / "posts" / "2026-01-01-hello-world-x.md"
    assert out.getvalue().strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Hello \\"World\\"/../x"\ndate: 2026-01-01\ntags: []\npublished: false\n---\n')
    post = parse_post(path.read_bytes(), "blog/posts/x.md", load_timezone("UTC")).post
    assert post.title == 'Hello "World"/../x' and post.published is False
    # never overwrites
    assert new_post('Hello "World"/../x', tmp_path) == 1
    assert path.read_text(encoding="utf-8") == text


def test_new_post_needs_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Title"]) == 2


@pytest.mark.parametrize("title", ["..", "/", "CON", "a" * 500, "中文 标题", "\x00"])
def test_safe_file_stem(title):
    stem = safe_file_stem(title)
    assert stem and "/" not in stem and ".." not in stem and "\x00" not in stem and len(stem) <= 60


_BUILD_WARNING = re.compile(r":(\d+): WARNING: (.*) \[blogposts\.(\w+)\]$")
_CHECK_PROBLEM = re.compile(r"^    (?:warning|error): line (\d+): (.*) \[blogposts\.(\w+)\]$")


def test_check_reports_what_the_build_warns(build, capfd):
    """``check`` reads a post with the build's code, ``page.*`` and ``site.*``
    variables (``site.title`` from the project's conf.py), ``post_url``
    index, old addresses and included files, so it reports the same
    problems, on the same lines, as the build."""
    post = (
        "---\ntitle: Same\ndate: 2020-01-01\nupdated: +2h\nmood: calm\ncategories: [news]\n---\n"
        "Mood {{ page.mood }}, {{ page.categories | join: ',' }}, {{ page.missing }}, "
        "{{ site.nothing }}, in {{ site.title }}.\n\n"
        "{% include note.html who=page.mood %}\n\n{% for p in site.posts %}x{% endfor %}\n\n"
        "[other]({% post_url 2019-01-01-other %}) and [gone]({% post_url 2000-01-01-none %})\n\n"
        "{% if site.title == 'Basic blog' %}kept{% else %}dropped{% endif %}\n\n"
        "[old](/2019/01/01/other.html) [deleted](/2018/01/01/deleted.html) [page](/index.html) "
        '<a href="/contact">c</a> ![i](/missing.png)\n\n'
        "{% include absent.html %} {% include broken.md %}\n"
    )
    files = {
        "_posts/2020-01-01-same.md": post,
        "_posts/2019-01-01-other.md": "---\ntitle: Other\n---\nText\n",
        "_includes/note.html": "<i>{{ include.who }} [x](/2019/01/01/other/) <a href='/nope/'>n</a></i>\n",
        "_includes/broken.md": "{{ page.nope }}\n",
    }
    built = build("basic", files=files)
    from_build = {
        _BUILD_WARNING.search(w).groups() for w in built.blog_warnings() if "2020-01-01-same.md:" in w
    }
    assert len(from_build) >= 10, from_build  # the date, Liquid, include and link problems
    assert {subtype for _line, _message, subtype in from_build} == {"date", "jekyll", "link"}

    capfd.readouterr()
    assert main(["check", str(built.srcdir / "_posts")]) == 0
    report = capfd.readouterr().out
    section = report.split("_posts/2020-01-01-same.md: published\n", 1)[1].split("\n_posts/", 1)[0]
    from_check = {m.groups() for line in section.splitlines() if (m := _CHECK_PROBLEM.match(line))}
    assert from_check == from_build
    # site.title came from conf.py: the condition took its first branch in both
    page = built.soup("_posts/2020-01-01-same").get_text()
    assert "kept" in page and "dropped" not in page and "in Basic blog." in page
    # per post: the links it resolves and those it cannot, the includes
    link_lines = [line.strip() for line in section.splitlines() if line.strip().startswith(("link:", "include:"))]
    assert "link: line 18: /2019/01/01/other.html -> post _posts/2019-01-01-other.md" in link_lines
    assert "link: line 18: /index.html -> page index.md" in link_lines
    assert ("link: line 18: /2018/01/01/deleted.html -> nothing here (unknown); links to "
            "https://example.org/blog-site/2018/01/01/deleted.html") in link_lines
    assert "link: line 10: /2019/01/01/other/ -> post _posts/2019-01-01-other.md" in link_lines
    assert "include: line 10: note.html -> _includes/note.html" in link_lines
    assert "include: line 20: absent.html -> not found" in link_lines
    assert re.search(r"links to old addresses resolved: [1-9]", report)
    assert re.search(r"includes not found: 1\b", report)
