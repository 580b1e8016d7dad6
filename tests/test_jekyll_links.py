"""Links of moved Jekyll posts (pure): what an old address, a page or a
file resolves to, and how the converter rewrites links with it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_blogposts.core.post import Post
from sphinx_blogposts.jekyll import JekyllContext, convert
from sphinx_blogposts.jekyll.links import MARKER, address_key
from sphinx_blogposts.jekyll.permalinks import post_address
from sphinx_blogposts.jekyll.variables import site_links

UTC = dt.timezone.utc
SOURCE = "_posts/2020-01-01-source.md"


def post(path: str, date: str, **fields) -> Post:
    return Post(path=path, title=path, title_source="file name", date=dt.datetime.fromisoformat(date).replace(tzinfo=UTC),
                date_source="file name", published=True, **fields)


POSTS = [
    post("_posts/2010-12-31-een-incredible-2010.md", "2010-12-31"),
    post("_posts/2014-03-12-paper-faces.md", "2014-03-12", categories=("Art",)),
    post("_posts/2012-05-05-own.md", "2012-05-05", permalink="/custom/own address/"),
    post("_posts/2016-06-06-Mastodon.md", "2016-06-06"),
    post(SOURCE, "2020-01-01"),
]
FILES = {"assets/a-lg.jpg", "assets/my file.pdf", "_posts/images/next.png", "faqs.md", "about/index.md",
         "_posts/2010-12-31-een-incredible-2010.md"}
DOCUMENTS = {"index": "index.md", "faqs": "faqs.md", "about/index": "about/index.md",
             **{p.path.rsplit(".", 1)[0]: p.path for p in POSTS}}


def links(pattern: str | None = "/:title/", base_url: str | None = "https://example.org/new/", **site):
    return site_links(POSTS, DOCUMENTS, pattern=pattern, tz=UTC, site={"url": "https://old-host.example", **site},
                      base_url=base_url, is_file=FILES.__contains__)


def target(url: str, index=None, *, embedded: bool = False, source: str = SOURCE):
    found = (index or links()).resolve(url, source, embedded=embedded)
    return None if found is None else (found.kind, found.dest)


INCREDIBLE = MARKER + "/_posts/2010-12-31-een-incredible-2010.md"


@pytest.mark.parametrize(
    "url",
    [
        "/een-incredible-2010/", "/een-incredible-2010", "/een-incredible-2010.html",
        "/een-incredible-2010/index.html", "//old-host.example/een-incredible-2010/",
        "https://old-host.example/een-incredible-2010/", "http://old-host.example/een-incredible-2010",
        "https://www.old-host.example/een-incredible-2010/", "HTTPS://OLD-HOST.EXAMPLE/een-incredible-2010/",
        "/EEN-Incredible-2010/", "/een%2Dincredible-2010/", "/een-incredible-2010//",
    ],
)  # fmt: skip
def test_an_old_address_in_any_of_its_forms_is_the_post(url: str) -> None:
    assert target(url) == ("post", INCREDIBLE)


def test_query_and_fragment_are_kept() -> None:
    assert target("/een-incredible-2010/?utm=1&b=%20#terugblik") == ("post", INCREDIBLE + "?utm=1&b=%20#terugblik")
    assert target("https://old-host.example/een-incredible-2010#x") == ("post", INCREDIBLE + "#x")


def test_exact_case_wins_over_another_case() -> None:
    index = links()
    assert index.resolve("/Mastodon/", SOURCE).target == "_posts/2016-06-06-Mastodon.md"
    assert index.resolve("/mastodon/", SOURCE).target == "_posts/2016-06-06-Mastodon.md"


@pytest.mark.parametrize(
    ("pattern", "address"),
    [
        (None, "/art/2014/03/12/paper-faces.html"),  # Jekyll's default: date
        ("date", "/art/2014/03/12/paper-faces.html"),
        ("pretty", "/art/2014/03/12/paper-faces/"),
        ("/:title/", "/paper-faces/"),
        ("/:categories/:year/:month/:day/:title.html", "/art/2014/03/12/paper-faces.html"),
        ("/:year/:month/:title/", "/2014/03/paper-faces/"),
    ],
)
def test_addresses_come_from_the_pattern(pattern: str | None, address: str) -> None:
    index = links(pattern)
    assert index.resolve(address, SOURCE).target == "_posts/2014-03-12-paper-faces.md"
    assert post_address(POSTS[1], pattern, UTC) == address


def test_a_posts_own_permalink_is_its_address() -> None:
    for url in ("/custom/own address/", "/custom/own%20address", "https://old-host.example/custom/own%20address/"):
        assert target(url) == ("post", MARKER + "/_posts/2012-05-05-own.md"), url
    assert target("/own/") == ("unknown", "https://example.org/new/own/")


def test_pages_files_and_sources() -> None:
    assert target("/faqs/") == ("page", MARKER + "/faqs.md")
    assert target("/faqs.html#q") == ("page", MARKER + "/faqs.md#q")
    assert target("/about/") == ("page", MARKER + "/about/index.md")
    assert target("/") == ("page", MARKER + "/index.md")
    assert target("/assets/a-lg.jpg", embedded=True) == ("file", "/assets/a-lg.jpg")
    assert target("/assets/my%20file.pdf") == ("file", "/assets/my%20file.pdf")
    assert target("https://old-host.example/assets/a-lg.jpg?v=2") == ("file", "/assets/a-lg.jpg")
    # what post_url gives: a source path, which MyST resolves
    assert target("/_posts/2010-12-31-een-incredible-2010.md") == ("source", "/_posts/2010-12-31-een-incredible-2010.md")


def test_unknown_addresses_and_missing_files_go_to_the_base_url() -> None:
    found = links().resolve("/contact?x=1#y", SOURCE)
    assert (found.kind, found.dest, found.path) == ("unknown", "https://example.org/new/contact?x=1#y", "/contact")
    assert "'/contact?x=1#y'" in found.problem("/contact?x=1#y")
    assert "https://example.org/new/contact" in found.problem("/contact?x=1#y")
    missing = links().resolve("/assets/gone.png", SOURCE)
    assert (missing.kind, missing.dest) == ("missing", "https://example.org/new/assets/gone.png")
    assert "'assets/gone.png' is not in the source folder" in missing.problem("/assets/gone.png")
    # a deleted post's address: a page, not a file
    assert target("/2009/01/01/deleted.html") == ("unknown", "https://example.org/new/2009/01/01/deleted.html")
    assert target("/x", embedded=True)[0] == "missing"


def test_without_a_base_url() -> None:
    index = links(base_url=None)
    assert target("/contact", index) == ("unknown", MARKER + "/contact")
    assert "from the root of this site" in index.resolve("/contact", SOURCE).problem("/contact")
    # an absolute link to the old site is kept as written
    assert target("https://old-host.example/contact", index) == ("unknown", "https://old-host.example/contact")


def test_relative_links_resolve_against_the_posts_old_address() -> None:
    # the post was at /source/: ../een-incredible-2010/ was /een-incredible-2010/
    assert target("../een-incredible-2010/") == ("post", INCREDIBLE)
    assert target("../images/x.png", embedded=True) == ("missing", "https://example.org/new/images/x.png")
    # a file relative to the post's source is Sphinx's to find
    assert target("images/next.png", embedded=True) is None
    assert target("../assets/a-lg.jpg", embedded=True) is None
    # with the date pattern the post was at /2020/01/01/source.html
    assert target("../../../2010/12/31/een-incredible-2010.html", links("date")) == ("post", INCREDIBLE)
    assert target("../../../assets/a-lg.jpg", links("date"), embedded=True) == ("file", "/assets/a-lg.jpg")
    assert target("faqs.html", links("date")) == ("unknown", "https://example.org/new/2020/01/01/faqs.html")


def test_the_old_sites_baseurl_is_not_part_of_an_address() -> None:
    index = links(baseurl="/blog")
    assert target("/blog/een-incredible-2010/", index) == ("post", INCREDIBLE)
    assert target("https://old-host.example/blog/een-incredible-2010/", index) == ("post", INCREDIBLE)
    assert target("/blog/contact", index) == ("unknown", "https://example.org/new/contact")


@pytest.mark.parametrize(
    "url",
    ["https://elsewhere.example/een-incredible-2010/", "mailto:a@old-host.example", "#top", "?q=1", "",
     "javascript:alert(1)", "ftp://old-host.example/x", MARKER + "/faqs.md", "http://[::1", "data:text/html,x"],
)  # fmt: skip
def test_links_left_alone(url: str) -> None:
    assert target(url) is None


def test_address_key() -> None:
    assert address_key("/a/b/index.html") == address_key("/a/b/") == address_key("/a/b") == "/a/b"
    assert address_key("/a.html") == address_key("/a/") == "/a"
    assert address_key("/") == address_key("/index.html") == address_key("") == "/"
    assert address_key("/caf%C3%A9/") == "/café"


# --- the converter ------------------------------------------------------------


def ctx(index=None, **extra) -> JekyllContext:
    index = index or links()
    return JekyllContext(site={"url": "https://old-host.example", "baseurl": ""}, page={"title": "T"},
                         resolve_link=lambda url, embedded: index.resolve(url, SOURCE, embedded=embedded), **extra)


def conv(body: str, context: JekyllContext | None = None):
    result = convert(body, context or ctx())
    assert result.text.count("\n") == body.count("\n")
    return result


def test_markdown_destinations_and_definitions() -> None:
    body = (
        "[a](/een-incredible-2010/) and ![b](</assets/a-lg.jpg> \"t\") and [c]({{ site.url }}/faqs/){.x}\n"
        "[d]: /een-incredible-2010/#top 'title'\n"
        "<https://old-host.example/faqs/> and <https://elsewhere.example/faqs/>\n"
        "`[code](/een-incredible-2010/)` and ``x`` [e](/een\\-incredible-2010/)\n"
    )
    result = conv(body)
    assert result.text.split("\n") == [
        f"[a]({INCREDIBLE}) and ![b](</assets/a-lg.jpg> \"t\") and [c]({MARKER}/faqs.md){{.x}}",
        f"[d]: {INCREDIBLE}#top 'title'",
        f"[https\\://old\\-host\\.example/faqs/]({MARKER}/faqs.md) and <https://elsewhere.example/faqs/>",
        f"`[code](/een-incredible-2010/)` and ``x`` [e]({INCREDIBLE})",
        "",
    ]
    assert result.problems == ()
    assert [(u.line, u.kind) for u in result.links] == [(1, "post"), (1, "file"), (1, "page"), (2, "post"),
                                                        (3, "page"), (4, "post")]


def test_raw_html_links() -> None:
    body = (
        '<p><a href="/een-incredible-2010/?a=1&amp;b=2">x</a> <img src="/assets/a-lg.jpg" '
        'srcset="/assets/a-lg.jpg 2x, /gone.png 3x"></p>\n'
        "\n"
        "Text <a href='/contact'>contact</a> and <a href=/faqs/>faq</a>\n"
    )
    lines = conv(body).text.split("\n")
    assert lines[0] == (
        f'<p><a href="{INCREDIBLE}?a=1&amp;b=2">x</a> <img src="{MARKER}/assets/a-lg.jpg" '
        f'srcset="{MARKER}/assets/a-lg.jpg 2x, https://example.org/new/gone.png 3x"></p>'
    )
    assert lines[2] == f'Text <a href="https://example.org/new/contact">contact</a> and <a href="{MARKER}/faqs.md">faq</a>'
    twice = conv('<img srcset="/assets/a-lg.jpg 1x, /assets/a-lg.jpg 2x">\n').text
    assert twice == f'<img srcset="{MARKER}/assets/a-lg.jpg 1x, {MARKER}/assets/a-lg.jpg 2x">\n'


def test_myst_references_stay_myst_references() -> None:
    body = "[a](my-label) [b](../faqs.md) [c](../faqs) [d](../about/index.md#x) [e](#here)\n"
    assert conv(body).text == body
    assert conv('<a href="webversie">w</a>\n').text == '<a href="https://example.org/new/source/webversie">w</a>\n'


def test_footnotes_are_not_links() -> None:
    body = "Text[^1] and [^note].\n\n[^1]: The note.\n[^note]: /contact is a word here.\n"
    result = conv(body)
    assert result.text == body and result.links == () and result.problems == ()


def test_one_warning_per_target_on_its_first_line() -> None:
    result = conv("[a](/contact) [b](/contact)\n\n<a href=\"/contact\">c</a> ![m](/gone.png)\n")
    assert [(p.subtype, p.line) for p in result.problems] == [("link", 1), ("link", 3)]
    assert "'/contact'" in result.problems[0].message and "'/gone.png'" in result.problems[1].message
    assert [u.found for u in result.links] == [False, False, False]


def test_code_is_never_touched() -> None:
    body = "```\n[a](/een-incredible-2010/)\n<a href=\"/contact\">\n```\n\n    [b](/contact)\n\n{% highlight html %}\n<a href=\"/contact\">\n{% endhighlight %}\n"
    result = conv(body)
    assert result.text == body.replace("{% highlight html %}", "```html").replace("{% endhighlight %}", "```")
    assert result.problems == ()


def test_post_url_in_raw_html_works_with_links() -> None:
    context = ctx(resolve_post={"2010-12-31-een-incredible-2010": "/_posts/2010-12-31-een-incredible-2010.md"}.get)
    result = conv('<a href="{% post_url 2010-12-31-een-incredible-2010 %}">x</a>\n', context)
    assert result.text == f'<a href="{INCREDIBLE}">x</a>\n'
    assert result.problems == ()


def test_images_not_found_without_a_base_url_stay_for_sphinx() -> None:
    result = conv("![m](/gone.png) [c](/contact)\n", ctx(links(base_url=None)))
    assert result.text == f"![m](/gone.png) [c]({MARKER}/contact)\n"


def test_without_a_resolver_links_stay() -> None:
    body = "[a](/een-incredible-2010/) {{ page.title }}\n"
    assert convert(body, JekyllContext(page={"title": "T"})).text == "[a](/een-incredible-2010/) T\n"


_URL_CHARS = st.sampled_from(list("/abc-_.%?#=&ABC:") + ["/een-incredible-2010", "/assets/a-lg.jpg", "/faqs", "../",
                                                         "https://old-host.example", "index.html"])


@given(st.lists(_URL_CHARS, max_size=8).map("".join), st.booleans(), st.sampled_from([None, "https://example.org/"]))
def test_resolving_again_changes_nothing(url: str, embedded: bool, base_url: str | None) -> None:
    """The converter may see its own output again (an include's text on the
    post's line): a resolved link resolves to itself."""
    index = links(base_url=base_url)
    first = index.resolve(url, SOURCE, embedded=embedded)
    if first is None or first.dest.startswith(MARKER):
        return
    again = index.resolve(first.dest, SOURCE, embedded=embedded)
    assert again is None or again.dest == first.dest


# -- the quick test that lets a body without site links skip the conversion -------------

_LINK_FORMS = [
    "[a]({url})", "[a]( <{url}> )", "![i]({url} \"title\")", "[ref]: {url}", "   [ref]: <{url}>", "<{url}>",
    '<a href="{url}">x</a>', "<img src='{url}'>", "<video poster={url}></video>",
    '<img srcset="{url} 2x, /b.png 1x">', "[a]({url}#part)", "`[code]({url})`",
]
_URLS = [
    "/een-incredible-2010/", "../paper-faces/", "next.png", "images/next.png", "2010-12-31-een-incredible-2010.md", "assets/a-lg.jpg", "https://old-host.example/Mastodon/",
    "//www.old-host.example/x", "https://elsewhere.example/een-incredible-2010/", "#top", "?q=1",
    "mailto:a@b.example", "/unknown/page", "label",
]


@given(st.lists(st.tuples(st.sampled_from(_LINK_FORMS), st.sampled_from(_URLS)), max_size=4),
       st.sampled_from(["Text.", "# Title\n\nText.", "    indented code [a](/x/)"]))
def test_the_quick_test_never_skips_a_body_the_conversion_changes(forms, text) -> None:
    """A context with the quick test gives what one without it gives (which
    converts every body with a link in it)."""
    body = text + "\n\n" + "\n\n".join(form.format(url=url) for form, url in forms) + "\n"
    index = links()
    quick = ctx(index, may_link=lambda url: index.may_resolve(url, SOURCE))
    slow = dataclasses.replace(quick, may_link=None)
    got, want = convert(body, quick), convert(body, slow)
    assert (got.text, got.problems, got.links) == (want.text, want.problems, want.links)


def test_the_quick_test_skips_external_links_only() -> None:
    index = links()
    may = lambda url: index.may_resolve(url, SOURCE)  # noqa: E731
    assert not may("https://elsewhere.example/x") and not may("#x")
    assert not may("mailto:a@b.example") and not may(MARKER + "/x")
    # a file or document next to the post is Sphinx's to find
    assert not may("images/next.png") and not may("2010-12-31-een-incredible-2010.md")
    assert may("/x/") and may("x.png") and may("../paper-faces/") and may("https://www.old-host.example/")
