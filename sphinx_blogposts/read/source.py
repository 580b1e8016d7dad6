"""The source hook (``source-read``): a post's front matter never reaches
the parser, and its Jekyll body is converted to MyST (see
:mod:`..core.post_source` and :mod:`..jekyll`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..config import blog_config
from ..core.post_source import replace_front_matter
from ..core.separators import post_separators
from ..domain import LinkRecord, blog_domain
from ..jekyll import convert
from ..jekyll.variables import liquid_context, site_variables
from ..log import warn
from ..jekyll.links import MARKER
from .links import LINKS_TO_PAGES, include_loader, site_links_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    domain = blog_domain(app.env)
    post = domain.post(docname)
    if post is None:
        return
    cfg = blog_config(app.config)
    convert_body: Callable[[str, int], str] | None = None
    if cfg.jekyll and post.markup == "markdown":
        path = app.env.doc2path(docname)

        def convert_jekyll(body: str, first_line: int) -> str:
            site = site_variables(app.config.project, cfg.jekyll_site)
            context = liquid_context(
                post, site, domain.post_paths(), cfg.jekyll_tags, site_links_for(app), include_loader(app)
            )
            result = convert(body, context, first_line=first_line)
            for problem in result.problems:
                warn(problem.subtype, problem.message, f"{path}:{problem.line}")
            for use in result.includes:
                if use.path is not None:
                    # editing an included file reads the posts that include it again
                    app.env.note_dependency(use.path)
            record = LinkRecord(
                links=tuple(dict.fromkeys((u.url, u.embedded, u.kind, u.target) for u in result.links)),
                missing_includes=tuple(dict.fromkeys((u.name, u.relative) for u in result.includes
                                                     if u.status == "missing")),
            )
            if record.links or record.missing_includes:
                domain.set_links(docname, record)
            if MARKER in result.text:
                # links to pages for doctree-read to make cross-references of
                app.env.temp_data[LINKS_TO_PAGES] = True
            return result.text

        convert_body = convert_jekyll

    separators = post_separators(cfg.excerpt_separators, post.extra)
    source[0] = replace_front_matter(source[0], post, convert_body, separators)
