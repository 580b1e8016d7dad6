"""Words of documents that left the build, taken out of the search index.

On an incremental build Sphinx loads the previous ``searchindex.js``,
removes the documents it will write again or that are gone, and keeps every
word with the documents left: a word only a removed document held stays in
the index, with no document.  The words of a post that was unpublished, and
of a draft built once as a preview, would stay searchable as words forever
(until a clean build).  Such empty entries match nothing, so all of them are
dropped: the index is then the one a clean build writes.

Runs on ``html-collect-pages``, after every document has been indexed (in
the main process, also on ``-j N`` builds) and before Sphinx writes the
index.  The index's tables are Sphinx's own (not public API): if they are not
found, nothing is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import BuildContext

#: the indexer's tables of words: word -> the documents that hold it
_WORD_TABLES = ("_mapping", "_title_mapping")


def on_html_collect_pages(context: BuildContext) -> Iterator[tuple[str, dict[str, Any], str]]:
    indexer = getattr(context.builder, "indexer", None)
    for name in _WORD_TABLES:
        table = getattr(indexer, name, None)
        if isinstance(table, dict):
            for word in [word for word, docnames in table.items() if not docnames]:
                del table[word]
    return iter(())
