"""Splitting a post into YAML front matter and body, and loading the YAML.

Pure module (no Sphinx).  The YAML is loaded through python-frontmatter's
:class:`~frontmatter.default_handlers.YAMLHandler` with a safe loader that
also refuses alias bombs and keeps impossible dates (``2017-02-30``) as
strings, so that one bad value does not make the whole front matter
unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from frontmatter.default_handlers import YAMLHandler

__all__ = ["FrontMatterError", "Split", "split_front_matter", "load_yaml"]

#: Front matter larger than this is refused: real posts stay under a few KiB,
#: and YAML parsing time grows with size.
MAX_FRONT_MATTER_BYTES = 256 * 1024
#: Aliases (``*name``) allowed in one front matter: enough for any real post,
#: far too few for a "billion laughs" expansion.
MAX_ALIASES = 16
#: Nesting depth allowed in front matter values.
MAX_DEPTH = 32

# Jekyll's rule: the file starts with ``---`` (trailing spaces allowed), and
# the front matter ends at the next line that is ``---`` or ``...``.
_OPEN_RE = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class FrontMatterError(ValueError):
    """Front matter that cannot be used; ``line`` is 1-based in the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Split:
    """A post's text cut in two; line numbers are 1-based in the file."""

    yaml_text: str
    body: str
    #: number of lines the front matter block takes, both delimiters included
    fm_lines: int

    @property
    def body_line(self) -> int:
        return self.fm_lines + 1


def split_front_matter(text: str) -> Split | None:
    """Cut *text* at its front matter, or return ``None`` if it has none.

    A leading BOM must already be removed.  Raises :class:`FrontMatterError`
    when the front matter is opened but never closed.
    """
    opening = _OPEN_RE.match(text)
    if opening is None:
        # An empty front matter block may also be written ``---\n---``.
        return None
    closing = _CLOSE_RE.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter opened with '---' is never closed", 1)
    yaml_text = text[opening.end() : closing.start()]
    end = closing.end()
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    fm_lines = text.count("\n", 0, closing.start()) + 1
    return Split(yaml_text=yaml_text, body=text[end:], fm_lines=fm_lines)


class _ForgivingTimestamps:
    """Keep impossible dates (``2017-02-30``) as text for the date reader."""

    def construct_yaml_timestamp(self, node):  # type: ignore[no-untyped-def]
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except (ValueError, AttributeError):  # AttributeError: "!!timestamp x"
            return self.construct_scalar(node)  # type: ignore[attr-defined]


class _GuardedLoader(_ForgivingTimestamps, yaml.SafeLoader):
    """The pure-Python safe loader, counting aliases and nesting depth."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise FrontMatterError(
                    f"front matter uses more than {MAX_ALIASES} YAML aliases; refused",
                    mark.line + 1,
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise FrontMatterError(
                    f"front matter is nested more than {MAX_DEPTH} levels deep; refused",
                    mark.line + 1,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml is several times faster; it is used when the text has no anchor
# (``&``), since without anchors there can be no aliases to expand.
_FastLoader: type = (
    type("_FastLoader", (_ForgivingTimestamps, yaml.CSafeLoader), {})
    if getattr(yaml, "__with_libyaml__", False)
    else _GuardedLoader
)

for _loader in {_GuardedLoader, _FastLoader}:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)

_HANDLER = YAMLHandler()


def _too_deep(value: object, limit: int) -> bool:
    """Whether containers in *value* nest deeper than *limit* (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set)):
            children = list(item)
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def load_yaml(yaml_text: str) -> object:
    """Load front matter YAML safely; raises :class:`FrontMatterError`.

    Line numbers in the error are relative to the YAML text (1 = first line
    after the opening ``---``).
    """
    if len(yaml_text.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB; refused"
        )
    try:
        loader = _GuardedLoader if "&" in yaml_text else _FastLoader
        data = _HANDLER.load(yaml_text, Loader=loader)
        if loader is not _GuardedLoader and _too_deep(data, MAX_DEPTH):
            # the fast loader does not count; deep values would break pickling
            raise FrontMatterError(f"front matter is nested more than {MAX_DEPTH} levels deep; refused")
        return data
    except FrontMatterError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML: {reason}", line) from None
    except Exception as exc:  # noqa: BLE001 - untrusted input: any failure is a refusal
        raise FrontMatterError(f"front matter is not valid YAML: {exc}") from None
