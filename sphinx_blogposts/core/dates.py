"""Reading the dates real blog posts carry: pure functions, no Sphinx.

Every result is a timezone-aware :class:`~datetime.datetime`.  A date without
an offset is read in the blog's configured timezone, never in the build
machine's own, so the output does not depend on where it is built.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

__all__ = ["DateError", "parse_date", "date_from_filename", "to_aware"]


class DateError(ValueError):
    """A value that was meant as a date but cannot be read as one."""


# The forms seen in Jekyll blogs: ``2017-07-09``, ``2017-07-09 20:19``,
# ``2017-07-09 20:19:08 +0200`` (no colon: PyYAML leaves it a string),
# ``2017-07-09T20:19:08.000Z``, ``2017-07-09T20:19:08+02:00``.
_DATE_RE = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:
        (?:[Tt]|[ \t]+)
        (?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?
    )?
    [ \t]*
    (?P<zone>[Zz]|(?:UTC|GMT)|[+-]\d{2}(?::?\d{2})?)?
    """,
    re.VERBOSE,
)

# ``YYYY-M-D-`` at the start of a file name; padding is optional, as in Jekyll.
_FILENAME_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:-|$)")


def to_aware(value: dt.datetime | dt.date, tz: dt.tzinfo) -> dt.datetime:
    """Turn a YAML date or datetime into an aware datetime in *tz* if naive."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.replace(tzinfo=tz)
    return value


def _zone(text: str | None, default: dt.tzinfo) -> dt.tzinfo:
    if not text:
        return default
    if text in ("Z", "z", "UTC", "GMT"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise DateError(f"offset {text!r} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _in_range(value: dt.datetime, original: object) -> dt.datetime:
    """*value*, if it is a moment in UTC too (``0001-01-01`` east of UTC is not)."""
    try:
        value.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        raise DateError(f"{str(original)!r} is out of the range of dates") from None
    return value


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """Read a front-matter date value.

    *value* is what the YAML loader produced: a date, a datetime, or a string
    in one of the forms real blogs use.  Raises :class:`DateError` with a
    readable reason for anything else.
    """
    if isinstance(value, (dt.datetime, dt.date)):
        return _in_range(to_aware(value, tz), value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DateError(f"{type(value).__name__} is not a date")
    text = str(value).strip()
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise DateError(
            f"{text!r} is not a date in a known form "
            "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional offset "
            "such as +02:00 or +0200)"
        )
    parts = match.groupdict()
    fraction = (parts["fraction"] or "0")[:6].ljust(6, "0")
    try:
        return _in_range(dt.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int(fraction),
            tzinfo=_zone(parts["zone"], tz),
        ), text)
    except DateError:
        raise
    except ValueError as exc:
        raise DateError(f"{text!r}: {exc}") from None


def date_from_filename(stem: str, tz: dt.tzinfo) -> dt.datetime | None:
    """The date at the start of a Jekyll file name (``2017-11-6-slug``), if any."""
    match = _FILENAME_DATE_RE.match(stem)
    if match is None:
        return None
    try:
        return _in_range(dt.datetime(*map(int, match.groups()), tzinfo=tz), stem)
    except ValueError:
        return None


def load_timezone(name: str) -> dt.tzinfo:
    """An IANA timezone by name; raises :class:`DateError` if unknown."""
    if name in ("UTC", "utc", "Z"):
        return dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise DateError(f"unknown timezone {name!r}") from exc
