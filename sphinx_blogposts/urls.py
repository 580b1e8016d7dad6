"""URL hygiene for values that come from front matter."""

from __future__ import annotations

import re

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters browsers ignore or strip inside a scheme ("java\tscript:").
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def safe_url(value: str | None) -> str | None:
    """*value* if it is an http(s)/mailto or relative URL, else ``None``.

    ``javascript:``, ``data:`` and other schemes are refused: front matter is
    untrusted, and these values end up in ``href`` and ``src`` attributes.
    """
    if not value:
        return None
    probe = _INVISIBLE_RE.sub("", value)
    match = _SCHEME_RE.match(probe)
    if match is not None and match.group(1).lower() not in _SAFE_SCHEMES:
        return None
    if probe.startswith("//") or probe.startswith("\\"):
        return value.strip() if probe.startswith("//") else None
    return value.strip()
