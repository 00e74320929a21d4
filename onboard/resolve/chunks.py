"""The largest of the kept answers (the call sites, the nodes' values, the values) stored as
pickled chunks and read back a chunk at a time, on first use.

Why: a run asks for a few dozen of the tens of thousands of call sites (Django: 18 of 25,656),
and for the values of their arguments only; unpickling all of them cost 37 ms of a 1 s run.
The chunks lie end to end in one `bytes` whose CRC-32 the entry keeps, checked when the entry
is read (1.4 ms for Django's 6 MB): a damaged entry is a miss then, never a failure in the
middle of the analyses. Each chunk is plain data, read by `fs.PlainUnpickler`.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Iterable, Mapping, Sequence

_SIZE = 256  # items a chunk: a site asked for costs the unpickling of this many

Layout = tuple[tuple[int, int], ...]  # (offset, length) of each chunk in the blob


class Blob:
    """Pickled chunks end to end, written in turn (`add`) and read back by place (`load`)."""

    def __init__(self, data: bytes | None = None) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.data = data

    def add(self, value) -> tuple[int, int]:
        text = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.parts.append(text)
        self.size += len(text)
        return (self.size - len(text), len(text))

    def joined(self) -> tuple[bytes, int]:
        """The blob and its CRC-32 (`valid`)."""
        data = b"".join(self.parts)
        return data, zlib.crc32(data)

    def load(self, place: tuple[int, int]):
        from onboard.fs import PlainUnpickler

        offset, length = place
        return PlainUnpickler(io.BytesIO(memoryview(self.data)[offset:offset + length])).load()


def valid(data: bytes, crc: int) -> bool:
    """Whether a blob read back is the one written (`Blob.joined`)."""
    return type(data) is bytes and zlib.crc32(data) == crc


def pack_sequence(blob: Blob, items: Sequence) -> tuple[int, Layout]:
    """A tuple's items as chunks of `_SIZE`: its length and the chunks' places."""
    items = tuple(items)  # a `LazySequence` too (it takes no slice)
    return len(items), tuple(blob.add(tuple(items[start:start + _SIZE])) for start in range(0, len(items), _SIZE))


def pack_mapping(blob: Blob, mapping: Mapping[int, object]) -> dict[int, tuple[int, int]]:
    """A dict keyed by ints as chunks of the keys `k // _SIZE` has in common: each chunk's place."""
    chunks: dict[int, dict] = {}
    for key, value in mapping.items():
        chunks.setdefault(key // _SIZE, {})[key] = value
    return {number: blob.add(chunk) for number, chunk in sorted(chunks.items())}


class LazySequence(Sequence):
    """A tuple packed by `pack_sequence`, its chunks unpickled on first use; `index` from 0."""

    def __init__(self, blob: Blob, length: int, layout: Layout) -> None:
        self.blob, self.length, self.layout = blob, length, layout
        self.loaded: dict[int, tuple] = {}

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if type(index) is not int or not 0 <= index < self.length:
            raise IndexError(index)
        number = index // _SIZE
        chunk = self.loaded.get(number)
        if chunk is None:
            chunk = self.loaded[number] = self.blob.load(self.layout[number])
        return chunk[index % _SIZE]

    def __iter__(self) -> Iterable:
        return (self[index] for index in range(self.length))


class LazyMapping(Mapping):
    """A dict packed by `pack_mapping`, its chunks unpickled on first use."""

    def __init__(self, blob: Blob, layout: dict[int, tuple[int, int]], length: int) -> None:
        self.blob, self.layout, self.length = blob, layout, length
        self.loaded: dict[int, dict] = {}

    def _chunk(self, key) -> dict:
        number = key // _SIZE if type(key) is int else None
        chunk = self.loaded.get(number)
        if chunk is None:
            place = self.layout.get(number)
            chunk = self.loaded[number] = self.blob.load(place) if place is not None else {}
        return chunk

    def __getitem__(self, key):
        return self._chunk(key)[key]

    def get(self, key, default=None):
        return self._chunk(key).get(key, default)

    def __contains__(self, key) -> bool:
        return key in self._chunk(key)

    def __len__(self) -> int:
        return self.length

    def __iter__(self):
        for number in sorted(self.layout):
            yield from self._chunk(number * _SIZE)


class LazyIndex(Mapping):
    """A dict of strings to tuples whose keys are read at once and values (`LazySequence`, in
    the keys' order) on first use: each callee name's sites, of which a run asks few."""

    def __init__(self, keys: tuple[str, ...], values: LazySequence) -> None:
        self.at = dict(zip(keys, range(len(keys))))
        self.values = values

    def __getitem__(self, key):
        return self.values[self.at[key]]

    def get(self, key, default=None):
        at = self.at.get(key)
        return default if at is None else self.values[at]

    def __contains__(self, key) -> bool:
        return key in self.at

    def __len__(self) -> int:
        return len(self.at)

    def __iter__(self):
        return iter(self.at)
