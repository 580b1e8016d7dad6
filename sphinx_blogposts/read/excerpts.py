"""Excerpts: what of a post is shown in lists and feeds.

The excerpt is, in this order: the front-matter ``excerpt`` (Markdown inline
text, raw HTML escaped); else the body up to an excerpt separator
(``<!--more-->``, ``<!-- more -->``, a reST comment ``.. more`` or
``blogposts_excerpt_separator``); else the first paragraph.

While a post is read, its doctree gets three marker comments: where the
content starts (after the header), where the excerpt ends, and where the
content ends.  The separator itself is replaced by the excerpt marker, so it
never reaches the output.  Generated pages and feeds cut the excerpt and the
full content out of the written page between these markers, so each post
is rendered once, by Sphinx, with everything a page has (images,
highlighting, resolved cross-references).  A ``postlist`` inside a document
uses a cleaned copy of the excerpt's nodes instead, because that document
may be written before the post is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from docutils import nodes

from ..core.html.clean import balance
from ..core.separators import CONTENT_END, CONTENT_START, EXCERPT_END, MARKERS

# Nodes that never belong in an excerpt copy.
_DROP = (
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.footnote,
    nodes.citation,
)


def _marker(text: str) -> nodes.raw:
    # no classes: the HTML writer would wrap the comment in a <div>
    return nodes.raw("", text, format="html")


def _is_marker(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and node.astext() in MARKERS


def _is_separator(node: nodes.Node, separators: Sequence[str]) -> bool:
    if isinstance(node, nodes.raw) and not _is_marker(node):
        return node.astext().strip() in separators
    if isinstance(node, nodes.comment):
        return node.astext().strip() in ("more", *separators)
    if isinstance(node, nodes.paragraph):
        return node.astext().strip() in separators
    return False


def _blocks(container: nodes.Element, start: int) -> Iterator[nodes.Node]:
    """Block-level nodes from ``container[start:]``, sections flattened."""
    for child in container.children[start:]:
        if isinstance(child, nodes.section):
            yield from _blocks(child, 0)
        else:
            yield child


def _inline_separator(paragraph: nodes.paragraph, separators: Sequence[str]) -> nodes.raw | None:
    for node in paragraph.findall(nodes.raw):
        if not _is_marker(node) and node.astext().strip() in separators:
            return node
    return None


def _split_raw(block: nodes.Node, separators: Sequence[str]) -> str | None:
    """For raw HTML with a separator inside (``<p>Text<!--more--></p>``):
    put the excerpt marker in its place and return the HTML before it."""
    if not isinstance(block, nodes.raw) or _is_marker(block) or "html" not in block.get("format", "").split():
        return None
    text = block.astext()
    found = [(text.find(sep), sep) for sep in separators if sep in text]
    if not found:
        return None
    at, sep = min(found)
    block.replace_self(nodes.raw("", text[:at] + EXCERPT_END + text[at + len(sep):], format=block["format"]))
    return text[:at]


def mark_excerpt(header: nodes.Node, doctree: nodes.document, separators: Sequence[str]) -> tuple[list[nodes.Node], bool]:
    """Put the markers in *doctree* and return ``(excerpt copy, has_more)``.

    *header* is the last placeholder above the content (the post's header,
    or its series box); the content starts after it.
    """
    container = header.parent
    start = container.index(header) + 1
    container.insert(start, _marker(CONTENT_START))
    doctree.append(_marker(CONTENT_END))

    blocks = [b for b in _blocks(container, start + 1) if not _is_marker(b)]
    chosen: list[nodes.Node] = []
    found = False
    for block in blocks:
        if isinstance(block, nodes.title):
            chosen.append(block)
            continue
        if _is_separator(block, separators):
            block.replace_self(_marker(EXCERPT_END))
            found = True
            break
        before = _split_raw(block, separators)
        if before is not None:
            if before.strip():
                chosen.append(nodes.raw("", before, format="html"))
            found = True
            break
        if isinstance(block, nodes.paragraph):
            inline = _inline_separator(block, separators)
            if inline is not None:
                inline.replace_self(_marker(EXCERPT_END))
                chosen.append(_paragraph_until_marker(block))
                found = True
                break
        chosen.append(block)
    if not found:
        first = next((b for b in blocks if isinstance(b, nodes.paragraph)), None)
        if first is None:
            first = next((b for b in blocks if not isinstance(b, (*_DROP, nodes.title))), None)
        chosen = [first] if first is not None else []
        if first is not None:
            first.parent.insert(first.parent.index(first) + 1, _marker(EXCERPT_END))
    # drop section titles left at the end (a heading with nothing under it)
    while chosen and isinstance(chosen[-1], nodes.title):
        chosen.pop()
    has_more = _has_more(blocks, chosen)
    copies = [_clean_copy(node) for node in chosen if not isinstance(node, _DROP) and not _is_marker(node)]
    return _balance_raw(copies), has_more


_SLOT = "<!--blogposts:slot-->"


def _is_raw_html(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def _balance_raw(children: list[nodes.Node]) -> list[nodes.Node]:
    """*children* with the raw HTML among them balanced, inner elements first.

    An excerpt may stop inside an element a post opened in raw HTML
    (``<div>`` ... ``<!--more-->``); the page showing the excerpt must not
    inherit the open element.  Raw HTML pieces that open and close an
    element around other nodes keep doing so.
    """
    for child in children:
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.raw):
            if any(isinstance(c, nodes.raw) or isinstance(c, nodes.Element) for c in child.children):
                inner = _balance_raw(list(child.children))
                if len(inner) != len(child.children) or any(a is not b for a, b in zip(inner, child.children)):
                    del child[:]
                    child.extend(inner)
    if not any(_is_raw_html(c) for c in children):
        return children
    joined = "".join(c.astext() if _is_raw_html(c) else _SLOT for c in children)
    balanced = balance(joined)
    if balanced == joined:
        return children
    others = [c for c in children if not _is_raw_html(c)]
    pieces = balanced.split(_SLOT)
    if len(pieces) != len(others) + 1:
        # a slot ended up inside a tag or comment cut off by the end: each alone
        return [nodes.raw("", balance(c.astext()), format="html") if _is_raw_html(c) else c for c in children]
    out: list[nodes.Node] = []
    for piece, other in zip(pieces, [*others, None]):
        if piece:
            out.append(nodes.raw("", piece, format="html"))
        if other is not None:
            out.append(other)
    return out


def _has_more(blocks: list[nodes.Node], chosen: list[nodes.Node]) -> bool:
    shown = sum(len(b.astext()) for b in chosen)
    total = 0
    for block in blocks:  # in document order: stops soon after the excerpt
        if not isinstance(block, _DROP):
            total += len(block.astext())
            if total > shown:
                return True
    return False


def _paragraph_until_marker(paragraph: nodes.paragraph) -> nodes.paragraph:
    """A copy of *paragraph* with what follows the excerpt marker removed."""
    copy = paragraph.deepcopy()
    marker = next((n for n in copy.findall(nodes.raw) if _is_marker(n)), None)
    if marker is not None:
        parent = marker.parent
        del parent[parent.index(marker) :]
    return copy


def _clean_copy(node: nodes.Node) -> nodes.Node:
    """A copy fit to show elsewhere: no ids, no footnotes, titles as rubrics."""
    if isinstance(node, nodes.title):
        copy = nodes.rubric("", "", *[c.deepcopy() for c in node.children])
    else:
        copy = node.deepcopy()
    for child in list(copy.findall(nodes.Element)):
        if (isinstance(child, _DROP) or _is_marker(child)) and child.parent is not None:
            child.parent.remove(child)
            continue
        if "ids" in child:
            child["ids"] = []
        if "names" in child:
            child["names"] = []
        if "backrefs" in child:
            child["backrefs"] = []
    # A copied node keeps a reference to its whole document, which would be
    # pickled into the environment with it (18 KB per excerpt instead of 1).
    for each in copy.findall():
        each.document = None
    return copy
