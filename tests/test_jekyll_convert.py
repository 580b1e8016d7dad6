"""Tests for the Jekyll/kramdown to MyST converter (pure, no Sphinx)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_blogposts.jekyll import JekyllContext, TagCall, convert
from sphinx_blogposts.jekyll.liquid import Scanner, split_args

POSTS = {
    "2010-07-21-slug": "/_posts/2010-07-21-slug.md",
    "news/2011-01-02-other": "/_posts/news/2011-01-02-other.md",
    "_posts/2010-07-21-slug.md": "/_posts/2010-07-21-slug.md",
}

CTX = JekyllContext(
    site={"url": "https://example.org", "baseurl": "/blog", "imageurl": "/img/", "title": "My *site*"},
    page={
        "title": 'A *bold* <title> & "q"',
        "date": dt.datetime(2010, 7, 21, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "tags": ["jekyll", "sphinx"],
        "draft": False,
        "comments": True,
        "video": "dQw4w9WgXcQ",
        "link": "https://example.com/a b",
    },
    resolve_post=POSTS.get,
)


def conv(body: str, ctx: JekyllContext = CTX, first_line: int = 1):
    result = convert(body, ctx, first_line=first_line)
    assert result.text.count("\n") == body.count("\n")
    assert not [p for p in result.problems if "could not be converted" in p.message]
    return result


def problems(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


def check(body: str, expected: str, expected_problems: list[tuple[int, str]] | None = None, **kw):
    result = conv(body, **kw)
    assert result.text == expected
    found = problems(result)
    if expected_problems is None:
        assert found == []
    else:
        assert len(found) == len(expected_problems), found
        for (line, message), (want_line, want_part) in zip(found, expected_problems, strict=True):
            assert line == want_line, found
            assert want_part in message, found
    assert all(p.subtype == "jekyll" for p in result.problems)
    return result


# --- table-driven cases --------------------------------------------------------

CASES: dict[str, tuple[str, str, list[tuple[int, str]]]] = {
    # raw and comments
    "raw inline": ("a {% raw %}{{ x }} {% if %}{% endraw %} b\n", "a {{ x }} {% if %} b\n", []),
    "raw multi-line": (
        "{% raw %}\n{{ site.url }}\n{%- endraw -%}\n",
        "\n{{ site.url }}\n\n",
        [],
    ),
    "raw never closed": ("x\n{% raw %}\n{{ y }}\n", "x\n\n{{ y }}\n", [(2, "never closed")]),
    "comment": ("a {% comment %} gone {% endcomment %}b", "a b", []),
    "comment multi-line nested": (
        "a\n{% comment %}\nx {% comment %} y {% endcomment %}\n\nz\n{% endcomment %}\nb",
        "a\n\n\n\n\n\nb",
        [],
    ),
    "inline comment tag": ("a{% # note %}b", "ab", []),
    # outputs
    "site variables": (
        "{{ site.url }} and {{site.imageurl}}x.jpg",
        r"https\://example\.org and /img/x.jpg",
        [],
    ),
    "site in image target": (
        "![a]({{site.url}}{{site.imageurl}}x.jpg)",
        "![a](https://example.org/img/x.jpg)",
        [],
    ),
    "missing site key once": (
        "{{ site.nope }}\n{{ site.nope }}",
        "\n",
        [(1, "site.nope is not defined")],
    ),
    "page title escaped": ("# {{ page.title }}", r'# A \*bold\* \<title\> \& "q"', []),
    "page title in HTML attribute": (
        '<a title="{{ page.title }}">x</a>',
        '<a title="A *bold* &lt;title&gt; &amp; &quot;q&quot;">x</a>',
        [],
    ),
    "page value in link target": ("[x]({{ page.link }})", "[x](https://example.com/a%20b)", []),
    "page value in reference definition": ("[r]: {{ page.link }}", "[r]: https://example.com/a%20b", []),
    "missing page key": ("x {{ page.nope }} y", "x  y", [(1, "page.nope is not defined")]),
    "unknown variable": ("{{ URL }} {{ URL }}", "", [(1, "'URL' is not known")]),
    "relative_url": ('[a]({{ "/about/" | relative_url }})', "[a](/blog/about/)", []),
    "relative_url adds slash": ('[a]({{ "about" | relative_url }})', "[a](/blog/about)", []),
    "absolute_url": ('[a]({{ "about" | absolute_url }})', "[a](https://example.org/blog/about)", []),
    "date filters": (
        '{{ page.date | date: "%Y/%m/%-d %H:%M %b" }} {{ page.date | date_to_string }}',
        r"2010/07/21 09\:05 Jul 21 Jul 2010",
        [],
    ),
    "string filters": (
        '{{ "Hello World" | downcase | append: "!" | prepend: "<" | slugify }}',
        r"hello\-world",
        [],
    ),
    # Jekyll keeps letters, marks and decimal digits: the vowel signs and the
    # virama of Devanagari stay in the word, a superscript digit does not.
    "slugify keeps marks": ('{{ "Café ² नमस्ते" | slugify }}', r"café\-नमस्ते", []),
    "slugify keeps a decomposed accent": (
        '{{ "Cafe\u0301 au lait" | slugify }}',
        "cafe\u0301\\-au\\-lait",
        [],
    ),
    "slugify modes": (
        '{{ "The _config.yml file" | slugify: "pretty" }} {{ "The _cönfig.yml file?" | slugify: "ascii" }} '
        '{{ "The cönfig.yml file" | slugify: "latin" }} {{ "A  b_c" | slugify: "raw" }} '
        '{{ "A b" | slugify: "none" }} {{ "A b" | slugify: page.nope }}',
        r"the\-\_config\.yml\-file the\-c\-nfig\-yml\-file the\-config\-yml\-file a\-b\_c a b a\-b",
        [],
    ),
    "default filter": (
        '{{ page.nope | default: "none" }} {{ page.tags | join: ", " }}',
        "none jekyll, sphinx",
        [],
    ),
    "escape filter": ("{{ page.title | escape }}", r"A \*bold\* &lt;title&gt; &amp; &quot;q&quot;", []),
    "strip_html filter": ('{{ "<b>bold</b> text" | strip_html | upcase }}', "BOLD TEXT", []),
    "unknown filter": (
        "{{ page.tags | first | markdownify }}",
        "jekyll",
        [(1, "filter 'markdownify' is not supported")],
    ),
    "output with braces in quotes": ('{{ "a}}b" | upcase }}', r"A\}\}B", []),
    "output whitespace control": ("a  {{- site.baseurl -}}  b", "a/blogb", []),
    "output syntax error": ("a {{ page.title | }} b", "a  b", [(1, "invalid Liquid")]),
    "multi-line output": ("a {{\n site.baseurl\n}} b", "a /blog\n\n b", []),
    # post_url and link
    "post_url": ("[x]({% post_url 2010-07-21-slug %})", "[x](/_posts/2010-07-21-slug.md)", []),
    "post_url in a subfolder": (
        "[x]({% post_url news/2011-01-02-other %})",
        "[x](/_posts/news/2011-01-02-other.md)",
        [],
    ),
    "post_url with base url before": (
        "[x]({{ site.baseurl }}{% post_url 2010-07-21-slug %})",
        "[x](/_posts/2010-07-21-slug.md)",
        [],
    ),
    "post_url unknown": (
        "\n[x]({% post_url 2099-01-01-nope %})",
        "\n[x](#)",
        [(2, "post_url: no post named '2099-01-01-nope'")],
    ),
    "link to a post": ("[x]({% link _posts/2010-07-21-slug.md %})", "[x](/_posts/2010-07-21-slug.md)", []),
    "link to a page": ("[x]({% link about.md %})", "[x](/about.md)", []),
    "link to an unknown post": (
        "[x]({% link _posts/nope.md %})",
        "[x](#)",
        [(1, "link: no post at '_posts/nope.md'")],
    ),
    "post_url in HTML": (
        '<a href="{% post_url 2010-07-21-slug %}">x</a>',
        '<a href="/_posts/2010-07-21-slug.md">x</a>',
        [(1, "inside raw HTML")],
    ),
    # control flow
    "if true": ("{% if page.comments %}yes{% else %}no{% endif %}", "yes", []),
    "if missing is nil": ("{% if page.nope %}yes{% else %}no{% endif %}", "no", []),
    "elsif": (
        '{% if page.draft %}a{% elsif page.tags contains "sphinx" %}b{% else %}c{% endif %}',
        "b",
        [],
    ),
    "unless": ("{% unless page.draft %}shown{% endunless %}", "shown", []),
    "and or": ("{% if false or true and page.comments %}y{% endif %}", "y", []),
    "case": (
        "{% case page.tags.size %}{% when 1 %}one{% when 2, 3 %}some{% else %}many{% endcase %}",
        "some",
        [],
    ),
    "case else": ('{% case page.lang %}{% when "nl" %}nl{% else %}other{% endcase %}', "other", []),
    "assign": (
        '{% assign who = "World" | upcase %}Hello {{ who }}',
        "Hello WORLD",
        [],
    ),
    "if dropped branch keeps lines": (
        "a\n{% if page.draft %}\nhidden\n{% endif %}\nb",
        "a\n\n\n\nb",
        [],
    ),
    "undecidable condition": (
        "{% if site.posts %}\nfirst\n{% else %}\nsecond\n{% endif %}",
        "\nfirst\n\n\n",
        [(1, "cannot be decided")],
    ),
    "for removed": (
        "a\n{% for post in site.posts %}\n- {{ post.title }}\n{% endfor %}\nb",
        "a\n\n\n\nb",
        [(2, "'for' loop was removed")],
    ),
    "capture removed": (
        "{% capture x %}\n**hi**\n{% endcapture %}\n{{ x }}.",
        "\n\n\n.",
        [(1, "'capture' was removed")],
    ),
    "whitespace control on tags": ("  {%- if true -%}  x  {%- endif -%}  |", "x|", []),
    "nested blocks": (
        "{% if true %}{% if page.draft %}a{% else %}{% unless false %}b{% endunless %}{% endif %}{% endif %}",
        "b",
        [],
    ),
    # removed tags
    "include once per name": (
        "a\n{% include toc.html %}\n{% include other.html x=1 %}\n{% include_relative y.md %}",
        "a\n\n\n",
        [(2, "'include' was removed"), (4, "'include_relative' was removed")],
    ),
    "plugin tags": (
        "{% gist 1234 %}\ntext {% tweet https://x.com/a/1 %} more",
        "\ntext  more",
        [(1, "'gist' was removed"), (2, "'tweet' was removed")],
    ),
    "quote hides terminator": ('{% figure caption="50%} done" %}ok', "ok", [(1, "'figure' was removed")]),
    "plugin block keeps content": (
        "{% blockquote Author %}\nquoted\n{% endblockquote %}",
        "\nquoted\n",
        [(1, "'blockquote' was removed and its content kept")],
    ),
    "stray end tag": ("{% endif %} y", " y", [(1, "no matching opening tag")]),
    "unclosed if": ("{% if true %}\nx", "\nx", [(1, "never closed")]),
    "unterminated tag": ("a {% b\n\nc %}", "a {% b\n\nc %}", [(1, "not closed before the next blank line")]),
    # highlight
    "highlight": (
        "Intro\n\n{% highlight ruby %}\ndef x\n  {{ 1 }}\nend\n{% endhighlight %}\n",
        "Intro\n\n```ruby\ndef x\n  1\nend\n```\n",
        [],
    ),
    "highlight linenos": (
        "Intro\n\n{% highlight python linenos %}\nx = 1\n{% endhighlight %}\n",
        "Intro\n```{code-block} python\n:linenos:\nx = 1\n```\n",
        [],
    ),
    "highlight linenos=table and marks": (
        '\n\n{% highlight python linenos=table mark_lines="1 2" %}\nx\ny\n{% endhighlight %}',
        "```{code-block} python\n:linenos:\n:emphasize-lines: 1,2\nx\ny\n```",
        [],
    ),
    "highlight no room for options": (
        "Intro\n{% highlight python linenos %}\nx = 1\n{% endhighlight %}\n",
        "Intro\n```python\nx = 1\n```\n",
        [(2, "no line free for :linenos:")],
    ),
    "highlight fence longer than backticks": (
        "{% highlight markdown %}\n```python\nx\n```\n{% endhighlight %}",
        "````markdown\n```python\nx\n```\n````",
        [],
    ),
    "highlight code on the tag line": (
        "\n{% highlight ruby %}puts 1\nputs 2{% endhighlight %}\n",
        "```ruby\nputs 1\nputs 2\n```",
        [],
    ),
    "highlight one line": ("Use {% highlight ruby %}a `b`{% endhighlight %}.", "Use `` a `b` ``.", []),
    "highlight multi-line tags and raw": (
        "\n{%\n  highlight\n  ruby\n%}\n{% raw\n%}\nputs '{{ x }}'\n{% endraw %}\n{% endhighlight %}\n",
        "\n\n\n\n\n\n```ruby\nputs '{{ x }}'\n```\n\n",
        [],
    ),
    "highlight without room": (
        "text {% highlight ruby %}\nx\n{% endhighlight %}",
        "text \nx\n",
        [(1, "no line free for the code fence")],
    ),
    "highlight bad language": (
        "{% highlight <x> %}\nx\n{% endhighlight %}",
        "```\nx\n```",
        [(1, "is not a language name")],
    ),
    # code is left alone
    "fenced code": (
        "```liquid\n{{ site.url }} {% include x %}\n```\n",
        "```liquid\n{{ site.url }} {% include x %}\n```\n",
        [],
    ),
    "tilde fence with info": (
        "~~~~ {.html}\n{{ x }}\n~~~~\n{{ site.baseurl }}",
        "~~~~ {.html}\n{{ x }}\n~~~~\n/blog",
        [],
    ),
    "raw pair inside a fence": (
        '```html\n{% raw %}<img src="{{ site.url }}">{% endraw %}\n```',
        '```html\n<img src="{{ site.url }}">\n```',
        [],
    ),
    "raw pair across fence lines": (
        "```\n{% raw %}\n{{ a }}\n{% endraw %}\n```",
        "```\n\n{{ a }}\n\n```",
        [],
    ),
    "lone raw in a fence stays": ("```\n{% raw %}\n```\n", "```\n{% raw %}\n```\n", []),
    "indented code": (
        "Para\n\n    {{ site.url }}\n\nafter {{ site.baseurl }}",
        "Para\n\n    {{ site.url }}\n\nafter /blog",
        [],
    ),
    "indented list continuation is not code": (
        "- item\n\n    {{ site.baseurl }}",
        "- item\n\n    /blog",
        [],
    ),
    "code in a list item": (
        "1. item\n\n       {{ site.url }}\n",
        "1. item\n\n       {{ site.url }}\n",
        [],
    ),
    "fence in a block quote": (
        "> ```\n> {{ x }}\n> ```\n{{ site.baseurl }}",
        "> ```\n> {{ x }}\n> ```\n/blog",
        [],
    ),
    "code spans": (
        "`{{ site.url }}` and ``a ` {% if %}`` and `{% raw %}{{ x }}{% endraw %}`",
        "`{{ site.url }}` and ``a ` {% if %}`` and `{{ x }}`",
        [],
    ),
    "unclosed backtick is text": ("a ` {{ site.baseurl }}", "a ` /blog", []),
    "escaped backtick": ("\\`{{ site.baseurl }}`", "\\`/blog`", []),
    # HTML
    "excerpt markers and comments stay": (
        "a\n<!--more-->\nb\n<!-- more -->\n<!-- {% include x %} {{ site.url }} -->",
        "a\n<!--more-->\nb\n<!-- more -->\n<!-- {% include x %} {{ site.url }} -->",
        [],
    ),
    "HTML block values": (
        (
            '<figure>\n  <img src="{{ site.url }}/a.jpg" alt="{{ page.title }}">\n'
            "  <figcaption>{{ page.title }}</figcaption>\n</figure>"
        ),
        (
            '<figure>\n  <img src="https://example.org/a.jpg" '
            'alt="A *bold* &lt;title&gt; &amp; &quot;q&quot;">\n'
            "  <figcaption>A *bold* &lt;title&gt; &amp; &quot;q&quot;</figcaption>\n</figure>"
        ),
        [],
    ),
    # embeds
    "youtube id": (
        "{% youtube dQw4w9WgXcQ %}",
        (
            '<div class="blogpost-embed blogpost-embed-youtube">'
            '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
            'title="YouTube video" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" '
            'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" allowfullscreen>'
            "</iframe></div>"
        ),
        [],
    ),
    "youtube bad id": ('{% youtube "x\\"><script>alert(1)</script>" %}', "", [(1, "youtube: ")]),
    "youtube foreign host": (
        "{% youtube https://evil.example/watch?v=abc %}",
        "",
        [(1, "is not a YouTube address")],
    ),
    # kramdown block IALs
    "block IAL before a block": ("\n{: .lead #intro}\nText.", "\n{#intro .lead}\nText.", []),
    "block IAL after a block, blank lines above": (
        "\n\nText.\n{: .notice}\n",
        "\n{.notice}\nText.\n\n",
        [],
    ),
    "block IAL after a paragraph: container": (
        "Before.\n\n**Note:** text\nmore.\n{: .notice .wide}\n\nAfter.",
        "Before.\n```{container} notice wide\n**Note:** text\nmore.\n```\n\nAfter.",
        [],
    ),
    "block IAL id only: target": ("Before.\n\nText.\n{: #here}", "Before.\n(here)=\nText.\n", []),
    "block IAL keeps only safe attributes": (
        '\n\nText.\n{: .x onclick="alert(1)" style="background: url(javascript:x)" title="T"}',
        '\n{.x title="T"}\nText.\n',
        [(4, "'onclick' is not kept"), (4, "'style' is not kept")],
    ),
    "block IAL after an image line without room": (
        "## Title\n![a](b.png)\n{: .full}",
        "## Title\n![a](b.png){.full}\n",
        [],
    ),
    "block IAL after a heading without room": (
        "Text.\n\n## Title\n{: .big}",
        "Text.\n\n## Title\n",
        [(4, "attribute list after a block was dropped")],
    ),
    "block IAL stacked": ("\n{: .a}\n{: .b}\nText.", "\n{.a}\n{.b}\nText.", []),
    "block IAL alone is ignored": ("a\n\n{: .x}\n\nb", "a\n\n\n\nb", []),
    "attribute list definition": (
        "{:warn: .notice .red}\n\n\nText.\n{: warn}",
        "\n\n{.notice .red}\nText.\n",
        [],
    ),
    "toc": ("* TOC\n{:toc}\n\n## One", "```{contents}\n:local:\n```\n## One", []),
    "toc uses the blank line above": (
        "Intro.\n\n1. TOC\n{:toc}\n\n## One {#one}",
        "Intro.\n```{contents}\n:local:\n```\n(one)=\n## One",
        [],
    ),
    "toc without room for options": ("Intro.\n* TOC\n{:toc}\nText.", "Intro.\n```{contents}\n```\nText.", []),
    # kramdown span IALs
    "span IAL after link": (
        '[a](https://x.org){: target="_blank" .ext}',
        '[a](https://x.org){.ext target="_blank"}',
        [],
    ),
    "span IAL after image": ("![i](x.png){: .align-center} text", "![i](x.png){.align-center} text", []),
    "span IAL after code": ("`x`{:.lang}", "`x`{.lang}", []),
    "span IAL after emphasis": (
        "a *word*{: .x} and **strong**{: .y}",
        "a [*word*]{.x} and [**strong**]{.y}",
        [],
    ),
    "span IAL after text": ("plain{: .x} text", "plain text", [(1, "span attributes")]),
    # header ids
    "header id": ("Intro\n\n## Heading {#my-id}\n", "Intro\n(my-id)=\n## Heading\n", []),
    "header id without room": (
        "Intro\n## Heading {#my-id}",
        "Intro\n## Heading",
        [(2, "header id 'my-id' was dropped")],
    ),
    "setext header id": ("\nTitle {#t}\n=====", "(t)=\nTitle\n=====", []),
    # kramdown extensions
    "nomarkdown": (
        "{::nomarkdown}\n<b>{{ page.title }}</b>\n{:/nomarkdown}\nafter {::nomarkdown}<i>x</i>{:/}",
        "\n<b>A *bold* &lt;title&gt; &amp; &quot;q&quot;</b>\n\nafter <i>x</i>",
        [],
    ),
    "kramdown comment and options": (
        '{::options parse_block_html="true" /}\na {::comment}\nhidden\n{:/comment} b',
        "\na \n\n b",
        [],
    ),
    "unknown kramdown extension": ("{::foo}x", "x", [(1, "'{::foo}' is not supported")]),
    # abbreviations
    "abbreviation": (
        (
            "The CSS and HTML, not CSSX or `CSS` or [CSS](http://x/CSS).\n\n"
            "*[CSS]: Cascading Style Sheets\n*[HTML]: Hyper Text"
        ),
        (
            "The {abbr}`CSS (Cascading Style Sheets)` and {abbr}`HTML (Hyper Text)`, not CSSX or `CSS` "
            "or [CSS](http://x/CSS).\n\n\n"
        ),
        [],
    ),
    "abbreviation that cannot be a role": (
        "Use A(B) here.\n\n*[A(B)]: with parentheses",
        "Use A(B) here.\n\n",
        [(3, "cannot be written as a MyST role")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_cases(name: str) -> None:
    body, expected, expected_problems = CASES[name]
    check(body, expected, expected_problems)


# --- more specific behaviour -----------------------------------------------------


def test_fast_path_returns_body() -> None:
    body = "# Title\n\nPlain *Markdown* with [a link](x) and `code`.\n" * 50
    result = convert(body, CTX)
    assert result.text is body
    assert result.problems == ()
    assert not result.liquid_tags


def test_problem_lines_are_file_lines() -> None:
    result = conv("a\n\n{% gist 1 %}\n{{ site.nope }}", first_line=7)
    assert problems(result) == [
        (9, "Liquid tag 'gist' was removed: it has no MyST equivalent (map the tag to convert it)"),
        (10, "site.nope is not defined in the site variables; it was replaced by nothing"),
    ]


def test_liquid_tag_counter() -> None:
    body = (
        "{% highlight a %}\nx\n{% endhighlight %}\n{% highlight b %}\ny\n{% endhighlight %}\n"
        "{% include x %}{% if true %}{% else %}{% endif %}{% raw %}{% include y %}{% endraw %}\n"
        "```\n{% include z %}\n```"
    )
    assert conv(body).liquid_tags == {"highlight": 2, "include": 1, "if": 1, "raw": 1}
    # raw pairs inside code are Liquid too (Jekyll removes them)
    assert conv("`{% raw %}x{% endraw %}`\n```\n{% raw %}\n{% endraw %}\n```").liquid_tags == {"raw": 2}


def test_crlf_line_endings_are_kept() -> None:
    body = "a {{ site.baseurl }}\r\n{% if true %}\r\nb\r\n{% endif %}\r\n```\r\n{{ x }}\r\n```\r\n"
    assert conv(body).text == "a /blog\r\n\nb\r\n\n```\r\n{{ x }}\r\n```\r\n"


def test_user_mappings() -> None:
    calls: list[TagCall] = []

    def tweet(call: TagCall) -> str:
        calls.append(call)
        return f"<blockquote>{call.args[0]}\nsecond line</blockquote>"

    ctx = JekyllContext(
        site=CTX.site,
        page=CTX.page,
        tags={
            "tweet": tweet,
            "note": '<p class="note">{0}: {args} ({kind})</p>',
            "youtube": "[video](https://youtu.be/{0})",
            "include": "",
            "broken": "{5}",
            "boom": lambda call: 1 / 0,
        },
    )
    body = (
        "{% tweet https://x.com/a/1 %}\n"
        '{% note "<b>" kind="a&b" %}\n'
        "{% youtube {{ page.video }} %}\n"
        "{% include toc %}\n{% broken %}\n{% boom %}"
    )
    result = conv(body, ctx, first_line=3)
    assert result.text.split("\n") == [
        "<blockquote>https://x.com/a/1 second line</blockquote>",
        '<p class="note">&lt;b&gt;: &lt;b&gt; kind=a&amp;b (a&amp;b)</p>',
        "[video](https://youtu.be/dQw4w9WgXcQ)",
        "",
        "",
        "",
    ]
    assert calls == [TagCall("tweet", ("https://x.com/a/1",), {}, "https://x.com/a/1", 3)]
    assert [line for line, _ in problems(result)] == [7, 8]
    assert "mapping for Liquid tag 'broken' failed" in result.problems[0].message


def test_mapping_for_plugin_block_tags() -> None:
    ctx = JekyllContext(tags={"aside": "<aside>", "endaside": "</aside>"})
    assert conv("{% aside %}\n\ntext\n\n{% endaside %}", ctx).text == "<aside>\n\ntext\n\n</aside>"


@pytest.mark.parametrize(
    "arg",
    [
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
        "https://youtu.be/dQw4w9WgXcQ",
        "youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ],
)
def test_youtube_forms(arg: str) -> None:
    text = conv(f"{{% youtube {arg} %}}").text
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in text
    assert text.startswith('<div class="blogpost-embed blogpost-embed-youtube">')


@pytest.mark.parametrize(
    ("arg", "src"),
    [
        ("76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://vimeo.com/76979871/abc123", "https://player.vimeo.com/video/76979871?dnt=1&amp;h=abc123"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_vimeo_forms(arg: str, src: str) -> None:
    assert f'src="{src}"' in conv(f"{{% vimeo {arg} %}}").text


def test_embed_never_injects() -> None:
    result = conv('{% vimeo "https://vimeo.com/1/<x>" %}\n{% youtube "a b" %}')
    assert "<x>" not in result.text and "<iframe" not in result.text
    assert len(result.problems) == 2


def test_highlight_lines_stay_in_place() -> None:
    body = "Text\n\n{% highlight js %}\nvar a = '{{ site.baseurl }}';\n\nvar b;\n{% endhighlight %}\n\nEnd"
    out = conv(body).text.split("\n")
    assert out == ["Text", "", "```js", "var a = '/blog';", "", "var b;", "```", "", "End"]


def test_values_never_add_lines() -> None:
    ctx = JekyllContext(site={"url": "a\nb", "baseurl": ""}, page={"title": "x\r\ny"})
    result = conv("{{ site.url }} {{ page.title }}\n<p>{{ page.title }}</p>", ctx)
    assert result.text == "a b x y\n<p>x y</p>"


def test_odd_context_values_never_raise() -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no")

    ctx = JekyllContext(
        site={},
        page={"title": None, "x": [1, {"a": b"x"}], "d": dt.date(2020, 1, 2), "n": 3.0, "w": Unprintable()},
        resolve_post=lambda name: 1 / 0,  # type: ignore[arg-type,return-value]
        tags={"none": lambda call: None},  # type: ignore[arg-type,return-value]
    )
    body = (
        "{{ page.title }}|{{ page.x.size }}|{{ page.d | date: '%-d %B' }}|{{ page.n | plus: 1 }}|"
        "{{ page.w }}|{% if page.d > 3 %}a{% endif %}|{% post_url x %}|{% none %}|{{ site.url }}"
    )
    result = conv(body, ctx)
    assert result.text == "|2|2 January|4\\.0||a|\\#||"
    messages = " ".join(p.message for p in result.problems)
    assert "resolving 'x' failed" in messages
    assert "mapping for Liquid tag 'none' failed" in messages
    assert "site.url is not defined" in messages


def test_code_block_options_are_sphinx_options() -> None:
    code = pytest.importorskip("sphinx.directives.code")
    assert {"linenos", "emphasize-lines"} <= set(code.CodeBlock.option_spec)


def test_escaped_values_keep_their_entities() -> None:
    assert conv('{{ "it\'s <b>" | escape }}').text == "it&#x27;s &lt;b&gt;"


def test_block_ial_inside_raw_html_is_dropped() -> None:
    result = conv("<div>x</div>\n{: .note}\n\ntext")
    assert result.text == "<div>x</div>\n\n\ntext"
    assert problems(result) == [
        (2, "kramdown attribute list after raw HTML was dropped: write the attributes in the HTML")
    ]


def test_output_parses_as_intended_in_myst() -> None:
    publish_string = pytest.importorskip("docutils.core").publish_string
    from docutils.writers.pseudoxml import Writer as PseudoXMLWriter
    parser = pytest.importorskip("myst_parser.docutils_").Parser
    body = (
        "Intro.\n\n**Note:** read this.\n{: .notice}\n\n## Part {#part-one}\n\n"
        '[a](https://x.org){: target="_blank"} and *word*{: .big}\n\n'
        "\n\nLead.\n{: .lead}\n\n"
        "{% highlight python linenos %}\nprint(1)\n{% endhighlight %}\n"
    )
    text = conv(body).text
    tree = publish_string(
        text,
        parser=parser(),
        writer=PseudoXMLWriter(),
        settings_overrides={
            "myst_enable_extensions": ["attrs_block", "attrs_inline"],
            "report_level": 4,
            "output_encoding": "unicode",
        },
    )
    assert '<container classes="notice">' in tree
    assert 'ids="part-one' in tree or 'refid="part-one"' in tree
    assert '<reference refuri="https://x.org" target="_blank">' in tree
    assert '<inline classes="big">' in tree
    assert '<paragraph classes="lead">' in tree
    assert '<literal_block classes="code python"' in tree  # docutils' own code-block
    assert "{:" not in tree and "{%" not in tree


def test_value_escaping_round_trips_through_myst() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    ctx = JekyllContext(page={"title": "*x* [l](u) <b>&amp; `c` {role}`y` $m$ | # 1."})
    html = markdown_it.MarkdownIt("commonmark").render(conv("{{ page.title }}", ctx).text)
    assert html == "<p>*x* [l](u) &lt;b&gt;&amp;amp; `c` {role}`y` $m$ | # 1.</p>\n"


def test_scanner_is_quote_aware_with_fallback() -> None:
    scanner = Scanner('{% a "x %}" %} {% b " %} tail')
    first = scanner.scan(0)
    assert first is not None and (first.name, first.markup) == ("a", '"x %}"')
    second = scanner.scan(first.end + 1)
    assert second is not None and (second.name, second.markup) == ("b", '"')
    assert split_args('a "b c" d=\'e f\' "g') == ("a", "b c", "d=e f", '"g')


def test_package_is_pure() -> None:
    package = Path(__file__).resolve().parents[1] / "sphinx_blogposts" / "jekyll"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, (module.name, name)
    code = (
        "import sys, sphinx_blogposts.jekyll\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sphinx'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- properties --------------------------------------------------------------------

FRAGMENTS = [
    "{% raw %}{{ x }}{% endraw %}", "{% comment %}c\n\nc{% endcomment %}",
    "{% if page.comments %}y{% endif %}", "{% if site.posts %}a{% else %}b{% endif %}",
    "{% unless page.draft %}u{% endunless %}",
    "{% case page.lang %}{% when 'nl' %}n{% else %}e{% endcase %}",
    "{% for p in site.posts %}{{ p }}{% endfor %}", "{% capture c %}x{% endcapture %}",
    "{% assign a = 'v' %}", "{{ a }}", "{{ page.title }}", "{{ site.url }}", "{{ site.nope | upcase }}",
    "{{ \"x\" | relative_url }}", "{{- page.date | date: '%Y' -}}", "{% post_url 2010-07-21-slug %}",
    "{% post_url nope %}", "{% link about.md %}", "{% include x.html a='b' %}",
    "{% youtube dQw4w9WgXcQ %}", "{% vimeo 123 %}", "{% gist 1 %}",
    "{% highlight ruby %}\nx\n{% endhighlight %}", "{% highlight py linenos %}x{% endhighlight %}",
    "{:/}", "{: .a #b}", "{:toc}", "{:x: .y}", "{::nomarkdown}<b>x</b>{:/nomarkdown}",
    "{::comment}x{:/comment}", "{::options a='b' /}", "*[HTML]: Hyper", "HTML", "{#id}", "## H {#h}",
    "* TOC", "*a*", "**b**", "[l](u)", "![i](x.png)", "`c`", "``", "<!--more-->", "<!--", "-->",
    "<div>", "</div>", "<a href=\"", "\">", "{%", "%}", "{{", "}}", "{", "}", "'", "\"", "-", "|", "\\",
    "    ", "\t", " ", "\n", "\n\n", "\r\n", "> ", "- ", "1. ", "#", "text", "é", "```", "~~~",
]  # fmt: skip
# Fragments that cannot open a block reaching past their own text.
SELF_CONTAINED = [
    f
    for f in FRAGMENTS
    if f not in ("{%", "{{", "<!--", "```", "~~~", "{::nomarkdown}<b>x</b>{:/nomarkdown}", "{:/}")
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(body: str) -> None:
    result = convert(body, CTX, first_line=3)
    assert result.text.count("\n") == body.count("\n")
    assert all(p.line >= 3 for p in result.problems)
    assert not [p for p in result.problems if "could not be converted" in p.message]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_fragment_soup_never_raises(parts: list[str]) -> None:
    body = "".join(parts)
    result = conv(body)
    assert isinstance(result.text, str)


_FENCE_LINE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
code_line = (
    st.lists(
        st.sampled_from(
            ["{{ x }}", "{% if a %}", "{% endif %}", "{: .c}", "*[A]: b", "`", "``", "<!--", "x", " ", "}"]
        ),
        max_size=6,
    )
    .map("".join)
    .filter(lambda line: not _FENCE_LINE_RE.match(line))
)
code_block = st.tuples(
    st.sampled_from(["```", "````", "~~~", "```python", "~~~ {.html}"]),
    st.lists(code_line, max_size=5),
).map(lambda t: [t[0], *t[1], t[0].split()[0].rstrip("python")])
text_block = (
    st.lists(st.sampled_from(SELF_CONTAINED), min_size=1, max_size=8)
    .map(lambda parts: "".join(parts).replace("\n\n", "\n").strip("\n") or "text")
    .filter(lambda block: not _FENCE_LINE_RE.search(block))
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(code_block, text_block), max_size=8))
def test_fenced_code_is_unchanged(blocks: list) -> None:
    lines: list[str] = []
    fences: list[tuple[int, list[str]]] = []
    for block in blocks:
        if lines:
            lines.append("")
        if isinstance(block, list):
            fences.append((len(lines), block))
            lines.extend(block)
        else:
            lines.extend(block.split("\n"))
    body = "\n".join(lines)
    out = conv(body).text.split("\n")
    assert len(out) == len(body.split("\n"))
    for start, block in fences:
        assert out[start : start + len(block)] == block


# --- robustness and speed ----------------------------------------------------------------

PATHOLOGICAL = {
    "open outputs": "{{" * 500_000,
    "open tags": "{% a " * 200_000,
    "quotes": "{% ' %} ' and some words in between " * 27_000 + "'",
    "mixed quotes": "{{ \"'}} text " * 70_000,
    "backtick runs": " ".join("`" * (i % 700 + 1) for i in range(2_500)) * 2,
    "IAL openers": "*x*{: " * 150_000,
    "comment openers": "<!--" * 250_000,
    "nested ifs": "{% if site.x %}" * 60_000,
    "many outputs on one line": "{{ site.url }} text " * 50_000,
    "abbreviations": "*[A]: b\n" + "A " * 450_000,
    "many lines": "A line with {{ page.title }} in it.\n" * 26_000,
    "raw openers": "{% raw %}" * 100_000,
    "unclosed comments": "{% comment %}" * 70_000,
    "ifs then end tags": "{% if site.a %}" * 35_000 + "{% endif %}" * 35_000,
    "kramdown extension openers": "{::a " * 200_000,
    "unclosed kramdown comments": "{::comment}" * 85_000,
    "many abbreviation definitions": "".join(f"*[W{i}]: d\n" for i in range(20_000)) + "W1 W2 text " * 65_000,
    "block attribute lists": "Para text here.\n{: .a #b}\n\n" * 35_000,
    "header ids": "\n## H {#a}\n" * 85_000,
    "spaces before a header id": "## H" + " " * 900_000 + "x{#a}",
    "span IALs on one line": "[a](b){: .x}" * 80_000,
    "brackets with abbreviations": "*[A]: b\n" + "[<{A " * 200_000,
    "outputs inside one tag": "{% link " + "{{" * 450_000 + "x }} %}",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_finishes(name: str) -> None:
    """~1 MB inputs built to trigger quadratic or exponential behaviour.

    The bound is a guard against a hang (a quadratic path takes minutes on
    these), not a speed target: those live in bench/.
    """
    body = PATHOLOGICAL[name]
    assert len(body) >= 900_000
    start = time.perf_counter()
    result = convert(body, CTX)
    assert result.text.count("\n") == body.count("\n")
    assert time.perf_counter() - start < 20


# --- the real posts ------------------------------------------------------------------------

from conftest import CORPORA  # noqa: E402
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1|<!--.*?-->")


def _split_front_matter(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    if lines and lines[0].rstrip("\r") == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r") == "---":
                return "\n".join(lines[i + 1 :]), i + 2
    return text, 1


def _raw_lines(body: str) -> set[int]:
    """Lines of the input that lie in a raw region (Liquid, or copied code)."""
    covered: set[int] = set()
    for m in re.finditer(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", body, re.DOTALL):
        first = body.count("\n", 0, m.start())
        covered.update(range(first, first + m.group().count("\n") + 1))
    return covered


def _outside_code(lines: list[str], skip: set[int]) -> list[tuple[int, str]]:
    visible: list[tuple[int, str]] = []
    fence: str | None = None
    previous_blank = True
    indented = False
    for i, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if fence is not None:
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not line.strip().strip(fence[0])
            ):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        blank = not line.strip()
        if (indented and (blank or line.startswith("    "))) or (previous_blank and line.startswith("    ")):
            indented = True
            previous_blank = blank
            continue
        indented = False
        previous_blank = blank
        if i not in skip:
            visible.append((i, _SPAN_RE.sub("", line)))
    return visible


def _corpus_files() -> list[Path]:
    if not CORPORA.is_dir():
        return []
    return sorted(
        p
        for p in CORPORA.rglob("*")
        if p.suffix in (".md", ".markdown") and p.is_file() and p.name != "README.md"
    )


@pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are not available")
def test_corpus_posts(capsys: pytest.CaptureFixture[str]) -> None:
    ctx = JekyllContext(
        site={"url": "", "baseurl": "", "imageurl": "/images/"}, page={}, resolve_post=lambda n: None
    )
    files = _corpus_files()
    assert len(files) > 1000
    converted = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # UTF-16 fixtures: the source reader decodes those, not this module
        body, first_line = _split_front_matter(text)
        result = convert(body, ctx, first_line=first_line)
        converted += 1
        out = result.text.split("\n")
        assert len(out) == len(body.split("\n")), path
        assert not [p for p in result.problems if "could not be converted" in p.message], path
        for i, line in _outside_code(out, _raw_lines(body)):
            for leftover in ("{%", "{{", "{:"):
                assert leftover not in line, (path, first_line + i, line)
    assert converted > 1000
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
