"""Jekyll post bodies to MyST Markdown.

Pure module (standard library only): :func:`convert` takes the body of a
Jekyll post (front matter already removed) and returns MyST Markdown in which
Liquid tags and kramdown-only syntax are converted or removed::

    from sphinx_blogposts.jekyll import JekyllContext, convert

    result = convert(body, JekyllContext(site={"url": "", "baseurl": ""}, page=front_matter,
                                         resolve_post=lookup), first_line=body_line)
    result.text          # MyST Markdown
    result.problems      # Problem(subtype="jekyll", message, line in the original file)
    result.liquid_tags   # Counter of the Liquid tag names found

Guarantees: :func:`convert` never raises; the output has exactly as many lines
(``\n``) as the input and every surviving piece of text stays on its line
(removed constructs leave blank lines; a line left with only spaces by a
removal becomes empty; ``\r\n`` endings are kept); code is never changed.
A body without ``{%``, ``{{``, ``{:``, ``{#`` or a line starting with ``*[``
(and, when links are resolved, without a link) is returned as it is,
without further work.

What is code: fenced code blocks, indented code blocks (CommonMark rules,
list items and block quotes included) and inline code spans.  Inside code,
only a ``{% raw %}`` ... ``{% endraw %}`` pair is removed (Jekyll would have
removed it too, and posts about Liquid need it to show Liquid); everything
else is copied.  HTML comments (``<!--more-->`` included) are copied as they
are, Liquid inside them too.

Liquid:

- ``{% raw %}`` content is copied unchanged; the raw tags go.
- ``{% comment %}`` blocks go.
- Block tags are matched as blocks; an unclosed block runs to the end of the
  post and a stray end tag is removed, both with a problem.
- ``{% highlight lang %}`` becomes a fenced code block with that language;
  ``linenos`` and ``mark_lines``/``hl_lines`` make a ``{code-block}``
  directive with ``:linenos:``/``:emphasize-lines:``.  The fences and options
  go on lines that are free (the tag lines, blank lines just above the code);
  options are dropped when there is no room.  Liquid inside is evaluated, as
  Jekyll does, but never escaped.  On one line it becomes inline code.
- ``{% post_url name %}`` and ``{% link path %}`` become the source-root
  path given by ``resolve_post``, which MyST turns into a checked
  cross-reference in ``[text](...)``; a ``{{ site.baseurl }}`` or
  ``{{ site.url }}`` written right before is dropped.  An unknown post gives
  ``#`` and a problem; a ``link`` to a file outside ``_posts``/``_drafts``
  becomes ``/path`` for MyST to check.
- ``{{ ... }}`` is evaluated statically: ``site.*`` from the context,
  ``page.*`` from the front matter, variables assigned earlier in the post,
  and the usual filters (``relative_url``, ``absolute_url``, ``date``,
  ``escape``, ``default``, ``append``, ``slugify``...; an unknown filter is
  skipped with a problem).  Anything unknown renders as nothing, with one
  problem per name.
- ``if``/``elsif``/``else``/``unless``/``case``: the conditions are evaluated
  against the same data and the right branch is kept (an undefined
  ``page.x`` is ``nil``, as in Jekyll).  When a condition depends on
  something unknown (``site.posts``, a loop variable) the first branch is
  kept, with a problem.  The tags themselves go.
- ``for``/``tablerow`` loops and ``capture`` blocks are removed entirely, with
  a problem: their data is not known.  ``assign`` is evaluated silently.
- ``include``, ``include_cached`` and ``include_relative``, given a loader
  (:attr:`JekyllContext.load_include`), put the converted file in the
  tag's place, with ``include.*`` set (:mod:`.includes`); without one, and
  ``render``, ``break`` and any other tag, they are removed with one
  problem per tag name; a plugin *block* tag (one with a matching ``end``
  tag) loses its tags but keeps its content.  ``{% figure %}`` around an
  image becomes a MyST figure (:mod:`.figures`).
- Tag mappings (:attr:`JekyllContext.tags`) take precedence over all of
  this except the structural tags; ``youtube``, ``vimeo``, ``gist``,
  ``tweet``, ``twitter`` and ``video`` are built in (:mod:`.embeds`).  A
  mapping's output is put on the tag's line as is; on a line of its own,
  HTML becomes an HTML block.

Links (given :attr:`JekyllContext.resolve_link`, see :mod:`.links`): every
link destination, reference definition, autolink and ``href``/``src`` of
raw HTML outside code is looked up once Liquid is done; a link to another
post's old address, a document or a file is rewritten to what the build
resolves, a link to an address nothing has now goes to the site's base
URL, with a problem of subtype ``link``.
- Whitespace control (``{%-``, ``-%}``) strips spaces and tabs on the same
  line only: line breaks always stay.
- A quote inside tag markup hides ``%}``; markup never runs past a blank
  line, so a stray ``{%`` stays text (with a problem).

Escaping: a value is escaped for where it lands, found by reading the line
up to it: in a Markdown link or image destination (``](`` ... ``)``, an
autolink ``<...>``, a link reference definition) it is a URL (only spaces,
parentheses, ``<>``, quotes and backslashes are percent-encoded); inside an
HTML tag or an HTML block it is HTML-escaped; in code it is copied; anywhere
else every Markdown/MyST punctuation character is backslash-escaped, so a
title such as ``*Hi* <b>`` shows as written.  Line breaks in values become
spaces.

kramdown:

- Inline attribute lists: a block IAL before its block becomes MyST
  ``attrs_block`` syntax in place; one after its block is moved above it
  (see :mod:`.kramdown` for the placement rules).  A span IAL after a link,
  image or code span becomes ``attrs_inline`` syntax, also when it wraps
  over lines (the attributes go right after the link, the line breaks
  stay); after emphasis the emphasis is wrapped in a span (``[*word*]{.x}``).  Only ``class``, ``id``,
  ``style`` (without script), ``width``, ``height``, ``title``, ``alt``,
  ``target``, ``rel`` and ``lang`` are kept.  Attribute list definitions
  (``{:name: ...}``) are honoured and removed.  ``* TOC`` + ``{:toc}``
  becomes a ``{contents}`` directive.
- ``## Heading {#id}``: the id becomes a MyST target ``(id)=`` on the blank
  line above, or is dropped with a problem when that line is not blank.
- ``{::nomarkdown}`` ... ``{:/}``: the markers go, the content is passed on as
  raw HTML; ``{::comment}`` blocks and ``{::options /}`` go.
- Abbreviations ``*[HTML]: Hyper Text Markup Language``: the definition line
  goes and the word, outside code, links, URLs and HTML tags, becomes
  ``{abbr}`HTML (Hyper Text Markup Language)```; a word or definition that
  cannot be written inside a role (backticks, parentheses in the word) is
  left alone, with a problem.

The integrator should enable MyST's ``attrs_block`` and ``attrs_inline``
extensions for posts, and must not enable ``substitution`` (``{{ }}`` left
in raw text and code would be read as substitutions).
"""

from __future__ import annotations

from .convert import SUBTYPE, convert
from .embeds import BUILTIN_TAGS, EmbedError
from .model import Converted, IncludeFile, IncludeUse, JekyllContext, LinkUse, Problem, TagCall, TagMapping

__all__ = [
    "BUILTIN_TAGS",
    "SUBTYPE",
    "Converted",
    "EmbedError",
    "IncludeFile",
    "IncludeUse",
    "JekyllContext",
    "LinkUse",
    "Problem",
    "TagCall",
    "TagMapping",
    "convert",
]
