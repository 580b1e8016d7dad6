"""Ruby's ``Time#strftime`` (English names, whatever the locale) and the
date strings a front matter holds, read as Jekyll reads them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

__all__ = ["format_date", "parse_date"]

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
