"""Findings that are a pure function of a file's bytes and of onboard's own code, kept in the
cache folder and read back instead of worked out again (the environment variables a prose page
names: Django's 200 pages take 0.06 s to search, 2 ms to read back).

One file per kind (`memo-NAME.pickle`): onboard's code fingerprint and Python version, then
content key -> findings, plain data only. Another user's file, a bad file, another onboard or
another Python is an empty memo, and a kept finding that `valid` refuses is worked out again:
a memo is only ever a shortcut, never a change in what is found, never a failed run. Entries of
files no longer seen stay until the memo holds `_MOST` of them, then only this run's are kept."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_MOST = 20_000


def _version() -> str:
    from onboard.reuse import code_fingerprint

    return f"{code_fingerprint()} py{sys.version_info[0]}.{sys.version_info[1]}"


class Memo:
    """`found(data, work)`: `work(data)`, or what it returned for the same bytes before (when
    `valid` accepts it)."""

    def __init__(self, cache_dir: str | None, name: str, valid: Callable[[object], bool]) -> None:
        self._path = os.path.join(cache_dir, f"memo-{name}.pickle") if cache_dir else None
        self._valid = valid
        self._kept: dict[str, object] | None = None
        self._used: dict[str, object] = {}
        self._added = False

    def _load(self) -> dict[str, object]:
        if self._path is None:
            return {}
        try:
            from onboard.fs import PlainUnpickler, open_own

            handle = open_own(self._path)
            if handle is None:
                return {}
            with handle:
                if os.fstat(handle.fileno()).st_uid != os.geteuid():
                    return {}  # another user's memo is not to be trusted
                version, kept = PlainUnpickler(handle).load()
            return kept if version == _version() and isinstance(kept, dict) else {}
        except Exception:  # noqa: BLE001 - a bad memo is an empty one
            return {}

    def found(self, data: bytes, work: Callable[[bytes], T]) -> T:
        if self._kept is None:
            self._kept = self._load()
        key = hashlib.blake2b(data, digest_size=16).hexdigest()
        result = self._kept.get(key)
        if result is None or not self._valid(result):
            result = self._kept[key] = work(data)
            self._added = True
        self._used[key] = result
        return result  # type: ignore[return-value]

    def save(self) -> None:
        """Keep what was added this run: written aside (a new file, no link followed), then
        renamed; nothing is left behind when that fails."""
        if not self._added or self._path is None or self._kept is None:
            return
        self._added = False
        kept = self._kept if len(self._kept) <= _MOST else self._used
        from onboard.fs import write_own

        entry = (_version(), dict(sorted(kept.items())))
        try:
            os.makedirs(os.path.dirname(self._path), exist_ok=True)
            write_own(self._path, lambda handle: pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001 - a memo that cannot be written costs speed, never results
            pass
