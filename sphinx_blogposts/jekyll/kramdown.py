"""kramdown constructs: inline attribute lists, header ids, abbreviations.

Attribute lists become MyST ``attrs_block``/``attrs_inline`` syntax.  Only
harmless attributes survive (:data:`ALLOWED_KEYS`); a ``style`` that could
run code is dropped.  A block IAL written *after* its block must move before
it without moving any other text, so :func:`apply_block_ials` picks, in order:

1. the blank line above the block, when the line above that is blank too or
   starts the post: ``{.class #id}`` there (MyST ``attrs_block``);
2. an id alone: a MyST target ``(id)=`` on the blank line above (a target may
   follow a paragraph, an attribute block may not);
3. classes on a block that is not a heading: a ``{container}`` directive whose
   fence opens on the blank line above and closes on the IAL's line
   (``<div class="...">`` around the block);
4. a block that is one image or link: inline attributes at the end of its line;
5. otherwise the attributes are dropped, with a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core.markup import ATX_RE, LineKind

__all__ = [
    "ALLOWED_KEYS",
    "BLOCK_IAL_RE",
    "SPAN_IAL_RE",
    "WRAPPED_SPAN_IAL_RE",
    "Attrs",
    "abbreviation_pattern",
    "abbreviation_role",
    "apply_block_ials",
    "parse_ial",
]

#: Attribute names kept from kramdown attribute lists.
ALLOWED_KEYS = frozenset({"class", "id", "style", "width", "height", "title", "alt", "target", "rel", "lang"})

# The body of an attribute list: bounded, so a stray ``{:`` costs little.
_IAL_BODY = r"""((?:[^{}"'\n]|"[^"\n]*"|'[^'\n]*'){0,400}?)"""
SPAN_IAL_RE = re.compile(r"\{:(?![:/])[ \t]*" + _IAL_BODY + r"[ \t]*\}")
#: a span IAL whose body goes on over line breaks (never over a blank line),
#: as kramdown reads it: ``![i](x.png){:`` then ``.icon width="70"}``
WRAPPED_SPAN_IAL_RE = re.compile(
    r"""\{:(?![:/])((?:[^{}"'\n]|"[^"\n]*"|'[^'\n]*'|\r?\n(?![ \t]*\r?\n)){0,400}?\n(?![ \t]*\r?\n)(?:[^{}"'\n]|"[^"\n]*"|'[^'\n]*'|\r?\n(?![ \t]*\r?\n)){0,400}?)\}"""
)
BLOCK_IAL_RE = re.compile(r"( {0,3})\{:(?![:/])[ \t]*" + _IAL_BODY + r"[ \t]*\}[ \t]*\r?")
ALD_RE = re.compile(r" {0,3}\{:([\w-]+):[ \t]*" + _IAL_BODY + r"[ \t]*\}[ \t]*\r?")
_ATTR_TOKEN_RE = re.compile(
    r"""\s*(?:
        \.(?P<cls>[^\s.#"'=}]+)
      | \#(?P<id>[^\s.#"'=}]+)
      | (?P<key>[\w:-]+)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s"'}]+))
      | (?P<ref>[\w-]+)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
# What the MyST attribute parser accepts in a class name or id.
_NAME_RE = re.compile(r"[^\s!\"#$%&'()*+,./;<=>?@\[\]^`{|}~\\]+|[\w:-]+")
_VALUE_BAD_RE = re.compile(r"[\"\\{}\n\r]")
_STYLE_BAD_RE = re.compile(r"javascript:|vbscript:|expression\(|url\(|@import|behavior:|-moz-binding|[<>]")


@dataclass
class Attrs:
    """Attributes read from an IAL, already sanitised."""

    id: str | None = None
    classes: list[str] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)
    refs: list[str] = field(default_factory=list)
    #: names of attributes that were dropped
    dropped: list[str] = field(default_factory=list)

    def merge(self, other: Attrs) -> None:
        if other.id:
            self.id = other.id
        self.classes.extend(c for c in other.classes if c not in self.classes)
        self.pairs.update(other.pairs)
        self.dropped.extend(other.dropped)

    def __bool__(self) -> bool:
        return bool(self.id or self.classes or self.pairs)

    def myst(self) -> str:
        """MyST attribute syntax: ``{#id .a .b key="value"}``."""
        parts = [f"#{self.id}"] if self.id else []
        parts += [f".{c}" for c in self.classes]
        parts += [f'{k}="{v}"' for k, v in self.pairs.items()]
        return "{" + " ".join(parts) + "}"


def _valid_name(name: str) -> bool:
    return bool(re.fullmatch(r"[\w:-]+", name))


def parse_ial(body: str, alds: Mapping[str, Attrs] | None = None) -> Attrs:
    """Read an IAL body (between ``{:`` and ``}``), keeping only safe attributes."""
    attrs = Attrs()
    for m in _ATTR_TOKEN_RE.finditer(body):
        if m.group("cls") is not None:
            cls = m.group("cls")
            if _valid_name(cls):
                attrs.classes.append(cls)
            else:
                attrs.dropped.append("class")
        elif m.group("id") is not None:
            ident = m.group("id")
            if _valid_name(ident):
                attrs.id = ident
            else:
                attrs.dropped.append("id")
        elif m.group("key") is not None:
            key = m.group("key").lower()
            value = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
            _add_pair(attrs, key, value)
        elif m.group("ref") is not None:
            ref = m.group("ref")
            if alds is not None and ref in alds:
                attrs.merge(alds[ref])
            else:
                attrs.refs.append(ref)
    return attrs


def _add_pair(attrs: Attrs, key: str, value: str) -> None:
    if key not in ALLOWED_KEYS or _VALUE_BAD_RE.search(value):
        attrs.dropped.append(key)
    elif key == "class":
        for cls in value.split():
            if _valid_name(cls):
                attrs.classes.append(cls)
    elif key == "id":
        if _valid_name(value):
            attrs.id = value
        else:
            attrs.dropped.append(key)
    elif key == "style" and _STYLE_BAD_RE.search(re.sub(r"[\s\\]+", "", value).lower()):
        attrs.dropped.append(key)
    else:
        attrs.pairs[key] = value


# --- abbreviations -----------------------------------------------------------

ABBR_DEF_RE = re.compile(r" {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*\r?")
# Each search stops at the next opener and after 300 characters, so a line
# full of unclosed ``[`` or ``<`` stays linear.
_ABBR_MASK_RE = re.compile(
    r"!?\[[^\[\]\n]{0,300}\](?:\([^()\n]{0,300}\)|\[[^\[\]\n]{0,300}\])?|\]\([^()\n]{0,300}\)"
    r"|\]:[ \t]*\S+|<[^<>\n]{0,300}>|\{[^{}\n]{0,300}\}(?:`[^`\n]{0,300}`)?|https?://\S+|www\.\S+|\\."
)


def abbreviation_role(word: str, definition: str) -> str | None:
    """The MyST ``{abbr}`` role for *word*, or ``None`` if it cannot be written safely."""
    if not definition or "`" in word + definition or "(" in word or "\\" in word:
        return None
    if word != word.strip() or not word or len(word) > 64:
        return None
    return f"{{abbr}}`{word} ({definition})`"


def abbreviation_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One pattern matching any of *words* as a whole word.

    The words are merged into a prefix tree, so that matching costs the
    length of the longest word per position, not the number of words.
    """
    trie: dict[str, dict] = {}
    for word in words:
        if len(word) > 64:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return None

    def build(node: dict[str, dict]) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(rf"(?<!\w)(?:{build(trie)})(?!\w)")


def replace_abbreviations(text: str, pattern: re.Pattern[str], roles: Mapping[str, str]) -> str:
    """Replace whole-word abbreviations outside links, tags, URLs and attributes."""
    out: list[str] = []
    pos = 0
    for m in _ABBR_MASK_RE.finditer(text):
        out.append(pattern.sub(lambda a: roles[a.group()], text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(pattern.sub(lambda a: roles[a.group()], text[pos:]))
    return "".join(out)


# --- block IALs and header ids -------------------------------------------------

_HEADER_ID_RE = re.compile(r"\{#([\w:.-]+)\}[ \t]*(\r?)")
_SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*\r?$")
_ONE_LINK_RE = re.compile(r"[ \t]*!?\[[^\]\n]*\]\([^()\n]*\)[ \t]*\r?")
_TOC_ITEM_RE = re.compile(r"[ \t]*(?:[-+*]|1[.)])[ \t]+.+")


def _blank(line: str) -> bool:
    return not line.strip()


def _fence_for(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


@dataclass
class BlockPass:
    """Applies block IALs, ALDs, ``{:toc}`` and header ids to output lines."""

    lines: list[str]
    kinds: list[str]
    code_start: list[int]
    report: Callable[[str, str, int], None]
    #: lines already rewritten (they end blocks)
    barrier: set[int] = field(default_factory=set)
    #: attribute lines this pass wrote, by line
    written: dict[int, Attrs] = field(default_factory=dict)
    alds: dict[str, Attrs] = field(default_factory=dict)

    def run(self) -> None:
        lines, kinds = self.lines, self.kinds
        for i, line in enumerate(lines):
            if kinds[i] == LineKind.TEXT and "{:" in line:
                m = ALD_RE.fullmatch(line)
                if m is not None:
                    self.alds[m.group(1)] = parse_ial(m.group(2), self.alds)
                    lines[i] = ""
                    self.barrier.add(i)
        for i in range(len(lines)):
            if kinds[i] == LineKind.HTML and "{:" in lines[i] and BLOCK_IAL_RE.fullmatch(lines[i]):
                # MyST would show it as text inside the raw HTML
                lines[i] = ""
                self.report(
                    "ial-html",
                    "kramdown attribute list after raw HTML was dropped: write the attributes in the HTML",
                    i,
                )
                continue
            if kinds[i] != LineKind.TEXT or i in self.barrier:
                continue
            line = lines[i]
            if "{:" in line:
                m = BLOCK_IAL_RE.fullmatch(line)
                if m is not None:
                    self._block_ial(i, m.group(1), m.group(2))
                    continue
            if "{#" in line:
                self._header_id(i)

    def _problem_dropped(self, attrs: Attrs, line: int) -> None:
        for name in dict.fromkeys(attrs.dropped):
            self.report(
                f"ial-attr:{name}",
                f"kramdown attribute '{name}' is not kept (only "
                f"{', '.join(sorted(ALLOWED_KEYS))} are, and only harmless values)",
                line,
            )

    def _block_start(self, j: int) -> int:
        lines, kinds = self.lines, self.kinds
        if kinds[j] == LineKind.CODE:
            return self.code_start[j]
        if ATX_RE.match(lines[j]):
            return j
        kind = kinds[j]
        while (
            j > 0
            and kinds[j - 1] == kind
            and not _blank(lines[j - 1])
            and j - 1 not in self.barrier
            and j - 1 not in self.written
            and not ATX_RE.match(lines[j - 1])
        ):
            j -= 1
        return j

    def _is_heading(self, start: int, end: int) -> bool:
        return bool(ATX_RE.match(self.lines[start])) or (
            end > start and bool(_SETEXT_RE.match(self.lines[end])) and self.kinds[end] == LineKind.TEXT
        )

    def _block_ial(self, i: int, indent: str, body: str) -> None:
        lines = self.lines
        attrs = parse_ial(body, self.alds)
        self._problem_dropped(attrs, i)
        self.barrier.add(i)
        after = (
            i > 0 and not _blank(lines[i - 1]) and (i - 1) not in self.barrier and (i - 1) not in self.written
        )
        if "toc" in attrs.refs and after and self._toc(i):
            return
        for ref in attrs.refs:
            if ref != "toc":
                self.report(f"ial-ref:{ref}", f"kramdown attribute list reference '{ref}' is not defined", i)
        if not after:
            if attrs and i + 1 < len(lines) and not _blank(lines[i + 1]):
                lines[i] = indent + attrs.myst()
                self.written[i] = attrs
            else:
                lines[i] = ""
            return
        lines[i] = ""
        if not attrs:
            return
        start = self._block_start(i - 1)
        heading = self._is_heading(start, i - 1)
        above = start - 1
        if above in self.written:
            self.written[above].merge(attrs)
            prefix = lines[above][: len(lines[above]) - len(lines[above].lstrip())]
            lines[above] = prefix + self.written[above].myst()
            return
        block_indent = re.match(r"[ \t]*", lines[start]).group()  # type: ignore[union-attr]
        if above >= 0 and _blank(lines[above]):
            if above == 0 or _blank(lines[above - 1]) or ATX_RE.match(lines[above - 1]):
                lines[above] = block_indent + attrs.myst()
                self.written[above] = attrs
                return
            if attrs.id and not attrs.classes and not attrs.pairs:
                lines[above] = f"{block_indent}({attrs.id})="
                self.barrier.add(above)
                return
            if attrs.classes and not heading and not block_indent:
                fence = _fence_for(lines[start:i])
                lines[above] = f"{fence}{{container}} {' '.join(attrs.classes)}"
                lines[i] = fence
                self.barrier.update((above, i))
                lost = ([f"id '{attrs.id}'"] if attrs.id else []) + list(attrs.pairs)
                if lost:
                    self.report(
                        "ial-container",
                        f"kramdown attributes {', '.join(lost)} were dropped: only the classes "
                        "could be kept (as a container around the block)",
                        i,
                    )
                return
        if start == i - 1 and not heading and _ONE_LINK_RE.fullmatch(lines[start]):
            line = lines[start]
            cr = "\r" if line.endswith("\r") else ""
            lines[start] = line.rstrip() + attrs.myst() + cr
            return
        self.report(
            "ial-placement",
            "kramdown attribute list after a block was dropped: leave a blank line "
            "above the block so that it can be moved there",
            i,
        )

    def _toc(self, i: int) -> bool:
        """``* TOC`` followed by ``{:toc}``: a ``{contents}`` directive."""
        lines = self.lines
        start = i - 1
        if not _TOC_ITEM_RE.fullmatch(lines[start].rstrip("\r")) or self.kinds[start] != LineKind.TEXT:
            return False
        # ``:local:`` needs a third line: the blank line above, else the one below
        above = start - 1
        if above >= 0 and _blank(lines[above]) and above not in self.barrier:
            lines[above], lines[start], lines[i] = "```{contents}", ":local:", "```"
            self.barrier.add(above)
        elif i + 1 >= len(lines) or (_blank(lines[i + 1]) and self.kinds[i + 1] == LineKind.TEXT):
            lines[start], lines[i] = "```{contents}", ":local:"
            if i + 1 < len(lines):
                lines[i + 1] = "```"
                self.barrier.add(i + 1)
        else:
            lines[start], lines[i] = "```{contents}", "```"
        self.barrier.update((start, i))
        return True

    def _header_id(self, i: int) -> None:
        lines = self.lines
        line = lines[i]
        at = line.rfind("{#")
        m = _HEADER_ID_RE.fullmatch(line, at) if at > 0 and line[at - 1] in " \t" else None
        if m is None:
            return
        atx = ATX_RE.match(line) is not None
        setext = (
            not atx
            and i + 1 < len(lines)
            and self.kinds[i + 1] == LineKind.TEXT
            and _SETEXT_RE.fullmatch(lines[i + 1]) is not None
            and (i == 0 or _blank(lines[i - 1]) or i - 1 in self.barrier)
        )
        if not (atx or setext):
            return
        lines[i] = line[: m.start()].rstrip(" \t") + m.group(2)
        ident = m.group(1)
        if i > 0 and _blank(lines[i - 1]) and (i - 1) not in self.written:
            indent = re.match(r"[ \t]*", line).group()  # type: ignore[union-attr]
            lines[i - 1] = f"{indent}({ident})="
            self.barrier.add(i - 1)
        elif i > 0 and (i - 1) in self.written:
            self.written[i - 1].id = ident
            lines[i - 1] = self.written[i - 1].myst()
        else:
            self.report(
                "header-id",
                f"header id '{ident}' was dropped: leave a blank line above the heading",
                i,
            )


def apply_block_ials(
    lines: list[str],
    kinds: list[str],
    code_start: list[int],
    report: Callable[[str, str, int], None],
) -> None:
    """Rewrite block IALs, ALDs, ``{:toc}`` and header ids in *lines* in place.

    *report* receives a deduplication key, a message and a 0-based line index.
    """
    BlockPass(lines, kinds, code_start, report).run()
