"""Reference pages generated from the package itself, so they cannot drift.

Directives (for MyST pages; the generated text is MyST):

``blogposts-config``
    every ``blogposts_*`` value of :data:`sphinx_blogposts.config.OPTIONS`,
    as ``confval`` entries (name, type, default, help).
``blogposts-postlist-options``
    every option of the ``postlist`` directive, from its ``option_spec`` and
    the ``option_help`` table beside it.
``blogposts-warnings``
    every warning subtype of :data:`sphinx_blogposts.log.SUBTYPES`.
``blogposts-frontmatter``
    every front-matter key of :data:`sphinx_blogposts.core.post.KEYS`.
``blogposts-cli-help``
    the ``--help`` output of the ``sphinx-blogposts`` command (the argument
    is the sub-command, if any).

A value without documentation stops the build with an error, so a new option
cannot be added without its help text.
"""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective


def _code(text: str) -> str:
    """Inline code that reads the same in MyST and reStructuredText."""
    return f"``{text}``" if "`" not in text else text


class _Generated(SphinxDirective):
    """Parses generated MyST text in place of the directive."""

    has_content = False
    #: modules whose change must rebuild the page
    sources: ClassVar[tuple[str, ...]] = ()

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        import importlib

        for name in self.sources:
            module = importlib.import_module(name)
            if module.__file__:
                self.env.note_dependency(module.__file__)
        container = nodes.container(classes=["blogposts-reference"])
        text = StringList(self.lines(), source=self.get_source_info()[0])
        self.state.nested_parse(text, self.content_offset, container)
        return container.children


def _list_table(header: list[str], rows: list[list[str]], widths: str) -> list[str]:
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {widths}", ""]
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            lines.append(("* - " if i == 0 else "  - ") + cell)
    lines.append("```")
    return lines


class ConfigReference(_Generated):
    sources = ("sphinx_blogposts.config",)

    def lines(self) -> list[str]:
        from sphinx_blogposts.config import OPTIONS

        out: list[str] = []
        for name, option in OPTIONS.items():
            if not option.help.strip():
                raise ExtensionError(f"blogposts_{name} has no help text")
            out += [
                f"```{{confval}} blogposts_{name}",
                f":type: {_code(option.type)}",
                f":default: {_code(repr(option.default))}",
                "",
                option.help,
                "",
            ]
            if option.rebuild == "env":
                out += ["Changing it makes Sphinx read the posts again.", ""]
            out += ["```", ""]
        return out


#: how each ``option_spec`` validator reads its value
_VALUE_KINDS = {
    "positive_int": "a positive integer",
    "_names": "comma-separated names",
    "_years": "comma-separated years",
    "flag": "a flag (no value)",
    "_sort": "newest or oldest",
    "class_option": "space-separated class names",
    "unchanged": "text",
    "unchanged_required": "text",
}


class PostlistOptions(_Generated):
    sources = ("sphinx_blogposts.resolve.postlist",)

    def lines(self) -> list[str]:
        from sphinx_blogposts.resolve.postlist import PostListDirective

        spec: dict[str, Any] = PostListDirective.option_spec
        helps = PostListDirective.option_help
        missing = sorted(set(spec) - set(helps))
        if missing:
            raise ExtensionError(f"postlist options without help text: {', '.join(missing)}")
        out: list[str] = []
        for name, validator in spec.items():
            kind = _VALUE_KINDS.get(getattr(validator, "__name__", ""), "text")
            out += [
                f"```{{rst:directive:option}} {name}",
                f":type: {kind}",
                "",
                helps[name],
                "```",
                "",
            ]
        return out


class WarningsReference(_Generated):
    sources = ("sphinx_blogposts.log",)

    def lines(self) -> list[str]:
        from sphinx_blogposts.log import SUBTYPES

        rows = []
        for subtype, (trigger, fix) in SUBTYPES.items():
            if not trigger.strip() or not fix.strip():
                raise ExtensionError(f"warning subtype {subtype!r} lacks its trigger or fix")
            rows.append([_code(f"blogposts.{subtype}"), trigger, fix])
        return _list_table(["Subtype", "Emitted when", "Fix"], rows, "20 45 35")


class FrontMatterReference(_Generated):
    sources = ("sphinx_blogposts.core.post",)

    def lines(self) -> list[str]:
        from sphinx_blogposts.core.post import KEYS, KNOWN_KEYS

        undocumented = sorted(set(KNOWN_KEYS) - set(KEYS))
        if undocumented:
            raise ExtensionError(f"front-matter keys without description: {', '.join(undocumented)}")
        rows = [[_code(key), text] for key, text in KEYS.items()]
        return _list_table(["Key", "Meaning"], rows, "20 80")


class CliHelp(SphinxDirective):
    """The command's own ``--help`` text, as a literal block."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from sphinx_blogposts import cli

        if cli.__file__:
            self.env.note_dependency(cli.__file__)
        argv = [*self.arguments, "--help"]
        buffer = io.StringIO()
        saved = {key: os.environ.get(key) for key in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
        os.environ.update(COLUMNS="80", NO_COLOR="1")
        os.environ.pop("FORCE_COLOR", None)
        try:
            with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
                cli.main(argv)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        text = "$ sphinx-blogposts " + " ".join(argv) + "\n" + buffer.getvalue().rstrip()
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("blogposts-config", ConfigReference)
    app.add_directive("blogposts-postlist-options", PostlistOptions)
    app.add_directive("blogposts-warnings", WarningsReference)
    app.add_directive("blogposts-frontmatter", FrontMatterReference)
    app.add_directive("blogposts-cli-help", CliHelp)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
