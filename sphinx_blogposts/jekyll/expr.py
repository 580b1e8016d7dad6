"""Liquid expressions, conditions and filters, evaluated statically.

Only what a post can know at conversion time is evaluated: literals,
``page.*`` (the front matter), ``site.*`` (the configured site variables)
and variables assigned earlier in the post.  Anything else (``post.*`` in a
loop, ``site.posts``, ``forloop``) is :data:`UNKNOWN`.

This module holds the expression lexer and parser and the :class:`Evaluator`;
the values are in :mod:`.values`, the filters in :mod:`.filters` and Ruby's
date formatting in :mod:`.ruby_dates`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .filters import SIMPLE_FILTERS, absolute_url, relative_url
from .ruby_dates import format_date
from .values import UNKNOWN, ExprError, HtmlText, Missing, Special, compare, is_empty, to_number, to_text

# The values and format_date are re-exported: callers of the evaluator need them.
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
            return ("lit", Special(word))
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


_COMPARISONS = ("==", "!=", "<>", "<", ">", "<=", ">=", "contains")


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
                return list(range(int(to_number(low)), int(to_number(high)) + 1))
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
            return fallback if value in (None, False, "") or is_empty(value) else value
        if name == "relative_url":
            return relative_url(self.site, to_text(value))
        if name == "absolute_url":
            return absolute_url(self.site, to_text(value))
        function = SIMPLE_FILTERS.get(name)
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
