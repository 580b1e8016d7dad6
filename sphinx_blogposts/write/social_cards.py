"""Social cards: a drawn image for every post without one of its own
(``blogposts_social_cards``).

A card's file name carries a digest of what it shows (title, date, authors,
site name, colours, fonts and logo as configured), so a page and a feed can
name it in worker processes, before it is drawn, from the environment alone;
an edited title gives a new name, which link previews fetch anew.

Cards are drawn on ``build-finished`` (main process; in worker processes on
``-j N`` builds with many to draw, see :mod:`.workers`) and kept in a cache
inside the doctree folder (never in the source folder), under a digest that
also covers the font and logo files and the Pillow version.  A build copies
what the cache has and draws only the rest: a rebuild with nothing changed,
or with one post edited, draws nothing or one card.  Cards of posts that
are gone are deleted from the output and the cache.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..core import card_drawing as drawing
from ..core.head_meta import Image
from ..core.slugs import slugify
from ..log import logger, warn
from ..resolve.summary import date_text
from .generated import GeneratedFiles, fingerprint, write_atomic
from .workers import in_workers, worth_forking

if TYPE_CHECKING:
    from ..context import BuildContext

CACHE_FOLDER = "blogposts-cards"
_RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class Card:
    docname: str
    text: drawing.CardText
    #: the card's file, relative to the output folder
    file: str
    image: Image
    #: the digest of the drawing: what it shows and what it is drawn with
    digest: str


def _identity(path: str | None) -> tuple[str, int, int] | None:
    if not path:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return path, info.st_size, info.st_mtime_ns


class SocialCards:
    """The cards of one build."""

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        cfg = context.cfg
        self.enabled = bool(
            cfg.social_cards and context.pages and context.base_url and drawing.pillow_available()
        )
        self.problems: list[str] = []
        self._cards: dict[str, Card | None] = {}
        if not self.enabled:
            return
        confdir = context.confdir
        fonts = []
        for name in cfg.social_cards_fonts:
            path = os.path.join(confdir, name)
            if os.path.isfile(path):
                fonts.append(drawing.CardFont(path, path))
            else:
                self.problems.append(f"blogposts_social_cards_font: {name!r} is not a font file; not used")
        # the shipped font is the last resort: it has no CJK, but most others
        self.style = drawing.CardStyle((*fonts, drawing.DEFAULT_FONT), cfg.social_cards_colors, self._logo())
        # what the cards show beyond the post: in the name of every card
        self._shown = (self.style.colors,
                       tuple(os.path.basename(f.bold) for f in self.style.fonts),
                       os.path.basename(self.style.logo) if self.style.logo else None)
        # what they are drawn with: in the cache's digest only, so that an
        # upgrade redraws a card in place and the pages naming it stay right
        self._drawn_with = (drawing.DRAWING_VERSION, drawing.pillow_version(),
                            tuple(_identity(f.bold) for f in self.style.fonts),
                            tuple(_identity(f.regular) for f in self.style.fonts),
                            _identity(self.style.logo))

    def _logo(self) -> str | None:
        cfg = self.context.cfg
        given = cfg.social_cards_logo
        if given == "":
            return None
        name = given if given is not None else self.context.config.html_logo
        if not name or "://" in name or not name.lower().endswith(_RASTER):
            if given:
                self.problems.append(f"blogposts_social_cards_logo: {given!r} is not a PNG, JPEG, GIF or "
                                     "WebP file; no logo drawn")
            return None
        path = os.path.join(self.context.confdir, name)
        if not os.path.isfile(path):
            self.problems.append(f"the cards' logo {name!r} is not a file; no logo drawn")
            return None
        return path

    def card(self, docname: str) -> Card | None:
        """The card of the post *docname*, if it gets one."""
        if not self.enabled:
            return None
        if docname not in self._cards:
            self._cards[docname] = self._make(docname)
        return self._cards[docname]

    def _make(self, docname: str) -> Card | None:
        context = self.context
        post = context.domain.post(docname)
        if post is None or context.post_images.own(docname) is not None:
            return None
        text = drawing.CardText(
            title=post.title,
            site=context.config.project or "",
            date=date_text(post.date, post, context.cfg),
            authors=", ".join(a.name for a in post.authors),
        )
        shown = fingerprint(self._shown, docname, text)
        stem = slugify(posixpath.basename(docname))[:60] or "post"
        folder = f"{context.cfg.root}/cards" if context.cfg.root else "cards"
        file = f"{folder}/{stem}-{shown[:12]}.png"
        width, height = drawing.CARD_SIZE
        image = Image(context.base_url + quote(file), post.title, width, height, "image/png")
        return Card(docname, text, file, image, fingerprint(shown, self._drawn_with))


def cache_folder(context: BuildContext) -> Path:
    return Path(context.env.doctreedir) / CACHE_FOLDER


def on_build_finished(context: BuildContext, exception: Exception | None) -> None:
    if exception is not None or not context.pages:
        return
    cards = context.social_cards
    generated = GeneratedFiles(context.builder.outdir, "cards")
    if not cards.enabled:
        generated.finish()  # cards of earlier builds go
        return
    for problem in cards.problems:
        warn("cards", problem)
    outdir = Path(context.builder.outdir)
    cache = cache_folder(context)
    cache.mkdir(parents=True, exist_ok=True)
    todo: list[Card] = []
    wanted: set[str] = set()
    for docname in sorted(context.domain.live_posts()):
        card = cards.card(docname)
        if card is None:
            continue
        wanted.add(f"{card.digest}.png")
        target = outdir / card.file
        if generated.up_to_date(target, card.digest):
            continue
        cached = cache / f"{card.digest}.png"
        if cached.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, cached.read_bytes())
        else:
            todo.append(card)

    def draw(chunk: list[Card]) -> None:
        for card in chunk:
            _draw(context, cards.style, card, cache, outdir)

    if worth_forking(context, len(todo)):
        in_workers(context, todo, draw)
    else:
        draw(todo)
    if todo:
        logger.info("[blogposts] %d social card(s) drawn", len(todo))
    generated.finish()
    for stale in cache.glob("*.png"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)


def _draw(context: BuildContext, style: drawing.CardStyle, card: Card, cache: Path, outdir: Path) -> None:
    post = context.domain.post(card.docname)
    try:
        data, missing = drawing.draw_card(card.text, style)
    except OSError as exc:
        warn("cards", f"the social card could not be drawn: {exc}", (card.docname, 1))
        return
    if missing:
        shown = "".join(sorted(missing)[:10])
        warn("cards", f"the card's font has no glyphs for {len(missing)} character(s) of this post "
             f"({shown!r}); they are drawn as boxes: add a font that has them to "
             "blogposts_social_cards_font", (card.docname, post.line_of("title") if post else 1))
    write_atomic(cache / f"{card.digest}.png", data)
    target = outdir / card.file
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)

