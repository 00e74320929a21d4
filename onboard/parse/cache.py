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

Like git's index, the cache also knows each file it was given by its signature (`fs.signature`:
mode, inode, device, size, change times) as the walk saw it: `files.pickle`, path -> (signature, content key).
A file whose signature is the one recorded and whose entry is in the cache need not be read nor
hashed again (on Django, 2,788 files: 50 ms of a 1 s run). As git does, a file changed in the two
seconds before the run started is not recorded ("racy": a change within the same tick of a
coarse clock would keep its signature). The run's start is this machine's clock: a file system
whose clock runs more than two seconds behind it (some network mounts) narrows that margin.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from onboard import __version__
from onboard.fs import PlainUnpickler, open_own, write_own
from onboard.facts import TRANSIENT_REASONS, Call, Definition, EnvRead, Failure, FileFacts, Import, NotebookFacts, Scope, ServiceHint

FACTS_FORMAT = 25  # bump when the fact classes or the cache's layout change shape
_ALLOWED = {("onboard.facts", cls.__name__): cls for cls in (Call, Definition, EnvRead, Failure, FileFacts, Import, NotebookFacts, Scope, ServiceHint)}
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by onboard.\n"
_INDEX = "index.pickle"
_PACKS = "packs"
_FIELDS = len(FileFacts._fields)
_FILES = "files.pickle"
_FILES_KEPT = 200_000  # files known at most; past it, only those of the last run stay
_RACY_NS = 2_000_000_000  # a file changed this close to the start of its run is not recorded

Location = tuple[str, int, int]  # pack name, offset, length


def content_key(data: bytes, notebook: bool = False) -> str:
    """The cache key of a file's bytes; a notebook's differs from a Python file's of the same bytes."""
    return hashlib.blake2b(data, digest_size=20, person=b"ipynb" if notebook else b"").hexdigest()


class _FactsUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) == ("onboard.facts", "_row"):
            return tuple.__new__  # what `facts._row` does, without its call (a fact class is its first argument)
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
        self._files: dict[str, tuple] | None = None  # path -> (signature, key), as recorded
        self._learned: dict[str, tuple] = {}  # what this run adds to it
        self._seen: set[str] = set()  # the recorded paths this run found unchanged

    def _entries(self) -> dict[str, Location]:
        if self._index is None:
            self._index = _read_index(self.folder) if self.folder is not None else {}
        return self._index

    def has(self, key: str) -> bool:
        """Whether the index names an entry for `key` (it may still turn out corrupt: `get` says)."""
        return key in self._new or key in self._entries()

    def known_key(self, path: str, signature: tuple[int, ...] | None) -> str | None:
        """The content key of the file at `path` (as the walk found it) when the file was recorded
        with this same `signature` and its entry is in the cache: its bytes need no reading."""
        if self.folder is None or signature is None:
            return None
        if self._files is None:
            self._files = _read_files(self.folder)
        entry = self._files.get(path)
        if type(entry) is tuple and len(entry) == 2 and entry[0] == signature and type(entry[1]) is str and self.has(entry[1]):
            self._seen.add(path)
            return entry[1]
        return None

    def learn(self, path: str, signature: tuple[int, ...] | None, key: str, started_ns: int) -> None:
        """Record that the file at `path`, of `signature` when the run that started at
        `started_ns` (`time.time_ns()`) found it, holds the bytes of `key`; not if it changed
        less than two seconds before that start. Written by `commit`."""
        if self.folder is None or signature is None or max(signature[4], signature[5]) >= started_ns - _RACY_NS:
            return
        if self._files is None:
            self._files = _read_files(self.folder)
        if self._files.get(path) != (signature, key):
            self._learned[path] = (signature, key)

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
            stream = io.BytesIO(data)  # shares the pack's bytes (a slice of each entry copied them: 22 MB for Django)
            for key, offset, length in wanted:
                if offset + length > len(data):
                    continue
                try:
                    stream.seek(offset)
                    value = _FactsUnpickler(stream).load()
                except Exception:
                    continue
                if stream.tell() != offset + length:
                    continue  # a damaged entry: it ended before its end or read into the next
                if isinstance(value, Failure) or (isinstance(value, FileFacts) and len(value) == _FIELDS):
                    found[key] = value  # (named tuples are read without their `__new__`: `facts._row`)
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
        """Add the entries and files noted since the last commit to the index and the files on
        disk (merged with what other runs may have added meanwhile). Best effort."""
        if self.folder is None:
            return
        if self._new:
            merged = _read_index(self.folder)
            merged.update(self._new)
            if _write(self.folder, _INDEX, {"format": FACTS_FORMAT, "entries": merged}):
                self._index, self._new = merged, {}
        if self._learned:
            self.prepare()
            files = _read_files(self.folder)
            files.update(self._learned)
            if len(files) > _FILES_KEPT:  # paths of trees analysed long ago, or gone
                files = {path: entry for path, entry in files.items() if path in self._seen or path in self._learned}
            if _write(self.folder, _FILES, {"format": FACTS_FORMAT, "files": files}):
                self._files, self._learned = files, {}

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


def _write(folder: Path, name: str, data: dict) -> bool:
    """Write one of the cache's pickles (`fs.write_own`); whether it was."""
    return write_own(folder / name, lambda handle: pickle.dump(data, handle, protocol=5))


def _read_files(folder: Path) -> dict[str, tuple]:
    """The recorded files (`FactsCache.known_key`); an unreadable record is an empty one."""
    return _read_dict(folder / _FILES, "files")


def _read_index(folder: Path) -> dict[str, Location]:
    return _read_dict(folder / _INDEX, "entries")


def _read_dict(path: Path, field: str) -> dict:
    """The dict `field` of one of the cache's pickles of this format; empty when it is
    unreadable, corrupt or of another format."""
    data = _read_file(path)
    if data is None:
        return {}
    try:
        record = PlainUnpickler(io.BytesIO(data)).load()
        if record["format"] != FACTS_FORMAT or not isinstance(record[field], dict):
            return {}
        return record[field]
    except Exception:  # noqa: BLE001 - a bad file is an empty one
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
    if not write_own(folder / _PACKS / f"{name}.pack", lambda handle: handle.write(data)):
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
