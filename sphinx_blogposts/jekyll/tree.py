"""The block structure of a post: the lexer's tokens nested by Liquid block tags.

:func:`build_tree` matches each block tag (``if`` ... ``endif``, a plugin tag
with an ``end`` tag) with its branches and its end tag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lexer import Token
from .liquid import BRANCHES
from .problems import Reporter

__all__ = ["STRUCTURAL", "Block", "build_tree"]

_BLOCK_TAGS = frozenset({"if", "unless", "case", "for", "tablerow", "capture", "highlight"})
#: tags the converter handles itself, which tag mappings cannot replace
STRUCTURAL = frozenset(
    {"if", "elsif", "else", "unless", "case", "when", "for", "tablerow", "capture",
     "highlight", "raw", "comment", "assign", "echo", "#", "break", "continue"}
)  # fmt: skip
_MAX_DEPTH = 64


@dataclass(slots=True)
class Block:
    """A block tag: its branches (the opening tag, then each ``elsif``, ``else`` or
    ``when``, with the nodes under it) and its end tag, ``None`` when unclosed."""

    name: str
    open: Token
    branches: list[tuple[Token, list[Token | Block]]]
    close: Token | None = None
    end: int = 0


def build_tree(tokens: list[Token], text_len: int, report: Reporter, line_of: Callable[[int], int]) -> list:
    """Nest the tokens by block tags."""
    ends_later: list[bool] = [False] * len(tokens)
    seen_ends: set[str] = set()
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.kind == "tag" and tok.markup is not None:
            name = tok.markup.name
            if name.startswith("end"):
                seen_ends.add(name[3:])
            else:
                ends_later[i] = name in seen_ends

    root: list[Token | Block] = []
    stack: list[Block] = []

    def children() -> list[Token | Block]:
        return stack[-1].branches[-1][1] if stack else root

    def close_unclosed(block: Block, end: int) -> None:
        block.end = end
        report(
            ("unclosed", block.name),
            f"'{{% {block.name} %}}' is never closed with '{{% end{block.name} %}}'",
            line_of(block.open.start),
        )

    for i, tok in enumerate(tokens):
        if tok.kind != "tag" or tok.markup is None:
            children().append(tok)
            continue
        name = tok.markup.name
        opens = name in _BLOCK_TAGS or (
            ends_later[i] and name not in STRUCTURAL and name not in BRANCHES and name != "raw"
        )
        if opens and len(stack) < _MAX_DEPTH:
            block = Block(name, tok, [(tok, [])])
            children().append(block)
            stack.append(block)
        elif name in BRANCHES and stack and stack[-1].name in BRANCHES[name]:
            stack[-1].branches.append((tok, []))
        elif name.startswith("end") and any(b.name == name[3:] for b in stack):
            while stack[-1].name != name[3:]:
                close_unclosed(stack.pop(), tok.start)
            block = stack.pop()
            block.close = tok
            block.end = tok.end
        else:
            children().append(tok)
    while stack:
        close_unclosed(stack.pop(), text_len)
    return root
