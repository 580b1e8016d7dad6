"""Tests of the pure HTML fragment functions."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_blogposts.core.html import tokens
from sphinx_blogposts.core.html.clean import balance, clean_fragment, strip_ids, to_text
from sphinx_blogposts.core.html.urls import absolutize, fill_urls, relocate, relocation, rewrite_urls, url_template

VOID = set("area base br col embed hr img input link meta param source track wbr".split())
RAW = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}


def upper(url: str) -> str:
    return url.upper()


# -- rewrite_urls -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="x.html">x</a>', '<a href="X.HTML">x</a>'),
        ("<a href='x.html'>x</a>", '<a href="X.HTML">x</a>'),
        ("<a href=x.html>x</a>", '<a href="X.HTML">x</a>'),
        ('<A HREF = "x.html" >x</A>', '<A HREF="X.HTML" >x</A>'),
        ('<img src="a.png" alt="a.png">', '<img src="A.PNG" alt="a.png">'),
        ('<video poster="p.jpg" src="v.mp4"></video>', '<video poster="P.JPG" src="V.MP4"></video>'),
        ('<link rel="stylesheet" href="s.css"/>', '<link rel="stylesheet" href="S.CSS"/>'),
        ('<iframe src="e.html" title="t"></iframe>', '<iframe src="E.HTML" title="t"></iframe>'),
        ('<a class="x"href="y">', '<a class="x"href="Y">'),
    ],
)
def test_rewrite_urls_quoting_styles(html: str, expected: str) -> None:
    assert rewrite_urls(html, upper) == expected


def test_rewrite_urls_leaves_comments_scripts_styles_and_text() -> None:
    html = (
        '<!-- <a href="c.html"> --><script>document.write(\'<a href="s.html">\')</script>'
        '<style>a[href="t.html"]{}</style><p>href="u.html" src=v.png</p>'
        '<textarea><img src="w.png"></textarea><a href="r.html">'
    )
    assert rewrite_urls(html, upper) == html.replace("r.html", "R.HTML")


def test_rewrite_urls_reads_noscript_as_markup() -> None:
    # feed readers run no scripts: lazy-loading fallbacks must work too
    html = '<noscript><img src="a.png"></noscript>'
    assert rewrite_urls(html, upper) == '<noscript><img src="A.PNG"></noscript>'


def test_rewrite_urls_ignores_end_tags_and_unterminated_tags() -> None:
    html = '<a href="a">x</a href="b"><img src="c'
    assert rewrite_urls(html, upper) == '<a href="A">x</a href="b"><img src="c'


def test_rewrite_urls_unescapes_and_reescapes() -> None:
    seen = []

    def record(url: str) -> str:
        seen.append(url)
        return url + '&"<>'

    out = rewrite_urls('<a href="?a=1&amp;b=2&#38;c=3&copy=4&copy;">', record)
    assert seen == ["?a=1&b=2&c=3&copy=4©"]
    assert out == '<a href="?a=1&amp;b=2&amp;c=3&amp;copy=4©&amp;&quot;&lt;&gt;">'


def test_rewrite_urls_identity_keeps_escaping() -> None:
    html = "<a href='?a=1&amp;b=&quot;2&quot;' title=x>x</a>"
    assert rewrite_urls(html, lambda url: url) == html


def test_rewrite_urls_srcset() -> None:
    html = '<img srcset="a.png 1x, b.png 2x,c.png,, data:image/png;base64,AAA= 3x, d.png 100w (x, y)">'
    assert rewrite_urls(html, upper) == (
        '<img srcset="A.PNG 1x, B.PNG 2x,C.PNG,, DATA:IMAGE/PNG;BASE64,AAA= 3x, D.PNG 100w (x, y)">'
    )
    assert rewrite_urls('<img srcset="a.png,b.png">', upper) == '<img srcset="A.PNG,B.PNG">'


def test_rewrite_urls_empty_values_are_left() -> None:
    html = '<a href="">x</a><a href>y</a>'
    assert rewrite_urls(html, lambda url: "changed") == html


def test_rewrite_urls_no_space_in_unicode_whitespace() -> None:
    # U+00A0 is not an HTML separator: the attribute name is "href\xa0"
    html = '<a title="a"\xa0href="x">'
    assert rewrite_urls(html, upper) == html


# -- absolutize ---------------------------------------------------------------------

BASE = "https://example.org/blog/_posts/2019-05-06-first.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("x.html", "https://example.org/blog/_posts/x.html"),
        ("../x.html#frag", "https://example.org/blog/x.html#frag"),
        ("../../../../x.html", "https://example.org/x.html"),
        ("#frag", BASE + "#frag"),
        ("?q=1", BASE + "?q=1"),
        ("/abs/path", "https://example.org/abs/path"),
        ("//cdn.example.net/a.js", "https://cdn.example.net/a.js"),
        ("_images/a b.png", "https://example.org/blog/_posts/_images/a%20b.png"),
        ("_images/caf%C3%A9.png", "https://example.org/blog/_posts/_images/caf%C3%A9.png"),
        ("_images/café.png", "https://example.org/blog/_posts/_images/caf%C3%A9.png"),
        ("100%.html", "https://example.org/blog/_posts/100%25.html"),
        ("  x.html\n", "https://example.org/blog/_posts/x.html"),
        ("a|b{c}.html", "https://example.org/blog/_posts/a%7Cb%7Bc%7D.html"),
    ],
)
def test_absolutize_relative(url: str, expected: str) -> None:
    assert absolutize(f'<a href="{url}">', BASE) == f'<a href="{expected}">'


@pytest.mark.parametrize(
    "url",
    [
        "https://other.example/a b",
        "http://x/",
        "mailto:a@example.org",
        "data:image/png;base64,AAAA",
        "tel:+123",
        "javascript:void(0)",
        "java\nscript:void(0)",
    ],
)
def test_absolutize_keeps_absolute(url: str) -> None:
    html = f'<a href="{url}">'
    assert absolutize(html, BASE) == html


def test_absolutize_dirhtml_base_and_srcset() -> None:
    html = '<img src="a.png" srcset="a.png 1x, ../b.png 2x">'
    assert absolutize(html, "https://example.org/blog/first/") == (
        '<img src="https://example.org/blog/first/a.png" '
        'srcset="https://example.org/blog/first/a.png 1x, https://example.org/blog/b.png 2x">'
    )


def test_absolutize_escapes_query() -> None:
    out = absolutize('<a href="?a=1&amp;b=2">', BASE)
    assert out == f'<a href="{BASE}?a=1&amp;b=2">'


def test_absolutize_malformed_host_is_left() -> None:
    html = '<a href="//[bad/x">'
    assert absolutize(html, BASE) == html


# -- relocate -----------------------------------------------------------------------

POST = "_posts/2019-05-06-first.html"


@pytest.mark.parametrize(
    ("url", "to_path", "expected"),
    [
        ("img/a.png", "blog/tag/python/page/2.html", "../../../../_posts/img/a.png"),
        ("../index.html", "blog/tag/python/page/2.html", "../../../../index.html"),
        ("#sec", "blog/tag/python/page/2.html", "../../../../_posts/2019-05-06-first.html#sec"),
        ("?q=1#s", "blog/index.html", "../_posts/2019-05-06-first.html?q=1#s"),
        ("other.html#a", "_posts/index.html", "other.html#a"),
        ("../blog/", "blog/index.html", "./"),
        ("../blog/x/", "blog/index.html", "x/"),
        ("./a:b.html", "index.html", "_posts/a:b.html"),
        ("x.html", "index.html", "_posts/x.html"),
        ("x.html", "", "_posts/x.html"),
    ],
)
def test_relocate(url: str, to_path: str, expected: str) -> None:
    assert relocate(f'<a href="{url}">x</a>', POST, to_path) == f'<a href="{expected}">x</a>'


def test_relocate_dirhtml() -> None:
    html = '<a href="#x">x</a><img src="a.png"><a href="../second/">2</a>'
    assert relocate(html, "_posts/first/", "blog/") == (
        '<a href="../_posts/first/#x">x</a><img src="../_posts/first/a.png"><a href="../_posts/second/">2</a>'
    )
    assert relocate(html, "_posts/first/", "") == (
        '<a href="_posts/first/#x">x</a><img src="_posts/first/a.png"><a href="_posts/second/">2</a>'
    )
    home = '<a href="../../">home</a>'
    assert relocate(home, "_posts/first/", "blog/tag/x/") == '<a href="../../../">home</a>'


def test_relocate_keeps_absolute_and_same_page() -> None:
    html = (
        '<a href="https://x.org/a">a</a><a href="/root">b</a>'
        '<a href="//cdn/x">c</a><a href="mailto:x@y">d</a>'
    )
    assert relocate(html, POST, "blog/index.html") == html
    same = '<a href="#x">x</a>'
    assert relocate(same, POST, POST) == same


def test_relocate_colon_in_first_segment() -> None:
    assert relocate('<a href="./a:b.html">', "x/p.html", "x/q.html") == '<a href="./a:b.html">'


# -- balance ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<b>b</p>", "<p>a<b>b</b></p>"),
        ("a</div>b", "ab"),
        ("<div><p>a</p>", "<div><p>a</p></div>"),
        ("<p>a<br>b<img src=x><br/></p>", "<p>a<br>b<img src=x><br/></p>"),
        ("<p>a<hr/>b</p>", "<p>a</p><hr/>b"),
        ("<svg><path d='M0'/></svg>", "<svg><path d='M0'/></svg>"),
        ("<b><i>x</b>", "<b><i>x</i></b>"),
        ("<p>a<img src=\"x", "<p>a</p>"),
        ("<p>a<!-- blogposts:exc", "<p>a</p>"),
        ("<p>a</", "<p>a</p>"),
        ("<p>a</di", "<p>a</p>"),
        ("<p>a <", "<p>a <</p>"),
        ("<script>if (a<b) x()", "<script>if (a<b) x()</script>"),
        ("<script>document.write('</p>')</script>", "<script>document.write('</p>')</script>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),
        (
            "<table><tr><td>a<td>b<tr><td>c</table>",
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        ),
        ("<DIV>x</div>", "<DIV>x</div>"),
        ("x</br>y", "xy"),
    ],
)
def test_balance(html: str, expected: str) -> None:
    assert balance(html) == expected


def test_balance_dropping_a_tag_makes_no_new_markup() -> None:
    assert balance("<</A>/A>") == "&lt;/A>"
    assert balance("a<</b>?x") == "a&lt;?x"


def test_balance_across_sections() -> None:
    excerpt = (
        '<p>Intro <em>text</em></p>\n</section>\n<section id="more">\n<h2>More</h2>\n<p>Second <a href="x">'
        "link"
    )
    assert balance(excerpt) == (
        '<p>Intro <em>text</em></p>\n\n<section id="more">\n<h2>More</h2>\n'
        '<p>Second <a href="x">link</a></p></section>'
    )


# -- strip_ids ------------------------------------------------------------------------


def test_strip_ids() -> None:
    html = (
        '<section id="first-post">\n<h2>Title<a class="headerlink" href="#first-post" '
        'title="Link to this heading">¶</a></h2>\n<p id=p1 class="x">a</p><span ID=\'s\'>b</span>'
        '<img src=a.png id="i"/><div id="x"class="y">c</div><a href="#first-post">self</a>'
    )
    assert strip_ids(html) == (
        '<section>\n<h2>Title</h2>\n<p class="x">a</p><span>b</span>'
        '<img src=a.png /><div class="y">c</div><a href="#first-post">self</a>'
    )


def test_strip_ids_caption_headerlink_and_text() -> None:
    html = (
        '<div class="code-block-caption"><span class="caption-text">c</span>'
        '<a class="reference headerlink x" href="#id1">¶</a></div><p>id="x" headerlink</p>'
    )
    assert strip_ids(html) == (
        '<div class="code-block-caption"><span class="caption-text">c</span></div><p>id="x" headerlink</p>'
    )


def test_strip_ids_unclosed_headerlink_keeps_rest() -> None:
    html = '<h2>T<a class="headerlink" href="#t">¶'
    assert strip_ids(html) == html


def test_strip_ids_removing_an_anchor_makes_no_new_markup() -> None:
    assert strip_ids('<<a class="headerlink" href="#x">¶</a>b>') == "&lt;b>"


def test_strip_ids_keeps_similar_names() -> None:
    html = '<div data-id="1" idx="2" aria-labelledby="x">'
    assert strip_ids(html) == html


# -- to_text ----------------------------------------------------------------------


def test_to_text() -> None:
    html = (
        '<h2>Title<a class="headerlink" href="#t">¶</a></h2>\n<p>Fish &amp; <b>ch</b>ips&nbsp;!<br>'
        "next&#10;line</p><script>alert('<p>x</p>')</script><style>p{}</style><!-- hidden -->"
        "<ul><li>one</li><li>two</li></ul><p>a &lt;b&gt;</p>"
    )
    assert to_text(html) == "Title Fish & chips\xa0! next line one two a <b>"


def test_to_text_empty_and_cut() -> None:
    assert to_text("") == ""
    assert to_text("<p>a</p><img src='x") == "a"
    assert to_text("<textarea>&lt;x&gt;</textarea>") == "<x>"


# -- tokenizer details ------------------------------------------------------------


def test_attribute_with_gt_in_quotes_does_not_end_the_tag() -> None:
    html = '<a title="a>b" href="x">y</a>'
    assert rewrite_urls(html, upper) == '<a title="a>b" href="X">y</a>'
    assert balance(html) == html


def test_long_unterminated_tag_is_linear() -> None:
    html = "<a " + "b" * 200_000
    assert balance(html) == ""
    html = "<a " + "b c=d " * 50_000
    assert balance(html) == ""


# -- properties -----------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)
TAGS = "div p span b i a section ul li em table tr td br img hr script style svg path".split()


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    value_text = st.text(st.sampled_from("ab <>&/=;#'x"), max_size=6)
    text = st.text(st.sampled_from("ab &;\n\xa0é"), max_size=8)
    attribute = st.builds(
        lambda name, value: f' {name}="{value}"', st.sampled_from(["href", "src", "id", "class"]), value_text
    )
    piece = st.one_of(
        st.builds(lambda n, a: f"<{n}{''.join(a)}>", st.sampled_from(TAGS), st.lists(attribute, max_size=2)),
        st.builds(lambda n: f"<{n}/>", st.sampled_from(TAGS)),
        st.builds(lambda n: f"</{n}>", st.sampled_from(TAGS)),
        st.builds(lambda t: f"<!--{t}-->", text),
        st.just('<a class="headerlink" href="#x" title="Link">¶</a>'),
        text,
    )
    soup = "".join(draw(st.lists(piece, max_size=25)))
    cut = draw(st.integers(0, len(soup)))
    return soup[:cut]


# Random junk that exercises every branch of the tokenizer.
WILD = st.lists(
    st.sampled_from(
        list("<>/!?-=\"' ab\tp")
        + ["<p", "</p", "<!--", "-->", "<script>", "</script>", "<br/>", "href=", "<a ", "&amp;"]
        + ["<li>", "<td>"]
    ),
    max_size=40,
).map("".join)


class _Checker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in RAW:
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag in RAW:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with {self.stack}")
        else:
            self.stack.pop()


def assert_balanced_by_html_parser(html: str) -> None:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.errors, (html, checker.errors)
    assert not checker.stack, (html, checker.stack)


def assert_balanced_by_tokens(html: str) -> None:
    stack: list[str] = []
    for tok in tokens.scan(html):
        assert tok.complete, html
        if tok.kind == tokens.START:
            if tok.name not in VOID and (tok.name in RAW or not tok.self_closing):
                stack.append(tok.name)
        elif tok.kind == tokens.END:
            assert stack and stack[-1] == tok.name, (html, tok)
            stack.pop()
    assert not stack, html


@settings(max_examples=250, deadline=None)
@given(tag_soup())
def test_balance_soup_is_balanced_for_html_parser(soup: str) -> None:
    out = balance(soup)
    assert_balanced_by_html_parser(out)
    assert_balanced_by_tokens(out)
    assert balance(out) == out


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, WILD))
def test_balance_any_text_is_balanced(text: str) -> None:
    out = balance(text)
    assert_balanced_by_tokens(out)
    assert balance(out) == out


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, WILD, tag_soup()))
def test_rewrite_urls_identity_is_unchanged(text: str) -> None:
    assert rewrite_urls(text, lambda url: url) == text


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, WILD, tag_soup()), st.sampled_from(["a/b.html", "a/b/", "", "x.html"]))
def test_nothing_raises(text: str, path: str) -> None:
    absolutize(text, "https://example.org/" + path)
    relocate(text, path, "c/d/e.html")
    relocate(text, "c/d/e.html", path)
    strip_ids(text)
    to_text(text)
    balance(text)
    rewrite_urls(text, str.upper)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_relocate_and_absolutize_accept_any_paths(from_path: str, to_path: str, base: str) -> None:
    html = '<a href="x.html#y">a</a><a href="#z">b</a><img srcset="../c.png 2x" src="?q">'
    relocate(html, from_path, to_path)
    absolutize(html, base)


@settings(max_examples=150, deadline=None)
@given(tag_soup())
def test_strip_ids_leaves_no_id(soup: str) -> None:
    out = strip_ids(soup)
    for tok in tokens.scan(out):
        if tok.kind == tokens.START and tok.complete:
            assert "id" not in [name for name, _v, _m in tokens.attributes(out, tok)]


SEGMENT = st.sampled_from(["a", "b", "..", ".", "c d", "é", "x.html", ""])
# "a/b/p.html", or for dirhtml "a/b/" and "" (the root)
PAGE = st.builds(
    lambda dirs, leaf: "".join(d + "/" for d in dirs) + leaf,
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
    st.sampled_from(["", "p.html", "index.html"]),
)
# relative references, neither empty nor starting with "/"
REF = st.builds(
    lambda segs, query, frag: "/".join(segs) + query + frag,
    st.lists(SEGMENT, max_size=4),
    st.sampled_from(["", "?q=1"]),
    st.sampled_from(["", "#f"]),
).filter(lambda ref: ref and not ref.startswith("/"))


def _target(page: str, url: str) -> tuple[str, str, str]:
    parts = urlsplit(urljoin("https://site.invalid/" + page.lstrip("/"), url))
    return unquote(parts.path), parts.query, parts.fragment


@settings(max_examples=400, deadline=None)
@given(PAGE, PAGE, REF)
def test_relocated_urls_reach_the_same_target(from_path: str, to_path: str, url: str) -> None:
    out = relocate(f'<a href="{url}">', from_path, to_path)
    new = out[len('<a href="') : -2]
    assert _target(to_path, new) == _target(from_path, url), (from_path, to_path, url, new)


@settings(max_examples=200, deadline=None)
@given(REF)
def test_absolutized_urls_reach_the_same_target(url: str) -> None:
    out = absolutize(f'<a href="{url}">', BASE)
    new = out[len('<a href="') : -2]
    assert urlsplit(new).scheme == "https"
    assert " " not in new and new.isascii()
    assert unquote(new) == unquote(urljoin(BASE, url))


@settings(max_examples=400, deadline=None)
@given(st.one_of(tag_soup(), WILD), st.sampled_from(["https://example.org/blog/post.html", "https://h/a/b/"]))
def test_clean_fragment_is_the_three_passes_in_one(html: str, base: str) -> None:
    assert clean_fragment(html, base_url=base, drop_ids=True) == absolutize(strip_ids(balance(html)), base)
    assert clean_fragment(html, drop_ids=True) == strip_ids(balance(html))
    assert clean_fragment(html) == balance(html)


@settings(max_examples=400, deadline=None)
@given(st.one_of(tag_soup(), WILD), PAGE, PAGE)
def test_url_template_fills_as_rewrite_urls_and_relocate_write(html: str, from_path: str, to_path: str) -> None:
    template = url_template(html)
    assert fill_urls(template, str.upper) == rewrite_urls(html, str.upper)
    assert fill_urls(template, lambda url: url) == html
    rewrite = relocation(from_path, to_path)
    expected = relocate(html, from_path, to_path)
    assert fill_urls(template, rewrite) == expected
    assert fill_urls(url_template(html, relative_only=True), rewrite) == expected


def test_url_template_relative_only_keeps_fixed_urls_as_text() -> None:
    html = '<a href="https://x.org/a">x</a><img src="/abs.png"><a href=\'../b.html\'>b</a>'
    template = url_template(html, relative_only=True)
    assert [p.value for p in template if not isinstance(p, str)] == ["../b.html"]
    assert fill_urls(template, lambda url: "c.html") == html.replace("'../b.html'", '"c.html"')
    assert url_template("<p>no links</p>", relative_only=True) == ["<p>no links</p>"]
