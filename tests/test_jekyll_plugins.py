"""Plugin block tags with a MyST meaning (figure), the built-in embeds and
kramdown span attributes that wrap over lines: converter and builds."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, run_build, write_files
from sphinx_blogposts.jekyll import JekyllContext, TagCall, convert


def conv(body: str, ctx: JekyllContext | None = None):
    result = convert(body, ctx or JekyllContext())
    assert result.text.count("\n") == body.count("\n")
    return result


def messages(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


# --- figure ---------------------------------------------------------------------


def test_figure_around_an_image():
    result = conv('\n{% figure caption:"The *big* picture" %}\n![Alt \\[1\\]](/assets/a.png)\n{% endfigure %}\n')
    assert result.text == "```{figure} /assets/a.png\n:alt: Alt [1]\nThe *big* picture\n```\n"
    assert result.problems == ()


def test_figure_options_from_the_tag_and_the_images_attributes():
    body = (
        "Before.\n\n\n\n"
        '{% figure caption:"Cap" class:"wide" label:"fig-1" %}\n'
        '![Alt](/a.png){: .icon width="70"}\n'
        "{% endfigure %}\n\n\nAfter."
    )
    lines = conv(body).text.split("\n")
    start = lines.index("```{figure} /a.png")
    assert lines[start : start + 7] == [
        "```{figure} /a.png", ":alt: Alt", ":name: fig-1", ":figclass: wide", ":class: icon", ":width: 70", "Cap",
    ]
    assert lines[start + 7] == "```" and lines[-1] == "After." and lines[0] == "Before."


def test_figure_drops_options_without_room_never_the_caption():
    result = conv('Para.\n{% figure caption:"Cap" %}\n![Alt](/a.png)\n{% endfigure %}\nNext para.')
    assert result.text == "Para.\n```{figure} /a.png\nCap\n```\nNext para."
    assert messages(result) == [(2, "figure: no line free for alt; dropped")]


def test_figure_without_one_image_keeps_its_content_and_caption():
    result = conv('{% figure caption:"Cap" %}\n![a](/a.png) ![b](/b.png)\n\n{% endfigure %}\n')
    assert result.text == "\n![a](/a.png) ![b](/b.png)\n\nCap\n"
    assert "only one image, alone on its line" in result.problems[0].message


def test_a_mapping_replaces_the_built_in_figure():
    ctx = JekyllContext(tags={"figure": lambda call: "<figure>", "endfigure": "</figure>"})
    assert conv("{% figure %}\n![a](/a.png)\n{% endfigure %}", ctx).text == "<figure>\n![a](/a.png)\n</figure>"


# --- embeds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{% gist jekyll/5b3e1cba7e9f4a5e1b1d example.rb %}",
         '<div class="blogpost-embed blogpost-embed-gist"><script src="https://gist.github.com/jekyll/'
         '5b3e1cba7e9f4a5e1b1d.js?file=example.rb"></script><noscript><a href="https://gist.github.com/jekyll/'
         '5b3e1cba7e9f4a5e1b1d">https://gist.github.com/jekyll/5b3e1cba7e9f4a5e1b1d</a></noscript></div>'),
        ("{% gist https://gist.github.com/octo/1234 %}", 'src="https://gist.github.com/octo/1234.js"'),
        ("{% tweet https://twitter.com/jekyllrb/status/561686048631574528 %}",
         '<blockquote class="blogpost-embed blogpost-embed-tweet twitter-tweet"><p><a href="https://twitter.com/'
         'jekyllrb/status/561686048631574528">https://twitter.com/jekyllrb/status/561686048631574528</a></p>'
         "</blockquote>"),
        ("{% twitter https://x.com/a_b/status/1?s=20 maxwidth=500 %}", 'href="https://x.com/a_b/status/1"'),
        ("{% tweet 561686048631574528 %}", 'href="https://twitter.com/i/web/status/561686048631574528"'),
        ("{% video https://example.com/v.webm 640 360 https://example.com/p.jpg %}",
         '<div class="blogpost-embed blogpost-embed-video"><video controls preload="metadata" width="640" '
         'height="360" poster="https://example.com/p.jpg"><source src="https://example.com/v.webm" '
         'type="video/webm"><a href="https://example.com/v.webm">https://example.com/v.webm</a></video></div>'),
        ("{% video /assets/clip.mp4 %}", '<source src="/assets/clip.mp4" type="video/mp4">'),
    ],
)  # fmt: skip
def test_embeds(tag: str, expected: str):
    result = conv(tag)
    assert expected in result.text
    assert result.problems == ()


@pytest.mark.parametrize(
    ("tag", "why"),
    [
        ('{% gist "x\\"><script>" %}', "gist: not a gist id"),
        ("{% gist https://evil.example/a/1 %}", "is not a gist address"),
        ("{% gist a/1 ../x %}", "gist: not a file name"),
        ("{% tweet https://evil.example/a/status/1 %}", "is not the address of a post on Twitter"),
        ("{% twitter https://twitter.com/jekyllrb %}", "no post in"),
        ("{% video javascript:alert(1) %}", "video: the address must be"),
        ('{% video "/a b.mp4" %}', "video: the address is not a URL"),
        ("{% video /v.mp4 data:x %}", "video: the poster must be"),
        ("{% tweet %}", "the post's address is missing"),
    ],
)
def test_embeds_refuse_what_they_cannot_check(tag: str, why: str):
    result = conv(tag)
    assert result.text == ""
    assert len(result.problems) == 1 and why in result.problems[0].message


def test_user_mappings_replace_built_in_embeds():
    ctx = JekyllContext(tags={"gist": lambda call: f"[gist]({call.args[0]})"})
    assert conv("{% gist 1 %}", ctx).text == "[gist](1)"
    assert TagCall  # the mapping is given a TagCall


# --- span IALs over lines ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('![img](x.png){:\n.icon width="70"}\n\nNext.', '![img](x.png){.icon width="70"}\n\n\nNext.'),
        ('A ![img](x.png){:\n.icon width="70"}\nmore text', 'A ![img](x.png){.icon width="70"}\n&#8203;\nmore text'),
        ("[l](u){: .a\n  #b} tail", "[l](u){#b .a}\n tail"),
        ("`code`{:\n.x}", "`code`{.x}\n"),
        ("[l](u){:\r\n.x}\r\n", "[l](u){.x}\r\n\r\n"),
    ],
)
def test_a_span_ial_over_lines_is_applied(body: str, expected: str):
    result = conv(body)
    assert result.text == expected
    assert result.problems == ()


def test_a_span_ial_over_lines_after_plain_text_is_dropped():
    result = conv("plain {:\n.x} text")
    assert result.text == "plain \n text"
    assert "span attributes not written right after" in result.problems[0].message


def test_a_blank_line_ends_an_ial():
    assert conv("![i](x.png){:\n\n.x}").text == "![i](x.png){:\n\n.x}"


# --- through a build -------------------------------------------------------------

POST = """---
title: Plugins
---
Intro.

