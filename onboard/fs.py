"""Reading files of the analysed repository safely: the one place onboard opens them.

A file is read only if it is a regular file reached without any symbolic link (in any part of
its path below the repository root), within a size limit. It is opened with `O_NOFOLLOW` and
`O_NONBLOCK`, and checked again with `fstat` after opening, so a FIFO, a device or a file
swapped for a link after the walk is never read. Problems are values, never exceptions.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass


@dataclass(frozen=True)
class Unreadable:
    """Why a file was not read: a reason code of `onboard.facts.REASONS` and a message."""

    reason: str
    message: str


def printable(name: str) -> str:
    """A file name as text any output can hold, one-to-one: a backslash is doubled and an
    undecodable byte becomes `\\xNN`, so two different names never print the same."""
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


def read_regular(path: str, limit: int, root: str | None = None) -> bytes | Unreadable:
    """The bytes of a regular file of at most `limit` bytes, or why not."""
    if root is not None and not inside(root, os.path.abspath(path)):
        return Unreadable("symlink-not-followed", "reached through a symbolic link or outside the repository; not read")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _os_problem(error)
    try:
        info = os.fstat(fd)
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
