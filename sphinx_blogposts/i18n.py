"""Translated text: the extension's own message catalog, and dates in the
project's language."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from sphinx.locale import get_translation

CATALOG = "sphinx_blogposts"
LOCALE_DIR = Path(__file__).parent / "locale"

#: text written into pages
_ = get_translation(CATALOG)
#: text written to the console
__ = get_translation(CATALOG, "console")

_NAMED_FORMATS = frozenset({"short", "medium", "long", "full"})


@lru_cache(maxsize=8192)
def format_date(value: dt.date, pattern: str, language: str) -> str:
    """*value* formatted for *language*: a Babel format name or a strftime pattern."""
    if pattern in _NAMED_FORMATS:
        from babel import Locale, UnknownLocaleError
        from babel.dates import format_date as babel_format_date

        try:
            locale = Locale.parse(language.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            locale = Locale.parse("en")
        return babel_format_date(value, format=pattern, locale=locale)
    from sphinx.util.i18n import format_date as sphinx_format_date

    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    return sphinx_format_date(pattern, date=moment, language=language)
