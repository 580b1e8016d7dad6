"""Escaping values for where the converter puts them: Markdown text, HTML,
link destinations.  (Where code is, the converter learns from the block
scanner in :mod:`..core.markup`.)
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "escape_url"]


# Everything that can start Markdown or MyST markup; a backslash before any
# ASCII punctuation is always a literal in CommonMark.
_MD_SPECIAL = "\\`*_[]{}()<>#+-.!|~^$&:="
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})
_ENTITY_RE = re.compile(r"&#?\w{1,32};")
_URL_UNSAFE_RE = re.compile(r"[\s()<>\\\"`]")


def _one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def escape_markdown(text: str, *, html_escaped: bool = False) -> str:
    """Text that MyST shows literally (entities kept when already HTML-escaped)."""
    text = _one_line(text)
    if not html_escaped:
        return text.translate(_MD_ESCAPES)
    out: list[str] = []
    pos = 0
    for m in _ENTITY_RE.finditer(text):
        out.append(text[pos : m.start()].translate(_MD_ESCAPES))
        out.append(m.group())
        pos = m.end()
    out.append(text[pos:].translate(_MD_ESCAPES))
    return "".join(out)


def escape_html(text: str, *, html_escaped: bool = False) -> str:
    text = _one_line(text)
    return text if html_escaped else html.escape(text)


def escape_url(text: str) -> str:
    """A URL that stays one link destination."""
    return _URL_UNSAFE_RE.sub(lambda m: f"%{ord(m.group()):02X}", _one_line(text).strip())
