"""The benchmark's sources: one seeded set of posts, written in three flavours.

* ``ours``: YAML front matter, ``extensions = ["sphinx_blogposts"]``, an
  index with a ``postlist``; the extension generates the blog's pages and
  feeds.
* ``plain``: the same posts as ordinary MyST pages (the title as ``# H1``,
  no front matter), pulled into the build by a hidden glob toctree.
* ``ablog``: the same posts with ABlog's own front matter (``blogpost:
  true``), ABlog's ``postlist`` and Atom feeds.

Drafts (``published: false``) exist only in the ``ours`` flavour, which has
to recognise and skip them; the other two flavours have no such notion and
simply do not get those files.

Standard library only: the harness may run under any Python 3.11+.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

FLAVOURS = ("ours", "plain", "ablog")
BASEURL = "https://example.org/"
POSTS_DIR = "_posts"
#: entries the index page's post list shows
INDEX_LIMIT = 10
#: entries in the main feed (the extension's default ``blogposts_feed_length``)
FEED_LENGTH = 20

EN_WORDS = """
the a of and to in is that for it with as on was by this be are from at or an have not which
but all they one their more about when can there been has would will also into other some what
time people work first new year way through only before after system project build release page
document reader writer feature change version python sphinx theme search index layout template
feed archive tag category author draft post blog website server client browser cache config
file folder source output markdown syntax heading list table image link code test deploy
pipeline review commit branch merge issue question answer idea reason example result problem
simple quick careful small large fast slow modern old useful clear strange open quiet busy
write read run fix move keep start finish share learn explain measure compare improve publish
""".split()

NL_WORDS = """
de het een en van in is dat op te voor met als aan er niet maar om ook zijn door naar bij uit
over nog dan wel kan wordt worden tot waar mijn onze jullie zij wij ik je hij haar ons iets
niets alles vandaag morgen gisteren week maand jaar dag avond ochtend middag tijd werk huis
stad straat fiets trein gracht regen zon wind koffie thee boek verhaal idee ideeën vraag
antwoord reden voorbeeld probleem oplossing café één coördinatie geïnteresseerd reünie privé
financiële België Groningen Utrecht Amsterdam Zwolle Nijmegen gezellig mooi snel langzaam
rustig druk eenvoudig lastig handig nieuw oud klein groot lezen schrijven bouwen delen leren
meten vergelijken verbeteren publiceren beginnen afmaken fietsen wandelen denken zeggen
""".split()

EXTRAS = ["“zo gaat dat”", "— kortom —", "€ 12,50", "→", "naïef", "Ærø", "Zürich", "Øresund",
          "São Paulo", "ĳsbaan", "☕", "½", "°C", "façade", "résumé", "Kraków"]

TAGS = [
    "python", "sphinx", "markdown", "myst", "jekyll", "docs", "feeds", "atom", "performance",
    "testing", "release", "tutorial", "web", "css", "javascript", "design", "typography",
    "accessibility", "i18n", "unicode", "fietsen", "koffie", "reizen", "boeken", "muziek",
    "fotografie", "koken", "werk", "thuis", "weekend", "open-source", "linux", "git", "ci",
    "packaging", "security", "data", "notes", "ideeën", "café",
]
AUTHORS = ["Anna de Vries", "Bram Jansen", "Chloé Martin", "Daan Öztürk", "Eva Bakker", "Femke Smit"]
CATEGORIES = ["news", "notes", "tutorials", "travel", "life", "releases"]
CODE_LANGS = ("python", "bash", "yaml", "json", "javascript")


@dataclass
class Post:
    stem: str
    title: str
    date: dt.datetime
    author: str
    category: str
    tags: list[str]
    draft: bool
    body: str  # Markdown without a title
    dutch: bool
    words: int = 0


@dataclass
class Corpus:
    """A set of posts, written as one flavour or another."""

    posts: list[Post]
    seed: int | None = None
    #: real-corpus source files (ours: verbatim; plain: converted)
    files: dict[str, str] = field(default_factory=dict)
    real: bool = False

    @property
    def published(self) -> list[Post]:
        return [p for p in self.posts if not p.draft]

    @property
    def drafts(self) -> list[Post]:
        return [p for p in self.posts if p.draft]


# --- generated corpus ---------------------------------------------------------


def _sentence(rng: random.Random, words: list[str], links: list[str]) -> str:
    n = rng.randint(7, 17)
    chosen = [rng.choice(words) for _ in range(n)]
    roll = rng.random()
    if roll < 0.12:
        i = rng.randrange(n)
        chosen[i] = f"`{chosen[i]}()`"
    elif roll < 0.22:
        i = rng.randrange(n)
        chosen[i] = f"**{chosen[i]}**"
    elif roll < 0.30:
        i = rng.randrange(n)
        chosen[i] = f"*{chosen[i]}*"
    elif roll < 0.40 and links:
        i = rng.randrange(n)
        chosen[i] = f"[{chosen[i]}]({rng.choice(links)})"
    if rng.random() < 0.15:
        chosen.insert(rng.randrange(n), rng.choice(EXTRAS))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def _paragraph(rng: random.Random, words: list[str], links: list[str]) -> str:
    return " ".join(_sentence(rng, words, links) for _ in range(rng.randint(2, 5)))


def _code(rng: random.Random, words: list[str]) -> str:
    lang = rng.choice(CODE_LANGS)
    w = [re.sub(r"\W", "", rng.choice(words)) or "x" for _ in range(6)]
    bodies = {
        "python": [f"def {w[0]}_{w[1]}(items):", f"    \"\"\"{w[2]} {w[3]}.\"\"\"",
                   "    total = 0", "    for item in items:", f"        total += len(item.{w[4]})",
                   f"    return {{'{w[5]}': total}}"],
        "bash": [f"cd ~/{w[0]}", "python -m venv .venv && . .venv/bin/activate",
                 f"pip install {w[1]}-{w[2]}", f"sphinx-build -b html docs _build/{w[3]}"],
        "yaml": [f"{w[0]}:", f"  {w[1]}: true", f"  {w[2]}: [{w[3]}, {w[4]}]", f"  {w[5]}: 42"],
        "json": ["{", f'  "{w[0]}": "{w[1]}",', f'  "{w[2]}": [1, 2, 3],', f'  "{w[3]}": null', "}"],
        "javascript": [f"const {w[0]} = document.querySelector('.{w[1]}');",
                       f"{w[0]}.addEventListener('click', () => {{", f"  console.log('{w[2]} {w[3]}');",
                       "});"],
    }
    return "\n".join([f"```{lang}", *bodies[lang], "```"])


def _words(markdown: str) -> int:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return len(re.findall(r"\w+", text))


def _body(rng: random.Random, dutch: bool, links: list[str], target: int) -> str:
    words = NL_WORDS if dutch else EN_WORDS
    blocks = [_paragraph(rng, words, links), _paragraph(rng, words, links)]
    section = 0
    while _words("\n\n".join(blocks)) < target:
        section += 1
        heading = " ".join(rng.choice(words) for _ in range(rng.randint(2, 5)))
        blocks.append(f"## {heading[0].upper()}{heading[1:]}")
        blocks.append(_paragraph(rng, words, links))
        kind = rng.choice(("bullets", "numbers", "code", "quote", "table", "code"))
        if kind == "bullets":
            blocks.append("\n".join(f"- {_sentence(rng, words, links)}" for _ in range(rng.randint(3, 5))))
        elif kind == "numbers":
            blocks.append("\n".join(f"{i}. {_sentence(rng, words, links)}" for i in range(1, rng.randint(4, 6))))
        elif kind == "code":
            blocks.append(_code(rng, words))
        elif kind == "quote":
            blocks.append("> " + _sentence(rng, words, links))
        else:
            rows = [f"| {rng.choice(words)} | {rng.randint(1, 999)} | {rng.choice(EXTRAS)} |" for _ in range(3)]
            blocks.append("\n".join(["| naam | aantal | notitie |", "|---|---:|---|", *rows]))
        if section > 12:
            break
    return "\n\n".join(blocks) + "\n"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "post"


def generate(n: int, seed: int = 1) -> Corpus:
    """*n* posts, about 5 % drafts, dated over 2012-2024, ~410 words each."""
    rng = random.Random(seed)
    start = dt.datetime(2012, 1, 1, 8, 0)
    span = (dt.datetime(2024, 12, 31) - start).total_seconds()
    dates = sorted(start + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(n))
    # Zipf-like: a few tags are on many posts (long, paginated tag pages)
    tag_weights = [1 / (i + 1) for i in range(len(TAGS))]
    posts: list[Post] = []
    stems: set[str] = set()
    for i, date in enumerate(dates):
        date = date.replace(second=0, microsecond=0)
        dutch = rng.random() < 0.3
        words = NL_WORDS if dutch else EN_WORDS
        title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 7)))
        title = title[0].upper() + title[1:]
        if rng.random() < 0.1:
            title += ": " + rng.choice(EXTRAS)
        stem = f"{date:%Y-%m-%d}-{_slug(title)}"
        if stem in stems:
            stem += f"-{i}"
        stems.add(stem)
        # links to recent posts, never to a draft (the plain and ablog flavours have none)
        earlier = [p.stem for p in posts[-50:] if not p.draft]
        links = [f"https://example.com/{rng.choice(EN_WORDS)}/{i}", "https://www.sphinx-doc.org/"]
        links += [f"{s}.md" for s in rng.sample(earlier, min(2, len(earlier)))]
        tags = []
        for _ in range(rng.randint(1, 4)):
            tag = rng.choices(TAGS, tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        body = _body(rng, dutch, links, rng.randint(370, 450))
        posts.append(Post(stem, title, date, rng.choice(AUTHORS), rng.choice(CATEGORIES), tags,
                          rng.random() < 0.05, body, dutch, _words(body)))
    return Corpus(posts, seed=seed)


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ours_text(post: Post) -> str:
    lines = [
        "---",
        f"title: {_yaml_str(post.title)}",
        f"date: {post.date:%Y-%m-%d %H:%M}",
        f"author: {_yaml_str(post.author)}",
        f"category: {post.category}",
        "tags: [" + ", ".join(_yaml_str(t) for t in post.tags) + "]",
    ]
    if post.draft:
        lines.append("published: false")
    return "\n".join([*lines, "---", "", post.body])


def _plain_text(post: Post) -> str:
    return f"# {_escape_title(post.title)}\n\n{post.body}"


def _ablog_text(post: Post) -> str:
    lines = [
        "---",
        "blogpost: true",
        f'date: "{post.date:%Y-%m-%d %H:%M}"',
        f"author: {_yaml_str(post.author)}",
        f"category: {post.category}",
        f"tags: {_yaml_str(', '.join(post.tags))}",
        "---",
    ]
    return "\n".join(lines) + "\n" + _plain_text(post)


def _escape_title(title: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", title)


# --- a real Jekyll corpus -----------------------------------------------------

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*\r?\n?", re.S)
_UNPUBLISHED = re.compile(r"^published:\s*(?!(?:true|yes|on)\s*$)\S", re.M | re.I)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")


def load_real(folder: Path) -> Corpus:
    """The ``_posts`` of a Jekyll site, for ``ours`` and ``plain`` only."""
    source = folder / POSTS_DIR
    if not source.is_dir():
        raise SystemExit(f"{source} is not a folder")
    posts: list[Post] = []
    files: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in MARKDOWN_SUFFIXES:
            continue
        rel = path.relative_to(source).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        files[rel] = text
        match = _FRONT.match(text)
        meta = match.group(1) if match else ""
        title = re.search(r"^title:\s*(.*?)\s*$", meta, re.M)
        title_text = title.group(1).strip("'\"") if title else Path(rel).stem
        posts.append(Post(
            stem=rel.rsplit(".", 1)[0], title=title_text, date=dt.datetime(1970, 1, 1), author="",
            category="", tags=[], draft=bool(match and _UNPUBLISHED.search(meta)),
            body=text[match.end():] if match else text, dutch=True,
        ))
    if not posts:
        raise SystemExit(f"no Markdown posts in {source}")
    return Corpus(posts, files=files, real=True)


# --- writing a flavour ----------------------------------------------------------

_COMMON_CONF = f"""\
project = "Bench blog"
copyright = "2026, bench"
author = "bench"
language = "en"
html_baseurl = "{BASEURL}"
exclude_patterns = ["_build"]
# Alabaster (the default theme, with its default sidebars, for every flavour)
# renders hidden toctrees in its navigation sidebar too; for the plain
# flavour that would list every post on every page.
html_theme_options = {{"sidebar_includehidden": False}}
"""

CONF = {
    "ours": _COMMON_CONF + 'extensions = ["sphinx_blogposts"]\n',
    "plain": _COMMON_CONF + 'extensions = ["myst_parser"]\n',
    "ablog": _COMMON_CONF + f"""\
