"""The Jekyll layer end to end: Liquid and kramdown in posts, through Sphinx."""

from __future__ import annotations

import re

import pytest

from conftest import broken_links

POSTS = {
    "_posts/2010-07-21-target.md": "---\ntitle: Target post\n---\nThe target.\n",
    "_posts/sub/2010-07-22-nested.md": "---\ntitle: Nested target\n---\nNested.\n",
    "_posts/2010-08-01-source.md": (
        "---\n"
        "title: Liquid source\n"
        "subtitle: A *sub* title\n"
        "---\n"
        "Intro paragraph for {{ page.title }}.\n"
        "\n"
        "See [the target]({% post_url 2010-07-21-target %}) and\n"
        "[the nested one]({{ site.baseurl }}{% post_url sub/2010-07-22-nested %}) and\n"
        "[by link]({% link _posts/2010-07-21-target.md %}).\n"
        "\n"
        "{% highlight python linenos %}\n"
        "print('code kept')  # {% raw %}{{ literal }}{% endraw %}\n"
        "{% endhighlight %}\n"
        "\n"
        "{% comment %}\nSECRET COMMENT\n{% endcomment %}\n"
        "\n"
        "{% include analytics.html %}\n"
        "\n"
        "A notice paragraph.\n"
        "{: .notice}\n"
        "\n"
        "{% youtube dQw4w9WgXcQ %}\n"
        "\n"
        "Image: ![logo]({{ site.imageurl }}logo.png)\n"
        "\n"
        "```\n{% raw %}{{ kept }}{% endraw %} and {{ also kept }}\n```\n"
        "\n"
        "Missing: [gone]({% post_url 2001-01-01-nothing %}).\n"
    ),
}


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory):
    import shutil

    from conftest import ROOTS, run_build, write_files

    srcdir = tmp_path_factory.mktemp("jekyll") / "src"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    write_files(srcdir, {**POSTS, "_static/logo.png": b"\x89PNG\r\n\x1a\n"})
    overrides = {"blogposts_jekyll_site": {"imageurl": "/_static/"}}
    return {
        name: run_build(_copy(srcdir, tmp_path_factory, name), buildername=name, confoverrides=overrides)
        for name in ("html", "dirhtml")
    }


def _copy(srcdir, factory, name):
    import shutil

    target = factory.mktemp(name) / "src"
    shutil.copytree(srcdir, target)
    return target


def test_liquid_converted(jekyll):
    built = jekyll["html"]
    page = built.soup("_posts/2010-08-01-source")
    body = page.select_one("div.body")
    assert "Intro paragraph for Liquid source." in body.text
    links = {a.text: a["href"] for a in body.find_all("a", href=True)}
    assert links["the target"] == "2010-07-21-target.html"
    assert links["the nested one"] == "sub/2010-07-22-nested.html"
    assert links["by link"] == "2010-07-21-target.html"
    code = body.select_one("div.highlight-python")
    assert code is not None and "print('code kept')  # {{ literal }}" in code.text
    assert code.select(".linenos")
    assert "SECRET COMMENT" not in page.text
    assert body.select_one(".notice") is not None and "A notice paragraph." in body.select_one(".notice").text
    iframe = body.find("iframe")
    assert iframe["src"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert "{{ kept }} and {{ also kept }}" in body.find_all("pre")[-1].text
    text_outside_code = re.sub(r"<pre.*?</pre>", "", str(body), flags=re.DOTALL)
    for leftover in ("{%", "{{ site.", "{:", "<!--more-->"):
        assert leftover not in text_outside_code
    assert broken_links(built.outdir, built.page_path("_posts/2010-08-01-source")) == []


def test_problems_are_warnings_with_lines(jekyll):
    warnings = jekyll["html"].blog_warnings("jekyll")
    assert any(re.search(r"2010-08-01-source\.md:19: .*include", w) for w in warnings), warnings
    assert any(re.search(r"2010-08-01-source\.md:32: .*2001-01-01-nothing", w) for w in warnings), warnings


def test_dirhtml_links(jekyll):
    built = jekyll["dirhtml"]
    body = built.soup("_posts/2010-08-01-source").select_one("div.body")
    links = {a.text: a["href"] for a in body.find_all("a", href=True)}
    assert links["the target"] == "../2010-07-21-target/"
    assert broken_links(built.outdir, built.page_path("_posts/2010-08-01-source")) == []


def test_layer_can_be_turned_off(build):
    built = build(files=POSTS, confoverrides={"blogposts_jekyll": False})
    body = built.soup("_posts/2010-08-01-source").select_one("div.body")
    assert "{{ page.title }}" in body.text
    assert not built.blog_warnings("jekyll")
