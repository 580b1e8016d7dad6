"""Social cards (``blogposts_social_cards``): the PNG itself, where pages and
feeds name it, its cache (a rebuild draws nothing, an edit redraws one),
``-j``, fonts and glyphs, and a build without Pillow."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOTS, run_build, write_files
from sphinx_blogposts.core import card_drawing
from sphinx_blogposts.write import social_cards, workers

Image = pytest.importorskip("PIL.Image")

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
CARDS = {"blogposts_social_cards": True}
CHINESE = "---\ntitle: 一个关于静态网站的中文标题\nlang: zh\n---\n正文。\n"


def cards_of(built) -> dict[str, bytes]:
    folder = built.outdir / "blog" / "cards"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.png"))} if folder.is_dir() else {}


def card_of(built, pagename: str) -> Path:
    url = built.soup(pagename).head.find("meta", property="og:image")["content"]
    assert url.startswith("https://example.org/site/blog/cards/")
    return built.outdir / url[len("https://example.org/site/"):]


def test_cards_drawn_named_and_cached(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-seo", srcdir)
    first = run_build(srcdir, confoverrides=CARDS)
    cards = cards_of(first)
    # every post without an image of its own has one (the post with a missing
    # image too); the one with its own image has none
    assert len(cards) == 5
    assert "social card(s) drawn" in first.status
    card = card_of(first, "_posts/2021-02-01-no-image")
    with Image.open(card) as image:
        assert image.size == (1200, 630) and image.format == "PNG" and image.mode == "P"
        colours = {rgb for _count, rgb in image.convert("RGB").getcolors(maxcolors=10000)}
    assert (0x1F, 0x29, 0x33) in colours and len(colours) > 20  # background and anti-aliased text
    head = first.soup("_posts/2021-02-01-no-image").head
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert head.find("meta", property="og:image:width")["content"] == "1200"
    assert head.find("meta", property="og:image:alt")["content"] == "A post without a picture"
    own = first.soup("_posts/2021-01-01-with-image").head.find("meta", property="og:image")["content"]
    assert own.endswith("/_posts/images/photo.png")
    # the feeds show the card as the entry's thumbnail
    rss = (first.outdir / "blog" / "rss.xml").read_text(encoding="utf-8")
    assert f'<media:thumbnail url="https://example.org/site/blog/cards/{card.name}" width="1200" height="630"/>' in rss
    # the cache is inside the doctree folder, never in the source folder
    cache = Path(first.app.doctreedir) / social_cards.CACHE_FOLDER
    assert sorted(p.read_bytes() for p in cache.glob("*.png")) == sorted(cards.values())
    sources = [p for p in srcdir.rglob("*.png") if "_build" not in p.relative_to(srcdir).parts]
    assert sorted(p.name for p in sources) == ["favicon.png", "logo.png", "photo.png"]

    # a rebuild with nothing changed draws nothing and changes nothing
    again = run_build(srcdir, confoverrides=CARDS)
    assert "social card(s) drawn" not in again.status
    assert cards_of(again) == cards

    # one post edited: its card alone is new; the old one is gone
    path = srcdir / "_posts/2021-03-01-two-authors.md"
    write_files(srcdir, {"_posts/2021-03-01-two-authors.md":
                         path.read_text(encoding="utf-8").replace("Written by two", "Written by two people")})
    edited = run_build(srcdir, confoverrides=CARDS)
    assert "1 social card(s) drawn" in edited.status
    after = cards_of(edited)
    assert len(after) == 5
    assert set(cards) - set(after) == {n for n in cards if n.startswith("2021-03-01-two-authors-")}
    new = card_of(edited, "_posts/2021-03-01-two-authors")
    assert new.name not in cards
    assert {n: b for n, b in after.items() if n != new.name} == {n: b for n, b in cards.items() if n in after}

    # a clean build elsewhere draws the same bytes
    other = tmp_path / "other"
    shutil.copytree(srcdir, other, ignore=shutil.ignore_patterns("_build"))
    assert cards_of(run_build(other, confoverrides=CARDS)) == after

    # cards off: they leave the output
    off = run_build(srcdir)
    assert cards_of(off) == {}


def test_cards_drawn_in_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "MINIMUM", 1)
    shared = []

    def spy(context, items, *args, _real=social_cards.in_workers):
        shared.append(len(items))
        return _real(context, items, *args)

    monkeypatch.setattr(social_cards, "in_workers", spy)
    outputs = {}
    for jobs in (0, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-seo", srcdir)
        built = run_build(srcdir, parallel=jobs, confoverrides=CARDS)
        outputs[jobs] = cards_of(built)
    assert shared == [5]  # the -j 2 build shared its cards out
    assert outputs[0] == outputs[2] and len(outputs[0]) == 5


def test_missing_glyphs_warned_and_drawn(build):
    built = build("seo", confoverrides=CARDS, files={"_posts/2021-09-01-chinese.md": CHINESE})
    (warning,) = built.blog_warnings("cards")
    assert "2021-09-01-chinese.md:2:" in warning and "blogposts_social_cards_font" in warning
    assert card_of(built, "_posts/2021-09-01-chinese").is_file()


@pytest.mark.skipif(not CJK_FONT.is_file(), reason="no Noto Sans CJK (apt-get install fonts-noto-cjk)")
def test_cjk_font_from_the_option(build):
    built = build("seo", confoverrides={**CARDS, "blogposts_social_cards_font": ["missing.ttf", str(CJK_FONT)]},
                  files={"_posts/2021-09-01-chinese.md": CHINESE})
    # the missing font is named once; the CJK one has every glyph
    (warning,) = built.blog_warnings("cards")
    assert "missing.ttf" in warning
    text = card_drawing.CardText("一个关于静态网站的中文标题", "Sharing blog")
    font = card_drawing.CardFont(str(CJK_FONT), str(CJK_FONT))
    assert card_drawing.choose_font((card_drawing.DEFAULT_FONT, font), text) == (font, frozenset())


def test_without_pillow(build, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    built = build("seo", confoverrides=CARDS)
    (warning,) = built.blog_warnings("cards")
    assert "Pillow" in warning and "sphinx-blogposts[cards]" in warning
    assert cards_of(built) == {}
    assert not built.soup("_posts/2021-02-01-no-image").head.find("meta", property="og:image")


def test_colours_logo_and_wrapping():
    style = card_drawing.CardStyle(colors=(("background", "#ffffff"), ("accent", "#ff0000")),
                                   logo=str(ROOTS / "test-seo/_static/logo.png"))
    long = card_drawing.CardText("Een heel lang Nederlands bericht over " + "zeer " * 60 + "veel woorden",
                                 "Site", "1 mei 2021", "An")
    data, missing = card_drawing.draw_card(long, style)
    assert missing == frozenset()
    import io

    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((600, 20)) == (255, 255, 255)
    assert rgb.getpixel((5, 300)) == (255, 0, 0)  # the accent bar
    assert rgb.getpixel((1200 - 80 - 32, 54 + 48)) == (0x33, 0x66, 0xAA)  # the logo
    # the same text and style give the same bytes
    assert card_drawing.draw_card(long, style)[0] == data
