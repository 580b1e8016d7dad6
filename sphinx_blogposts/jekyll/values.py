"""What Liquid expressions evaluate to, and how Liquid prints, compares and counts.

:data:`UNKNOWN` (not known when converting), :class:`Missing` (an undefined
``page.*``/``site.*`` key), :class:`HtmlText` (already escaped),
:class:`Special` (``empty``/``blank``), :func:`to_text`, :func:`to_number`
and :func:`compare`; :class:`ExprError` is the error of invalid markup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .ruby_dates import format_date

__all__ = [
    "UNKNOWN",
    "ExprError",
    "HtmlText",
    "Missing",
    "Special",
    "compare",
    "is_blank",
    "is_empty",
    "to_number",
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


@dataclass(frozen=True, slots=True)
class Special:
    """Liquid's ``empty`` and ``blank`` literals."""

    name: str


def is_blank(value: object) -> bool:
    """Liquid's ``blank``: nil, false, blank text, an empty list or mapping."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping | Sequence):
        return len(value) == 0
    return False


def is_empty(value: object) -> bool:
    """Liquid's ``empty``: an empty string, list or mapping."""
    return isinstance(value, str | Mapping | Sequence) and len(value) == 0


def compare(op: str, left: object, right: object) -> object:
    """``left op right`` as Liquid compares: ``True``, ``False`` or :data:`UNKNOWN`."""
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if isinstance(right, Special) or isinstance(left, Special):
        special, other = (right, left) if isinstance(right, Special) else (left, right)
        assert isinstance(special, Special)
        test = is_empty(other) if special.name == "empty" else is_blank(other)
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
    if isinstance(value, Special):
        return ""
    try:
        return str(value)
    except Exception:  # a front-matter object that cannot print itself
        return ""


def to_number(value: object) -> int | float:
    """A value as a number, for arithmetic and ranges (text is parsed)."""
    if isinstance(value, bool):
        raise ExprError("not a number")
    if isinstance(value, int | float):
        return value
    text = to_text(value).strip()
    try:
        return int(text)
    except ValueError:
        return float(text)
