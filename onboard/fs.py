"""Reading files of the analysed repository safely: the one place onboard opens them.

A file is read only if it is a regular file reached without any symbolic link (in any part of
its path below the repository root), within a size limit. It is opened with `O_NOFOLLOW` and
`O_NONBLOCK`, and checked again with `fstat` after opening, so a FIFO, a device or a file
swapped for a link after the walk is never read. Problems are values, never exceptions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import stat
from collections.abc import Callable, Iterator
from typing import BinaryIO

from onboard.frozen import record

# What a run has looked at, while a `recording()` is on: path -> `signature` (None: absent).
_looked_at: dict[str, tuple[int, ...] | None] | None = None


@record
class Unreadable:
    """Why a file was not read: a reason code of `onboard.facts.REASONS` and a message."""

    reason: str
    message: str


def printable(name: str) -> str:
    """A file name as text any output can hold, one-to-one: a backslash is doubled and an
    undecodable byte becomes `\\xNN`, so two different names never print the same."""
    if name.isascii() and "\\" not in name:  # most names: encoded and decoded, the same text
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace") if "\\" not in name else (
        os.fsencode(name).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace"))


def _os_problem(error: OSError) -> Unreadable:
    if error.errno in (errno.EACCES, errno.EPERM):
        return Unreadable("permission-denied", "permission denied")
    if error.errno == errno.ELOOP:
        return Unreadable("symlink-not-followed", "symbolic link; not followed")
    return Unreadable("read-error", printable(error.strerror or str(error)))


def inside(root: str, path: str) -> bool:
    """True when `path` lies below `root` (a resolved directory) with no symlink on the way."""
    return os.path.realpath(path) == os.path.normpath(path) and os.path.commonpath([root, path]) == root


def stat_signature(info: os.stat_result) -> tuple[int, ...]:
    """`signature` from a stat result at hand: (mode, inode, device, size, modified, changed)."""
    return (info.st_mode, info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def signature(path: str) -> tuple[int, ...] | None:
    """What tells a changed file or folder from an unchanged one without reading it (the inode,
    size and both change times, of the path itself, links not followed), or None if it is absent."""
    try:
        return stat_signature(os.lstat(path))
    except OSError:
        return None


@contextlib.contextmanager
def recording() -> Iterator[dict[str, tuple[int, ...] | None]]:
    """Record the signature of every file and folder looked at until the block ends: the
    inputs of a run, which `onboard.reuse` checks to know that the next run would read the same."""
    global _looked_at
    saved, _looked_at = _looked_at, {}
    try:
        yield _looked_at
    finally:
        _looked_at = saved


@contextlib.contextmanager
def unrecorded() -> Iterator[None]:
    """Record nothing until the block ends: a run that keeps nothing for the next one need not
    know what it looked at (Django: 6,500 signatures, 0.02 s)."""
    global _looked_at
    saved, _looked_at = _looked_at, None
    try:
        yield
    finally:
        _looked_at = saved


def recording_now() -> bool:
    """Whether what is looked at is being recorded (`recording`, not `unrecorded`)."""
    return _looked_at is not None


_SEP, _DOT, _TWICE = os.sep, os.sep + ".", os.sep * 2  # a path starting at the root without `/.`, `//` or a final `/` is normal


def looked_at(path: str, info: os.stat_result | None = None) -> None:
    """Note that the run depends on `path` (a file read, a folder listed, a name probed). Take
    the note before reading, so that a change while reading shows as a change next time."""
    if _looked_at is not None:
        if path[:1] != _SEP or _DOT in path or _TWICE in path or path.endswith(_SEP):
            path = os.path.abspath(path)  # (what the walk gives, absolute and normal already, is kept as it is: 10,000 paths on Django)
        if path not in _looked_at:
            _looked_at[path] = stat_signature(info) if info is not None else signature(path)


def glob(pattern: str) -> list[str]:
    """`glob.glob(pattern)`, sorted, noting the folders it listed and the names it found."""
    import glob as _glob

    if _looked_at is not None:
        folder = os.path.dirname(pattern)
        while _glob.has_magic(folder):
            for match in _glob.glob(folder):
                looked_at(match)
            folder = os.path.dirname(folder)
        looked_at(folder or ".")
    found = sorted(_glob.glob(pattern))
    for path in found:
        looked_at(path)
    return found


def listdir(folder: str) -> list[str]:
    """`os.listdir(folder)`, noting the folder."""
    looked_at(folder)
    return os.listdir(folder)


def _probe(path: str) -> None:
    """Note a name looked up: its folder (a name that appears changes the folder's times) and,
    when it is there, the name itself."""
    if _looked_at is not None:
        looked_at(os.path.dirname(os.path.abspath(path)))
        found = signature(path)
        if found is not None:
            _looked_at.setdefault(os.path.abspath(path), found)
            if stat.S_ISLNK(found[0]):  # `is_file` follows it: what it points to matters too
                looked_at(os.path.realpath(path))


def exists(path: str) -> bool:
    """`os.path.lexists(path)`, noted."""
    _probe(path)
    return os.path.lexists(path)


def is_file(path: str) -> bool:
    """`os.path.isfile(path)`, noted."""
    _probe(path)
    return os.path.isfile(path)


class PlainUnpickler(pickle.Unpickler):
    """Reads back one of onboard's own files (the cache index, reused reports, the program
    model's answers, a memo) as plain data only: tuples, lists, dicts, sets, strings and
    numbers. Any class is refused, so a damaged or foreign file is an error to treat as a miss,
    never code that runs."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: onboard's own files hold plain data only")


