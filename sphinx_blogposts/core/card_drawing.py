"""Social card images: a post's title, date, authors and site on a 1200x630 PNG.

Pure module (no Sphinx).  Pillow is imported when a card is drawn, so this
module imports without it; :func:`pillow_available` says whether drawing
can work.  The same text, style and Pillow version give the same bytes:
text is laid out with Pillow's basic layout (never the optional Raqm
library, which a machine may or may not have) and nothing is timestamped.

Fonts are tried in order for each card: the first whose glyphs cover every
character the card shows is used; when none does, the first is used and the
missing characters are returned, so the caller can say which post has them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "CARD_SIZE",
    "CardFont",
    "CardStyle",
    "CardText",
    "DEFAULT_FONT",
    "draw_card",
    "pillow_available",
    "pillow_version",
]

#: the size Open Graph and Twitter previews expect (1.91:1)
CARD_SIZE = (1200, 630)
#: bump when the drawing changes, so cached cards are drawn again
DRAWING_VERSION = 1

_FONTS = Path(__file__).resolve().parent.parent / "fonts"


@dataclass(frozen=True)
class CardFont:
    """A face for the title (*bold*) and one for the rest (*regular*)."""

    regular: str
    bold: str
    #: face index in a ``.ttc`` collection
    index: int = 0


#: DejaVu Sans, shipped with the package (see ``fonts/LICENSE``)
DEFAULT_FONT = CardFont(str(_FONTS / "DejaVuSans.ttf"), str(_FONTS / "DejaVuSans-Bold.ttf"))


@dataclass(frozen=True)
class CardStyle:
    fonts: tuple[CardFont, ...] = (DEFAULT_FONT,)
    #: role -> ``#rrggbb``: background, text, accent, muted
    colors: tuple[tuple[str, str], ...] = ()
    #: a raster logo file drawn in the top right corner
    logo: str | None = None


@dataclass(frozen=True)
class CardText:
    title: str
    site: str = ""
    date: str = ""
    authors: str = ""


def pillow_available() -> bool:
    try:
        from PIL import ImageFont
    except ImportError:
        return False
    return hasattr(ImageFont, "truetype")


def pillow_version() -> str:
    import PIL

    return PIL.__version__


_DEFAULT_COLORS = {"background": "#1f2933", "text": "#f5f7fa", "accent": "#3ebd93", "muted": "#9aa5b1"}

# -- layout --------------------------------------------------------------------

_MARGIN = 80
_TITLE_TOP, _TITLE_BOTTOM = 175, 485
_TITLE_SIZES = (76, 68, 60, 54, 48, 42)
_LINE = 1.22
# A character of a script written without spaces may end a line anywhere.
_NO_SPACES = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_TOKEN_RE = re.compile(rf"[{_NO_SPACES}]|[^\s{_NO_SPACES}]+|\s+")


@lru_cache(maxsize=64)
def _font(path: str, size: int, index: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8)
def _notdef(path: str, index: int) -> bytes:
    return _glyph(path, index, "\U0010fffd")


def _glyph(path: str, index: int, char: str) -> bytes:
    mask = _font(path, 40, index).getmask(char)
    return bytes(mask.size) + bytes(mask)


@lru_cache(maxsize=65536)
def _has_glyph(path: str, index: int, char: str) -> bool:
    return char.isspace() or _glyph(path, index, char) != _notdef(path, index)


def _missing(font: CardFont, text: CardText) -> set[str]:
    missing = {c for c in set(text.title) if not _has_glyph(font.bold, font.index, c)}
    rest = text.site + text.date + text.authors
    missing |= {c for c in set(rest) if not _has_glyph(font.regular, font.index, c)}
    return missing


def choose_font(fonts: Sequence[CardFont], text: CardText) -> tuple[CardFont, frozenset[str]]:
    """The first of *fonts* that has every character of *text*, else the
    first with the characters it lacks."""
    first_missing: set[str] | None = None
    for font in fonts:
        missing = _missing(font, text)
        if not missing:
            return font, frozenset()
        if first_missing is None:
            first_missing = missing
    return fonts[0], frozenset(first_missing or ())


def _wrap(text: str, font: Any, width: int) -> list[str]:
    """*text* in lines no wider than *width*; a word wider than a line is
    broken between characters."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN_RE.findall(text):
        if token.isspace():
            if line:
                line += " "
            continue
        if font.getlength(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        while font.getlength(token) > width:
            cut = len(token) - 1
            while cut > 1 and font.getlength(token[:cut] + "-") > width:
                cut -= 1
            cut = max(2, min(cut, len(token) - 3))  # never a stub left over
            lines.append(token[:cut] + "-")
            token = token[cut:]
        line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit(text: str, path: str, index: int, width: int, height: int) -> tuple[Any, int, list[str]]:
    """The largest title size whose wrapped lines fit; at the smallest, the
    lines that fit with an ellipsis."""
    for size in _TITLE_SIZES:
        font = _font(path, size, index)
        lines = _wrap(text, font, width)
        step = round(size * _LINE)
        if len(lines) * step <= height:
            return font, step, lines
    keep = max(1, height // step)
    if len(lines) > keep:
        last = lines[keep - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = lines[: keep - 1] + [last.rstrip() + "…"]
    return font, step, lines


def _fit_line(text: str, font: Any, width: int) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=4)
def _logo(path: str, box: int, background: str) -> tuple[Any, bytes]:
    """The logo on the card's background, in at most 64 colours: its
    indices and its palette (RGB triplets)."""
    from PIL import Image

    with Image.open(path) as image:
        logo = image.convert("RGBA")
    logo.thumbnail((box, box), Image.Resampling.LANCZOS)
    flat = Image.new("RGB", logo.size, background)
    flat.paste(logo, (0, 0), logo)
    quantized = flat.quantize(colors=_LEVELS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = bytes(quantized.getpalette() or b"")[: 3 * _LEVELS]
    indices = Image.frombytes("L", quantized.size, quantized.tobytes())
    return indices, palette.ljust(3 * _LEVELS, b"\0")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


# The card is drawn as one coverage mask and written as a palette image:
# each band of text (site name, title, byline) has its colour in _LEVELS
# shades between the background and itself, the logo its own _LEVELS
# colours.  A palette PNG is a third of the data of an RGB one: it is most
# of what makes a card cheap to write.
_LEVELS = 64
_SHIFT = 2  # 256 coverage levels -> _LEVELS
_BANDS = (("accent", 0, 140), ("text", 140, 520), ("muted", 520, CARD_SIZE[1]))
_BAR = 18


def _palette(colors: dict[str, str]) -> bytes:
    background = _rgb(colors["background"])
    palette = bytearray()
    for role, _top, _bottom in _BANDS:
        fg = _rgb(colors[role])
        for level in range(_LEVELS):
            palette += bytes(round(b + (f - b) * level / (_LEVELS - 1)) for b, f in zip(background, fg))
    return bytes(palette)


def draw_card(text: CardText, style: CardStyle) -> tuple[bytes, frozenset[str]]:
    """The card as PNG bytes, and the characters its font lacked.

    :raises OSError: if a font or the logo cannot be read.
    """
    from PIL import Image, ImageDraw

    colors = {**_DEFAULT_COLORS, **dict(style.colors)}
    font, missing = choose_font(style.fonts or (DEFAULT_FONT,), text)
    width, height = CARD_SIZE
    inner = width - 2 * _MARGIN
    coverage = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(coverage)

    logo = None
    if style.logo:
        logo = _logo(style.logo, 96, colors["background"])
    logo_width = logo[0].width + 24 if logo else 0
    if text.site:
        site_font = _font(font.bold, 34, font.index)
        draw.text((_MARGIN, 102), _fit_line(text.site, site_font, inner - logo_width),
                  font=site_font, fill=255, anchor="ls")
    title_font, step, lines = _fit(text.title, font.bold, font.index, inner, _TITLE_BOTTOM - _TITLE_TOP)
    # the block of lines centred in the title's area
    top = _TITLE_TOP + (_TITLE_BOTTOM - _TITLE_TOP - len(lines) * step) // 2
    for number, line in enumerate(lines):
        baseline = top + number * step + round(step * 0.8)
        draw.text((_MARGIN, baseline), line, font=title_font, fill=255, anchor="ls")
    byline = "  ·  ".join(part for part in (text.date, text.authors) if part)
    if byline:
        small = _font(font.regular, 30, font.index)
        draw.text((_MARGIN, height - 64), _fit_line(byline, small, inner), font=small, fill=255, anchor="ls")

    indices = Image.new("L", CARD_SIZE, 0)
    for number, (_role, band_top, band_bottom) in enumerate(_BANDS):
        box = (0, band_top, width, band_bottom)
        base = number * _LEVELS
        indices.paste(coverage.crop(box).point([base + (a >> _SHIFT) for a in range(256)]), box)
    indices.paste(_LEVELS - 1, (0, 0, _BAR, height))  # the accent bar
    palette = _palette(colors)
    if logo is not None:
        logo_indices, logo_palette = logo
        offset = len(_BANDS) * _LEVELS
        position = (width - _MARGIN - logo_indices.width, 54 + (96 - logo_indices.height) // 2)
        indices.paste(logo_indices.point([offset + min(v, _LEVELS - 1) for v in range(256)]), position)
        palette += logo_palette
    card = Image.frombytes("P", CARD_SIZE, indices.tobytes())
    card.putpalette(palette)
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=3)
    return out.getvalue(), missing
