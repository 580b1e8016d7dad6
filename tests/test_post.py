"""The post model on its own: front matter in, typed record and problems out."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_blogposts.core.dates import DateError, date_from_filename, load_timezone, parse_date
from sphinx_blogposts.core.frontmatter import FrontMatterError, load_yaml, split_front_matter
from sphinx_blogposts.core.post import Author, parse_post

UTC = dt.timezone.utc
AMS = load_timezone("Europe/Amsterdam")


def parse(text: str | bytes, path: str = "_posts/2017-07-09-post.md", tz=UTC, **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_post(data, path, tz, **kw)


def subtypes(result) -> list[str]:
    return [p.subtype for p in result.problems]


# --- splitting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "yaml_text", "body", "body_line"),
    [
        ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4),
        ("---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n", 4),
        ("---   \na: 1\n---  \nbody", "a: 1\n", "body", 4),
        ("---\na: 1\n...\nbody", "a: 1\n", "body", 4),
        ("---\n---\nbody", "", "body", 3),
        ("---\na: 1\n---", "a: 1\n", "", 4),
    ],
)
def test_split(text, yaml_text, body, body_line):
    split = split_front_matter(text)
    assert split is not None
    assert (split.yaml_text, split.body, split.body_line) == (yaml_text, body, body_line)


def test_no_front_matter_is_not_split():
    assert split_front_matter("# Title\n\n---\n") is None
    assert split_front_matter("text\n---\na: 1\n---\n") is None


def test_unclosed_front_matter():
    with pytest.raises(FrontMatterError):
        split_front_matter("---\ntitle: x\nbody without end\n")


# --- YAML --------------------------------------------------------------------


def test_yaml_keeps_impossible_dates_as_text():
    assert load_yaml("date: 2017-02-30\n") == {"date": "2017-02-30"}


def test_yaml_alias_bomb_refused():
    lines = ['a: &a ["x", "x"]']
    for prev, name in zip("abcdefghij", "bcdefghijk"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 4)}]")
    with pytest.raises(FrontMatterError, match="aliases"):
        load_yaml("\n".join(lines))


def test_yaml_deep_nesting_refused():
    with pytest.raises(FrontMatterError):
        load_yaml("a: " + "[" * 2000 + "]" * 2000)


def test_yaml_is_safe_loader():
    with pytest.raises(FrontMatterError):
        load_yaml("a: !!python/object/apply:os.system ['true']\n")


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-07-09", dt.datetime(2017, 7, 9, tzinfo=UTC)),
        ("2017-07-09 20:19:08 +0200", dt.datetime(2017, 7, 9, 18, 19, 8, tzinfo=UTC)),
        ("2017-07-09T20:19:08Z", dt.datetime(2017, 7, 9, 20, 19, 8, tzinfo=UTC)),
        ("2017-07-09T20:19:08+02:00", dt.datetime(2017, 7, 9, 18, 19, 8, tzinfo=UTC)),
        ("2017-10-15T10:59:30.000Z", dt.datetime(2017, 10, 15, 10, 59, 30, tzinfo=UTC)),
        ("2017-7-9 8:05", dt.datetime(2017, 7, 9, 8, 5, tzinfo=UTC)),
        (dt.date(2017, 7, 9), dt.datetime(2017, 7, 9, tzinfo=UTC)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value, UTC) == expected


def test_naive_dates_use_configured_timezone():
    parsed = parse_date("2017-07-09 20:00", AMS)
    assert parsed.utcoffset() == dt.timedelta(hours=2)
    assert parse_date(dt.datetime(2017, 1, 9, 20), AMS).utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "value", ["2019-02-18 15:15:17 +1h", "2018-02-18T162352CET", "24 januari 2018 20:19:08", "2017-02-30", True, [1]]
)
def test_unreadable_dates(value):
    with pytest.raises(DateError):
        parse_date(value, UTC)


def test_date_from_filename():
    assert date_from_filename("2017-11-6-7000", UTC) == dt.datetime(2017, 11, 6, tzinfo=UTC)
    assert date_from_filename("2017-02-30-x", UTC) is None
    assert date_from_filename("hello", UTC) is None


# --- posts -------------------------------------------------------------------


def test_full_post():
    result = parse(
        "---\n"
        "title: Hello\n"
        "date: 2017-07-09 20:19:08 +0200\n"
        "updated: 2017-08-01\n"
        "tags: [a, b, a]\n"
        "categories: news misc\n"
        "author: {name: Jane, email: j@example.org, uri: https://j.example.org}\n"
        "excerpt: Short.\n"
        "lang: nl\n"
        "mood: happy\n"
        "---\n"
        "Body\n"
    )
    post = result.post
    assert result.problems == ()
    assert post.title == "Hello" and post.title_source == "front matter"
    assert post.date == dt.datetime(2017, 7, 9, 18, 19, 8, tzinfo=UTC)
    assert post.date_source == "front matter"
    assert post.updated == dt.datetime(2017, 8, 1, tzinfo=UTC)
    assert post.tags == ("a", "b")
    assert post.categories == ("news", "misc")
    assert post.authors == (Author("Jane", "j@example.org", "https://j.example.org"),)
    assert post.excerpt == "Short." and post.lang == "nl"
    assert post.extra == {"mood": "happy"}
    assert post.published is True
    assert post.body_line == 12


def test_bom_crlf_and_dots_terminator():
    result = parse(b"\xef\xbb\xbf---\r\ntitle: BOM\r\n...\r\nBody\r\n")
    assert result.post.title == "BOM"
    assert result.post.body_line == 4


def test_no_front_matter_is_not_a_post():
    assert parse("# Title\n\nText\n").post is None


def test_empty_front_matter_uses_heading_then_file_name():
    result = parse("---\n---\n\nSome text\n\n## First heading\n")
    assert result.post.title == "First heading" and result.post.title_source == "heading"
    assert subtypes(result) == []
    result = parse("---\n---\nNo heading\n", path="_posts/2017-07-09-my-nice_post.md")
    assert result.post.title == "My nice post" and result.post.title_source == "file name"
    assert subtypes(result) == ["title"]


def test_heading_inside_code_is_not_a_title():
    result = parse("---\n---\n```\n# not a heading\n```\n", path="_posts/2017-07-09-x.md")
    assert result.post.title_source == "file name"


def test_body_has_title_only_when_it_opens_with_h1():
    assert parse("---\ntitle: T\n---\n\n# Own\n\ntext\n").post.body_has_title
    assert not parse("---\ntitle: T\n---\ntext\n\n# Later\n").post.body_has_title
    assert not parse("---\ntitle: T\n---\n## Sub\n").post.body_has_title
    rst = parse("---\ntitle: T\n---\nOwn\n===\n\ntext\n", path="_posts/a.rst", markup="rst")
    assert rst.post.body_has_title


def test_date_falls_back_to_file_name_with_warning():
    result = parse("---\ntitle: T\ndate: 2019-02-18 15:15:17 +1h\n---\n", path="_posts/2019-2-18-x.md")
    assert result.post.date == dt.datetime(2019, 2, 18, tzinfo=UTC)
    assert result.post.date_source == "file name"
    assert [(p.subtype, p.line) for p in result.problems] == [("date", 3)]
    assert "file name" in result.problems[0].message


def test_undated_post_warns():
    result = parse("---\ntitle: T\n---\n", path="_posts/post.md")
    assert result.post.date is None and result.post.published
    assert subtypes(result) == ["date"]


@pytest.mark.parametrize(
    ("value", "published", "warned"),
    [
        ("true", True, False),
        ("false", False, False),
        ("'False'", False, False),
        ("'YES'", True, False),
        ("no", False, False),
        ("'terug'", False, True),
        ("", False, True),
        ("1", False, True),
    ],
)
def test_published_values(value, published, warned):
    result = parse(f"---\ntitle: T\npublished: {value}\n---\n")
    assert result.post.published is published
    assert ("draft" in subtypes(result)) is warned


def test_broken_yaml_fails_closed_with_line():
    result = parse("---\ntitle: T\ntags: [a, b\nfoo: bar\n---\nbody\n")
    assert result.refused and result.post.published is False
    (problem,) = result.problems
    assert problem.subtype == "frontmatter" and problem.line >= 3


def test_non_mapping_front_matter_fails_closed():
    result = parse("---\n- a\n- b\n---\n")
    assert result.refused and result.post.published is False


def test_tags_forms():
    assert parse("---\ntags: a b  c\n---\n").post.tags == ("a", "b", "c")
    assert parse("---\ntags: 'a, b'\n---\n").post.tags == ("a", "b")
    assert parse("---\ntags:\n---\n").post.tags == ()
    assert parse("---\ntags: [1, 2.5, x]\n---\n").post.tags == ("1", "2.5", "x")
    assert parse("---\ntag: two words\n---\n").post.tags == ("two words",)
    result = parse("---\ntags: [a, {b: c}]\n---\n")
    assert result.post.tags == ("a",) and "frontmatter" in subtypes(result)


def test_category_singular_is_one_name_and_folders_count():
    post = parse("---\ncategory: classic hollywood\n---\n", path="movies/_posts/old/2017-01-01-x.md").post
    assert post.categories == ("movies", "old", "classic hollywood")


def test_authors_forms():
    assert parse("---\nauthors: [A, B]\n---\n").post.authors == (Author("A"), Author("B"))
    assert parse("---\nauthor: [{name: A}, C]\n---\n").post.authors == (Author("A"), Author("C"))
    result = parse("---\ntitle: T\nauthor: {email: x@y}\n---\n")
    assert result.post.authors == () and subtypes(result) == ["frontmatter"]


def test_control_characters_removed_with_warning():
    result = parse("---\ntitle: \"a\\x07b\\uffff\"\n---\n")
    assert result.post.title == "ab"
    assert subtypes(result) == ["frontmatter"]


def test_binary_and_wrong_encodings_refused():
    assert not parse(b"\x00\x01\x02binary").readable
    assert not parse("---\ntitle: x\n---\n".encode("utf-16")).readable
    bad = parse(b"---\ntitle: x\n---\n\xff\xfe\xfa")
    assert not bad.readable and bad.problems[0].line == 4


def test_excerpt_empty_means_none():
    assert parse('---\nexcerpt: ""\n---\n').post.excerpt is None
