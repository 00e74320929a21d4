"""The facts cache: parse results on disk, keyed by content hash and onboard version.

Like grimp's cache: a missing, unreadable or corrupt entry is a miss, never an error; writes are
atomic; the folder holds `CACHEDIR.TAG` (backup tools skip it) and a `.gitignore`. Entries are
pickles, read back by an unpickler that accepts only onboard's fact classes, so a tampered entry
is a miss rather than code that runs.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from onboard import __version__
from onboard.facts import TRANSIENT_REASONS, Call, Definition, EnvRead, Failure, FileFacts, Import, ServiceHint

FACTS_FORMAT = 11  # bump when the fact classes change shape
_ALLOWED = {("onboard.facts", cls.__name__): cls for cls in (Call, Definition, EnvRead, Failure, FileFacts, Import, ServiceHint)}
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by onboard.\n"


def content_key(data: bytes) -> str:
    """The cache key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


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

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> FileFacts | Failure | None:
        """The cached result for `key`, or None on a miss (including a corrupt entry)."""
        if self.folder is None:
            return None
        try:
            with open(f"{self.folder}/{key[:2]}/{key}.pickle", "rb") as handle:  # `_path`, without pathlib's cost
                data = handle.read()
            value = _FactsUnpickler(io.BytesIO(data)).load()
        except Exception:
            return None
        return value if isinstance(value, (FileFacts, Failure)) else None

    def put(self, key: str, value: FileFacts | Failure) -> None:
        """Store a result; transient failures (timeouts, crashes) are not stored. Best effort."""
        if self.folder is not None and cacheable(value):
            self.prepare()
            store(self.folder, key, pickle.dumps(value, protocol=5))

    def prepare(self) -> None:
        """Create onboard's own folder, tagged; nothing is written into the folder above it."""
        if self._prepared or self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.folder = None  # an unusable cache costs speed, not results
            return
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by onboard\n*\n")):
            try:
                with open(self.folder / name, "x", encoding="utf-8") as handle:  # never through a link
                    handle.write(text)
            except FileExistsError:
                pass
        self._prepared = True


def cacheable(value: FileFacts | Failure) -> bool:
    """Everything but failures that depend on the machine or the moment (timeouts, crashes)."""
    return not (isinstance(value, Failure) and value.reason in TRANSIENT_REASONS)


def store(folder: Path, key: str, blob: bytes) -> None:
    """Write one pickled entry atomically (a private temporary file, then a rename). Best effort:
    called from parser workers too, so that the parent never pickles a result twice."""
    path = folder / key[:2] / f"{key}.pickle"
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        path.parent.mkdir(exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            os.write(fd, blob)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _folder_name() -> str:
    """What a cached result depends on besides the bytes: onboard, the Python that checks the
    syntax, and libcst (read from its metadata, so that a warm run does not import it)."""
    import sys
    from importlib import metadata

    try:
        libcst = metadata.version("libcst")
    except metadata.PackageNotFoundError:
        libcst = "unknown"
    return f"facts-{__version__}-{FACTS_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}-libcst{libcst}"
