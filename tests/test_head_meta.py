"""The pure part of the sharing metadata: descriptions, locales, JSON-LD in
a script element, the tags, image sizes."""

from __future__ import annotations

import datetime as dt
import io
import json
import struct

import pytest
from bs4 import BeautifulSoup

from sphinx_blogposts.core.head_meta import (
    Image,
    PageMeta,
    Person,
    blog_posting,
    description_text,
    head_html,
    json_ld_html,
    og_locale,
)
from sphinx_blogposts.core.image_size import size_of_bytes


def test_description_cut_at_a_word():
    text = " ".join(["word"] * 60)
    cut = description_text(text)
    assert len(cut) <= 160 and cut.endswith("word…")
    assert description_text("<p>a &amp; <b>b</b></p>", html=True) == "a & b"
    assert description_text("short  text\n") == "short text"
    # a text without spaces is cut where it must be
    assert len(description_text("字" * 400)) == 160


@pytest.mark.parametrize(("lang", "locale"), [
    ("nl", "nl_NL"), ("en", "en_US"), ("pt-BR", "pt_BR"), ("pt_BR", "pt_BR"), ("zh_CN", "zh_CN"),
    ("zh-Hant", "zh_TW"), ("ja", "ja_JP"), ("de", "de_DE"), (None, None), ("x", None), ("123", None),
])
def test_og_locale(lang, locale):
    assert og_locale(lang) == locale


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!-- x", "\"><img src=x onerror=alert(1)>", "a\u2028b\u2029c",
    "& &amp; ]]>",
])
def test_json_ld_cannot_end_its_element(value):
    html = json_ld_html({"name": value})
    inner = html.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner and ">" not in inner and "\u2028" not in inner and "\u2029" not in inner
    assert json.loads(inner) == {"name": value}
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1 and json.loads(soup.script.string) == {"name": value}


def test_head_tags_escaped_and_complete():
    meta = PageMeta(
        title='T "quoted" <b>', site_name="Site & co", url="https://e.example/p?a=1&b=2", type="article",
        description="D", locale="nl_NL", image=Image("https://e.example/i.png", "alt", 10, 20, "image/png"),
        published=dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc), authors=(Person("A", "https://a.example/"),),
        tags=("x", "y"), section="s", twitter_site="@s", prev_url="https://e.example/1",
    )
    html = head_html(meta)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", property="og:title")["content"] == 'T "quoted" <b>'
    assert soup.find("meta", property="og:url")["content"] == "https://e.example/p?a=1&b=2"
    assert [m["content"] for m in soup.find_all("meta", property="article:tag")] == ["x", "y"]
    assert not soup.find("meta", attrs={"name": "robots"})  # write/robots.py writes it
    assert soup.find("link", rel="prev")["href"] == "https://e.example/1"
    assert not soup.find("b") and "canonical" not in html
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    ld = blog_posting(meta, logo="https://e.example/logo.png", words=3, language="nl")
    assert ld["dateModified"] == ld["datePublished"] == "2021-01-01T00:00:00+00:00"
    assert ld["publisher"]["logo"]["url"] == "https://e.example/logo.png"


def _png(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height) + b"\x08\x02\0\0\0"


def test_image_sizes():
    assert size_of_bytes(_png(1200, 630)) == (1200, 630)
    assert size_of_bytes(b"GIF89a" + struct.pack("<HH", 7, 9) + b"\0" * 10) == (7, 9)
    assert size_of_bytes(b"nothing") is None
    pil = pytest.importorskip("PIL.Image")
    for fmt in ("JPEG", "WEBP", "PNG", "GIF"):
        out = io.BytesIO()
        pil.new("RGB", (33, 21), "red").save(out, fmt)
        assert size_of_bytes(out.getvalue()) == (33, 21), fmt
    out = io.BytesIO()
    pil.new("RGB", (33, 21), "red").save(out, "WEBP", lossless=True)
    assert size_of_bytes(out.getvalue()) == (33, 21)
