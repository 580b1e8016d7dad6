"""Sharing the blog's pages and feed entries out to worker processes.

Sphinx writes documents in forked workers on ``-j N`` builds, but calls
``html-collect-pages`` and ``build-finished`` in the main process, where the
blog's pages and feeds are made.  With many of them, they are shared out the
same way Sphinx shares out documents: forked processes, each given a chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from sphinx.util.parallel import ParallelTasks, make_chunks, parallel_available

if TYPE_CHECKING:
    from sphinx.application import Sphinx

T = TypeVar("T")
R = TypeVar("R")

#: fewer items than this are not worth starting processes for
MINIMUM = 40


def worth_forking(app: Sphinx, count: int) -> bool:
    """On ``-j N`` builds whose extensions all allow parallel writing (as
    Sphinx decided for the documents), with enough items to share."""
    return (
        app.parallel > 1
        and parallel_available
        and bool(getattr(app.builder, "parallel_ok", False))
        and count >= MINIMUM
    )


def in_workers(
    app: Sphinx,
    items: Sequence[T],
    work: Callable[[list[T]], R],
    done: Callable[[list[T], R], None] | None = None,
) -> None:
    """Call *work* on chunks of *items* in ``app.parallel`` forked processes,
    and *done* in this process with each chunk and what *work* returned.

    Warnings logged in the workers are shown by this process, as for
    Sphinx's own parallel writing.
    """
    chunks = make_chunks(items, app.parallel)
    tasks = ParallelTasks(app.parallel)
    for chunk in chunks:
        tasks.add_task(work, chunk, done)
    tasks.join()
