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
import tempfile
from pathlib import Path

from onboard import __version__
from onboard.facts import TRANSIENT_REASONS, Definition, Failure, FileFacts, Import

FACTS_FORMAT = 2  # bump when the fact classes change shape
_ALLOWED = {("onboard.facts", cls.__name__): cls for cls in (Definition, Failure, FileFacts, Import)}
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
            data = self._path(key).read_bytes()
            value = _FactsUnpickler(io.BytesIO(data)).load()
        except Exception:
            return None
        return value if isinstance(value, (FileFacts, Failure)) else None

    def put(self, key: str, value: FileFacts | Failure) -> None:
        """Store a result; transient failures (timeouts, crashes) are not stored. Best effort."""
        if self.folder is None or (isinstance(value, Failure) and value.reason in TRANSIENT_REASONS):
            return
        try:
            self._prepare()
            path = self._path(key)
            path.parent.mkdir(exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
                handle.write(pickle.dumps(value, protocol=5))
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only or full cache costs speed, not results

    def _prepare(self) -> None:
        """Create onboard's own folder, tagged; nothing is written into the folder above it."""
        if self._prepared or self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by onboard\n*\n")):
            try:
                with open(self.folder / name, "x", encoding="utf-8") as handle:  # never through a link
                    handle.write(text)
            except FileExistsError:
                pass
        self._prepared = True


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