def write_own(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> bool:
    """Write one of onboard's own files (cache entries, packs, the memo): `write(handle)` into a
    new file beside it (created, never opened through a link), then renamed into place, so a
    reader sees the old file or the new one, never half of one. Whether it was written: a file
    system that refuses costs the caller speed, never results, and leaves nothing behind; an
    error of `write` itself is raised, the temporary file removed."""
    temporary = f"{os.fspath(path)}.{os.getpid()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)  # what it wrote, or what was in its way (a link planted there)
        except OSError:
            pass
        if isinstance(error, OSError):
            return False
        raise
    return True


def open_own(path: str | os.PathLike) -> BinaryIO | None:
    """One of onboard's own files (cache index, packs, reuse entries) opened for reading: a
    regular file reached without following a link and without blocking on a FIFO, or None. Not
    noted as an input of the run: onboard writes these itself."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return os.fdopen(fd, "rb")
    except OSError:
        pass
    os.close(fd)
    return None


def read_regular(path: str, limit: int, root: str | None = None, identity: tuple[int, int] | None = None) -> bytes | Unreadable:
    """The bytes of a regular file of at most `limit` bytes, or why not. `identity`: the (device,
    inode) a walk that follows no link found at `path`; the file opened is then checked to be that
    one, which proves the same as resolving every folder of the path again (`inside`), for less."""
    if _looked_at is not None:
        looked_at(os.path.dirname(os.path.abspath(path)))
    if root is not None and identity is None and not inside(root, os.path.abspath(path)):
        looked_at(path)
        return Unreadable("symlink-not-followed", "reached through a symbolic link or outside the repository; not read")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        _probe(path)
        return _os_problem(error)
    try:
        info = os.fstat(fd)
        looked_at(path, info)
        if identity is not None and (info.st_dev, info.st_ino) != identity and root is not None and not inside(root, os.path.abspath(path)):
            return Unreadable("symlink-not-followed", "reached through a symbolic link or outside the repository; not read")
        if not stat.S_ISREG(info.st_mode):
            return Unreadable("not-a-regular-file", "not a regular file (FIFO, socket or device); never read")
        if info.st_size > limit:
            return Unreadable("too-large", f"{info.st_size:,} bytes, over the {limit:,}-byte limit; not read")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            return Unreadable("too-large", f"grew over the {limit:,}-byte limit while being read")
        return b"".join(chunks)
    except OSError as error:
        return _os_problem(error)
    finally:
        os.close(fd)
