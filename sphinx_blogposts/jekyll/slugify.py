"""Jekyll's ``slugify``: a title or file name as a URL slug, in each of Jekyll's modes.

One implementation for the ``slugify`` filter and for the ``:title``,
``:slug`` and ``:name`` placeholders of old permalinks
(:func:`.permalinks.jekyll_slugify`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["MODES", "slugify"]

#: the modes that change more than the case; any other mode (``none``
#: included) leaves the text as it is, apart from the case, as in Jekyll
MODES = frozenset({"raw", "default", "pretty", "ascii", "latin"})

# Characters that stay readable (not percent-escaped) in a URL and are allowed
# in file names on ext4 and NTFS alike.
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
# Ruby's \s: ASCII whitespace only, where Python's \s also matches no-break
# spaces and the other Unicode spaces.
_RUBY_SPACES_RE = re.compile(r"[ \t\n\v\f\r]+")
_NOT_ASCII_ALNUM_RE = re.compile(r"[^A-Za-z0-9]+")


def _word(char: str) -> bool:
    """A Letter, Mark or Decimal_Number: what Jekyll 4 keeps (``\\p{L}\\p{M}\\p{Nd}``).

    Marks (an accent written apart, a Devanagari vowel sign or virama) stay
    with their word; digits such as ``²`` or ``Ⅻ`` do not.
    """
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _pretty(char: str) -> bool:
    return char in _PRETTY_KEEP or _word(char)


def _hyphenate(text: str, keep: Callable[[str], bool]) -> str:
    """Each run of characters that *keep* refuses becomes one ``-``."""
    out: list[str] = []
    for char in text:
        if keep(char):
            out.append(char)
        elif not out or out[-1] != "-":
            out.append("-")
    return "".join(out)


def slugify(text: str, mode: str | None = "default", *, cased: bool = False) -> str:
    """*text* as Jekyll's ``Utils.slugify`` makes it in *mode*.

    - ``raw``: each run of (ASCII) whitespace becomes ``-``;
    - ``default``: each run of characters other than letters, marks and
      decimal digits becomes ``-``;
    - ``pretty``: as ``default``, but ``._~!$&'()+,;=@`` are kept too;
    - ``ascii``: each run of characters other than ``A-Z``, ``a-z`` and
      ``0-9`` becomes ``-``;
    - ``latin``: accents are taken off (compatibility decomposition, then
      what is not ASCII goes), then as ``default``.  Jekyll transliterates
      with the I18n gem instead, which also spells ``ß`` or ``ø`` in ASCII
      and turns other characters into ``?`` (so into ``-``);
    - ``None`` is ``default``; ``none`` and any other mode leave the text
      as it is.

    In the five modes, one ``-`` is then taken off each end.  In every mode
    the result is lowercased unless *cased*.
    """
    mode = "default" if mode is None else mode
    if mode not in MODES:
        return text if cased else text.lower()
    if mode == "raw":
        slug = _RUBY_SPACES_RE.sub("-", text)
    elif mode == "ascii":
        slug = _NOT_ASCII_ALNUM_RE.sub("-", text)
    elif mode == "pretty":
        slug = _hyphenate(text, _pretty)
    else:
        if mode == "latin":
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        slug = _hyphenate(text, _word)
    # Only one dash each side, as Jekyll: in raw mode "--a--" keeps "-a-".
    if slug.startswith("-"):
        slug = slug[1:]
    if slug.endswith("-"):
        slug = slug[:-1]
    return slug if cased else slug.lower()