extensions = ["ablog", "myst_parser"]
blog_path = "blog"
blog_title = "Bench blog"
blog_baseurl = "{BASEURL}"
blog_feed_length = {FEED_LENGTH}
blog_feed_fulltext = True
blog_feed_archives = True
post_date_format = "%Y-%m-%d %H:%M"
""",
}

_INTRO = "# Bench blog\n\nA generated blog for the benchmark: één index, véél posts.\n\n"
INDEX = {
    "ours": _INTRO + f"```{{postlist}}\n:limit: {INDEX_LIMIT}\n:excerpts:\n```\n",
    "plain": _INTRO + f"```{{toctree}}\n:hidden:\n:glob:\n:maxdepth: 1\n\n{POSTS_DIR}/*\n```\n",
    "ablog": _INTRO + f"```{{postlist}} {INDEX_LIMIT}\n:excerpts:\n```\n",
}


def write_flavour(corpus: Corpus, flavour: str, srcdir: Path) -> None:
    """Write *corpus* as *flavour* into an empty *srcdir*."""
    if srcdir.exists():
        shutil.rmtree(srcdir)
    posts_dir = srcdir / POSTS_DIR
    posts_dir.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF[flavour], encoding="utf-8")
    (srcdir / "index.md").write_text(INDEX[flavour], encoding="utf-8")
    if corpus.real:
        _write_real(corpus, flavour, posts_dir)
        return
    render = {"ours": _ours_text, "plain": _plain_text, "ablog": _ablog_text}[flavour]
    for post in corpus.posts:
        if post.draft and flavour != "ours":
            continue
        (posts_dir / f"{post.stem}.md").write_text(render(post), encoding="utf-8")


def _write_real(corpus: Corpus, flavour: str, posts_dir: Path) -> None:
    if flavour == "ablog":
        raise SystemExit("a real corpus is benchmarked for ours and plain only")
    for post, (rel, text) in zip(corpus.posts, corpus.files.items()):
        if flavour == "ours":
            target = posts_dir / rel
        else:
            if post.draft:
                continue
            # myst_parser alone reads only .md
            target = posts_dir / (post.stem + ".md")
            if target.exists():
                raise SystemExit(f"two posts named {post.stem} in the corpus")
            text = f"# {_escape_title(post.title)}\n\n{post.body}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# --- the edits of the rebuild scenarios ---------------------------------------------

EDIT_MARKER = "Benchmark edit: één extra alinea, toegevoegd na de eerste build."
NEW_TAG = "retagged-by-bench"


def edit_target(corpus: Corpus) -> Post:
    """The published post the rebuild scenarios edit: one in the middle."""
    published = corpus.published
    return published[len(published) // 2]


def post_path(srcdir: Path, corpus: Corpus, post: Post, flavour: str) -> Path:
    if corpus.real and flavour == "ours":
        rel = next(r for p, r in zip(corpus.posts, corpus.files) if p is post)
        return srcdir / POSTS_DIR / rel
    return srcdir / POSTS_DIR / f"{post.stem}.md"


def edit_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{EDIT_MARKER}\n", encoding="utf-8")


def edit_tags(path: Path, flavour: str) -> None:
    """Give the post one more tag.

    A plain page has no tags: its file is written again unchanged, so Sphinx
    sees it modified and reads it again, which is what the same edit costs
    without metadata.
    """
    text = path.read_text(encoding="utf-8")
    if flavour == "plain":
        path.write_text(text, encoding="utf-8")
        return
    match = _FRONT.match(text)
    if not match:
        raise SystemExit(f"{path}: no front matter to change the tags of")
    kept: list[str] = []
    old_tags: list[str] = []
    in_tags = False
    for line in match.group(1).split("\n"):
        if re.match(r"tags\s*:", line):
            in_tags = True
            old_tags += _tag_values(line.split(":", 1)[1])
        elif in_tags and line.startswith((" ", "\t", "-")):
            old_tags += _tag_values(line.strip().lstrip("-"))
        else:
            in_tags = False
            kept.append(line)
    tags = [*old_tags, NEW_TAG]
    if flavour == "ablog":
        kept.append(f"tags: {_yaml_str(', '.join(tags))}")
    else:
        kept.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front = "---\n" + "\n".join(kept) + "\n---\n"
    path.write_text(front + text[match.end():], encoding="utf-8")


def _tag_values(value: str) -> list[str]:
    """Tags from a YAML value: a flow list, "a, b", or Jekyll's "a b"."""
    value = value.strip()
    if value.startswith("["):
        parts = value.strip("[]").split(",")
    elif "," in value:
        parts = value.split(",")
    else:
        parts = value.split()
    return [p.strip().strip("'\"") for p in parts if p.strip().strip("'\"")]
