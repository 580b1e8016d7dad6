"""Translated text: every message the extension writes is in every catalog."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_blogposts"
LANGUAGES = ["nl", "de", "fr", "es", "ja", "zh_CN"]
_MESSAGE_RE = re.compile(r"""(?:\b_b?|\.gettext)\((["'])(.+?)\1\)""")


def messages_in_code() -> set[str]:
    found = set()
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]:
        if "jekyll" in path.parts:
            continue
        found.update(m.group(2) for m in _MESSAGE_RE.finditer(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete(language):
    with (PACKAGE / "locale" / language / "LC_MESSAGES" / "sphinx_blogposts.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string}
    assert messages_in_code() - translated == set()


def test_compiled_catalogs_are_up_to_date():
    sys.path.insert(0, str(PACKAGE.parent / "tools"))
    try:
        import compile_catalogs
    finally:
        sys.path.pop(0)
    assert compile_catalogs.main(check=True) == 0


def test_pages_use_the_project_language(build):
    built = build("listing", confoverrides={"language": "nl"})
    index = built.soup("blog/index")
    assert index.select_one(".blogposts-read-more a").text == "Lees verder"
    assert index.find("h1").text.startswith("Blog")
    header = built.soup("_posts/2019-03-05-beta").select_one(".blogpost-header")
    assert "Geplaatst op" in header.text and "5 maart 2019" in header.text
    assert "Oudere berichten" in built.soup("blog/page/2").text


def test_post_lang_sets_the_page_language(build):
    built = build("listing")
    assert built.soup("_posts/2020-08-08-eta").html["lang"] == "nl"
    assert built.soup("_posts/2019-03-05-beta").html["lang"] == "en"
