"""~200 generated posts, good and broken, through one real Sphinx build.

A seeded generator writes posts with random front matter (valid and
invalid YAML, odd dates, values of the wrong type, every kind of
``published`` value and tag, any script) and random bodies (Markdown,
Liquid, kramdown, raw HTML).  The build must finish without a traceback;
each post is either published or accounted for (a draft, or named in a
``blogposts`` warning); and nothing of a post that is not published
reaches the output.  ``BLOGPOSTS_FUZZ_SEED`` picks another seed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from pathlib import Path

import yaml

from conftest import run_build, traces, write_files
from test_htmltools import assert_balanced_by_html_parser

SEED = int(os.environ.get("BLOGPOSTS_FUZZ_SEED", "20261127"))
POSTS = 200
LEAK = "ZZLEAKMARK"  # in every post that must not be published

CONF = (
    'project = "Fuzz"\n'
    'extensions = ["sphinx_blogposts"]\n'
    'exclude_patterns = ["_build"]\n'
    'html_baseurl = "https://example.org/fuzz/"\n'
    'blogposts_timezone = "Europe/Amsterdam"\n'
    'html_sidebars = {"**": ["blogposts/recent.html", "blogposts/tagcloud.html", "blogposts/archives.html"]}\n'
)
WORDS = [
    "python", "Python", "social media", "social-media", "中文", "日本語", "العربية", "ελληνικά", "emoji 🎉", "C++",
    "c#", ".net", "a/b", "..", "x" * 120, "e\u0301t\u00e9", "ﬁle", "İstanbul", "straße", "STRASSE", "\u200bzero",
    "tab\there", "  padded  ", "#hash", "100%", "<b>bold</b>", "'quote'", "\"dq\"", "back\\slash", "rtl\u202eevil",
]  # fmt: skip
DATES = [
    "2019-05-06", "2019-05-06 10:20:30 +0200", "2019-05-06T10:20:30Z", "2019-5-6", "2019-02-30", "2019-13-01",
    "yesterday", "", "2019-05-06 10:20", "2019-05-06 25:00", "0001-01-01", "2019-05-06 10:20:30 +2h",
]  # fmt: skip
BODY_PIECES = [
    "# A heading\n\n", "## Part {#part}\n\n", "Some *text* with `code` and a [link](https://example.org).\n\n",
    "- item one\n- item two\n\n", "1. first\n2. second\n\n", "> a quote\n\n", "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "```python\nprint('{{ not liquid }}')\n```\n\n", "    indented {% code %}\n\n", "<!--more-->\n\n",
    "Text<!-- more -->after\n\n", "{{ page.title }} and {{ site.url }}\n\n", "{% if page.comments %}shown{% endif %}\n\n",
    "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n\n", "{% raw %}{{ raw }}{% endraw %}\n\n",
    "{% include footer.html %}\n\n", "{% for x in site.posts %}{{ x }}{% endfor %}\n\n", "{% post_url 2019-01-01-nope %}\n\n",
    "Lead paragraph.\n{: .lead}\n\n", "*[HTML]: Hyper Text Markup Language\n\nHTML here.\n\n", "* TOC\n{:toc}\n\n",
    "<div class=\"note\">\n\n", "</div>\n\n", "<span>open span\n\n", "<p>para</p>\n\n", "<table><tr><td>cell\n\n",
    "{::nomarkdown}<b>raw</b>{:/}\n\n", "![image](missing.png)\n\n", "[^1]\n\n[^1]: A footnote.\n\n", "---\n\n",
    "{% youtube dQw4w9WgXcQ %}\n\n", "```{note}\nAn admonition.\n```\n\n", "Unicode: 中文 العربية 🎉 e\u0301\n\n",
    "{{ page.tags | join: ', ' }}\n\n", "{%\n\n", "}}\n\n", "<!--\n\n",
]  # fmt: skip


def _value(rnd: random.Random, depth: int = 0):
    """A front-matter value of any YAML type."""
    kind = rnd.randrange(10 if depth < 2 else 7)
    if kind == 0:
        return rnd.choice(WORDS)
    if kind == 1:
        return rnd.randint(-10**6, 10**6)
    if kind == 2:
        return rnd.choice([0.5, float("inf"), float("nan"), -0.0])
    if kind == 3:
        return rnd.choice([True, False, None])
    if kind == 4:
        return dt.date(rnd.randint(1990, 2030), rnd.randint(1, 12), rnd.randint(1, 28))
    if kind == 5:
        return "".join(rnd.choice("ab \u00e9\u4e2d\x07\x1b\t") for _ in range(rnd.randint(0, 12)))
    if kind == 6:
        return ""
    if kind in (7, 8):
        return [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]
    return {rnd.choice(["name", "url", "email", "path", "x"]): _value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))}


def _tags(rnd: random.Random):
    choice = rnd.randrange(6)
    if choice == 0:
        return rnd.sample(WORDS, rnd.randint(0, 4))
    if choice == 1:
        return " ".join(rnd.sample(WORDS, 3))  # a string: split on spaces
    if choice == 2:
        return [_value(rnd, 1) for _ in range(3)]
    if choice == 3:
        return rnd.choice(WORDS)
    if choice == 4:
        return _value(rnd)
    return [f"tag{rnd.randint(0, 9)}"]


def _body(rnd: random.Random, marker: str = "") -> str:
    pieces = [rnd.choice(BODY_PIECES) for _ in range(rnd.randint(0, 12))]
    if marker:
        pieces.insert(rnd.randint(0, len(pieces)), f"{marker} in the body.\n\n")
        pieces.append(f"<p>{marker} in HTML</p>\n\n{{{{ page.secret }}}}\n")
    return "".join(pieces)


def _front(rnd: random.Random, *, title: str) -> dict:
    front: dict = {"title": title}
    if rnd.random() < 0.8:
        front["date"] = rnd.choice(DATES + [dt.datetime(2018, 3, 4, 5, 6, 7)])
    for key in ("tags", "categories", "tag", "category"):
        if rnd.random() < 0.4:
            front[key] = _tags(rnd)
    if rnd.random() < 0.4:
        front[rnd.choice(["author", "authors"])] = rnd.choice([rnd.choice(WORDS), _value(rnd), [rnd.choice(WORDS), {"name": "N", "url": "javascript:x"}]])
    for key in ("excerpt", "image", "lang", "description", "slug", "permalink", "updated", "id", "layout", "comments"):
        if rnd.random() < 0.15:
            front[key] = _value(rnd)
    if rnd.random() < 0.3:
        front["published"] = rnd.choice([True, "true", "yes", "on", "True"])
    return front


def _dump(front: dict) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)


def generate(rnd: random.Random) -> tuple[dict[str, str | bytes], set[str], set[str], set[str], set[str]]:
    """(files, paths that must be published, paths that must leave no trace
    of their text, paths that must be named in a warning, drafts: paths that
    must not even be named in the output or the saved environment)."""
    files: dict[str, str | bytes] = {}
    must_publish: set[str] = set()
    hidden: set[str] = set()
    warned: set[str] = set()
    drafts: set[str] = set()
    for i in range(POSTS):
        year, month, day = rnd.randint(2000, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        stem = f"{year}-{month}-{day:02d}-post-{i}" if rnd.random() < 0.85 else f"undated-{i}"
        folder = rnd.choice(["_posts", "_posts", "_posts/sub cat", "blog/posts", "_posts/nested/deeper"])
        suffix = rnd.choice([".md", ".md", ".md", ".markdown", ".rst"]) if rnd.random() < 0.9 else ".md"
        path = f"{folder}/{stem}{suffix}"
        kind = rnd.choice(["good"] * 6 + ["draft", "future", "broken", "odd published", "drafts folder"])
        if suffix == ".rst" and kind == "good":
            body = "A reStructuredText post.\n\n.. more\n\nMore *text*.\n"
        else:
            body = _body(rnd, f"{LEAK}{i}Q" if kind != "good" else "")
        marker = f"{LEAK}{i}Q"
        if kind == "good":
            front = _front(rnd, title=f"Good {i} {rnd.choice(WORDS)}")
            text = "---\n" + _dump(front) + "---\n" + body
            must_publish.add(path)
        else:
            front = _front(rnd, title=f"{marker} title")
            front["secret"] = f"{marker} secret"
            front["tags"] = [f"{marker}tag", "python"]
            if kind == "draft":
                front["published"] = rnd.choice([False, "false", "no", "off", "False"])
            elif kind == "future":
                front["date"] = rnd.choice(["2999-01-01", "9999-12-31 23:59:59 +14:00", dt.date(2998, 5, 5)])
                front.pop("published", None)
            elif kind == "odd published":
                front["published"] = rnd.choice([None, "maybe", 1, 0, [], {"a": 1}, "draft", 2.5])
            elif kind == "drafts folder":
                path = f"_drafts/{stem}.md"
            text = "---\n" + _dump(front) + "---\n" + body
            if kind == "broken":
                text = rnd.choice([
                    lambda t: t.replace("title:", "title: [unclosed", 1),
                    lambda t: t.replace("---\n", "---\n\t- tab indented\n", 1),
                    lambda t: t.replace("title:", "title: &a x\nother: *b", 1),
                    lambda t: "---\n" + t[4:].replace("\n---\n", "\n***\n"),  # never closed
                    lambda t: t.replace("title:", "title: \"open quote", 1),
                    lambda t: t.replace("---\n", "---\n- a list\n", 1),
                    lambda t: t.replace("title:", "title: !!python/object:os.system x\nt2:", 1),
                ])(text)
            hidden.add(path)
            if kind in ("broken", "odd published"):
                warned.add(path)
            if kind in ("broken", "odd published") and rnd.random() < 0.2:
                # also broken as a file
                files[path] = rnd.choice([text.encode("utf-16"), text.encode("utf-8") + b"\xff\xfe", b"\x00" + text.encode()])
                continue
            if kind != "broken":
                drafts.add(path)
        if rnd.random() < 0.05:
            text = "\ufeff" + text.replace("\n", "\r\n")
        files[path] = text
    return files, must_publish, hidden, warned, drafts


def test_two_hundred_random_posts_in_one_build(tmp_path):
    rnd = random.Random(SEED)
    files, must_publish, hidden, warned, drafts = generate(rnd)
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    write_files(srcdir, {"conf.py": CONF, "index.md": "# Fuzz\n\n```{postlist}\n:excerpts:\n:limit: 50\n```\n", **files})

    built = run_build(srcdir)  # serial
    raw = built.app.warning.getvalue()
    assert "Traceback" not in raw and "Exception occurred" not in raw
    assert "Extension error" not in raw
    summary = re.search(r"\[blogposts\] (\d+) posts published, (\d+) drafts or scheduled posts left out, (\d+) refused", built.status)
    assert summary, built.status
    print(f"\nseed {SEED}: {len(files)} files; published/drafts/refused = {summary.groups()}; "
          f"{len(built.blog_warnings())} blogposts warnings")

    env = built.app.env
    unaccounted = []
    for path in sorted(files):
        docname = env.path2doc(str(srcdir / path))
        page = built.outdir / (Path(path).with_suffix(".html"))
        named = [w for w in built.blog_warnings() if path in w]
        if path in must_publish:
            assert page.is_file(), (path, named)
        if path in warned:
            assert named, path
        if path in hidden:
            assert not page.exists(), path
        elif not page.is_file() and not named:
            unaccounted.append((path, docname))
    assert unaccounted == []

    # no text of theirs, in any case or stemmed as the search index has it;
    # drafts not even by name (refused posts are named in their warnings)
    assert len(drafts) > 10
    draft_docnames = [os.path.splitext(path)[0] for path in sorted(drafts)]
    assert traces(srcdir / "_build", LEAK, draft_docnames) == []
    # pages that show excerpts inherit no element left open by a post's HTML
    listings = [built.outdir / "index.html", *sorted((built.outdir / "blog").rglob("*.html"))]
    listings = [p for p in listings if "posts" not in p.relative_to(built.outdir).parts]  # not the posts
    for page in listings:
        assert_balanced_by_html_parser(page.read_text(encoding="utf-8"))
    # the listing pages and feeds are there, with the published posts
    assert (built.outdir / "blog" / "atom.xml").is_file() and (built.outdir / "searchindex.js").is_file()
    assert "Good " in (built.outdir / "blog" / "index.html").read_text(encoding="utf-8")
