"""Tests for the one Jekyll slugify (sphinx_blogposts.jekyll.slugify).

The expected values of the documented examples are those of Jekyll's
documentation (Utils.slugify and the ``slugify`` filter); the others follow
from Jekyll 4's rules, written out in the comments.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_blogposts.jekyll.slugify import MODES, slugify
from sphinx_blogposts.jekyll.permalinks import jekyll_slugify

DOCUMENTED = [
    (("The _config.yml file",), {}, "the-config-yml-file"),
    (("The _config.yml file", "pretty"), {}, "the-_config.yml-file"),
    (("The _config.yml file", "pretty"), {"cased": True}, "The-_config.yml-file"),
    (("The _cönfig.yml file?", "ascii"), {}, "the-c-nfig-yml-file"),
    (("The _config.yml file", "latin"), {}, "the-config-yml-file"),
    (("The cönfig.yml file", "latin"), {}, "the-config-yml-file"),
    (("The cönfig.yml file", "latin"), {"cased": True}, "The-config-yml-file"),
    (("The _config.yml file", "raw"), {}, "the-_config.yml-file"),
    # Jekyll's own tests of the filter
    ((" Q*bert says @!#?@!",), {}, "q-bert-says"),
    ((" Q*bert says @!#?@!", "pretty"), {}, "q-bert-says-@!-@!"),
]


@pytest.mark.parametrize(("args", "kwargs", "expected"), DOCUMENTED)
def test_documented_examples(args, kwargs, expected) -> None:
    assert slugify(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        # none, and any mode Jekyll does not know: only the case changes
        ("The _config.yml file", "none", "the _config.yml file"),
        ("  A--B  ", "none", "  a--b  "),
        ("A b", "nonsense", "a b"),
        ("A b", "", "a b"),
        # no mode is the default mode
        ("A b", None, "a-b"),
        # raw: runs of ASCII whitespace only; other dashes stay, and only one
        # dash is taken off each end
        ("a \t\n b", "raw", "a-b"),
        ("a\u00a0b", "raw", "a\u00a0b"),
        ("--a b--", "raw", "-a-b-"),
        (" x ", "raw", "x"),
        # default: letters, marks and decimal digits stay
        ("a_-b", "default", "a-b"),
        ("Café ² नमस्ते", "default", "café-नमस्ते"),
        ("cafe\u0301", "default", "cafe\u0301"),
        ("Ⅻ and ٣ and 3", "default", "and-٣-and-3"),
        ("中文 标题", "default", "中文-标题"),
        ("!!!", "default", ""),
        # pretty: ._~!$&'()+,;=@ stay as well, "-" and other punctuation do not
        ("a.b_c~d!e$f&g'h(i)j+k,l;m=n@o", "pretty", "a.b_c~d!e$f&g'h(i)j+k,l;m=n@o"),
        ("a*b/c?d#e%f-g", "pretty", "a-b-c-d-e-f-g"),
        # ascii: nothing but A-Z, a-z, 0-9; nothing is transliterated
        ("Ünïcödé ½", "ascii", "n-c-d"),
        ("中文", "ascii", ""),
        # latin: accents off, what has no ASCII letter goes, then default
        ("Ünïcödé ½", "latin", "unicode-12"),  # ½ is 1⁄2, and ⁄ is not ASCII
        ("cafe\u0301 crème", "latin", "cafe-creme"),
    ],
)
def test_modes(text: str, mode: str | None, expected: str) -> None:
    assert slugify(text, mode) == expected


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("none", "Ab  Cd."), ("raw", "Ab-Cd."), ("default", "Ab-Cd"), ("pretty", "Ab-Cd."), ("ascii", "Ab-Cd"),
     ("latin", "Ab-Cd")],
)
def test_cased_keeps_the_case(mode: str, expected: str) -> None:
    assert slugify("Ab  Cd.", mode, cased=True) == expected
    assert slugify("Ab  Cd.", mode) == expected.lower()


def test_modes_known() -> None:
    assert MODES == {"raw", "default", "pretty", "ascii", "latin"}


def test_default_mode_is_the_default() -> None:
    assert slugify("A title, with (parentheses)") == slugify("A title, with (parentheses)", "default")


def test_jekyll_slugify_is_the_default_or_pretty_mode() -> None:
    text = "Hello, World! (2) café\u0301 ²"
    assert jekyll_slugify(text) == slugify(text, "default") == "hello-world-2-café\u0301"
    assert jekyll_slugify(text, pretty=True, cased=True) == slugify(text, "pretty", cased=True)
    assert jekyll_slugify(text, pretty=True, cased=True) == "Hello,-World!-(2)-café\u0301"


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


@given(st.text(max_size=40))
def test_default_slug_is_words_joined_by_single_dashes(text: str) -> None:
    slug = slugify(text, cased=True)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug.replace("-", "") == "".join(c for c in text if _kept(c))
