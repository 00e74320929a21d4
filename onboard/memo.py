"""Findings that are a pure function of a file's bytes and of onboard's own code, kept in the
cache folder and read back instead of worked out again (the environment variables a prose page
names: Django's 200 pages take 0.06 s to search, 2 ms to read back).

One file per kind (`memo-NAME.pickle`): onboard's code fingerprint, then content key -> findings,
plain data only. Another user's file, a bad file or another version of onboard's code is an empty
memo; failing to write is silent (a memo is only ever a shortcut). Entries of files no longer
seen stay until the memo holds `_MOST` of them, then only this run's are kept."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_MOST = 20_000


class _PlainOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: a memo holds plain data only")


class Memo:
    """`found(data, work)`: `work(data)`, or what it returned for the same bytes before."""

    def __init__(self, cache_dir: str | None, name: str) -> None:
        self._path = os.path.join(cache_dir, f"memo-{name}.pickle") if cache_dir else None
        self._kept: dict[str, object] | None = None
        self._used: dict[str, object] = {}
        self._added = False

    def _load(self) -> dict[str, object]:
        from onboard.fs import open_own
        from onboard.reuse import code_fingerprint

        handle = open_own(self._path) if self._path else None
        if handle is None:
            return {}
        try:
            with handle:
                if os.fstat(handle.fileno()).st_uid != os.geteuid():
                    return {}  # another user's memo is not to be trusted
                code, kept = _PlainOnly(handle).load()
            return kept if code == code_fingerprint() and isinstance(kept, dict) else {}
        except Exception:  # noqa: BLE001 - a bad memo is an empty one
            return {}

    def found(self, data: bytes, work: Callable[[bytes], T]) -> T:
        if self._kept is None:
            self._kept = self._load()
        key = hashlib.blake2b(data, digest_size=16).hexdigest()
        if key in self._kept:
            result = self._kept[key]
        else:
            result = self._kept[key] = work(data)
            self._added = True
        self._used[key] = result
        return result  # type: ignore[return-value]

    def save(self) -> None:
        """Keep what was added this run (written aside, then renamed)."""
        if not self._added or self._path is None or self._kept is None:
            return
        from onboard.reuse import code_fingerprint

        kept = self._kept if len(self._kept) <= _MOST else self._used
        try:
            os.makedirs(os.path.dirname(self._path), exist_ok=True)
            temporary = f"{self._path}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump((code_fingerprint(), dict(sorted(kept.items()))), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path)
        except OSError:
            pass
        self._added = False
