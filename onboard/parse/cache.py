"""The facts cache: parse results on disk, keyed by content hash and onboard version.

Like grimp's cache: a missing, unreadable or corrupt entry is a miss, never an error; writes are
atomic; the folder holds `CACHEDIR.TAG` (backup tools skip it) and a `.gitignore`. Entries are
pickles, read back by an unpickler that accepts only onboard's fact classes, so a tampered entry
is a miss rather than code that runs.

Entries are packed: a parser worker writes the results of a chunk of files as one file
(`packs/<hash of its bytes>.pack`, the pickles end to end), and the run adds their places to one
index (`index.pickle`: key -> pack, offset, length) when it ends. Creating a file costs far more
than writing bytes on some file systems (0.8 ms a file, in the kernel, on the machine the
benchmark ran on: 1.7 s for Django's 2,165 entries one file each); a pack per chunk is a few
dozen files. Two runs that commit at once may drop each other's new index entries: those files
are parsed again next time, nothing worse. Packs that no index entry names any more are not
removed (like the one-file entries before them, the cache only grows; delete the folder to reset).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from onboard import __version__
from onboard.fs import PlainUnpickler, open_own
from onboard.facts import TRANSIENT_REASONS, Call, Definition, EnvRead, Failure, FileFacts, Import, NotebookFacts, Scope, ServiceHint

FACTS_FORMAT = 24  # bump when the fact classes or the cache's layout change shape
_ALLOWED = {("onboard.facts", cls.__name__): cls for cls in (Call, Definition, EnvRead, Failure, FileFacts, Import, NotebookFacts, Scope, ServiceHint)}
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by onboard.\n"
_INDEX = "index.pickle"
_PACKS = "packs"

Location = tuple[str, int, int]  # pack name, offset, length


def content_key(data: bytes, notebook: bool = False) -> str:
    """The cache key of a file's bytes; a notebook's differs from a Python file's of the same bytes."""
    return hashlib.blake2b(data, digest_size=20, person=b"ipynb" if notebook else b"").hexdigest()


class _FactsUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not a fact class") from None


class FactsCache:
    """Facts by content key under `directory`; `None` disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.folder = directory / _folder_name() if directory else None
        self._prepared = False
        self._index: dict[str, Location] | None = None
        self._new: dict[str, Location] = {}

    def _entries(self) -> dict[str, Location]:
        if self._index is None:
            self._index = _read_index(self.folder) if self.folder is not None else {}
        return self._index

    def has(self, key: str) -> bool:
        """Whether the index names an entry for `key` (it may still turn out corrupt: `get` says)."""
        return key in self._new or key in self._entries()

    def get(self, key: str) -> FileFacts | Failure | None:
        """The cached result for `key`, or None on a miss (including a corrupt entry)."""
        return self.get_many([key]).get(key)

    def get_many(self, keys) -> dict[str, FileFacts | Failure]:
        """The cached results of those `keys` that have a readable entry; each pack is read once."""
        if self.folder is None:
            return {}
        entries, by_pack = self._entries(), {}
        for key in keys:
            place = self._new.get(key) or entries.get(key)
            if _valid(place):
                by_pack.setdefault(place[0], []).append((key, place[1], place[2]))
        found: dict[str, FileFacts | Failure] = {}
        for pack, wanted in by_pack.items():
            data = _read_file(f"{self.folder}/{_PACKS}/{pack}.pack")  # without pathlib's cost
            if data is None:
                continue
            view = memoryview(data)
            for key, offset, length in wanted:
                if offset + length > len(data):
                    continue
                try:
                    value = _FactsUnpickler(io.BytesIO(view[offset:offset + length])).load()
                except Exception:
                    continue
                if isinstance(value, (FileFacts, Failure)):
                    found[key] = value
        return found

    def put(self, key: str, value: FileFacts | Failure) -> None:
        """Store a result now; transient failures (timeouts, crashes) are not stored. Best effort."""
        if self.folder is not None and cacheable(value):
            self.prepare()
            for name, place in write_pack(self.folder, [(key, pickle.dumps(value, protocol=5))]).items():
                self.remember(name, place)
            self.commit()

    def remember(self, key: str, place: Location) -> None:
        """Note where a worker packed the entry of `key`, for `commit`."""
        self._new[key] = place

    def commit(self) -> None:
        """Add the entries noted since the last commit to the index on disk (merged with what other
        runs may have added meanwhile). Best effort."""
        if self.folder is None or not self._new:
            return
        merged = _read_index(self.folder)
        merged.update(self._new)
        tmp = self.folder / f".{_INDEX}.{os.getpid()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"format": FACTS_FORMAT, "entries": merged}, handle, protocol=5)
            os.replace(tmp, self.folder / _INDEX)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return
        self._index, self._new = merged, {}

    def prepare(self) -> None:
        """Create onboard's own folder, tagged; nothing is written into the folder above it."""
        if self._prepared or self.folder is None:
            return
        try:
            (self.folder / _PACKS).mkdir(parents=True, exist_ok=True)
        except OSError:
            self.folder = None  # an unusable cache costs speed, not results
            return
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by onboard\n*\n")):
            try:
                with open(self.folder / name, "x", encoding="utf-8") as handle:  # never through a link
                    handle.write(text)
            except FileExistsError:
                pass
            except OSError:
                pass
        self._prepared = True

    def _location(self, key: str) -> tuple[Path, int, int] | None:
        """Where the entry of `key` lies: its pack file, offset and length (for tests)."""
        place = self._new.get(key) or self._entries().get(key)
        return None if place is None or self.folder is None else (self.folder / _PACKS / f"{place[0]}.pack", place[1], place[2])


