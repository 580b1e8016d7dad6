"""The directive that carries an included file of several Markdown blocks.

The converter writes it on the line of the ``include`` tag, with the
included file's converted text encoded in its arguments (see
:mod:`..jekyll.includes`: a post keeps its line count); here that text is
parsed in place, as if the post held it, so links, images and directives in
it work as in the post itself.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..jekyll.includes import decode
from ..log import warn

__all__ = ["IncludedFile"]


class IncludedFile(SphinxDirective):
    """``blogposts-jekyll-include <path> <text>``: written by the converter only."""

    required_arguments = 2
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            path, text = decode(self.arguments)
        except ValueError as exc:
            warn("jekyll", f"an included file could not be read back: {exc}", self.get_location())
            return []
        renderer = getattr(self.state, "_renderer", None)
        if renderer is not None and hasattr(renderer, "nested_render_text"):
            # As MyST's own include does: the text is rendered where the
            # directive is, so its headings open sections of the post, and
            # warnings point into the included file.
            _rel, source = self.env.relfn2path("/" + path)
            document = renderer.document
            saved = document["source"], renderer.reporter.source
            line_func = getattr(renderer.reporter, "get_source_and_line", None)
            try:
                document["source"] = renderer.reporter.source = source
                renderer.reporter.get_source_and_line = lambda line: (source, line)
                renderer.nested_render_text(text, 0)
            finally:
                document["source"], renderer.reporter.source = saved
                if line_func is not None:
                    renderer.reporter.get_source_and_line = line_func
            return []
        container = nodes.Element()
        self.state.nested_parse(StringList(text.split("\n"), source=path), 0, container)
        return list(container.children)
