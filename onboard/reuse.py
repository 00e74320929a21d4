"""Reuse: the reports of the last run, when nothing that run looked at has changed since.

A run records the signature (inode, size, change times; `onboard.fs.signature`) of every file it
read, every folder it listed and every name it probed (`onboard.fs.recording`). Its reports are
kept under the cache folder with that record, keyed by everything else they depend on: the
settings, the formats asked for, onboard's own code, Python and libcst. The next run with the
same key checks the signatures again (a few thousand `lstat` calls, no reading, no parsing) and
prints the kept reports when all agree; anything else is a miss and the run analyses as usual.
Like make and git, it trusts change times; like git, it does not trust a time too close to the
run ("racy" files): a run that saw anything changed in the two seconds before it started, or
while it ran, keeps nothing. Runs with a transient failure (a timeout, a crash) keep nothing either.

Entries are pickles of plain data (dicts, strings, numbers) read back by an unpickler that
accepts no class at all; a missing, corrupt or foreign entry is a miss, never an error. An entry
is two pickles in one file: the inputs, most recently changed first (what changed last is what
changes next), then the reports, read only when every input is unchanged: a miss costs the
`lstat`s up to the first change, not the reading of reports that can be tens of megabytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import time

from onboard import __version__
from onboard.frozen import record

REUSE_FORMAT = 3  # bump when an entry changes shape
_KEPT = 16  # entries kept per cache folder, the most recently written
_RACY_NS = 2_000_000_000  # changes this close to the start of the run are not trusted


@record
class Kept:
    """What a run printed and wrote, in the form the CLI needs to do it again."""

    texts: dict[str, bytes]  # format -> report text, UTF-8 (written as it is: no decoding, no encoding); in a run that keeps nothing, the JSON's chunks (`cli.render`)
    screen: str | None  # the terminal summary, as printed
    not_analysed: int  # files that could not be analysed (for --strict's exit code)
    inputs: int  # how many signatures were checked


_CODE: str | None = None


# Libraries whose behaviour shapes the reports: which files are left out (pathspec), serverless
# files (yaml), the terminal summary (rich), the HTML (markdown_it). (The graph algorithms are
# onboard's own: networkx only builds the graphs `ImportGraph.networkx()` and `CallGraph.graph()` give.)
_SHAPING = ("pathspec", "yaml", "rich", "markdown_it", "click")


def code_fingerprint() -> str:
    """onboard's own files (names, sizes, times), the libcst it parses with and the libraries that
    shape its output (where each is installed, and its `__init__.py`'s size and time; found
    without importing them): an upgrade, or an edit of a development install, is another key."""
    global _CODE
    if _CODE is None:
        from onboard.parse.cache import libcst_version

        package = os.path.dirname(os.path.abspath(__file__))
        parts = []
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".css", ".js")):
                    info = os.stat(os.path.join(folder, name))
                    parts.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{info.st_size}:{info.st_mtime_ns}")
        parts.append(f"libcst:{libcst_version()}")
        import importlib.util

        for library in _SHAPING:
            try:
                spec = importlib.util.find_spec(library)
                info = os.stat(spec.origin) if spec is not None and spec.origin else None
            except (ImportError, ValueError, OSError):
                info, spec = None, None
            parts.append(f"{library}:{spec.origin if spec else None}:{info.st_size if info else ''}:{info.st_mtime_ns if info else ''}")
        _CODE = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return _CODE


def key(root: str, values: dict, asked: dict) -> str:
    """The entry name for a run of `root` with these settings (`values`, as merged from defaults,
    config and command line) that asks for these outputs (`asked`: formats, terminal width...)."""
    material = json.dumps(
        [REUSE_FORMAT, __version__, sys.version, code_fingerprint(), os.path.realpath(root), values, asked,
         _who()],
        sort_keys=True, default=repr,
    )
    return hashlib.blake2b(material.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _who() -> list[int]:
    """Who runs it: what a run can read (so what it reports) depends on the user and groups."""
    try:
        return [os.geteuid(), os.getegid(), *sorted(os.getgroups())]
    except (AttributeError, OSError):
        return []


def _folder(cache_dir: str) -> str:
    return os.path.join(cache_dir, f"reuse-{REUSE_FORMAT}")


def load(cache_dir: str, name: str, formats: list[str]) -> Kept | None:
    """The kept outputs of entry `name` if every input it recorded is unchanged, else None."""
    from onboard.fs import PlainUnpickler, open_own, signature

    try:
        handle = open_own(os.path.join(_folder(cache_dir), f"{name}.pickle"))  # a FIFO would hang the run
        if handle is None:
            return None
        with handle:
            if os.fstat(handle.fileno()).st_uid != os.geteuid():
                return None  # another user's entry is not to be trusted
            unpickler = PlainUnpickler(handle)
            head = unpickler.load()
            if head["format"] != REUSE_FORMAT:
                return None
            inputs = head["inputs"]
            for path, recorded in inputs:
                if signature(path) != (tuple(recorded) if recorded is not None else None):
                    return None
            entry = unpickler.load()
        texts = {str(k): v for k, v in dict(entry["texts"]).items()}
        screen = entry["screen"]
        if set(texts) != set(formats) or not all(type(v) is bytes for v in texts.values()) or not (screen is None or isinstance(screen, str)):
            return None
        return Kept(texts, screen, int(entry["not_analysed"]), len(inputs))
    except Exception:  # missing, unreadable, corrupt or of another shape: analyse as usual
        return None


def racy(inputs: dict[str, tuple[int, ...] | None], started_ns: int) -> bool:
    """Whether anything looked at changed too close to (or after) the start of the run to trust
    its change time: a later edit within the same clock tick would not show."""
    edge = started_ns - _RACY_NS
    return any(sig is not None and (sig[4] >= edge or sig[5] >= edge) for sig in inputs.values())


def save(cache_dir: str, name: str, inputs: dict[str, tuple[int, ...] | None], kept: Kept, started_ns: int) -> None:
    """Keep a run's outputs for the next run (best effort: a cache that cannot be written costs
    speed, never results). Keeps the newest `_KEPT` entries of the folder."""
    if racy(inputs, started_ns):
        return
    folder = _folder(cache_dir)
    latest_first = sorted(inputs.items(), key=lambda item: (-(item[1][4] if item[1] is not None else 0), item[0]))
    head = {"format": REUSE_FORMAT, "inputs": latest_first}
    entry = {"texts": kept.texts, "screen": kept.screen, "not_analysed": kept.not_analysed}
    from onboard.fs import write_own

    def both(handle) -> None:
        pickle.dump(head, handle, protocol=5)
        pickle.dump(entry, handle, protocol=5)

    try:
        os.makedirs(folder, exist_ok=True)
        if write_own(os.path.join(folder, f"{name}.pickle"), both):
            _prune(folder)
    except Exception:  # noqa: BLE001 - best effort: a cache that cannot be written costs speed, never results
        pass


def _prune(folder: str) -> None:
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(".pickle") and entry.is_file(follow_symlinks=False):
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    for _, name in sorted(entries, reverse=True)[_KEPT:]:
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass


def now_ns() -> int:
    """The clock the change times are compared with (the file system's own, as near as can be)."""
    return time.time_ns()
