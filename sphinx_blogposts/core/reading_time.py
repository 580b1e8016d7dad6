"""How long a post takes to read: pure function, no Sphinx."""

from __future__ import annotations

import math
import re

__all__ = ["reading_minutes"]

# Scripts written without spaces between words are read by character.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_CHARS_PER_MINUTE = 500


def reading_minutes(text: str, words_per_minute: int) -> tuple[int, int]:
    """``(words, minutes)`` for *text*; CJK characters count one each."""
    cjk = len(_CJK_RE.findall(text))
    words = len(_CJK_RE.sub(" ", text).split())
    minutes = words / words_per_minute + cjk / _CJK_CHARS_PER_MINUTE
    return words + cjk, max(1, math.ceil(minutes))
