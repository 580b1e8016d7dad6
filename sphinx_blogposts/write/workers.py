"""Sharing the blog's pages and feed entries out to worker processes.

Sphinx writes documents in forked workers on ``-j N`` builds, but calls
``html-collect-pages`` and ``build-finished`` in the main process, where the
blog's pages and feeds are made.  With many of them, they are shared out the
same way Sphinx shares out documents: forked processes, each given a chunk.

Every process forked from a large build process pays for the objects it
inherits when its garbage collector first walks them all: the walk is CPU
time, and it writes to each object's header, so every memory page holding
one is copied into the child.  On ``-j N`` builds the objects alive when
Sphinx starts its writing workers (the environment, the blog's state) are
therefore frozen first (:func:`freeze_for_forks`): no collector walks them
until the build ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from sphinx.util.parallel import ParallelTasks, parallel_available

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..context import BuildContext

T = TypeVar("T")
R = TypeVar("R")

#: fewer items than this are not worth starting processes for
MINIMUM = 40


def worth_forking(context: BuildContext, count: int) -> bool:
    """On ``-j N`` builds whose extensions all allow parallel writing (as
    Sphinx decided for the documents), with enough items to share."""
    return (
        context.parallel > 1
        and parallel_available
        and bool(getattr(context.builder, "parallel_ok", False))
        and count >= MINIMUM
    )


def in_workers(
    context: BuildContext,
    items: Sequence[T],
    work: Callable[[list[T]], R],
    done: Callable[[list[T], R], None] | None = None,
) -> None:
    """Call *work* on chunks of *items* in ``-j N`` forked processes,
    and *done* in this process with each chunk and what *work* returned.

    Warnings logged in the workers are shown by this process, as for
    Sphinx's own parallel writing.
    """
    # One chunk per process: the items cost about the same each, and every
    # fork of a large build process has a price (its page tables, and every
    # memory page the child touches is copied).
    if not items:
        return
    count = min(context.parallel, len(items))
    size = -(-len(items) // count)
    run = _frozen(work)
    tasks = ParallelTasks(count)
    for start in range(0, len(items), size):
        tasks.add_task(run, list(items[start : start + size]), done)
    tasks.join()


#: whether this process froze its objects for a build that has not ended
_frozen_by_us = False


def freeze_for_forks(app: Sphinx, *args: object) -> None:
    """``env-updated`` on ``-j N`` builds: collect what is garbage now, then
    move every live object out of the collector's sight, so that the
    writing workers Sphinx forks next (and the blog's own) do not walk and
    copy them.  :func:`thaw` gives them back when the build ends."""
    if getattr(app, "parallel", 0) > 1 and parallel_available:
        gc.collect()
        gc.freeze()
        global _frozen_by_us
        _frozen_by_us = True


def thaw(app: Sphinx, *args: object) -> None:
    """``build-finished``: the objects frozen for the forks are collectable
    again (a process may run more than one build)."""
    global _frozen_by_us
    if _frozen_by_us:
        _frozen_by_us = False
        gc.unfreeze()


def _frozen(work: Callable[[list[T]], R]) -> Callable[[list[T]], R]:
    def run(chunk: list[T]) -> R:
        # The child's garbage collector would walk (and so copy) every object
        # inherited from the parent; none of them is garbage of this chunk.
        gc.freeze()
        return work(chunk)

    return run