def _valid(place) -> bool:
    """An index entry of the right shape: a pack name of hex digits, an offset and a length."""
    return (type(place) is tuple and len(place) == 3 and type(place[0]) is str and place[0].isalnum() and place[0].isascii()
            and type(place[1]) is int and type(place[2]) is int and place[1] >= 0 and place[2] > 0)


def _read_file(path: str | Path) -> bytes | None:
    """The bytes of one of the cache's files (`fs.open_own`), or None."""
    handle = open_own(path)
    if handle is None:
        return None
    try:
        with handle:
            return handle.read()
    except OSError:
        return None


def _read_index(folder: Path) -> dict[str, Location]:
    data = _read_file(folder / _INDEX)
    if data is None:
        return {}
    try:
        index = PlainUnpickler(io.BytesIO(data)).load()
        if index["format"] != FACTS_FORMAT or not isinstance(index["entries"], dict):
            return {}
        return index["entries"]
    except Exception:  # unreadable, corrupt: an empty cache
        return {}


def cacheable(value: FileFacts | Failure) -> bool:
    """Everything but failures that depend on the machine or the moment (timeouts, crashes)."""
    return not (isinstance(value, Failure) and value.reason in TRANSIENT_REASONS)


def write_pack(folder: Path, items: list[tuple[str, bytes]]) -> dict[str, Location]:
    """Write pickled entries as one pack (a private temporary file, then a rename) and return
    where each one lies. Best effort: nothing is returned when the pack cannot be written.
    Called from parser workers, so that the parent never pickles a result twice."""
    if not items:
        return {}
    data = b"".join(blob for _, blob in items)
    name = hashlib.blake2b(data, digest_size=16).hexdigest()
    path = folder / _PACKS / f"{name}.pack"
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return {}
    places, offset = {}, 0
    for key, blob in items:
        places[key] = (name, offset, len(blob))
        offset += len(blob)
    return places


def libcst_version() -> str:
    """The installed libcst's version, without importing libcst (a warm run never does) nor
    `importlib.metadata` (17 ms of imports): its `_version.py`, read as text, else its metadata."""
    import importlib.util
    import re

    try:
        spec = importlib.util.find_spec("libcst")
        if spec is not None and spec.origin:
            with open(os.path.join(os.path.dirname(spec.origin), "_version.py"), encoding="utf-8") as handle:
                found = re.search(r"""^(?:__version__|version)\s*(?:: *str)?\s*=\s*(?:version\s*=\s*)?['"]([^'"]+)['"]""", handle.read(), re.M)
            if found:
                return found.group(1)
    except (OSError, ValueError, ImportError):
        pass
    from importlib import metadata

    try:
        return metadata.version("libcst")
    except metadata.PackageNotFoundError:
        return "unknown"


def _folder_name() -> str:
    """What a cached result depends on besides the bytes: onboard, the Python that checks the
    syntax, and libcst."""
    import sys

    return f"facts-{__version__}-{FACTS_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}-libcst{libcst_version()}"