{% figure caption:"A *red* square" class:"wide" %}
![Red square](/assets/images/a-lg.png)
{% endfigure %}

![icon](/assets/images/a-lg.png){:
.icon width="20"}

{% video /assets/images/a-lg.png %}

{% gist octo/1234 %}
"""


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_plugins_in_a_build(tmp_path, builder):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-jekyll-links", srcdir)
    write_files(srcdir, {"_posts/2016-01-01-plugins.md": POST})
    built = run_build(srcdir, buildername=builder)
    page = built.page_path("_posts/2016-01-01-plugins")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    figure = soup.select_one("figure.wide")
    assert " ".join(figure.figcaption.get_text().split()).rstrip("¶") == "A red square"
    assert figure.figcaption.em.get_text() == "red"
    img = figure.img
    assert img["alt"] == "Red square"
    assert (page.parent / img["src"]).resolve().is_file()
    icon = soup.find("img", alt="icon")
    # MyST 4.0 writes the width as a style
    assert "icon" in icon["class"] and (icon.get("width") == "20" or icon.get("style") == "width: 20px;")
    source = soup.select_one(".blogpost-embed-video source")
    assert (page.parent / source["src"]).resolve().read_bytes() == (srcdir / "assets/images/a-lg.png").read_bytes()
    assert soup.select_one(".blogpost-embed-gist script")["src"] == "https://gist.github.com/octo/1234.js"
    assert "{:" not in soup.get_text() and "{%" not in soup.get_text()
    assert not [w for w in built.warnings if "plugins.md" in w]
