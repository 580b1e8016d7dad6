"""Properties of the pure functions on hostile and broken input.

Whatever text a post holds, the front-matter reader, the date reader, the
slug function, the excerpt extractor and the Jekyll layer return a result
(plus problems), never an exception; slugs are always safe file names;
excerpts are balanced HTML; code is never touched by the Liquid layer.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import posixpath
import re
import tempfile
import unicodedata
from html.parser import HTMLParser
from types import SimpleNamespace

import yaml
from docutils import nodes
from docutils.core import publish_doctree, publish_from_doctree
from docutils.writers.html5_polyglot import Writer
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from myst_parser.docutils_ import Parser

from sphinx_blogposts.log import SUBTYPES
from sphinx_blogposts.core.dates import DateError, date_from_filename, load_timezone, parse_date
from sphinx_blogposts.core.separators import CONTENT_END, CONTENT_START, EXCERPT_END
from sphinx_blogposts.read.excerpts import mark_excerpt
from sphinx_blogposts.core.frontmatter import MAX_DEPTH, FrontMatterError, load_yaml, split_front_matter
from sphinx_blogposts.core.inline_markdown import render_inline
from sphinx_blogposts.jekyll import JekyllContext, convert
from sphinx_blogposts.nodes import post_header
from sphinx_blogposts.core.post import parse_post
from sphinx_blogposts.write.post_pages import PostPages
from sphinx_blogposts.core.slugs import MAX_SLUG_LENGTH, assign_slugs, name_key, slugify

from test_htmltools import assert_balanced_by_html_parser, tag_soup

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TZ = dt.timezone(dt.timedelta(hours=2))
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Every character, surrogates included (they reach us from YAML escapes).
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=200)

# --- YAML-ish text -------------------------------------------------------------------

YAML_BITS = [
    "title", "date", "tags", "tag", "categories", "category", "author", "authors", "published",
    "excerpt", "slug", "permalink", "image", "lang", "updated", "id", "description", "x",
    ": ", ":", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!str ", "!!binary ",
    "!!python/object:os.system ", "!!timestamp ", "? ", "|", ">", "|-", "'", '"', "\\", "\\x00",
    "\\u0000", "\\ud800", "#", "%YAML 1.1", "---", "...", "\t", " ", "  ", "\n", "\r\n", "\ufeff",
    "true", "false", "yes", "No", "~", "null", "2019-02-30", "2019-07-09 20:19:08 +0200",
    "1e999", ".nan", "0x1F", "0o17", "2020-01-01T00:00:00Z", "é", "中文", "<script>", "&amp;",
    "\x00", "\x85", "\u2028", "9999-12-31", "0000-00-00", "-1",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5), max_size=40).map("".join)

KEYS = ["title", "date", "updated", "last_modified_at", "tags", "tag", "categories", "category",
        "author", "authors", "published", "excerpt", "slug", "permalink", "image", "lang",
        "description", "id", "excerpt_separator", "other"]  # fmt: skip
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), ANY_TEXT,
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(TZ)),
)
values = st.recursive(scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), values, max_size=8)


def _dump(data: dict) -> str | None:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, UnicodeError):
        return None


def _check_result(result, data: bytes) -> None:
    lines = data.count(b"\n") + 2
    for problem in result.problems:
        assert problem.subtype in SUBTYPES, problem
        assert isinstance(problem.message, str) and problem.message
        assert 1 <= problem.line <= lines, (problem, lines)
    post = result.post
    if post is None:
        return
    assert isinstance(post.title, str) and post.title.strip()
    assert isinstance(post.published, bool)
    if result.refused:
        assert not post.published
    for date in (post.date, post.updated):
        assert date is None or (isinstance(date, dt.datetime) and date.utcoffset() is not None)
    for names in (post.tags, post.categories, tuple(a.name for a in post.authors)):
        assert isinstance(names, tuple)
        for name in names:
            assert isinstance(name, str) and name == name.strip() and name
            assert not CONTROL.search(name)
    for text in (post.title, post.slug, post.lang, post.description, post.permalink, post.id, post.image):
        assert text is None or (isinstance(text, str) and not CONTROL.search(text))


@FAST
@given(st.binary(max_size=300))
def test_parse_post_any_bytes(data: bytes) -> None:
    _check_result(parse_post(data, "_posts/2020-01-02-x.md", TZ), data)
    _check_result(parse_post(b"---\n" + data, "_posts/x.md", TZ), b"---\n" + data)


@FAST
@given(ANY_TEXT, st.sampled_from(["markdown", "rst"]))
def test_parse_post_any_text(text: str, markup: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    _check_result(parse_post(data, "_posts/a/b.md", TZ, markup=markup), data)


@FAST
@given(yamlish, ANY_TEXT)
def test_parse_post_yamlish_front_matter(fm: str, body: str) -> None:
    data = f"---\n{fm}\n---\n{body}".encode("utf-8", "surrogatepass")
    _check_result(parse_post(data, "_posts/2019-02-30-odd.md", TZ), data)


_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F][0-9a-fA-F]{2}")


@settings(FAST, max_examples=100)
@given(front_matter, st.text(max_size=80))
def test_parse_post_any_yaml_values(fm: dict, body: str) -> None:
    dumped = _dump(fm)
    assume(dumped is not None)
    # PyYAML writes a lone surrogate as "\uD800" but refuses to read it back:
    # such front matter is refused (with a warning), which another test covers
    assume(not _SURROGATE_ESCAPE.search(dumped))
    data = f"---\n{dumped}---\n{body}".encode("utf-8", "surrogatepass")
    result = parse_post(data, "_posts/cat/2020-5-6-post.md", TZ)
    _check_result(result, data)
    # well-formed YAML is never refused: every bad value is a problem on its own
    assert not result.refused, result.problems
    if result.readable:  # a NUL in the body makes the file binary
        assert result.post is not None and result.post.categories[:1] == ("cat",)


@FAST
@given(ANY_TEXT)
def test_split_and_load_yaml_raise_only_front_matter_errors(text: str) -> None:
    try:
        split = split_front_matter(text)
    except FrontMatterError as exc:
        assert exc.line >= 1
        return
    if split is not None:
        assert text.endswith(split.body)
        assert split.yaml_text in text and split.fm_lines >= 2
    try:
        load_yaml(text)
    except FrontMatterError as exc:
        assert exc.line >= 1


@FAST
@given(yamlish)
@example("d: !!timestamp nope")
@example("!!timestamp ")
def test_load_yaml_yamlish(text: str) -> None:
    try:
        load_yaml(text)
    except FrontMatterError:
        pass


@MEDIUM
@given(st.integers(1, 1100), st.sampled_from(["[]", "{}", "- ", "a: "]), st.booleans())
def test_deep_yaml_is_refused_or_shallow(depth: int, shape: str, anchored: bool) -> None:
    if shape == "[]":
        text = "x: " + "[" * depth + "]" * depth
    elif shape == "{}":
        text = "x: " + "{a: " * depth + "b" + "}" * depth
    elif shape == "- ":
        text = "x:\n  " + "- " * depth + "v"
    else:
        text = "".join(" " * i + "a:\n" for i in range(min(depth, 300)))
    if anchored:
        text += "\ny: &anchor 1"
    try:
        data = load_yaml(text)
    except FrontMatterError:
        return
    pickle.dumps(data)  # the environment is pickled
    assert depth <= MAX_DEPTH


# --- dates ---------------------------------------------------------------------------

date_values = st.one_of(
    ANY_TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.dates(), st.datetimes(),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d\d(:\d\d([.,]\d{1,12})?)?)? ?(Z|UTC|[+-]\d\d:?\d\d)?\Z"),
)


@FAST
@given(date_values)
def test_parse_date_returns_aware_datetime_or_date_error(value: object) -> None:
    try:
        result = parse_date(value, TZ)
    except DateError as exc:
        assert str(exc)
        return
    assert isinstance(result, dt.datetime) and result.utcoffset() is not None
    result.astimezone(dt.timezone.utc)  # a moment in UTC too: feeds need it


offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@FAST
@given(st.datetimes(min_value=dt.datetime(1000, 1, 1)), offsets, st.sampled_from(["T", " "]), st.booleans())
def test_parse_date_round_trips(value: dt.datetime, zone: dt.timezone, sep: str, colon: bool) -> None:
    value = value.replace(tzinfo=zone)
    offset = value.strftime("%z")
    if colon:
        offset = offset[:3] + ":" + offset[3:]
    text = value.strftime(f"%Y-%m-%d{sep}%H:%M:%S.%f ") + offset
    got = parse_date(text, TZ)
    assert got.replace(tzinfo=None) == value.replace(tzinfo=None)
    assert got.utcoffset() == value.utcoffset()


@FAST
@given(ANY_TEXT)
def test_date_from_filename_and_timezone_never_raise(stem: str) -> None:
    got = date_from_filename(stem, TZ)
    assert got is None or got.tzinfo is TZ
    try:
        load_timezone(stem)
    except DateError:
        pass


@FAST
@given(st.dates(), st.booleans(), st.text(max_size=20), offsets)
def test_date_from_filename_reads_the_date_a_name_starts_with(day: dt.date, padded: bool, rest: str,
                                                              zone: dt.timezone) -> None:
    """``YYYY-MM-DD-`` (or Jekyll's ``YYYY-M-D-``) gives that day at midnight in
    the blog's timezone; a day that is no moment in UTC gives no date."""
    month, mday = (f"{day.month:02d}", f"{day.day:02d}") if padded else (str(day.month), str(day.day))
    got = date_from_filename(f"{day.year:04d}-{month}-{mday}-{rest}", zone)
    expected = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    try:
        expected.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        expected = None
    assert got == expected
    assert got is None or got.tzinfo is zone


def test_first_day_of_year_one_east_of_utc_is_no_date() -> None:
    """0001-01-01 at midnight east of UTC is before year 1 in UTC: no moment
    a feed can hold, so no date (in UTC it is one)."""
    assert date_from_filename("0001-01-01-x", TZ) is None
    assert date_from_filename("0001-01-01-x", dt.timezone.utc) == dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


# --- slugs ---------------------------------------------------------------------------

names = st.one_of(
    ANY_TEXT,
    st.lists(st.sampled_from(list("./\\\x00%2eC:-_ aA") + ["..", "%2e%2e", "𠀀", "中", "é", "e\u0301", "ﬁ"]), max_size=300).map("".join),
    st.sampled_from(["..", ".", "/", "\\", "C:\\x", "con", "NUL", "index", "page", "a" * 300, "𠀀" * 300]),
)


def assert_safe_segment(slug: str) -> None:
    assert isinstance(slug, str) and slug
    assert not set(slug) & {"/", "\\", "\x00", ":", "."}, slug
    assert slug not in (".", "..") and posixpath.normpath(slug) == slug
    assert not CONTROL.search(slug) and not re.search(r"\s", slug)
    assert len(slug) <= MAX_SLUG_LENGTH + 4
    # NAME_MAX is 255 bytes: room for ".html" and a "-NN" suffix
    assert len(slug.encode("utf-8", "surrogatepass")) <= 240, len(slug.encode("utf-8", "surrogatepass"))
    assert unicodedata.normalize("NFC", slug) == slug


@settings(max_examples=300, deadline=None)
@given(names)
def test_slugify_is_a_safe_stable_segment(name: str) -> None:
    slug = slugify(name)
    assert_safe_segment(slug)
    assert slugify(name) == slug
    assert slug not in ("con", "nul", "prn", "aux", "index", "page")


@FAST
@given(st.lists(names, max_size=12), st.randoms(use_true_random=False))
def test_assign_slugs_distinct_safe_and_order_free(items: list[str], rnd) -> None:
    table = assign_slugs(items)
    keys = {name_key(n) for n in items if name_key(n)}
    assert set(table.slugs) == keys
    assert len(set(table.slugs.values())) == len(keys)
    for slug in table.slugs.values():
        assert_safe_segment(slug)
        with_suffix = slug + ".html"
        assert len(with_suffix.encode("utf-8", "surrogatepass")) <= 255
    shuffled = list(items)
    rnd.shuffle(shuffled)
    again = assign_slugs(shuffled)
    assert again.slugs == table.slugs and again.names == table.names


@MEDIUM
@given(st.lists(names, min_size=1, max_size=6))
def test_slugs_are_distinct_files_on_disk(items: list[str]) -> None:
    """The slugs are real, distinct files in one folder (a case-insensitive
    file system would merge only slugs that already differ in case)."""
    table = assign_slugs(items)
    with tempfile.TemporaryDirectory() as folder:
        for slug in table.slugs.values():
            path = os.path.join(folder, slug + ".html")
            with open(path, "x", encoding="utf-8"):
                pass
            assert os.path.dirname(os.path.realpath(path)) == os.path.realpath(folder)
        assert len(os.listdir(folder)) == len(table.slugs)
    lowered = [s.lower() for s in table.slugs.values()]
    assert len(set(lowered)) == len(lowered)


# --- excerpts ------------------------------------------------------------------------

VOID_OK = {"em", "strong", "code", "a", "img", "br"}


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag not in VOID_OK:
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.bad.append(f"{name}={value}")


@FAST
@given(st.one_of(ANY_TEXT, st.lists(st.sampled_from(
    ["<script>", "alert(1)", "</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
     "![i](javascript:x)", "*", "**", "`", "<", ">", "&", "\"/>", "[", "](", ")", "\n", "<b>", "x"]), max_size=20).map("".join)))
def test_front_matter_excerpt_renders_to_harmless_inline_html(text: str) -> None:
    html = render_inline(text)
    checker = _Inline()
    checker.feed(html)
    checker.close()
    assert checker.bad == [], (text, html)
    assert_balanced_by_html_parser(html)


_PAGE = os.path.join(tempfile.mkdtemp(prefix="blogposts-excerpt-"), "page.html")


class _Attrs(HTMLParser):
    """Records ids, and anchors opened inside anchors (never in Sphinx's output)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.open_a = 0
        self.nested_a = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.ids += [v or "" for k, v in attrs if k == "id"]
        if tag == "a":
            self.nested_a = self.nested_a or self.open_a > 0
            self.open_a += 1

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "a":
            self.open_a = max(0, self.open_a - 1)

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        # as in browsers, "<script/>" opens a script whose text runs to </script>
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.set_cdata_mode(tag)
        else:
            self.handle_endtag(tag)


def _parse(html: str) -> _Attrs:
    parser = _Attrs()
    parser.feed(html)
    parser.close()
    return parser


@MEDIUM
@given(tag_soup(), tag_soup(), st.booleans(), tag_soup())
@example(before="", after='<div href=""><div/><script/><div href="" id=', separated=False, outside="")
def test_excerpt_cut_from_any_page_is_balanced(before: str, after: str, separated: bool, outside: str) -> None:
    body = before + (EXCERPT_END if separated else "") + after
    assume(not _parse(body).nested_a)
    with open(_PAGE, "w", encoding="utf-8") as fh:
        fh.write(outside + "<main>" + CONTENT_START + body + CONTENT_END + "</main>" + outside)
    cutter = PostPages(SimpleNamespace(get_outfilename=lambda d: _PAGE))
    excerpt, content = cutter.excerpt_raw("x"), cutter.content("x")
    assert excerpt is not None and content is not None
    assert_balanced_by_html_parser(excerpt)
    assert_balanced_by_html_parser(content)
    assert not re.search(r"<h[1-6]\b", excerpt)
    assert _parse(excerpt).ids == []
    assert "blogposts:" not in excerpt + content


MD_BITS = [
    "# Title\n\n", "## Part\n\n", "Text *em* and `code`.\n\n", "<!--more-->", "<!-- more -->", "\n\n",
    "<div>\n\n", "</div>\n\n", "<div class='a'>inline <!--more--> still</div>\n\n", "<span>open ",
    "</span>", "<p>", "</p>", "<table><tr><td>cell", "</td></tr></table>", "<script>x</script>",
    "```\ncode <div>\n```\n\n", "> quote <b>\n\n", "- item <i>\n- two\n\n", "[^1]\n\n[^1]: note\n\n",
    "<!-- excerpt -->", "Text", " ", "\n", "<em>", "</em>", "<br>", "<img src=x>", "(target)=\n",
    "```{note}\nadmonition\n```\n\n", "---\n\n", "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
]  # fmt: skip


def _render(children: list[nodes.Node]) -> str:
    doc = publish_doctree("", settings_overrides={"report_level": 5, "warning_stream": False})
    doc.extend(children)
    writer = Writer()
    publish_from_doctree(doc, writer=writer, settings_overrides={"report_level": 5, "warning_stream": False, "output_encoding": "unicode"})
    return writer.parts["body"]


@MEDIUM
@given(st.lists(st.sampled_from(MD_BITS), max_size=14).map("".join))
def test_excerpt_nodes_render_balanced(markdown: str) -> None:
    doctree = publish_doctree(
        markdown,
        parser=Parser(),
        settings_overrides={"report_level": 5, "halt_level": 5, "warning_stream": False, "doctitle_xform": False,
                            "myst_footnote_transition": False, "myst_enable_extensions": ["attrs_block"]},
    )
    header = post_header(docname="x")
    doctree.insert(0, header)
    excerpt, has_more = mark_excerpt(header, doctree, ("<!--more-->", "<!-- more -->", "<!-- excerpt -->"))
    assert isinstance(has_more, bool)
    html = _render([n for n in excerpt if not isinstance(n, post_header)])
    assert "blogposts:" not in html
    assert_balanced_by_html_parser(html)


# --- Jekyll / Liquid layer -----------------------------------------------------------

TEXT_PIECES = [
    "text", "word ", "{{ page.title }}", "{{ site.url }}", "{{ page.nope | upcase }}", "{% if page.comments %}y{% endif %}",
    "{% assign a = 'v' %}{{ a }}", "*a*", "**b**", "[l](u){: .x}", "{% post_url nope %}", "{% include x.html %}",
    "é", " ", "HTML", "{% youtube abc %}", "{{ 'x' | relative_url }}", "{% raw %}{{ r }}{% endraw %}", "{#id}",
]  # fmt: skip
CODE_PIECES = [
    "{{ x }}", "{% if a %}", "{% endif %}", "{: .c}", "*[A]: b", "HTML", "{% highlight py %}", "`", "<!--",
    "x", "}", "{#id}", "{::nomarkdown}", "{% comment %}", "{{", "{%", " ", "#", "- ", "{% include y %}",
]  # fmt: skip
text_line = st.lists(st.sampled_from(TEXT_PIECES), min_size=1, max_size=5).map(lambda p: "T " + "".join(p))
code_text = st.lists(st.sampled_from(CODE_PIECES), min_size=1, max_size=5).map("".join)
# A first line of Liquid tags only is not code (Jekyll renders Liquid first).
_LIQUID_ONLY = re.compile(r"(?:\{%(?:[^%]|%(?!\}))*%\}\s*)+")
indented = st.lists(code_text.map(lambda c: "    " + c), min_size=1, max_size=4).filter(
    lambda ls: not _LIQUID_ONLY.fullmatch(ls[0].strip())).map(lambda ls: ("indented", ls))
fence_char = st.sampled_from(["```", "~~~~"])
quoted_fence = st.tuples(fence_char, st.lists(code_text.filter(lambda c: not c.lstrip().startswith(("```", "~~~"))), max_size=3)).map(
    lambda t: ("quoted", [f"> {t[0]}", *[f"> {c}" for c in t[1]], f"> {t[0]}"]))
listed_fence = st.tuples(fence_char, st.lists(code_text.filter(lambda c: not c.lstrip().startswith(("```", "~~~"))), max_size=3)).map(
    lambda t: ("listed", [f"- {t[0]}", *[f"  {c}" for c in t[1]], f"  {t[0]}"]))
text_block = st.lists(text_line, min_size=1, max_size=3).map(lambda ls: ("text", ls))
abbreviation = st.just(("text", ["*[HTML]: Hyper Text", "T HTML"]))
JCTX = JekyllContext(site={"url": "https://e.org", "baseurl": ""}, page={"title": "<b>*T*</b>", "comments": False})


@MEDIUM
@given(st.lists(st.one_of(indented, quoted_fence, listed_fence, text_block, abbreviation), max_size=8))
def test_liquid_layer_never_changes_code_in_any_container(blocks: list) -> None:
    lines: list[str] = []
    code: list[tuple[int, list[str]]] = []
    previous = None
    for kind, block in blocks:
        if lines:
            lines.append("")
        if kind == "indented" and previous == "listed":
            # it would continue the list item (text, not code)
            kind, block = "text", ["T text"]
        if kind != "text":
            code.append((len(lines), block))
        lines.extend(block)
        previous = kind
    assume(lines)
    body = "\n".join(lines)
    out = convert(body, JCTX, first_line=5).text.split("\n")
    assert len(out) == len(lines)
    for start, block in code:
        assert out[start : start + len(block)] == block, (body, out)


@MEDIUM
@given(st.lists(st.sampled_from([p for p in CODE_PIECES if "`" not in p]), min_size=1, max_size=4).map("".join), st.sampled_from(TEXT_PIECES))
def test_liquid_layer_never_changes_code_spans(code: str, text: str) -> None:
    span = f"`` {code} ``"
    body = f"T {text} {span} {text}\n"
    out = convert(body, JCTX).text
    assert span in out


@MEDIUM
@given(front_matter, st.lists(st.sampled_from(TEXT_PIECES + [
    "{{ page.title | escape }}", "{{ page.date | date: '%Y' }}", "{{ page.tags | join: ', ' }}", "{{ page.other.size }}",
    "{% if page.published %}p{% endif %}", "{% for t in page.tags %}{{ t }}{% endfor %}", "{{ page.x | plus: 1 }}",
    "{% case page.lang %}{% when 'nl' %}n{% endcase %}", "\n", "<a href=\"{{ page.image }}\">", "](", "{{ page.slug | slugify }}",
]), max_size=12).map("".join))
def test_liquid_layer_any_front_matter_values(page: dict, body: str) -> None:
    result = convert(body, JekyllContext(site={"url": "", "baseurl": ""}, page=page), first_line=4)
    assert result.text.count("\n") == body.count("\n")
    assert all(p.subtype in SUBTYPES and p.line >= 4 for p in result.problems)
    assert not [p for p in result.problems if "could not be converted" in p.message]


# --- heading levels under the injected title -------------------------------------------

_HEADING_LINES = st.sampled_from([
    "## Two", "# One", "### Three", "##", "##no space", "  ## indented", "    ## code", "Text", "",
    "===", "---", "- item", "```", "~~~", "> ## quoted", "<div>", "</div>", "\u2028# after a separator",
    "#### Four ####", "\t## tab",
])


@given(st.lists(_HEADING_LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
@example(["Text", "---"], "\n")
@example(["```", "# comment", "```", "## Two"], "\n")
@example(["\u2028# after a separator"], "\n")
def test_relevel_quick_test_never_skips_a_body_the_scan_changes(lines, newline):
    """Whether releveling can be skipped is judged by a regular expression
    over the whole body; it must skip only bodies the block scan leaves as
    they are."""
    from sphinx_blogposts.core import post_source

    body = newline.join(lines)
    if not post_source._may_need_releveling(body):
        assert post_source._relevel_by_scan(body) == body
    assert post_source.relevel_headings(body) == post_source._relevel_by_scan(body)
