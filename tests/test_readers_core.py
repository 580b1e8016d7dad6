"""The pure parts of what readers meet: profiles, related posts, comment
settings, share links, the blog's order with pinned and unlisted posts."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
import yaml

from sphinx_blogposts.core import related as related_module
from sphinx_blogposts.core.authors import Profiles, merge, read_profiles
from sphinx_blogposts.core.blog import Blog
from sphinx_blogposts.core.comments import comment_settings
from sphinx_blogposts.core.post import Author, Post, parse_post
from sphinx_blogposts.core.related import RelatedIndex, terms
from sphinx_blogposts.core.share import share_url

UTC = dt.timezone.utc


def make_post(name: str, day: int, tags=(), categories=(), **fields) -> Post:
    return Post(path=f"_posts/{name}.md", title=name, title_source="front matter",
                date=dt.datetime(2020, 1, 1, tzinfo=UTC) + dt.timedelta(days=day), date_source="front matter",
                published=True, tags=tuple(tags), categories=tuple(categories), **fields)


# --- front matter -----------------------------------------------------------------------


def parse(front: dict):
    text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\nBody.\n"
    return parse_post(text.encode(), "_posts/2020-01-01-x.md", UTC)


def test_readers_keys_in_front_matter():
    post = parse({"title": "X", "series": "  A  series ", "series_part": "2", "pinned": "yes",
                  "hidden": True, "comments": False}).post
    assert (post.series, post.series_part, post.pinned, post.unlisted, post.comments) == ("A series", 2, True, True, False)
    # WordPress exports write a series as a list of one
    assert parse({"title": "X", "series": ["Weekendleesvoer"]}).post.series == "Weekendleesvoer"
    assert parse({"title": "X", "comments": True}).post.comments is True
    assert parse({"title": "X"}).post.comments is None
    result = parse({"title": "X", "series": ["a", "b"], "series_part": 0, "pinned": "maybe"})
    assert result.post.series == "a" and result.post.series_part is None and result.post.pinned is False
    assert len(result.problems) == 3
    assert {p.line for p in result.problems} == {3, 6, 7}  # series (list on lines 3-5), series_part, pinned


# --- profiles --------------------------------------------------------------------------


def test_docusaurus_and_mkdocs_authors_files():
    docusaurus = {"slorber": {"name": "S. Lorber", "title": "Maintainer", "url": "https://example.org/s",
                              "image_url": "https://github.com/slorber.png",
                              "socials": {"x": "sebastienlorber", "github": "slorber"}}}
    mkdocs = {"authors": {"squid": {"name": "Martin", "description": "Creator", "avatar": "img/m.png"}}}
    (s,), problems = read_profiles(docusaurus, "authors.yml")
    assert problems == []
    assert (s.key, s.name, s.bio, s.url, s.avatar_url) == ("slorber", "S. Lorber", "Maintainer",
                                                           "https://example.org/s", "https://github.com/slorber.png")
    assert [(link.kind, link.url) for link in s.links] == [("x", "https://x.com/sebastienlorber"),
                                                           ("github", "https://github.com/slorber")]
    (m,), problems = read_profiles(mkdocs, ".authors.yml")
    assert problems == [] and (m.bio, m.avatar_source, m.avatar_url) == ("Creator", "img/m.png", None)


def test_profile_links_from_handles():
    entry = {"ann": {"name": "Ann", "mastodon": "@ann@social.example", "bluesky": "ann.bsky.social",
                     "linkedin": "ann-e", "website": "https://ann.example/", "links": {"blog": "https://b.example/"}}}
    (ann,), problems = read_profiles(entry, "conf.py")
    assert problems == []
    assert {link.kind: link.url for link in ann.links} == {
        "blog": "https://b.example/", "mastodon": "https://social.example/@ann",
        "bluesky": "https://bsky.app/profile/ann.bsky.social", "linkedin": "https://www.linkedin.com/in/ann-e",
        "website": "https://ann.example/"}
    bad, problems = read_profiles({"x": {"name": "X", "website": "ann.example", "mastodon": "ann"}}, "conf.py")
    assert bad[0].links == () and len(problems) == 2


def test_jekyll_theme_authors_data():
    # a Jekyll theme's _data/authors.yml: links as a list, a location
    entry = {"frank": {"name": "Frank", "avatar": "/assets/frank.jpg", "bio": "Blogger", "location": "Utrecht",
                       "links": [{"label": "Website", "icon": "fas fa-link", "url": "https://frank.example/"},
                                 {"label": "Mastodon", "url": "https://social.example/@frank"}]}}
    (frank,), problems = read_profiles(entry, "_data/authors.yml")
    assert problems == []
    assert frank.avatar_source == "assets/frank.jpg"
    assert [(link.kind, link.url) for link in frank.links] == [("website", "https://frank.example/"),
                                                               ("mastodon", "https://social.example/@frank")]


def test_profile_lines_and_shapes():
    text = "# authors\nann:\n  name: Ann\nbob: Bob Builder\n'odd key':\n  - a list\n"
    profiles, problems = read_profiles(yaml.safe_load(text), "a.yml", text)
    assert [(p.key, p.name, p.line) for p in profiles] == [("ann", "Ann", 2), ("bob", "Bob Builder", 4)]
    assert [(p.line, p.subtype) for p in problems] == [(5, "author")]
    assert read_profiles(["a"], "a.yml")[1][0].message.startswith("the authors should be a mapping")


def test_matching_by_key_then_name():
    profiles = merge(
        read_profiles({"ann": {"name": "Ann Example", "url": "https://ann.example/", "email": "a@example.org"}},
                      "file")[0],
        read_profiles({"bob": {"name": "Bob"}, "ann2": {"name": "Ann"}}, "conf.py")[0],
    )
    written = (Author("ANN"), Author("Ann Example", url="https://own.example/"), Author("Bob"), Author("Carol"))
    resolved = profiles.resolve(written)
    # "ANN" (the key, in any case) and "Ann Example" (the name) are one author; the post's own url wins
    assert resolved == (Author("Ann Example", "a@example.org", "https://ann.example/", "ann"),
                        Author("Bob", None, None, "bob"), Author("Carol"))
    assert profiles.match(Author("Ann")).key == "ann"  # a key before a name
    assert profiles.match(Author("ann2")).name == "Ann"
    later = merge(profiles.profiles, read_profiles({"ann": {"name": "Ann Two"}}, "conf.py")[0])
    assert later.get("ann").name == "Ann Two"
    assert not Profiles()


def test_blog_groups_authors_through_profiles():
    # the DTD blog's 586 "author: frankmeeuwsen" and 60 "author: Frank Meeuwsen"
    profiles = merge(read_profiles({"frankmeeuwsen": {"name": "Frank Meeuwsen"}}, "conf.py")[0])
    posts = {"a": make_post("a", 1, authors=(Author("frankmeeuwsen"),)),
             "b": make_post("b", 2, authors=(Author("Frank Meeuwsen"),)),
             "c": make_post("c", 3, authors=(Author("Someone"),))}
    blog = Blog(posts, profiles)
    assert [(g.name, g.slug, g.docnames) for g in blog.groups("author")] == [
        ("Frank Meeuwsen", "frank-meeuwsen", ("b", "a")), ("Someone", "someone", ("c",))]
    assert blog.select(authors=["frankmeeuwsen"]) == ["b", "a"] == blog.select(authors=["Frank Meeuwsen"])
    # without profiles, two authors, as written
    assert [g.name for g in Blog(posts).groups("author")] == ["Frank Meeuwsen", "frankmeeuwsen", "Someone"]


# --- the blog's order -----------------------------------------------------------------------


def test_pinned_unlisted_and_series_order():
    posts = {
        "old": make_post("old", 1, series="S", series_part=2),
        "pin": make_post("pin", 2, pinned=True),
        "mid": make_post("mid", 3, series="S"),
        "gone": make_post("gone", 4, unlisted=True, series="S", tags=["t"]),
        "pin2": make_post("pin2", 5, pinned=True),
        "new": make_post("new", 6, series="s", series_part=1),
    }
    blog = Blog(posts)
    assert blog.docnames == ["new", "pin2", "mid", "pin", "old"]
    assert blog.index_order == ["pin2", "pin", "new", "mid", "old"]
    assert blog.select(pinned_first=True, limit=3) == ["pin2", "pin", "new"]
    assert blog.neighbours("gone") == (None, None) and blog.neighbours("mid") == ("pin", "pin2")
    (series,) = blog.groups("series")
    assert series.docnames == ("new", "old", "mid")  # parts 1, 2, then by date; not the unlisted one
    assert blog.series_of("mid") is series and blog.series_of("gone") is None
    assert blog.select(series=["s"]) == ["new", "mid", "old"]
    assert blog.tags.slug("t") is None and blog.groups("tag") == []
    assert "gone" in blog.posts and blog.authors_of("gone") == ()


# --- related posts ------------------------------------------------------------------------


def reference(order, post_terms, docname, limit, max_postings):
    """Related posts as the module defines them, the slow way."""
    count = len(order)
    df = {}
    for d in order:
        for t in post_terms[d]:
            df.setdefault(t, []).append(d)
    weight = {t: round(1000 * math.log(1 + count / len(ds))) for t, ds in df.items()}
    reach = {d for t in post_terms[docname] if t in df for d in df[t][:max_postings]}
    scored = [(-sum(weight[t] for t in post_terms[docname] & post_terms[d]), order.index(d), d)
              for d in order if d != docname and d in reach]
    return [d for *_, d in sorted(scored)[:limit]]


def test_rare_tags_count_more_and_ties_go_to_the_newer_post():
    order = ["e", "d", "c", "b", "a"]  # newest first
    post_terms = {"a": terms(["common", "rare"], []), "b": terms(["common"], []), "c": terms(["common"], []),
                  "d": terms(["common", "rare"], ["cat"]), "e": terms(["common"], ["cat"])}
    index = RelatedIndex(order, post_terms)
    assert index.related("a", post_terms["a"], 3) == ["d", "e", "c"]
    assert index.related("b", post_terms["b"], 10) == ["e", "d", "c", "a"]
    assert index.related("x", terms(["rare"], []), 5) == ["d", "a"]  # an unlisted post's
    assert index.related("a", post_terms["a"], 0) == [] and index.related("a", frozenset(), 3) == []
    # a tag and a category of one name are two things
    assert index.related("e", terms([], ["common"]), 3) == []


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("max_postings", [3, 200])
def test_related_index_equals_the_definition(monkeypatch, seed, max_postings):
    monkeypatch.setattr(related_module, "MAX_POSTINGS", max_postings)
    rnd = random.Random(seed)
    order = [f"p{i:03d}" for i in range(rnd.randint(1, 60))]
    vocabulary = [f"t{i}" for i in range(rnd.randint(1, 12))]
    post_terms = {d: terms(rnd.sample(vocabulary, rnd.randint(0, min(4, len(vocabulary)))),
                           rnd.sample(["a", "b"], rnd.randint(0, 1))) for d in order}
    index = RelatedIndex(order, post_terms)
    for docname in order:
        for limit in (1, 3, 7):
            assert index.related(docname, post_terms[docname], limit) == reference(
                order, post_terms, docname, limit, max_postings), (docname, limit)


def test_a_crowded_tag_brings_only_its_newest_posts(monkeypatch):
    monkeypatch.setattr(related_module, "MAX_POSTINGS", 10)
    order = [f"p{i:04d}" for i in range(5000)]
    post_terms = {d: terms(["everywhere"], []) for d in order}
    post_terms["p4999"] = terms(["everywhere", "rare"], [])
    post_terms["p2500"] = terms(["everywhere", "rare"], [])
    index = RelatedIndex(order, post_terms)
    # through the rare tag comes p2500, however old; through the crowded one only the 10 newest
    assert index.related("p4999", post_terms["p4999"], 3) == ["p2500", "p0000", "p0001"]
    assert index.related("p4000", post_terms["p4000"], 20) == [f"p{i:04d}" for i in range(10)]


# --- comments and share links ---------------------------------------------------------------


def test_comment_settings_by_the_providers_own_names():
    settings, problem = comment_settings({"provider": "Giscus", "repo": "o/r", "repoId": "R_1",
                                          "data-category": "General", "category_id": "DIC_1",
                                          "reactions_enabled": False})
    assert problem is None and settings.provider == "giscus" and settings.prefix == "data-"
    values = dict(settings.settings)
    assert values["repo-id"] == "R_1" and values["category"] == "General" and values["reactions-enabled"] == "0"
    assert values["mapping"] == "pathname" and values["loading"] == "lazy"
    assert settings.themes == ("light", "dark")
    fixed, _ = comment_settings({"provider": "giscus", "repo": "o/r", "repo-id": "R", "category": "C",
                                 "category-id": "D", "theme": "dark_dimmed"})
    assert fixed.themes is None  # a theme of the site owner's: not changed with the page's
    assert comment_settings({}) == (None, None) and comment_settings(None) == (None, None)
    disqus, _ = comment_settings({"provider": "disqus", "shortname": "my-blog"})
    assert disqus.script_url == "https://my-blog.disqus.com/embed.js" and disqus.settings == ()


def test_share_urls_carry_the_title_and_address_only():
    url = "https://example.org/a b/ü?x=1&y=2"
    title = 'Ti&tle "#1"'
    assert share_url("bluesky", title, url) == (
        "https://bsky.app/intent/compose?text=Ti%26tle%20%22%231%22%20https%3A%2F%2Fexample.org%2Fa%20b%2F%C3%BC"
        "%3Fx%3D1%26y%3D2")
    assert share_url("mastodon", title, url, mastodon_instance="toot.example").startswith(
        "https://toot.example/share?text=Ti%26tle")
    assert share_url("mastodon", title, url, mastodon_page="../share/mastodon.html").startswith(
        "../share/mastodon.html?text=")
    assert share_url("mastodon", title, url) is None
    assert share_url("email", title, url).startswith("mailto:?subject=Ti%26tle%20%22%231%22&body=https%3A")
    assert share_url("myspace", title, url) is None
