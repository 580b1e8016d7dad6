"""Liquid expressions, conditions and filters, evaluated statically.

Only what a post can know at conversion time is evaluated: literals,
``page.*`` (the front matter), ``site.*`` (the configured site variables)
and variables assigned earlier in the post.  Anything else (``post.*`` in a
loop, ``site.posts``, ``forloop``) is :data:`UNKNOWN`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "UNKNOWN",
    "Evaluator",
    "ExprError",
    "HtmlText",
    "Missing",
    "compare",
    "format_date",
    "to_text",
]


class _Unknown:
    """A value that cannot be known when converting (one instance: :data:`UNKNOWN`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@dataclass(frozen=True, slots=True)
class Missing:
    """A ``page.*`` or ``site.*`` key that is not defined (Liquid's ``nil``)."""

    root: str
    path: str


class HtmlText(str):
    """Text already escaped for HTML (output of ``escape`` and friends)."""

    __slots__ = ()


class ExprError(ValueError):
    """Markup that is not a valid Liquid expression."""


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
    |(?P<str>"[^"]*"|'[^']*')
    |(?P<num>-?\d+(?:\.\d+)?)
    |(?P<op>==|!=|<>|<=|>=|\.\.|[<>|:,\[\]().])
    |(?P<word>[A-Za-z_][\w-]*\??)
    |(?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str


def _lex(markup: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN_RE.finditer(markup):
        kind = m.lastgroup or "bad"
        if kind == "ws":
            continue
        if kind == "bad":
            raise ExprError(f"unexpected character {m.group()!r}")
        out.append(_Tok(kind, m.group()))
    return out


# Expression trees: ("lit", value) | ("var", root, (segment, ...)) | ("range", a, b)
# where a segment is a str (``.name``) or an expression (``[expr]``).
Expr = tuple


class _Parser:
    def __init__(self, markup: str) -> None:
        self.toks = _lex(markup)
        self.i = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise ExprError("unexpected end of expression")
        self.i += 1
        return tok

    def accept(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.text == text and tok.kind != "str":
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            raise ExprError(f"expected {text!r}")

    def at_end(self) -> bool:
        return self.i >= len(self.toks)

    def primary(self) -> Expr:
        tok = self.take()
        if tok.kind == "str":
            return ("lit", tok.text[1:-1])
        if tok.kind == "num":
            return ("lit", float(tok.text) if "." in tok.text else int(tok.text))
        if tok.kind == "op" and tok.text == "(":
            low = self.primary()
            self.expect("..")
            high = self.primary()
            self.expect(")")
            return ("range", low, high)
        if tok.kind == "op" and tok.text == "[":
            # ``[ "key" ]`` at the start: a variable named by an expression
            key = self.primary()
            self.expect("]")
            return self._path(("var", "", (key,)))
        if tok.kind != "word":
            raise ExprError(f"unexpected {tok.text!r}")
        word = tok.text
        if word in ("true", "false"):
            return ("lit", word == "true")
        if word in ("nil", "null"):
            return ("lit", None)
        if word in ("empty", "blank"):
            return ("lit", _Special(word))
        return self._path(("var", word, ()))

    def _path(self, var: Expr) -> Expr:
        segments = list(var[2])
        while True:
            if self.accept("."):
                tok = self.take()
                if tok.kind not in ("word", "num"):
                    raise ExprError("expected a name after '.'")
                segments.append(tok.text)
            elif self.accept("["):
                segments.append(self.primary())
                self.expect("]")
            else:
                return ("var", var[1], tuple(segments))

    def filters(self) -> list[tuple[str, list[tuple[str | None, Expr]]]]:
        out = []
        while self.accept("|"):
            tok = self.take()
            if tok.kind != "word":
                raise ExprError("expected a filter name after '|'")
            args: list[tuple[str | None, Expr]] = []
            if self.accept(":"):
                while True:
                    nxt, after = self.peek(), self.peek(1)
                    if nxt is not None and nxt.kind == "word" and after is not None and after.text == ":":
                        self.i += 2
                        args.append((nxt.text, self.primary()))
                    else:
                        args.append((None, self.primary()))
                    if not self.accept(","):
                        break
            out.append((tok.text, args))
        return out


@dataclass(frozen=True, slots=True)
class _Special:
    """Liquid's ``empty`` and ``blank`` literals."""

    name: str


_COMPARISONS = ("==", "!=", "<>", "<", ">", "<=", ">=", "contains")


def _blank(value: object) -> bool:
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping | Sequence):
        return len(value) == 0
    return False


def _empty(value: object) -> bool:
    return isinstance(value, str | Mapping | Sequence) and len(value) == 0


def compare(op: str, left: object, right: object) -> object:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if isinstance(right, _Special) or isinstance(left, _Special):
        special, other = (right, left) if isinstance(right, _Special) else (left, right)
        assert isinstance(special, _Special)
        test = _empty(other) if special.name == "empty" else _blank(other)
        if op == "==":
            return test
        if op in ("!=", "<>"):
            return not test
        return False
    if op == "==":
        return left == right
    if op in ("!=", "<>"):
        return left != right
    if op == "contains":
        if isinstance(left, str):
            return isinstance(right, str | int | float) and str(right) in left
        if isinstance(left, Sequence):
            return right in left
        return False
    try:
        if op == "<":
            return left < right  # type: ignore[operator]
        if op == ">":
            return left > right  # type: ignore[operator]
        if op == "<=":
            return left <= right  # type: ignore[operator]
        return left >= right  # type: ignore[operator]
    except TypeError:
        return UNKNOWN


def _truthy(value: object) -> object:
    if value is UNKNOWN:
        return UNKNOWN
    return value is not None and value is not False


#: ``page.*`` names that Jekyll computes; front matter alone cannot tell them.
COMPUTED_PAGE_KEYS = frozenset(
    {
        "url", "id", "date", "previous", "next", "content", "excerpt", "path",
        "relative_path", "collection", "categories", "tags", "output", "name",
        "dir", "slug", "ext", "title",
    }
)  # fmt: skip


def to_text(value: object) -> str:
    """How Liquid prints a value."""
    if value is None or isinstance(value, Missing):
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.datetime):
        return format_date(value, "%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, dt.date):
        return format_date(value, "%Y-%m-%d 00:00:00 +0000")
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    if isinstance(value, Mapping):
        return json.dumps({str(k): to_text(v) for k, v in value.items()}, ensure_ascii=False)
    if isinstance(value, Sequence):
        return "".join(to_text(v) for v in value)
    if isinstance(value, _Special):
        return ""
    try:
        return str(value)
    except Exception:  # a front-matter object that cannot print itself
        return ""


# --- dates -------------------------------------------------------------------

_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_STRFTIME_RE = re.compile(r"%([-_0^#]?)(:?)([A-Za-z%+])")


def _offset(d: dt.date, colon: bool) -> str:
    off = d.utcoffset() if isinstance(d, dt.datetime) else None
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


def format_date(value: dt.date, fmt: str) -> str:
    """Ruby's ``strftime`` for the common directives (English names)."""
    d = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)

    def num(n: int, width: int, flag: str, pad: str = "0") -> str:
        if flag == "-":
            return str(n)
        if flag == "_":
            pad = " "
        elif flag == "0":
            pad = "0"
        return str(n).rjust(width, pad)

    def repl(m: re.Match[str]) -> str:
        flag, colon, code = m.group(1), bool(m.group(2)), m.group(3)
        hour12 = d.hour % 12 or 12
        simple: dict[str, Callable[[], str]] = {
            "Y": lambda: str(d.year),
            "C": lambda: num(d.year // 100, 2, flag),
            "y": lambda: num(d.year % 100, 2, flag),
            "m": lambda: num(d.month, 2, flag),
            "d": lambda: num(d.day, 2, flag),
            "e": lambda: num(d.day, 2, flag, " "),
            "j": lambda: num(d.timetuple().tm_yday, 3, flag),
            "H": lambda: num(d.hour, 2, flag),
            "k": lambda: num(d.hour, 2, flag, " "),
            "I": lambda: num(hour12, 2, flag),
            "l": lambda: num(hour12, 2, flag, " "),
            "M": lambda: num(d.minute, 2, flag),
            "S": lambda: num(d.second, 2, flag),
            "L": lambda: f"{d.microsecond // 1000:03d}",
            "N": lambda: f"{d.microsecond * 1000:09d}",
            "p": lambda: "PM" if d.hour >= 12 else "AM",
            "P": lambda: "pm" if d.hour >= 12 else "am",
            "A": lambda: _DAYS[d.weekday()],
            "a": lambda: _DAYS[d.weekday()][:3],
            "B": lambda: _MONTHS[d.month - 1],
            "b": lambda: _MONTHS[d.month - 1][:3],
            "h": lambda: _MONTHS[d.month - 1][:3],
            "u": lambda: str(d.isoweekday()),
            "w": lambda: str(d.isoweekday() % 7),
            "z": lambda: _offset(d, colon),
            "Z": lambda: d.tzname() or ("UTC" if d.tzinfo else ""),
            "s": lambda: str(int(d.timestamp() if d.tzinfo else d.replace(tzinfo=dt.UTC).timestamp())),
            "%": lambda: "%",
            "n": lambda: "\n",
            "t": lambda: "\t",
            "c": lambda: format_date(d, "%a %b %e %H:%M:%S %Y"),
            "x": lambda: format_date(d, "%m/%d/%y"),
            "D": lambda: format_date(d, "%m/%d/%y"),
            "X": lambda: format_date(d, "%H:%M:%S"),
            "T": lambda: format_date(d, "%H:%M:%S"),
            "F": lambda: format_date(d, "%Y-%m-%d"),
            "R": lambda: format_date(d, "%H:%M"),
            "r": lambda: format_date(d, "%I:%M:%S %p"),
            "+": lambda: format_date(d, "%a %b %e %H:%M:%S %Z %Y"),
        }
        produce = simple.get(code)
        if produce is None:
            return m.group()
        text = produce()
        if flag == "^":
            text = text.upper()
        return text

    return _STRFTIME_RE.sub(repl, fmt)


_TZ_RE = re.compile(r"\s*([+-])(\d{2}):?(\d{2})$")


def parse_date(value: object) -> dt.date | None:
    """A date from a front-matter value, or ``None``."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    tz = None
    m = _TZ_RE.search(text)
    if m and len(text) > 10:
        sign = -1 if m.group(1) == "-" else 1
        tz = dt.timezone(sign * dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))
        text = text[: m.start()]
    text = text.replace("T", " ", 1) if len(text) > 10 else text
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=tz) if tz else parsed
    return None


# --- filters -----------------------------------------------------------------


def _str(value: object) -> str:
    return to_text(value)


def _slugify(value: str, mode: str = "default") -> str:
    if mode == "none":
        return value
    if mode == "raw":
        pattern = r"\s+"
    elif mode == "pretty":
        pattern = r"[^\w._~!$&'()+,;=@]+"
    elif mode == "ascii":
        pattern = r"[^A-Za-z0-9]+"
    else:
        pattern = r"[^\w]+|_+"
    if mode in ("ascii", "latin"):
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
        if mode == "latin":
            pattern = r"[^\w]+|_+"
    return re.sub(pattern, "-", value).strip("-").lower()


def _truncate(value: str, length: int = 50, ellipsis: str = "...") -> str:
    if len(value) <= length:
        return value
    return value[: max(length - len(ellipsis), 0)] + ellipsis


def _truncatewords(value: str, words: int = 15, ellipsis: str = "...") -> str:
    parts = value.split()
    if len(parts) <= words:
        return value
    return " ".join(parts[: max(words, 1)]) + ellipsis


def _number(value: object) -> int | float:
    if isinstance(value, bool):
        raise ExprError("not a number")
    if isinstance(value, int | float):
        return value
    text = to_text(value).strip()
    try:
        return int(text)
    except ValueError:
        return float(text)


def _divided_by(a: object, b: object) -> int | float:
    x, y = _number(a), _number(b)
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


_SIMPLE_FILTERS: dict[str, Callable[..., object]] = {
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
    "slugify": lambda v, mode="default": _slugify(_str(v), _str(mode)),
    "url_encode": lambda v: urllib.parse.quote_plus(_str(v)),
    "cgi_escape": lambda v: urllib.parse.quote_plus(_str(v)),
    "uri_escape": lambda v: urllib.parse.quote(_str(v), safe="!#$&'()*+,/:;=?@[]~"),
    "url_decode": lambda v: urllib.parse.unquote_plus(_str(v)),
    "truncate": lambda v, n=50, e="...": _truncate(_str(v), int(_number(n)), _str(e)),
    "truncatewords": lambda v, n=15, e="...": _truncatewords(_str(v), int(_number(n)), _str(e)),
    "number_of_words": lambda v: len(_str(v).split()),
    "size": lambda v: len(v) if isinstance(v, str | Sequence | Mapping) else 0,
    "first": lambda v: v[0] if isinstance(v, Sequence) and v else None,
    "last": lambda v: v[-1] if isinstance(v, Sequence) and v else None,
    "join": lambda v, s=" ": _str(s).join(_str(x) for x in v) if isinstance(v, list | tuple) else _str(v),
    "split": lambda v, s=" ": _str(v).split(_str(s)) if _str(s) else list(_str(v)),
    "jsonify": lambda v: json.dumps(v, ensure_ascii=False, default=to_text),
    "plus": lambda v, n=0: _number(v) + _number(n),
    "minus": lambda v, n=0: _number(v) - _number(n),
    "times": lambda v, n=1: _number(v) * _number(n),
    "divided_by": _divided_by,
    "modulo": lambda v, n=1: _number(v) % _number(n),
    "abs": lambda v: abs(_number(v)),
    "date": lambda v, fmt=None: _date_filter(v, _str(fmt) if fmt is not None else None),
}
for _name, _fmt in _DATE_FORMATS.items():
    _SIMPLE_FILTERS[_name] = lambda v, *_a, _f=_fmt: _date_filter(v, _f)

#: Filters the evaluator knows (besides ``default``, ``relative_url``, ``absolute_url``).
KNOWN_FILTERS = frozenset(_SIMPLE_FILTERS) | {"default", "relative_url", "absolute_url"}

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


# --- the evaluator -----------------------------------------------------------


class Evaluator:
    """Evaluates expressions against the site, the page and assigned variables.

    *on_missing* is told about undefined ``page.*``/``site.*`` keys and unknown
    variables that an output needed; *on_filter* about unknown filters.
    """

    def __init__(
        self,
        site: Mapping[str, object],
        page: Mapping[str, object],
        on_missing: Callable[[str, str], None],
        on_filter: Callable[[str, str], None],
    ) -> None:
        self.site = site
        self.page = page
        self.variables: dict[str, object] = {}
        #: the first variable that was not known, since the caller last reset it
        self.unknown_root: str | None = None
        self._on_missing = on_missing
        self._on_filter = on_filter

    # public API -------------------------------------------------------------

    def output(self, markup: str) -> object:
        """The value of ``{{ markup }}``: a value, a :class:`Missing` (the
        problem is reported) or :data:`UNKNOWN`."""
        parsed = _parse_output(markup)
        if isinstance(parsed, str):
            raise ExprError(parsed)
        expr, filters = parsed
        value = self.value(expr)
        if isinstance(value, Missing) and not any(name == "default" for name, _ in filters):
            self._on_missing(value.root, value.path)
        for name, args in filters:
            value = self._filter(name, value, args)
        return value

    def condition(self, markup: str) -> object:
        """``True``, ``False`` or :data:`UNKNOWN` for an ``if`` condition."""
        parser = _Parser(markup)
        terms: list[object] = []
        joins: list[str] = []
        while True:
            left = self.value(parser.primary(), condition=True)
            tok = parser.peek()
            if tok is not None and tok.text in _COMPARISONS and tok.kind in ("op", "word"):
                parser.take()
                right = self.value(parser.primary(), condition=True)
                terms.append(compare(tok.text, left, right))
            else:
                terms.append(_truthy(left))
            tok = parser.peek()
            if tok is None:
                break
            if tok.text not in ("and", "or"):
                raise ExprError(f"unexpected {tok.text!r}")
            parser.take()
            joins.append(tok.text)
        # Liquid groups from the right: a or b and c == a or (b and c)
        result = terms[-1]
        for term, join in zip(reversed(terms[:-1]), reversed(joins), strict=True):
            result = _and(term, result) if join == "and" else _or(term, result)
        return result

    def case_value(self, markup: str) -> object:
        parser = _Parser(markup)
        value = self.value(parser.primary(), condition=True)
        if not parser.at_end():
            raise ExprError(f"unexpected {parser.take().text!r}")
        return value

    def when_values(self, markup: str) -> list[object]:
        parser = _Parser(markup)
        values = [self.value(parser.primary(), condition=True)]
        while not parser.at_end():
            if not (parser.accept(",") or parser.accept("or")):
                raise ExprError(f"unexpected {parser.take().text!r}")
            values.append(self.value(parser.primary(), condition=True))
        return values

    def assign(self, markup: str) -> None:
        m = re.match(r"\s*([A-Za-z_][\w-]*)\s*=(.*)", markup, re.DOTALL)
        if m is None:
            raise ExprError("expected 'name = value'")
        name = m.group(1)
        try:
            value = self.output(m.group(2))
        except ExprError:
            self.variables[name] = UNKNOWN
            raise
        self.variables[name] = None if isinstance(value, Missing) else value

    # evaluation -------------------------------------------------------------

    def value(self, expr: Expr, *, condition: bool = False) -> object:
        kind = expr[0]
        if kind == "lit":
            return expr[1]
        if kind == "range":
            low, high = self.value(expr[1]), self.value(expr[2])
            if low is UNKNOWN or high is UNKNOWN:
                return UNKNOWN
            try:
                return list(range(int(_number(low)), int(_number(high)) + 1))
            except (ExprError, ValueError):
                return UNKNOWN
        root, segments = expr[1], expr[2]
        if root == "":
            key = self.value(segments[0])
            if not isinstance(key, str):
                return UNKNOWN
            root, segments = key, segments[1:]
        if root == "page":
            base: object = self.page
        elif root == "site":
            base = self.site
        elif root in self.variables:
            base = self.variables[root]
        else:
            self.unknown_root = self.unknown_root or root
            return UNKNOWN
        for i, segment in enumerate(segments):
            if base is UNKNOWN:
                return UNKNOWN
            key = segment if isinstance(segment, str) else self.value(segment)
            if key is UNKNOWN:
                return UNKNOWN
            base = self._item(base, key)
            if base is _NOT_FOUND:
                if root in ("page", "site") and i == 0:
                    path = f"{root}.{key}"
                    if condition and (root == "site" or key in COMPUTED_PAGE_KEYS):
                        return UNKNOWN
                    return None if condition else Missing(root, path)
                return None
        return base

    @staticmethod
    def _item(base: object, key: object) -> object:
        if isinstance(base, Mapping):
            if key in base:
                return base[key]
            if key == "size":
                return len(base)
            return _NOT_FOUND
        if isinstance(base, str):
            return len(base) if key == "size" else None
        if isinstance(base, Sequence):
            if key == "size":
                return len(base)
            if key == "first":
                return base[0] if base else None
            if key == "last":
                return base[-1] if base else None
            if isinstance(key, int) and not isinstance(key, bool) and -len(base) <= key < len(base):
                return base[key]
            return None
        if base is None:
            return None
        return None

    def _filter(self, name: str, value: object, args: list[tuple[str | None, Expr]]) -> object:
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(value, Missing):
            value = None
        positional = [self.value(a) for key, a in args if key is None]
        named = {key: self.value(a) for key, a in args if key is not None}
        if any(v is UNKNOWN for v in positional) or any(v is UNKNOWN for v in named.values()):
            return UNKNOWN
        positional = [None if isinstance(v, Missing) else v for v in positional]
        if name == "default":
            fallback = positional[0] if positional else ""
            if value is False and named.get("allow_false"):
                return value
            return fallback if value in (None, False, "") or _empty(value) else value
        if name == "relative_url":
            return relative_url(self.site, to_text(value))
        if name == "absolute_url":
            return absolute_url(self.site, to_text(value))
        function = _SIMPLE_FILTERS.get(name)
        if function is None:
            self._on_filter(name, "unknown")
            return value
        try:
            return function(value, *positional)
        except ExprError as exc:
            self._on_filter(name, str(exc))
            return value
        except (TypeError, ValueError, ArithmeticError):
            self._on_filter(name, "bad arguments")
            return value


_NOT_FOUND = object()

_Filters = list[tuple[str, list[tuple[str | None, Expr]]]]


@functools.lru_cache(maxsize=1024)
def _parse_output(markup: str) -> tuple[Expr, _Filters] | str:
    """The expression and filters of an output, or the syntax error message."""
    try:
        parser = _Parser(markup)
        expr = parser.primary()
        filters = parser.filters()
        if not parser.at_end():
            raise ExprError(f"unexpected {parser.take().text!r}")
    except ExprError as exc:
        return str(exc)
    return expr, filters


def _and(a: object, b: object) -> object:
    if a is False or b is False:
        return False
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return True


def _or(a: object, b: object) -> object:
    if a is True or b is True:
        return True
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return False
