"""A read-only mapping that is pickled once and unpickled only when read.

The scan's records (one per post) are part of the environment: Sphinx
pickles the environment of every parallel reader back to the main process,
and the main process only merges what was read, never the scan.  Pickled
once, the records travel as one string of bytes that nobody unpacks.
"""

from __future__ import annotations

import pickle
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    __slots__ = ("_data", "_blob")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] | None = dict(data or {})
        self._blob: bytes | None = None

    def _items(self) -> dict[K, V]:
        if self._data is None:
            assert self._blob is not None
            self._data = pickle.loads(self._blob)
        return self._data

    def freeze(self) -> FrozenMap[K, V]:
        """Pickle now, so that processes forked later share the bytes."""
        self.__getstate__()
        return self

    def __getstate__(self) -> bytes:
        if self._blob is None:
            self._blob = pickle.dumps(self._data, protocol=pickle.HIGHEST_PROTOCOL)
        return self._blob

    def __setstate__(self, blob: bytes) -> None:
        self._blob = blob
        self._data = None

    def __getitem__(self, key: K) -> V:
        return self._items()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __contains__(self, key: object) -> bool:
        return key in self._items()

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        return self._items().get(key, default)

    def keys(self) -> KeysView[K]:
        return self._items().keys()

    def items(self) -> ItemsView[K, V]:
        return self._items().items()

    def values(self) -> ValuesView[V]:
        return self._items().values()

    def __repr__(self) -> str:
        return f"FrozenMap({self._items()!r})"
