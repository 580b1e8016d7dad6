"""The Liquid and Jekyll filters the evaluator knows, by name.

:data:`SIMPLE_FILTERS` maps a filter name to a function of the value and the
positional arguments; ``default`` needs the named arguments and
``relative_url``/``absolute_url`` the site variables, so the evaluator
applies those itself (with :func:`relative_url` and :func:`absolute_url`).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence

from .ruby_dates import format_date, parse_date
from .slugify import slugify
from .values import ExprError, HtmlText, to_number, to_text

__all__ = ["KNOWN_FILTERS", "SIMPLE_FILTERS", "absolute_url", "relative_url"]


def _str(value: object) -> str:
    return to_text(value)


def _slug_mode(mode: object) -> str | None:
    # Ruby's ``mode ||= "default"``: nil and false mean the default mode.
    return None if mode is None or mode is False else _str(mode)


def _truncate(value: str, length: int = 50, ellipsis: str = "...") -> str:
    if len(value) <= length:
        return value
    return value[: max(length - len(ellipsis), 0)] + ellipsis


def _truncatewords(value: str, words: int = 15, ellipsis: str = "...") -> str:
    parts = value.split()
    if len(parts) <= words:
        return value
    return " ".join(parts[: max(words, 1)]) + ellipsis


def _divided_by(a: object, b: object) -> int | float:
    x, y = to_number(a), to_number(b)
    if y == 0:
        raise ExprError("divided by 0")
    if isinstance(x, int) and isinstance(y, int):
        return x // y
    return x / y


_DATE_FORMATS = {
    "date_to_string": "%d %b %Y",
    "date_to_long_string": "%d %B %Y",
    "date_to_xmlschema": "%Y-%m-%dT%H:%M:%S%:z",
    "date_to_rfc822": "%a, %d %b %Y %H:%M:%S %z",
}


def _date_filter(value: object, fmt: str | None) -> object:
    parsed = parse_date(value)
    if parsed is None:
        if isinstance(value, str) and value.strip().lower() in ("now", "today"):
            raise ExprError("'now' would make the output depend on the build time")
        return value
    if not fmt:
        return value
    return format_date(parsed, fmt)


SIMPLE_FILTERS: dict[str, Callable[..., object]] = {
    "upcase": lambda v: _str(v).upper(),
    "downcase": lambda v: _str(v).lower(),
    "capitalize": lambda v: _str(v)[:1].upper() + _str(v)[1:],
    "strip": lambda v: _str(v).strip(),
    "lstrip": lambda v: _str(v).lstrip(),
    "rstrip": lambda v: _str(v).rstrip(),
    "strip_newlines": lambda v: _str(v).replace("\r", "").replace("\n", ""),
    "append": lambda v, s="": _str(v) + _str(s),
    "prepend": lambda v, s="": _str(s) + _str(v),
    "remove": lambda v, s="": _str(v).replace(_str(s), ""),
    "remove_first": lambda v, s="": _str(v).replace(_str(s), "", 1),
    "replace": lambda v, a="", b="": _str(v).replace(_str(a), _str(b)),
    "replace_first": lambda v, a="", b="": _str(v).replace(_str(a), _str(b), 1),
    "escape": lambda v: HtmlText(html.escape(_str(v))),
    "xml_escape": lambda v: HtmlText(html.escape(_str(v))),
    "escape_once": lambda v: HtmlText(html.escape(html.unescape(_str(v)))),
    "strip_html": lambda v: re.sub(r"<[^<>]*>", "", _str(v)),
    "smartify": lambda v: _str(v),
    "slugify": lambda v, mode=None: slugify(_str(v), _slug_mode(mode)),
    "url_encode": lambda v: urllib.parse.quote_plus(_str(v)),
    "cgi_escape": lambda v: urllib.parse.quote_plus(_str(v)),
    "uri_escape": lambda v: urllib.parse.quote(_str(v), safe="!#$&'()*+,/:;=?@[]~"),
    "url_decode": lambda v: urllib.parse.unquote_plus(_str(v)),
    "truncate": lambda v, n=50, e="...": _truncate(_str(v), int(to_number(n)), _str(e)),
    "truncatewords": lambda v, n=15, e="...": _truncatewords(_str(v), int(to_number(n)), _str(e)),
    "number_of_words": lambda v: len(_str(v).split()),
    "size": lambda v: len(v) if isinstance(v, str | Sequence | Mapping) else 0,
    "first": lambda v: v[0] if isinstance(v, Sequence) and v else None,
    "last": lambda v: v[-1] if isinstance(v, Sequence) and v else None,
    "join": lambda v, s=" ": _str(s).join(_str(x) for x in v) if isinstance(v, list | tuple) else _str(v),
    "split": lambda v, s=" ": _str(v).split(_str(s)) if _str(s) else list(_str(v)),
    "jsonify": lambda v: json.dumps(v, ensure_ascii=False, default=to_text),
    "plus": lambda v, n=0: to_number(v) + to_number(n),
    "minus": lambda v, n=0: to_number(v) - to_number(n),
    "times": lambda v, n=1: to_number(v) * to_number(n),
    "divided_by": _divided_by,
    "modulo": lambda v, n=1: to_number(v) % to_number(n),
    "abs": lambda v: abs(to_number(v)),
    "date": lambda v, fmt=None: _date_filter(v, _str(fmt) if fmt is not None else None),
}
for _name, _fmt in _DATE_FORMATS.items():
    SIMPLE_FILTERS[_name] = lambda v, *_a, _f=_fmt: _date_filter(v, _f)

#: Filters the evaluator knows (besides ``default``, ``relative_url``, ``absolute_url``).
KNOWN_FILTERS = frozenset(SIMPLE_FILTERS) | {"default", "relative_url", "absolute_url"}

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


def relative_url(site: Mapping[str, object], path: str) -> str:
    """Jekyll's ``relative_url``: the base URL, then the path with a leading ``/``."""
    if _SCHEME_RE.match(path):
        return path
    base = to_text(site.get("baseurl") or "").strip().rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return base + "/" + path.lstrip("/")


def absolute_url(site: Mapping[str, object], path: str) -> str:
    """Jekyll's ``absolute_url``: the site URL, then :func:`relative_url`."""
    if _SCHEME_RE.match(path):
        return path
    return to_text(site.get("url") or "").strip().rstrip("/") + relative_url(site, path)
